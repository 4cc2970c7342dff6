// Typed client for the SBA "Major Domo" API v3. One method per endpoint we use; every answer is
// checked against the schemas in sba-schemas.ts (a mismatch is "league/bad_response" naming the
// field). Caching and the mapping to Dugout's models live in the data source (sba-source.ts).

import { LeagueHttpClient, type LeagueHttpOptions } from "./http.js";
import {
  SBA_SNOWFLAKE_KEYS,
  type SbaApiCurrent,
  type SbaApiPlayer,
  type SbaApiRoster,
  type SbaApiTeam,
  SbaCurrentSchema,
  SbaPlayerListSchema,
  SbaPlayerSchema,
  SbaRosterSchema,
  SbaTeamListSchema,
  SbaTeamSchema,
} from "./sba-schemas.js";

/** SBA_API_URL may name the host ("https://sba.example") or the v3 root itself. */
export function sbaApiRoot(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  if (/\/v3$/.test(trimmed)) return trimmed;
  if (/\/api$/.test(trimmed)) return `${trimmed}/v3`;
  return `${trimmed}/api/v3`;
}

export type SbaApiClientOptions = Omit<LeagueHttpOptions, "label" | "baseUrl"> & {
  readonly url: string;
};

export class SbaApiClient {
  readonly http: LeagueHttpClient;

  constructor(options: SbaApiClientOptions) {
    const { url, ...rest } = options;
    this.http = new LeagueHttpClient({ ...rest, label: "SBA API", baseUrl: sbaApiRoot(url) });
  }

  /** GET /current: the league's current season and week. */
  getCurrent(): Promise<SbaApiCurrent> {
    return this.http.get("current", SbaCurrentSchema);
  }

  /** GET /players?season=N. */
  async listPlayers(season: number): Promise<SbaApiPlayer[]> {
    const answer = await this.http.get("players", SbaPlayerListSchema, {
      query: { season },
      bigIntegerKeys: SBA_SNOWFLAKE_KEYS,
    });
    return answer.players;
  }

  /** GET /players/{id}. */
  getPlayer(playerId: number): Promise<SbaApiPlayer> {
    return this.http.get(`players/${playerId}`, SbaPlayerSchema, {
      bigIntegerKeys: SBA_SNOWFLAKE_KEYS,
    });
  }

  /** GET /players/search?q=&season=&limit=. */
  async searchPlayers(
    q: string,
    options: { season?: number; limit?: number } = {},
  ): Promise<SbaApiPlayer[]> {
    const answer = await this.http.get("players/search", SbaPlayerListSchema, {
      query: { q, season: options.season, limit: options.limit },
      bigIntegerKeys: SBA_SNOWFLAKE_KEYS,
    });
    return answer.players;
  }

  /** GET /teams?season=N. */
  async listTeams(season: number): Promise<SbaApiTeam[]> {
    const answer = await this.http.get("teams", SbaTeamListSchema, {
      query: { season },
      bigIntegerKeys: SBA_SNOWFLAKE_KEYS,
    });
    return answer.teams;
  }

  /** GET /teams/{id}. */
  getTeam(teamId: number): Promise<SbaApiTeam> {
    return this.http.get(`teams/${teamId}`, SbaTeamSchema, { bigIntegerKeys: SBA_SNOWFLAKE_KEYS });
  }

  /** GET /teams/{id}/roster/current. */
  getCurrentRoster(teamId: number): Promise<SbaApiRoster> {
    return this.http.get(`teams/${teamId}/roster/current`, SbaRosterSchema, {
      bigIntegerKeys: SBA_SNOWFLAKE_KEYS,
    });
  }
}

/** The players who may play in a game: the active roster (not the injured lists, not minors). */
export function activeRosterPlayers(roster: SbaApiRoster): SbaApiPlayer[] {
  return roster.active?.players ?? [];
}
