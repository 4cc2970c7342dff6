// The Paper Dynasty league behind the API, with the cache in front: what LEAGUE_SOURCE=api serves
// for PD. Cards become the engine's PdPlayer through src/leagues/pd's buildPdPlayer, from the
// card, its batting/pitching cards, their ratings and its fielding positions.

import type { PdPlayer } from "../../engine/cards.js";
import { autoDepthChart } from "../auto-lineup.js";
import type { Cache, LoadOptions } from "../cache/cache.js";
import {
  BATTING_RATING_FIELDS,
  buildPdPlayer,
  PdCardError,
  type PdCardRecord,
  PITCHING_RATING_FIELDS,
} from "../pd/ratings.js";
import type { LeagueDataSource, RosterOptions, TeamRoster } from "../source.js";
import { pickCard } from "../source.js";
import { LeagueError } from "./errors.js";
import type { LeagueTeamInfo, PdLeagueCard, PdLeagueCardset, PdLeagueRoster } from "./model.js";
import { positionCodesOf } from "./model.js";
import { PdApiClient, type PdApiClientOptions, pdPlayerIdentity, rosterCardIds } from "./pd.js";
import type { PdApiCard, PdApiCardset, PdApiTeam } from "./pd-schemas.js";
import { gameTeam, orNull, servesStale } from "./sba-source.js";

/** Cache lifetimes [D]. */
export const PD_TTL_MS = {
  cardsets: 60 * 60_000,
  teams: 10 * 60_000,
  roster: 60_000,
  card: 10 * 60_000,
} as const;

export interface PdApiSourceOptions extends PdApiClientOptions {
  readonly cache: Cache;
  readonly onStale?: LoadOptions["onStale"];
}

export class PdApiSource {
  readonly league = "pd" as const;
  readonly client: PdApiClient;
  private readonly cache: Cache;

  constructor(private readonly options: PdApiSourceOptions) {
    const { cache, onStale: _onStale, ...clientOptions } = options;
    this.client = new PdApiClient(clientOptions);
    this.cache = cache;
  }

