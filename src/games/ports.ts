// The game service reaches the outside world only through these interfaces: storage (implemented
// over src/db), broadcast (implemented by src/realtime), who manages which team (src/auth), the AI
// managers (src/ai) and the clock. The rules themselves come through `Rules` (src/engine).

import type { LineupEntry, PlayRecord } from "../engine/play-record.js";
import type { Refusal } from "./errors.js";
import type {
  ActionEntry,
  AiDifficulty,
  GameChange,
  GameMode,
  GameRecord,
  GameStatus,
  League,
  Pace,
  Side,
  StateChanges,
  Viewer,
  Visibility,
} from "./types.js";

// ---------------------------------------------------------------------------------------------
// Rules: the pure engine, seen from the service.

export type RulesResult<T> = { ok: true; value: T } | { ok: false; error: Refusal };

export interface PendingDecision {
  /** The side that must decide, or null when the game is over. */
  side: Side | null;
  /** The engine's name for the decision ("defense", "offense", "sba_result", "runner"...). */
  decision: string;
  details: unknown;
}

export interface AppliedAction<S> {
  state: S;
  events: readonly unknown[];
  plays: readonly PlayRecord[];
  substitutions: readonly LineupEntry[];
}

/**
 * A game's cards, each body once under its content hash: a card the client already holds (from
 * an earlier join, or another game with the same players) need not travel again.
 */
export interface GameCards {
  /**
   * Who holds which card, by group (the engine's: `players`, the starters by lineup id, and
   * `bench`, the bench's players by player id), each as the hash of its body.
   */
  refs: Record<string, Record<string, string>>;
  /** Card bodies by hash: all of them, or those the client did not say it holds. */
  bodies: Record<string, unknown>;
}

export interface FinalScore {
  homeScore: number;
  awayScore: number;
  over: boolean;
  winner: Side | null;
}

/**
 * The engine as the service uses it. `S` is whatever the engine keeps (its state with its dice
 * cursor); `A` a parsed action. Every function is pure and deterministic: replaying the same
 * actions from the same setup and seed gives the same state.
 */
export interface Rules<S = unknown, A = unknown> {
  /** A new game from its setup (lineups, cards, options) and the secret seed. */
  start(setup: unknown, seed: string): RulesResult<S>;
  /** Parse a raw decision with the engine's zod schemas. */
  parse(raw: unknown): RulesResult<A>;
  apply(state: S, action: A): RulesResult<AppliedAction<S>>;
  pending(state: S): PendingDecision;
  /**
   * What one viewer may see: no seed, no undeclared choices of the other side; without the
   * static card data (sent once, on join: see `cards`), so every update stays small.
   */
  view(state: S, viewer: Viewer): unknown;
  /**
   * The top-level fields of `after`'s view for `viewer` that differ from `before`'s, with their
   * values as `view` shows them: `view(before)` with `changed` spread over it and `removed`
   * deleted equals `view(after)`. Viewers who see the same get the same object. Optional: without
   * it, every update carries the whole view.
   */
  viewChanges?(before: S, after: S, viewer: Viewer): StateChanges;
  /** The view with everything (cards included), for the AI managers. */
  fullView(state: S, viewer: Viewer): unknown;
  /** The static card data of the game's players (sent once, when a client joins). */
  cards(state: S): GameCards;
  version(state: S): number;
  score(state: S): FinalScore;
  playCount(state: S): number;
  /** Every lineup entry so far: the starters and each substitute. */
  lineup(state: S): readonly LineupEntry[];
  /** Regulation innings (for the box score). */
  scheduledInnings(state: S): number;
  /** The move the server itself must make now (the at-bat roll), or null when a side owes one. */
  serverAction(state: S): A | null;
  /** The same action, marked as made by the AI for a manager who ran out of time. */
  markDecidedByAi(action: A): A;
  /** A JSON-safe copy of the state (for the game_sessions snapshot) and equality on it. */
  serialize(state: S): unknown;
  /** The pieces of a state that must match after a replay, as a stable string. */
  fingerprint(state: S): string;
}

// ---------------------------------------------------------------------------------------------
// The AI managers.

export interface AiManager {
  /** The action one side takes, from that side's view only. */
  decide(view: unknown, decision: PendingDecision, difficulty: AiDifficulty): unknown;
}

// ---------------------------------------------------------------------------------------------
// Storage.

