// Typed client for the Paper Dynasty API v2: cards, cardsets, teams, rosters, players. Every answer
// is checked against pd-schemas.ts. Caching and mapping live in the data source (pd-source.ts).

import { LeagueHttpClient, type LeagueHttpOptions } from "./http.js";
import {
  PD_ROSTER_SLOTS,
  PD_SNOWFLAKE_KEYS,
  type PdApiBattingCard,
  type PdApiBattingRatings,
  type PdApiCard,
  type PdApiCardPosition,
  type PdApiCardset,
  type PdApiPitchingCard,
  type PdApiPitchingRatings,
  type PdApiPlayer,
  type PdApiRoster,
  type PdApiTeam,
  PdBattingCardListSchema,
  PdBattingRatingsListSchema,
  PdCardListSchema,
  PdCardPositionListSchema,
  PdCardSchema,
  PdCardsetListSchema,
  PdCardsetSchema,
  PdPitchingCardListSchema,
  PdPitchingRatingsListSchema,
  PdPlayerSchema,
  PdRosterListSchema,
  PdRosterSchema,
  PdTeamListSchema,
  PdTeamSchema,
} from "./pd-schemas.js";

/** PD_API_URL may name the host ("https://pd.example") or the v2 root itself. */
export function pdApiRoot(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  if (/\/v2$/.test(trimmed)) return trimmed;
  if (/\/api$/.test(trimmed)) return `${trimmed}/v2`;
  return `${trimmed}/api/v2`;
}

export type PdApiClientOptions = Omit<LeagueHttpOptions, "label" | "baseUrl"> & {
  readonly url: string;
};

const big = { bigIntegerKeys: PD_SNOWFLAKE_KEYS };

export class PdApiClient {
  readonly http: LeagueHttpClient;

  constructor(options: PdApiClientOptions) {
    const { url, ...rest } = options;
    this.http = new LeagueHttpClient({ ...rest, label: "PD API", baseUrl: pdApiRoot(url) });
  }

  /** GET /cardsets. */
  async listCardsets(): Promise<PdApiCardset[]> {
    return (await this.http.get("cardsets", PdCardsetListSchema)).cardsets;
  }

  /** GET /cardsets/{id}. */
  getCardset(cardsetId: number): Promise<PdApiCardset> {
    return this.http.get(`cardsets/${cardsetId}`, PdCardsetSchema);
  }

  /** GET /teams. */
  async listTeams(): Promise<PdApiTeam[]> {
    return (await this.http.get("teams", PdTeamListSchema, big)).teams;
  }

  /** GET /teams/{id}. */
  getTeam(teamId: number): Promise<PdApiTeam> {
    return this.http.get(`teams/${teamId}`, PdTeamSchema, big);
  }

  /** GET /cards/{id}. */
  getCard(cardId: number): Promise<PdApiCard> {
    return this.http.get(`cards/${cardId}`, PdCardSchema, big);
  }

  /** GET /cards?team_id=N: every card the team holds, in every cardset. */
  async listTeamCards(teamId: number): Promise<PdApiCard[]> {
    return (await this.http.get("cards", PdCardListSchema, { ...big, query: { team_id: teamId } }))
      .cards;
  }

  /** GET /players/{id}: one player in one cardset. */
  getPlayer(playerId: number): Promise<PdApiPlayer> {
    return this.http.get(`players/${playerId}`, PdPlayerSchema);
  }

  /** GET /rosters?team_id=N. */
  async listTeamRosters(teamId: number): Promise<PdApiRoster[]> {
    const answer = await this.http.get("rosters", PdRosterListSchema, {
      ...big,
      query: { team_id: teamId },
    });
    return answer.rosters as PdApiRoster[];
  }

  /** GET /battingcards?player_id=N. */
  async listBattingCards(playerId: number): Promise<PdApiBattingCard[]> {
    const answer = await this.http.get("battingcards", PdBattingCardListSchema, {
      query: { player_id: playerId },
    });
    return answer.cards;
  }

  /** GET /battingcardratings?battingcard_id=N: the vs-L and vs-R sides. */
  async listBattingRatings(battingCardId: number): Promise<PdApiBattingRatings[]> {
    const answer = await this.http.get("battingcardratings", PdBattingRatingsListSchema, {
      query: { battingcard_id: battingCardId },
    });
    return answer.ratings;
  }

  /** GET /pitchingcards?player_id=N (empty for a non-pitcher). */
  async listPitchingCards(playerId: number): Promise<PdApiPitchingCard[]> {
    const answer = await this.http.get("pitchingcards", PdPitchingCardListSchema, {
      query: { player_id: playerId },
    });
    return answer.cards;
  }

  /** GET /pitchingcardratings?pitchingcard_id=N. */
  async listPitchingRatings(pitchingCardId: number): Promise<PdApiPitchingRatings[]> {
    const answer = await this.http.get("pitchingcardratings", PdPitchingRatingsListSchema, {
      query: { pitchingcard_id: pitchingCardId },
    });
    return answer.ratings;
  }

  /** GET /cardpositions?player_id=N. */
  async listCardPositions(playerId: number): Promise<PdApiCardPosition[]> {
    const answer = await this.http.get("cardpositions", PdCardPositionListSchema, {
      query: { player_id: playerId },
    });
    return answer.positions;
  }

  /** GET /rosters/{id}. */
  async getRoster(rosterId: number): Promise<PdApiRoster> {
    return (await this.http.get(`rosters/${rosterId}`, PdRosterSchema, big)) as PdApiRoster;
  }
}

/** The card ids in a roster's slots card_1..card_26, in slot order, empty slots skipped. */
export function rosterCardIds(roster: PdApiRoster): number[] {
  const ids: number[] = [];
  for (let slot = 1; slot <= PD_ROSTER_SLOTS; slot++) {
    const held = roster[`card_${slot}`];
    if (typeof held === "number") ids.push(held);
    else if (held && typeof held === "object") ids.push(held.id);
  }
  return ids;
}

/**
 * Who a PD player is across cardsets: the MLB player record when the API gives it, else the
 * Baseball-Reference id, else the name. Cards of one real player in several cardsets share it.
 */
export function pdPlayerIdentity(player: PdApiPlayer): string {
  const mlb = player.mlbplayer;
  if (typeof mlb === "number") return `mlb:${mlb}`;
  if (mlb && typeof mlb === "object") return `mlb:${mlb.id}`;
  if (player.bbref_id) return `bbref:${player.bbref_id}`;
  return `name:${player.p_name.trim().toLowerCase()}`;
}