  private cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    return this.cache.getOrLoad(`pd:${key}`, load, {
      ttlMs,
      serveStaleOn: servesStale,
      onStale: this.options.onStale,
    });
  }

  async listCardsets(): Promise<PdLeagueCardset[]> {
    const cardsets = await this.cached("cardsets", PD_TTL_MS.cardsets, () =>
      this.client.listCardsets(),
    );
    return cardsets.map(toLeagueCardset);
  }

  async listTeams(): Promise<LeagueTeamInfo[]> {
    const teams = await this.cached("teams", PD_TTL_MS.teams, () => this.client.listTeams());
    return teams.map(toLeagueTeam);
  }

  async getTeam(teamId: number): Promise<LeagueTeamInfo> {
    const team = await this.cached(`team:${teamId}`, PD_TTL_MS.teams, () =>
      this.client.getTeam(teamId),
    );
    return toLeagueTeam(team);
  }

  /** The team's (first) roster, and every card it holds. */
  async getRoster(teamId: number): Promise<PdLeagueRoster> {
    const [rosters, holdings] = await Promise.all([
      this.cached(`rosters:${teamId}`, PD_TTL_MS.roster, () => this.client.listTeamRosters(teamId)),
      this.cached(`cards:team:${teamId}`, PD_TTL_MS.roster, () =>
        this.client.listTeamCards(teamId),
      ),
    ]);
    const roster = [...rosters].sort((a, b) => (a.roster_num ?? a.id) - (b.roster_num ?? b.id))[0];
    if (!roster) {
      throw new LeagueError("league/not_found", `PD team ${teamId} has no roster`, { teamId });
    }
    const held = new Map(holdings.map((card) => [card.id, card]));
    const cards: PdLeagueCard[] = [];
    for (const cardId of rosterCardIds(roster)) {
      const card = held.get(cardId) ?? (await this.fetchCard(cardId));
      cards.push(toLeagueCard(card));
    }
    return {
      league: "pd",
      teamId,
      rosterId: roster.id,
      cards,
      holdings: holdings.map(toLeagueCard),
    };
  }

  /** One card, as the engine's PdPlayer (digital ratings laid onto the card grid). */
  async getCard(cardId: number): Promise<PdPlayer> {
    const record = await this.cached(`card-record:${cardId}`, PD_TTL_MS.card, () =>
      this.loadCardRecord(cardId),
    );
    try {
      return buildPdPlayer(record);
    } catch (err) {
      if (err instanceof PdCardError) {
        throw new LeagueError(
          "league/bad_response",
          `PD API: card ${cardId} has ratings Dugout cannot use: ${err.field}: ${err.detail}`,
          { cardId, field: err.field },
          { cause: err },
        );
      }
      throw err;
    }
  }

  /**
   * The roster as one game takes it: for each player on the team's roster, the card the team
   * holds in the game's highest-priority linked cardset (pickRosterCards), as engine PdPlayers,
   * with a depth chart from autoDepthChart (the API keeps none). A player with no card in the
   * linked cardsets is not on the game's roster. Without `cardsets`, every cardset counts, the
   * newest (highest id) first [D]. Cached per team and cardset choice, with the roster's lifetime.
   */
  async getGameTeamRoster(teamId: number, options: RosterOptions = {}): Promise<TeamRoster> {
    const cardsets = options.cardsets ?? (await this.defaultCardsetPriorities());
    const key = [...cardsets]
      .sort((a, b) => a.priority - b.priority || a.id - b.id)
      .map((c) => `${c.id}@${c.priority}`)
      .join(",");
    return this.cached(`game-roster:${teamId}:${key}`, PD_TTL_MS.roster, async () => {
      const [team, roster] = await Promise.all([this.getTeam(teamId), this.getRoster(teamId)]);
      const { picks } = pickRosterCards(roster, cardsets);
      const players = await Promise.all(picks.map((p) => this.getCard(p.cardId)));
      return { team: gameTeam(team), players, depth: autoDepthChart(players) };
    });
  }

  private async defaultCardsetPriorities() {
    const all = await this.listCardsets();
    return [...all].sort((a, b) => b.id - a.id).map((c, i) => ({ id: c.id, priority: i + 1 }));
  }

  /** This source as the engine-ready LeagueDataSource that game setups read. */
  gameData(): LeagueDataSource {
    return new PdApiGameData(this);
  }

  /** One card as held (no ratings): player, cardset, team. */
  async getCardSummary(cardId: number): Promise<PdLeagueCard> {
    return toLeagueCard(await this.fetchCard(cardId));
  }

  private fetchCard(cardId: number): Promise<PdApiCard> {
    return this.cached(`card:${cardId}`, PD_TTL_MS.card, () => this.client.getCard(cardId));
  }

  /** The card and its ratings, in the shape src/leagues/pd's buildPdPlayer reads. */
  private async loadCardRecord(cardId: number): Promise<PdCardRecord> {
    const card = await this.client.getCard(cardId);
    const playerId = card.player.player_id;
    const [battingCards, pitchingCards, positions] = await Promise.all([
      this.client.listBattingCards(playerId),
      this.client.listPitchingCards(playerId),
      this.client.listCardPositions(playerId),
    ]);
    const variant = card.variant ?? 0;
    const pick = <T extends { variant?: number | null }>(list: T[]) =>
      list.find((c) => (c.variant ?? 0) === variant) ?? list[0];
    const batting = pick(battingCards);
    if (!batting) {
      throw new LeagueError(
        "league/bad_response",
        `PD API: card ${cardId} (player ${playerId}) has no batting card`,
        { cardId, playerId, issues: [{ path: "battingcards", message: "empty" }] },
      );
    }
    const pitching = pick(pitchingCards);
    const [battingRatings, pitchingRatings] = await Promise.all([
      this.client.listBattingRatings(batting.id),
      pitching ? this.client.listPitchingRatings(pitching.id) : Promise.resolve([]),
    ]);
    const side = (
      ratings: readonly Record<string, unknown>[],
      hand: "L" | "R",
      fields: readonly string[],
      what: string,
    ) => {
      const found = ratings.find((r) => r.vs_hand === hand);
      if (!found) {
        throw new LeagueError(
          "league/bad_response",
          `PD API: card ${cardId} has no ${what} ratings vs ${hand}`,
          { cardId, issues: [{ path: `${what}.vs_hand`, message: `no ${hand} side` }] },
        );
      }
      return Object.fromEntries(fields.map((f) => [f, found[f] ?? 0]));
    };
    const weakHitter = pitching?.batting ? /W/.test(pitching.batting) : false;
    return {
      card_id: card.id,
      player_id: playerId,
      name: card.player.p_name,
      cardset_id: card.player.cardset.id,
      positions: positions.map((p) => ({
        position: p.position,
        range: p.range,
        error: p.error,
        arm: p.arm ?? null,
        pb: p.pb ?? null,
        overthrow: p.overthrow ?? null,
      })),
      batting: {
        hand: batting.hand,
        power: weakHitter ? "W" : "N",
        running: batting.running,
        steal_low: batting.steal_low,
        steal_high: batting.steal_high,
        steal_auto: batting.steal_auto,
        steal_jump: batting.steal_jump,
        bunting: batting.bunting,
        hit_and_run: batting.hit_and_run,
        ratings: {
          vL: side(battingRatings, "L", BATTING_RATING_FIELDS, "batting"),
          vR: side(battingRatings, "R", BATTING_RATING_FIELDS, "batting"),
        },
      },
      pitching: pitching
        ? {
            hand: pitching.hand,
            starter_rating: pitching.starter_rating ?? null,
            relief_rating: pitching.relief_rating ?? null,
            closer_rating: pitching.closer_rating ?? null,
            wild_pitch: pitching.wild_pitch,
            balk: pitching.balk,
            hold: pitching.hold,
            injury: readPitcherInjury(pitching.injury_rating),
            ratings: {
              vL: side(pitchingRatings, "L", PITCHING_RATING_FIELDS, "pitching"),
              vR: side(pitchingRatings, "R", PITCHING_RATING_FIELDS, "pitching"),
            },
          }
        : null,
    } as PdCardRecord;
  }
}

