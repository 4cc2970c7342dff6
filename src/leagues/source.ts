import type { LeagueId, PdPlayer, Player, SbaPlayer } from "../engine/cards.js";
import type { FieldPosition } from "../engine/positions.js";
import type {
  LeagueTeamInfo as ApiLeagueTeam,
  PdLeagueCardset,
  PdLeagueRoster,
  SbaLeaguePlayer,
  SbaLeagueRoster,
} from "./api/model.js";

/**
 * Where a league's teams, rosters and cards come from. The bundled sample leagues implement it
 * from JSON shipped with the code (src/leagues/bundled); an API-backed source implements the same
 * interface over the league's HTTP API. SBA players are keyed by player_id (getPlayer); PD cards by
 * card_id (getCard), grouped in cardsets with priorities.
 */
export interface LeagueDataSource {
  readonly league: LeagueId;
  listTeams(): Promise<readonly LeagueTeam[]>;
  getTeam(teamId: number): Promise<LeagueTeam | null>;
  /**
   * The team's men as engine players, with its depth chart. PD: `cardsets` are the game's linked
   * cardsets; each player's card comes from the highest-priority one (pickCard). Without them a
   * source uses its own default (the bundled league: its roster cards).
   */
  getRoster(teamId: number, options?: RosterOptions): Promise<TeamRoster | null>;
  /** SBA: a player by player_id (null in PD, or when there is none). */
  getPlayer(playerId: number): Promise<SbaPlayer | null>;
  /** PD: a card by card_id (null in SBA, or when there is none). */
  getCard(cardId: number): Promise<PdPlayer | null>;
  /** PD: the cardsets; empty in SBA. */
  listCardsets(): Promise<readonly Cardset[]>;
  /** PD: every card of one PD player (player_id), in any cardset; empty in SBA. */
  getPlayerCards(pdPlayerId: number): Promise<readonly PdPlayer[]>;
}

export interface RosterOptions {
  /** PD: the cardsets a game draws from, each with its priority (lowest number first). */
  readonly cardsets?: readonly { readonly id: number; readonly priority: number }[];
}

export interface BallparkRatings {
  readonly name: string;
  /** BP-HR readings are homers on d20 <= this. */
  readonly homerun: number;
  /** BP-1B readings are singles on d20 <= this. */
  readonly single: number;
}

export interface LeagueTeam {
  readonly id: number;
  readonly abbrev: string;
  readonly name: string;
  readonly ballpark: BallparkRatings;
}

/** The manager's usual choices: a batting order (with a DH), the rotation and the bullpen. */
export interface DepthChart {
  readonly lineup: readonly { readonly id: number; readonly position: FieldPosition | "DH" }[];
  readonly rotation: readonly number[];
  readonly bullpen: readonly number[];
}

export interface TeamRoster {
  readonly team: LeagueTeam;
  readonly players: readonly Player[];
  readonly depth: DepthChart;
}

export interface Cardset {
  readonly id: number;
  readonly name: string;
  /**
   * Rank among a game's cardsets: the LOWEST number is the highest priority (1 before 2), as in
   * game_cardset_links. Where a player has cards in several linked cardsets, that one wins.
   */
  readonly priority: number;
}

/**
 * PD: of one player's cards, the one in the linked cardset with the highest priority (the lowest
 * priority number), ties to the lower card id. `priority` maps each linked cardset id to its
 * priority; cards in unlinked cardsets never qualify. Undefined when none does.
 */
export function pickCard<C extends { readonly cardId: number; readonly cardsetId: number }>(
  cards: readonly C[],
  priority: ReadonlyMap<number, number>,
): C | undefined {
  let best: C | undefined;
  let bestPriority = Number.POSITIVE_INFINITY;
  for (const card of cards) {
    const p = priority.get(card.cardsetId);
    if (p === undefined) continue;
    if (
      p < bestPriority ||
      (p === bestPriority && best !== undefined && card.cardId < best.cardId)
    ) {
      best = card;
      bestPriority = p;
    }
  }
  return best;
}

/** A team as it takes the field (the shape the engine's createGame takes for each side). */
export interface GameTeam {
  readonly name: string;
  readonly lineup: readonly { readonly player: Player; readonly position: FieldPosition | "DH" }[];
  readonly pitcher: Player;
  readonly bench: readonly Player[];
}

/**
 * The roster's usual lineup with the given rotation turn's starter on the mound (turn counts
 * from 0 and wraps); everyone else waits on the bench.
 */
export function gameTeamFromRoster(roster: TeamRoster, rotationTurn = 0): GameTeam {
  const byId = new Map(roster.players.map((p) => [p.id, p]));
  const find = (id: number) => {
    const player = byId.get(id);
    if (player === undefined)
      throw new Error(`${roster.team.name}: player ${id} is not on the roster`);
    return player;
  };
  const lineup = roster.depth.lineup.map(({ id, position }) => ({ player: find(id), position }));
  const rotation = roster.depth.rotation;
  if (rotation.length === 0) throw new Error(`${roster.team.name}: no starting rotation`);
  const pitcher = find(
    rotation[((rotationTurn % rotation.length) + rotation.length) % rotation.length]!,
  );
  const used = new Set([...lineup.map((l) => l.player.id), pitcher.id]);
  return {
    name: roster.team.name,
    lineup,
    pitcher,
    bench: roster.players.filter((p) => !used.has(p.id)),
  };
}

// ---------------------------------------------------------------------------------------------
// The per-league source shapes the service layer reads (src/leagues/source-factory.ts): what the
// API-backed sources in src/leagues/api return, and what the bundled source also serves.

export interface SbaLeagueSource {
  readonly league: "sba";
  listTeams(): Promise<readonly ApiLeagueTeam[]>;
  /** Throws LeagueError "league/not_found" when there is no such team. */
  getTeam(teamId: number): Promise<ApiLeagueTeam>;
  getRoster(teamId: number): Promise<SbaLeagueRoster>;
  getPlayer(playerId: number): Promise<SbaLeaguePlayer>;
  listCardsets(): Promise<readonly []>;
}

export interface PdLeagueSource {
  readonly league: "pd";
  listCardsets(): Promise<readonly PdLeagueCardset[]>;
  listTeams(): Promise<readonly ApiLeagueTeam[]>;
  getTeam(teamId: number): Promise<ApiLeagueTeam>;
  getRoster(teamId: number): Promise<PdLeagueRoster>;
  /** One card as the engine's PdPlayer. Throws LeagueError "league/not_found" when there is none. */
  getCard(cardId: number): Promise<PdPlayer>;
}
