// The refusals of the game service. A refusal is a value, never a silent drop: every action gets an
// ack, and a refused one names why with a namespaced code (the same string a socket ack, a REST
// body and a test assert on), a message for people and machine-readable details (or null).
//
// The checks run in this order, cheapest first, and the first that fails answers:
//   game/not_found -> auth/not_your_team (or auth/spectator_read_only) -> decision/not_your_turn
//   -> decision/stale_version -> payload/invalid -> the engine's own code (action/...).

export const GAME_REFUSALS = {
  /** No game with that id (or a private one the caller may not see). */
  "game/not_found": "The game does not exist",
  /** The game is not in a state that allows this (not started, already over, abandoned). */
  "game/not_active": "The game is not being played",
  /** The game has not been started yet, or has been already. */
  "game/wrong_status": "The game is not in the right status for this",
  /** Lineups are missing or break a rule (checked before the start). */
  "game/invalid_lineup": "The lineup is not valid",
  /** The caller manages neither team in this game. */
  "auth/not_your_team": "You do not manage that team in this game",
  /** Spectators only read. */
  "auth/spectator_read_only": "Spectators cannot act in a game",
  /** The other side owes the next decision, or nobody does (the game is over). */
  "decision/not_your_turn": "It is not your decision to make",
  /** The decision was made against an older state: the fresh snapshot comes with it. */
  "decision/stale_version": "The game has moved on since you saw it",
  /** The payload is not a well-formed decision. */
  "payload/invalid": "The payload is not valid",
  /** The same client action id came back with a different decision. */
  "decision/duplicate_mismatch": "That client action id was already used for another decision",
  /** This socket sent too much too fast. */
  "rate/limited": "Too many messages: slow down",
  /** The database did not take the write; the action was not applied. */
  "server/unavailable": "The game could not be saved; the action was not applied",
} as const;

export type GameRefusalCode = keyof typeof GAME_REFUSALS;

/** A refusal as it travels: the engine's codes (action/...) pass through unchanged. */
export interface Refusal {
  code: string;
  message: string;
  details: unknown;
}

export function refusal(code: GameRefusalCode, message?: string, details: unknown = null): Refusal {
  return { code, message: message ?? GAME_REFUSALS[code], details };
}

/** A refusal thrown through code that answers HTTP: src/http/errors.ts maps `code` to a status. */
export class GameError extends Error {
  readonly details: unknown;
  constructor(
    readonly code: string,
    message: string,
    details: unknown = null,
  ) {
    super(message);
    this.name = "GameError";
    this.details = details;
  }

  static from(r: Refusal): GameError {
    return new GameError(r.code, r.message, r.details);
  }
}
