// The game service's own words: a game's record (the row the database keeps about it), its sides,
// who acts, and what the service sends out when a game changes.

import type { LineupEntry, PlayRecord } from "../engine/play-record.js";
import type { Refusal } from "./errors.js";

export type Side = "home" | "away";
export type Viewer = Side | "spectator";
export const SIDES: readonly Side[] = ["home", "away"];
export const otherSide = (side: Side): Side => (side === "home" ? "away" : "home");

export const LEAGUES = ["sba", "pd"] as const;
export type League = (typeof LEAGUES)[number];

/** ranked, friendly and practice are stored on the game. */
export const GAME_MODES = ["ranked", "friendly", "practice"] as const;
export type GameMode = (typeof GAME_MODES)[number];

/** Live: both managers online, optional per-decision timers. Async: correspondence, no timers. */
export const PACES = ["live", "async"] as const;
export type Pace = (typeof PACES)[number];

export const VISIBILITIES = ["public", "private"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const AI_DIFFICULTIES = ["safe", "balanced", "yolo"] as const;
export type AiDifficulty = (typeof AI_DIFFICULTIES)[number];

export const GAME_STATUSES = ["pending", "active", "completed", "abandoned"] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

/** What the database keeps about a game, besides its action log, plays and lineups. */
export interface GameRecord {
  id: string;
  league: League;
  homeTeamId: number;
  awayTeamId: number;
  mode: GameMode;
  pace: Pace;
  visibility: Visibility;
  homeIsAi: boolean;
  awayIsAi: boolean;
  aiDifficulty: AiDifficulty;
  status: GameStatus;
  /** The engine state version: bumped once per accepted action. 0 before the start. */
  version: number;
  /** Seconds a live manager has for each decision; null = no timer. */
  turnTimerSeconds: number | null;
  /** When the last accepted action was committed (epoch ms); null before the start. */
  lastActionAt: number | null;
  /** Who created it (a user id). */
  createdBy: string;
  createdAt: number;
  homeScore: number;
  awayScore: number;
  winner: Side | null;
  /** The side that must decide next, kept on the row so "games waiting on me" is one query. */
  awaitingSide: Side | null;
}

/** Who did an action: a manager, the server's AI for a side, or the clock. */
export type Actor =
  | { kind: "manager"; side: Side; userId: string }
  | { kind: "ai"; side: Side }
  | { kind: "timeout"; side: Side }
  | { kind: "server" }
  | { kind: "system"; userId: string | null };

export const actorName = (actor: Actor): string =>
  actor.kind === "system" || actor.kind === "server" ? actor.kind : `${actor.kind}:${actor.side}`;

/** One row of the durable action log: replaying these through the engine rebuilds the game. */
export interface ActionEntry {
  /** 1, 2, 3... within the game. */
  seq: number;
  /** The state version this action produced. */
  version: number;
  /** "manager:home", "ai:away", "timeout:home", "system". */
  actor: string;
  /** "start", "decision", "forfeit", "abandon". */
  kind: ActionKind;
  payload: unknown;
  clientActionId: string | null;
  /** Epoch ms. */
  at: number;
}

export type ActionKind = "start" | "decision" | "forfeit" | "abandon";

/** What the manager of the next decision must decide, as the service tells the clients. */
export interface DecisionRequest {
  gameId: string;
  version: number;
  side: Side;
  /** The engine's name for the decision: "defense", "offense", "sba_result", "runner"... */
  decision: string;
  /** Anything the engine adds to help decide (e.g. the dice to read for an SBA card result). */
  details: unknown;
  /** Epoch ms by which the side must answer, or null when there is no timer. */
  deadline: number | null;
}

export interface GameOverInfo {
  winner: Side | null;
  homeScore: number;
  awayScore: number;
  /** "final" when played out; "forfeit" or "abandoned" otherwise. */
  reason: "final" | "forfeit" | "abandoned";
}

/** Everything a client needs to draw the game at one version, for one viewer. */
export interface GameSnapshot {
  gameId: string;
  version: number;
  status: GameStatus;
  /** The engine's view for this viewer: no seed, no undeclared choices. */
  state: unknown;
  pending: DecisionRequest | null;
  /** The number of plays so far: the next play is playCount + 1. */
  playCount: number;
  gameOver: GameOverInfo | null;
}

/** The answer to a submitted action. */
export type ActionAck =
  | {
      ok: true;
      gameId: string;
      /** The version the action produced. */
      version: number;
      /** true when this client action id had been applied already: nothing was applied again. */
      duplicate: boolean;
    }
  | { ok: false; gameId: string; error: Refusal; snapshot?: GameSnapshot };

/** Fields of one object that changed: their new values, and those it no longer has. */
export interface FieldChanges {
  changed: Record<string, unknown>;
  removed?: string[];
}

/**
 * What changed in a view between two states (see Rules.viewChanges): top-level fields with their
 * new values (`changed`, `removed`), and top-level objects of which only some fields changed,
 * those fields by object (`patched`). Applied by src/realtime/delta.ts.
 */
export interface StateChanges extends FieldChanges {
  patched?: Record<string, FieldChanges>;
}

/** What changed in a view from version `base` to the next published one. */
export interface ViewChanges extends StateChanges {
  base: number;
}

/** One committed change of a game, handed to the broadcaster. */
export interface GameChange {
  gameId: string;
  version: number;
  status: GameStatus;
  /** The view for one viewer, computed on demand (at most once per viewer kind). */
  viewFor(viewer: Viewer): GameSnapshot;
  /**
   * What changed in one viewer's view since version `base` (the version before this change):
   * the view's top-level fields whose values differ, the same object for viewers who see the
   * same; null when only the whole view will do (the first state, or rules without deltas).
   */
  changesFor(viewer: Viewer): ViewChanges | null;
  /** Plays so far (the view's playCount). */
  playCount: number;
  plays: readonly PlayRecord[];
  substitutions: readonly LineupEntry[];
  pending: DecisionRequest | null;
  gameOver: GameOverInfo | null;
  /** Who made the action that caused this change. */
  actor: string;
}
