// The SBA league behind the API, with the cache in front: what LEAGUE_SOURCE=api serves for SBA.
//
// Every read goes through cache.getOrLoad (one upstream call for concurrent misses) and, when the
// upstream is down or answers garbage, falls back to the last good value if there is one
// (stale-while-error). Without one, the LeagueError reaches the caller.

import {
  type Endurance,
  type FieldingRating,
  type PitchingCard,
  type SbaPlayer,
  UNKNOWN_CARD_SIDE,
} from "../../engine/cards.js";
import type { FieldPosition } from "../../engine/positions.js";
import { autoDepthChart } from "../auto-lineup.js";
import type { Cache, LoadOptions } from "../cache/cache.js";
import { LEAGUES } from "../config.js";
import { parseInjury } from "../sba/ratings.js";
import type { LeagueDataSource, LeagueTeam, TeamRoster } from "../source.js";
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

  /** A player as the engine takes him into a game: a "no grid" SbaPlayer (see toGamePlayer). */
  async getGamePlayer(playerId: number): Promise<SbaPlayer> {
    return toGamePlayer(await this.getPlayer(playerId));
  }

  /** The active roster as engine players for a game (all "no grid"). */
  async getGameRoster(teamId: number): Promise<SbaPlayer[]> {
    return (await this.getRoster(teamId)).players.map(toGamePlayer);
  }

  /**
   * The active roster as a game takes it: no-grid engine players with a depth chart from
   * autoDepthChart (the API keeps none). Built from the cached team and roster.
   */
  async getGameTeamRoster(teamId: number): Promise<TeamRoster> {
    const [team, players] = await Promise.all([this.getTeam(teamId), this.getGameRoster(teamId)]);
    return { team: gameTeam(team), players, depth: autoDepthChart(players) };
  }

  /** SBA has no cardsets: players hold one printed card a season. */
  async listCardsets(): Promise<[]> {
    return [];
  }

  /** This source as the engine-ready LeagueDataSource that game setups read. */
  gameData(): LeagueDataSource {
    return new SbaApiGameData(this);
  }
}

/**
 * An API team as it takes the field. The APIs carry no ballpark ratings, so every park plays at
 * the league rules' defaults (ballparkHomerunSucceedsAtMost, ballparkSingleSucceedsAtMost) [D].
 */
export function gameTeam(team: LeagueTeamInfo): LeagueTeam {
  const rules = LEAGUES[team.league].rules;
  return {
    id: team.id,
    abbrev: team.abbrev,
    name: team.name,
    ballpark: {
      name: `${team.shortName} home park`,
      homerun: rules.ballparkHomerunSucceedsAtMost,
      single: rules.ballparkSingleSucceedsAtMost,
    },
  };
}

/** A lookup of something not in the league answers null, as LeagueDataSource says. */
export async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (isLeagueError(err, "league/not_found")) return null;
    throw err;
  }
}

class SbaApiGameData implements LeagueDataSource {
  readonly league = "sba" as const;
  constructor(private readonly api: SbaApiSource) {}
  async listTeams() {
    return (await this.api.listTeams()).map(gameTeam);
  }
  async getTeam(teamId: number) {
    const team = await orNull(this.api.getTeam(teamId));
    return team && gameTeam(team);
  }
  getRoster(teamId: number) {
    return orNull(this.api.getGameTeamRoster(teamId));
  }
  getPlayer(playerId: number) {
    return orNull(this.api.getGamePlayer(playerId));
  }
  async getCard() {
    return null;
  }
  async listCardsets() {
    return [];
  }
  async getPlayerCards() {
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

// ---------------------------------------------------------------------------------------------
// API players into a game

/**
 * Ratings the API does not carry, so a no-grid player gets them by default [D]: his card's grid
 * is read by his manager off the real card (the engine never reads it), but steals, bunts,
 * fielding, fatigue, wild pitches and balks are settled by the engine from these.
 */
export const NO_GRID_DEFAULTS = {
  /** Running 1..20 for SPD, tag-ups and extra bases: the middle of the scale. */
  speed: 10,
  bunt: "C",
  hitAndRun: "C",
  /** Unknown steal string: he may not steal. */
  steal: null,
  /** A fielder at each position he is listed at: average range, a middling error rating. */
  fielding: {
    P: { range: 3, error: 20 },
    C: { range: 3, error: 6, arm: 0, passedBall: 5, throwing: 10 },
    "1B": { range: 3, error: 10 },
    "2B": { range: 3, error: 15 },
    "3B": { range: 3, error: 18 },
    SS: { range: 3, error: 20 },
    LF: { range: 3, error: 6, arm: 0 },
    CF: { range: 3, error: 5, arm: 0 },
    RF: { range: 3, error: 8, arm: 0 },
  } satisfies Record<FieldPosition, Omit<FieldingRating, "position">>,
  /** Endurance by listed role: SP starter 6, RP reliever 2, CP reliever 1 and closer 1. */
  endurance: {
    SP: { starter: 6, starterBonus: false, reliever: null, closer: null },
    RP: { starter: null, starterBonus: false, reliever: 2, closer: null },
    CP: { starter: null, starterBonus: false, reliever: 1, closer: 1 },
  } satisfies Record<string, Endurance>,
} as const;

/**
 * An API player as an engine SbaPlayer for a game: hasGrid false, both card halves unknown
 * (every reading of his card is submitted by his manager and checked against what the card type
 * can print), with what the API carries (name, positions, hand, injury rating) and the
 * NO_GRID_DEFAULTS for the rest.
 */
export function toGamePlayer(player: SbaLeaguePlayer): SbaPlayer {
  const fielding: Partial<Record<FieldPosition, FieldingRating>> = {};
  for (const position of player.eligible)
    fielding[position] = { position, ...NO_GRID_DEFAULTS.fielding[position] };
  const bats = player.hand ?? "R";
  const printed: Record<string, string> = { positions: player.positionCodes.join(" ") };
  if (player.injury !== null)
    printed.injury = `${player.injury.games}p${String(player.injury.rating).padStart(2, "0")}`;
  return {
    league: "sba",
    id: player.playerId,
    playerId: player.playerId,
    name: player.name,
    eligible: player.eligible,
    fielding,
    batting: {
      bats,
      power: "N",
      speed: NO_GRID_DEFAULTS.speed,
      steal: NO_GRID_DEFAULTS.steal,
      bunt: NO_GRID_DEFAULTS.bunt,
      hitAndRun: NO_GRID_DEFAULTS.hitAndRun,
      injury: player.isPitcher ? null : player.injury,
      vsLeft: UNKNOWN_CARD_SIDE,
      vsRight: UNKNOWN_CARD_SIDE,
    },
    pitching: player.isPitcher ? gamePitching(player) : null,
    printed,
    hasGrid: false,
  };
}

function gamePitching(player: SbaLeaguePlayer): PitchingCard {
  const role = player.positionCodes.find((code) => code in NO_GRID_DEFAULTS.endurance) ?? "RP";
  return {
    throws: player.hand === "L" ? "L" : "R",
    vsLeft: UNKNOWN_CARD_SIDE,
    vsRight: UNKNOWN_CARD_SIDE,
    endurance: NO_GRID_DEFAULTS.endurance[role as keyof typeof NO_GRID_DEFAULTS.endurance],
    wildPitch: 0,
    balk: 0,
    hold: 0,
    injury: player.injury,
  };
}
