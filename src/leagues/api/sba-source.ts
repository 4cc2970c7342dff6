// The SBA league behind the API, with the cache in front: what LEAGUE_SOURCE=api serves for SBA.
//
// Every read goes through cache.getOrLoad (one upstream call for concurrent misses) and, when the
// upstream is down or answers garbage, falls back to the last good value if there is one
// (stale-while-error). Without one, the LeagueError reaches the caller.

import type { Cache, LoadOptions } from "../cache/cache.js";
import { parseInjury } from "../sba/ratings.js";
import { isLeagueError } from "./errors.js";
import {
  eligiblePositions,
  type LeagueTeamInfo,
  positionCodesOf,
  type SbaLeaguePlayer,
  type SbaLeagueRoster,
} from "./model.js";
import { activeRosterPlayers, SbaApiClient, type SbaApiClientOptions } from "./sba.js";
import type { SbaApiPlayer, SbaApiTeam } from "./sba-schemas.js";

/** Cache lifetimes [D]. Rosters move with transactions, so they are kept briefly. */
export const SBA_TTL_MS = {
  current: 60_000,
  teams: 10 * 60_000,
  roster: 60_000,
  player: 10 * 60_000,
} as const;

/** Upstream failures that a stale cached value may paper over. A 404 is a real answer. */
export function servesStale(err: unknown): boolean {
  return isLeagueError(err, "league/unavailable") || isLeagueError(err, "league/bad_response");
}

export interface SbaApiSourceOptions extends SbaApiClientOptions {
  readonly cache: Cache;
  /** The season to read; default: the league's current season (GET /current). */
  readonly season?: number;
  readonly onStale?: LoadOptions["onStale"];
}

export class SbaApiSource {
  readonly league = "sba" as const;
  readonly client: SbaApiClient;
  private readonly cache: Cache;

  constructor(private readonly options: SbaApiSourceOptions) {
    const { cache, season: _season, onStale: _onStale, ...clientOptions } = options;
    this.client = new SbaApiClient(clientOptions);
    this.cache = cache;
  }

  private cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    return this.cache.getOrLoad(`sba:${key}`, load, {
      ttlMs,
      serveStaleOn: servesStale,
      onStale: this.options.onStale,
    });
  }

  /** The season this source reads. */
  async season(): Promise<number> {
    if (this.options.season !== undefined) return this.options.season;
    const current = await this.cached("current", SBA_TTL_MS.current, () =>
      this.client.getCurrent(),
    );
    return current.season;
  }

  async listTeams(): Promise<LeagueTeamInfo[]> {
    const season = await this.season();
    const teams = await this.cached(`teams:${season}`, SBA_TTL_MS.teams, () =>
      this.client.listTeams(season),
    );
    return teams.map(toLeagueTeam);
  }

  async getTeam(teamId: number): Promise<LeagueTeamInfo> {
    const team = await this.cached(`team:${teamId}`, SBA_TTL_MS.teams, () =>
      this.client.getTeam(teamId),
    );
    return toLeagueTeam(team);
  }

  async getRoster(teamId: number): Promise<SbaLeagueRoster> {
    const roster = await this.cached(`roster:${teamId}`, SBA_TTL_MS.roster, () =>
      this.client.getCurrentRoster(teamId),
    );
    const injured = [...(roster.shortil?.players ?? []), ...(roster.longil?.players ?? [])];
    injured.push(...(roster.il?.players ?? []));
    return {
      league: "sba",
      teamId,
      players: activeRosterPlayers(roster).map(toLeaguePlayer),
      injured: injured.map(toLeaguePlayer),
    };
  }

  async getPlayer(playerId: number): Promise<SbaLeaguePlayer> {
    const player = await this.cached(`player:${playerId}`, SBA_TTL_MS.player, () =>
      this.client.getPlayer(playerId),
    );
    return toLeaguePlayer(player);
  }

  async searchPlayers(q: string, limit = 10): Promise<SbaLeaguePlayer[]> {
    const season = await this.season();
    const players = await this.cached(
      `search:${season}:${limit}:${q.toLowerCase()}`,
      SBA_TTL_MS.player,
      () => this.client.searchPlayers(q, { season, limit }),
    );
    return players.map(toLeaguePlayer);
  }

  /** SBA has no cardsets: players hold one printed card a season. */
  async listCardsets(): Promise<[]> {
    return [];
  }
}

export function toLeagueTeam(team: SbaApiTeam): LeagueTeamInfo {
  return {
    league: "sba",
    id: team.id,
    abbrev: team.abbrev,
    shortName: team.sname,
    name: team.lname,
    season: team.season,
    gmDiscordIds: [team.gmid, team.gmid2].filter((id): id is string => typeof id === "string"),
  };
}

export function toLeaguePlayer(player: SbaApiPlayer): SbaLeaguePlayer {
  const positionCodes = positionCodesOf(player);
  const eligible = eligiblePositions(positionCodes);
  const team = player.team;
  return {
    league: "sba",
    playerId: player.id,
    name: player.name,
    season: player.season,
    teamId: typeof team === "number" ? team : (team?.id ?? null),
    swar: player.wara ?? null,
    positionCodes,
    eligible,
    isPitcher: eligible.includes("P"),
    hand: player.hand ?? null,
    injury: readInjury(player.injury_rating),
    pitcherInjury: player.pitcher_injury ?? null,
    cardImages: [player.image, player.image2, player.vanity_card].filter(
      (url): url is string => typeof url === "string" && url !== "",
    ),
    stratCode: player.strat_code ?? null,
    bbrefId: player.bbref_id ?? null,
    hasGrid: false,
  };
}

function readInjury(rating: string | null | undefined) {
  if (!rating) return null;
  try {
    return parseInjury(rating);
  } catch {
    return null;
  }
}