/**
 * PD's cardset rule on one roster: for each real player on it (by identity, in roster order), of
 * the cards the team holds of him (the roster's and its holdings, in any cardset), the one in the
 * linked cardset with the highest priority (pickCard: the lowest priority number; ties to the
 * lower card id). Players with no card in a linked cardset are `missing`.
 */
export function pickRosterCards(
  roster: PdLeagueRoster,
  cardsets: NonNullable<RosterOptions["cardsets"]>,
): { picks: PdLeagueCard[]; missing: PdLeagueCard[] } {
  const priority = new Map(cardsets.map((c) => [c.id, c.priority]));
  const usable = [...roster.cards, ...roster.holdings];
  const picks: PdLeagueCard[] = [];
  const missing: PdLeagueCard[] = [];
  const seen = new Set<string>();
  for (const rostered of roster.cards) {
    if (seen.has(rostered.identity)) continue;
    seen.add(rostered.identity);
    const pick = pickCard(
      usable.filter((c) => c.identity === rostered.identity),
      priority,
    );
    if (pick) picks.push(pick);
    else missing.push(rostered);
  }
  return { picks, missing };
}

class PdApiGameData implements LeagueDataSource {
  readonly league = "pd" as const;
  constructor(private readonly api: PdApiSource) {}
  async listTeams() {
    return (await this.api.listTeams()).map(gameTeam);
  }
  async getTeam(teamId: number) {
    const team = await orNull(this.api.getTeam(teamId));
    return team && gameTeam(team);
  }
  getRoster(teamId: number, options?: RosterOptions) {
    return orNull(this.api.getGameTeamRoster(teamId, options));
  }
  async getPlayer() {
    return null;
  }
  getCard(cardId: number) {
    return orNull(this.api.getCard(cardId));
  }
  async listCardsets() {
    return (await this.api.listCardsets()).map((c, i) => ({
      id: c.id,
      name: c.name,
      priority: c.priority ?? i + 1,
    }));
  }
  /** Not served by the API source: a game's cards come through getRoster and getCard. */
  async getPlayerCards() {
    return [];
  }
}

function readPitcherInjury(rating: string | null | undefined) {
  const match = rating ? /^(\d)p(\d{1,2})$/.exec(rating.trim()) : null;
  return match ? { games: Number(match[1]), rating: Number(match[2]) } : null;
}

export function toLeagueCardset(cardset: PdApiCardset): PdLeagueCardset {
  return {
    id: cardset.id,
    name: cardset.name,
    description: cardset.description ?? null,
    rankedLegal: cardset.ranked_legal ?? null,
    inPacks: cardset.in_packs ?? null,
    priority: null,
  };
}

export function toLeagueTeam(team: PdApiTeam): LeagueTeamInfo {
  return {
    league: "pd",
    id: team.id,
    abbrev: team.abbrev,
    shortName: team.sname,
    name: team.lname,
    season: team.season ?? null,
    gmDiscordIds: [team.gmid, team.gmid2].filter((id): id is string => typeof id === "string"),
  };
}

export function toLeagueCard(card: PdApiCard): PdLeagueCard {
  const team = card.team;
  return {
    league: "pd",
    cardId: card.id,
    playerId: card.player.player_id,
    identity: pdPlayerIdentity(card.player),
    name: card.player.p_name,
    cardsetId: card.player.cardset.id,
    cardsetName: card.player.cardset.name,
    teamId: typeof team === "number" ? team : (team?.id ?? null),
    positionCodes: positionCodesOf(card.player),
    image: card.player.image ?? null,
  };
}