export interface NewGame {
  league: League;
  homeTeamId: number;
  awayTeamId: number;
  mode: GameMode;
  pace: Pace;
  visibility: Visibility;
  homeIsAi: boolean;
  awayIsAi: boolean;
  aiDifficulty: AiDifficulty;
  turnTimerSeconds: number | null;
  createdBy: string;
  /** The secret dice seed; never leaves the server while the game is live. */
  seed: string;
  /** The game's rosters (roster_links) and PD cardset links, written with the game row. */
  rosters?: GameRosterRows;
}

/** The rows that put two rosters into a game (see src/games/rosters.ts). */
export interface GameRosterRows {
  /** One per player a team may use in the game: an SBA player id or a PD card id. */
  links: readonly { teamId: number; playerId: number | null; cardId: number | null }[];
  /** PD: the cardsets the game draws from (lower priority number first); SBA: none. */
  cardsets: readonly { cardsetId: number; priority: number }[];
}

/** A game as stored: its record, seed, lineups and the whole action log, in order. */
export interface StoredGame {
  game: GameRecord;
  seed: string;
  actions: ActionEntry[];
  /** The last snapshot written to game_sessions, if any: checked against the replay. */
  snapshot: { version: number; fingerprint: string } | null;
}

/** The fields of an existing lineup entry an action changed in place; only those it names. */
export interface LineupUpdate {
  /** The engine's lineup id. */
  id: number;
  isActive?: boolean;
  battingOrder?: number | null;
  position?: LineupEntry["position"];
  isFatigued?: boolean;
}

/** Everything one accepted action writes, in one transaction with a version check. */
export interface WriteUnit {
  gameId: string;
  /** The version the row must still have; the write fails as a conflict otherwise. */
  expectedVersion: number;
  /** The action log entries, in order: a decision and the server's own moves right after it. */
  actions: readonly ActionEntry[];
  plays: readonly PlayRecord[];
  /** Lineup entries to add: the starters (at the start) and every substitute as he enters. */
  lineupEntries: readonly LineupEntry[];
  /**
   * Changes to entries written before this unit, by engine lineup id: a man who leaves without
   * a replacement, a pitcher who takes a batting slot when the DH ends (OBR 5.11(a)(4)).
   */
  lineupUpdates?: readonly LineupUpdate[];
  game: {
    version: number;
    /** The last action's seq. */
    seq: number;
    status: GameStatus;
    lastActionAt: number;
    homeScore: number;
    awayScore: number;
    winner: Side | null;
    awaitingSide: Side | null;
  };
}

export interface GameFilter {
  /** Games where this user manages a team (or created it). */
  userId?: string;
  status?: GameStatus;
  /** Public games being played now. */
  publicLive?: boolean;
  /** Games whose next decision belongs to a team this user manages. */
  waitingOn?: string;
  /** Private games are listed only to their participants: this user (null = nobody). */
  visibleTo?: string | null;
  limit?: number;
}

export interface GameStore {
  insertGame(game: NewGame): Promise<GameRecord>;
  getGame(gameId: string): Promise<GameRecord | null>;
  listGames(filter: GameFilter): Promise<GameRecord[]>;
  /** The starting lineup of one side, kept until the start. Replaces any earlier one. */
  saveLineup(gameId: string, side: Side, lineup: unknown): Promise<void>;
  getLineups(gameId: string): Promise<Partial<Record<Side, unknown>>>;
  /** The record, seed and full action log in a few queries. */
  loadGame(gameId: string): Promise<StoredGame | null>;
  /**
   * Write many games' units in ONE transaction, each with its version check. Returns one outcome
   * per unit; a version conflict is reported as { ok: false, error } with code db/version_conflict.
   */
  commitUnits(
    units: readonly WriteUnit[],
  ): Promise<Array<{ ok: true; result: null } | { ok: false; error: unknown }>>;
  /** The action a client action id produced, when it was committed. */
  findClientAction(gameId: string, clientActionId: string): Promise<ActionEntry | null>;
  playsSince(gameId: string, afterPlayNumber: number): Promise<PlayRecord[]>;
  /** Every lineup entry of a started game (starters and substitutes), for the box score. */
  lineupEntries(gameId: string): Promise<LineupEntry[]>;
  saveSnapshot(gameId: string, version: number, fingerprint: string, state: unknown): Promise<void>;
  /** Ids of active games (to resume AI turns and timers after a restart). */
  activeGameIds(): Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------
// Who manages what.

export interface TeamAuthority {
  /** Does this user manage this team of this league? */
  managesTeam(userId: string, league: League, teamId: number): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Broadcast.

export interface Broadcaster {
  /** A committed change: send each viewer its own view, plays, decisions, game over. */
  publish(change: GameChange): void;
}

export const NO_BROADCAST: Broadcaster = { publish: () => undefined };

export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
