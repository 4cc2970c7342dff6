import { DrizzleQueryError, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.js";

/**
 * Typed storage errors. Every refusal from the database reaches callers as one of these, with
 * a stable `code` (the same string in logs, HTTP bodies and test assertions), never as a raw
 * pg or PGlite error. The driver's error stays reachable as `cause`.
 */
export class DbError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A conditional write named a version that is no longer the game's current one. */
export class VersionConflictError extends DbError {
  constructor(
    readonly gameId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      "db/version_conflict",
      `game ${gameId} is at version ${currentVersion}, not the expected ${expectedVersion}`,
    );
  }
}

export class UnknownGameError extends DbError {
  constructor(
    readonly gameId: string,
    options?: { cause?: unknown },
  ) {
    super("db/unknown_game", `no game with id ${gameId}`, options);
  }
}

export class DuplicatePlayNumberError extends DbError {
  constructor(
    readonly gameId: string | undefined,
    readonly playNumber: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      "db/duplicate_play_number",
      `game ${gameId ?? "?"} already has a play number ${playNumber ?? "?"}`,
      options,
    );
  }
}

/** A roster link (or lineup entry) must name exactly one of card_id (PD) and player_id (SBA). */
export class RosterLinkOneIdRequiredError extends DbError {
  constructor(
    readonly which: "both" | "neither" | "unknown",
    options?: { cause?: unknown; subject?: string },
  ) {
    const subject = options?.subject ?? "a roster link";
    const detail =
      which === "both"
        ? "both card_id and player_id are set"
        : which === "neither"
          ? "neither card_id nor player_id is set"
          : "card_id and player_id must not both be set or both be missing";
    super(
      "db/roster_link_one_id_required",
      `${subject} needs exactly one of card_id (PD) or player_id (SBA): ${detail}`,
      options,
    );
  }
}

export class DuplicateRosterCardError extends DbError {
  constructor(
    readonly gameId: string | undefined,
    readonly cardId: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      "db/duplicate_roster_card",
      `card ${cardId ?? "?"} is already on a roster in game ${gameId ?? "?"}`,
      options,
    );
  }
}

export class DuplicateRosterPlayerError extends DbError {
  constructor(
    readonly gameId: string | undefined,
    readonly playerId: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      "db/duplicate_roster_player",
      `player ${playerId ?? "?"} is already on a roster in game ${gameId ?? "?"}`,
      options,
    );
  }
}

export class DuplicateClientActionError extends DbError {
  constructor(
    readonly gameId: string | undefined,
    readonly clientActionId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      "db/duplicate_client_action",
      `game ${gameId ?? "?"} already logged client action ${clientActionId ?? "?"}`,
      options,
    );
  }
}

export class DuplicateCardsetLinkError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("db/duplicate_cardset_link", message, options);
  }
}

/** An action names cards by hash (see card_bodies) and the table has no body for these. */
export class CardBodyMissingError extends DbError {
  constructor(readonly hashes: readonly string[]) {
    super(
      "db/card_body_missing",
      `no stored card body for ${hashes.length === 1 ? "hash" : "hashes"} ${hashes.join(", ")}`,
    );
  }
}

/** A stored card body is not the card its hash names: the row was changed after it was written. */
export class CardBodyMismatchError extends DbError {
  constructor(
    readonly hash: string,
    readonly actualHash: string,
  ) {
    super(
      "db/card_body_mismatch",
      `the card body stored under hash ${hash} hashes to ${actualHash}: it was changed after it was written`,
    );
  }
}

export class UnknownSessionError extends DbError {
  constructor(readonly gameId: string) {
    super("db/unknown_session", `game ${gameId} has no session`);
  }
}

/** The operation does not fit the game's league (e.g. a PD card on an SBA game's roster). */
export class LeagueMismatchError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("db/league_mismatch", message, options);
  }
}

/** An input failed validation before reaching the database. */
export class InvalidInputError extends DbError {
  constructor(
    readonly what: string,
    readonly issues: string[],
  ) {
    super("db/invalid_input", `invalid ${what}: ${issues.join("; ")}`);
  }
}

export class NotFoundError extends DbError {
  constructor(what: string) {
    super("db/not_found", `${what} not found`);
  }
}

/** A row broke a CHECK, UNIQUE, NOT NULL or FOREIGN KEY constraint without a more specific error. */
export class ConstraintViolationError extends DbError {
  constructor(
    code: string,
    readonly constraint: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A query failed for a reason that is not a refusal of the data (connection lost, timeout...). */
export class QueryFailedError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("db/query_failed", `query failed: ${message}`, options);
  }
}

export class DatabaseUnreachableError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("db/unreachable", message, options);
  }
}

export class MigrationFailedError extends DbError {
  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("db/migration_failed", message, options);
  }
}

/** What both pg's DatabaseError and PGlite's DatabaseError carry. */
interface DriverError {
  code: string;
  message: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
}

const SQLSTATE_UNIQUE_VIOLATION = "23505";
const SQLSTATE_FOREIGN_KEY_VIOLATION = "23503";
const SQLSTATE_CHECK_VIOLATION = "23514";
const SQLSTATE_NOT_NULL_VIOLATION = "23502";
const SQLSTATE_INVALID_TEXT = "22P02";

/** Finds the SQLSTATE-bearing error inside drizzle's DrizzleQueryError wrapping (if any). */
export function findDriverError(error: unknown): DriverError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const candidate = current as Partial<DriverError>;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return candidate as DriverError;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Every foreign key constraint (by name) that points at games.id: its violation means "no such game". */
const GAME_FOREIGN_KEYS: ReadonlySet<string> = new Set(
  (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .flatMap((table) => getTableConfig(table).foreignKeys)
    .filter((fk) => fk.reference().foreignTable === schema.games)
    .map((fk) => fk.getName()),
);

/** The plays' (game_id, lineup id) foreign keys. */
const PLAY_LINEUP_FOREIGN_KEYS: ReadonlySet<string> = new Set(
  getTableConfig(schema.plays)
    .foreignKeys.filter((fk) => fk.reference().foreignTable === schema.lineups)
    .map((fk) => fk.getName()),
);

/** Context an operation knows and the driver error may not (ids for the message). */
export interface ErrorContext {
  gameId?: string;
  playNumber?: number;
  cardId?: number;
  playerId?: number;
  clientActionId?: string;
}

/**
 * Maps a driver error to a typed DbError by SQLSTATE and constraint name. Returns the input
 * unchanged when it is not a database error (or is already a DbError).
 */
export function toDbError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof DbError) return error;
  const driver = findDriverError(error);
  if (!driver) {
    // A query that failed without a SQLSTATE: the connection broke, a timeout, a bad parameter.
    if (error instanceof DrizzleQueryError) {
      const reason = error.cause instanceof Error ? error.cause.message : error.message;
      return new QueryFailedError(reason, { cause: error });
    }
    return error;
  }
  const options = { cause: error };
  const constraint = driver.constraint;
  switch (driver.code) {
    case SQLSTATE_UNIQUE_VIOLATION:
      switch (constraint) {
        case "plays_game_play_number_unique":
          return new DuplicatePlayNumberError(context.gameId, context.playNumber, options);
        case "roster_links_game_card_unique":
          return new DuplicateRosterCardError(context.gameId, context.cardId, options);
        case "roster_links_game_player_unique":
          return new DuplicateRosterPlayerError(context.gameId, context.playerId, options);
        case "game_cardset_links_pk":
          return new DuplicateCardsetLinkError(
            `game ${context.gameId ?? "?"} already links that cardset`,
            options,
          );
        case "game_cardset_links_game_priority_unique":
          return new DuplicateCardsetLinkError(
            `game ${context.gameId ?? "?"} already has a cardset at that priority`,
            options,
          );
        case "game_actions_client_action_unique":
          return new DuplicateClientActionError(context.gameId, context.clientActionId, options);
        default:
          return new ConstraintViolationError(
            "db/unique_violation",
            constraint,
            `duplicate value refused by ${constraint ?? "a unique constraint"}${detailOf(driver)}`,
            options,
          );
      }
    case SQLSTATE_CHECK_VIOLATION:
      if (constraint === "roster_link_one_id_required") {
        return new RosterLinkOneIdRequiredError("unknown", options);
      }
      if (constraint === "lineup_one_id_required") {
        return new RosterLinkOneIdRequiredError("unknown", {
          ...options,
          subject: "a lineup entry",
        });
      }
      if (constraint === "game_cardset_links_pd_only") {
        return new LeagueMismatchError("only PD games have cardset links", options);
      }
      return new ConstraintViolationError(
        "db/check_violation",
        constraint,
        `value refused by check ${constraint ?? "(unnamed)"} on ${driver.table ?? "?"}`,
        options,
      );
    case SQLSTATE_FOREIGN_KEY_VIOLATION:
      if (constraint === "game_cardset_links_game_fk") {
        // The composite key (game_id, league_id) fails for an unknown game and for an SBA game.
        return new LeagueMismatchError(
          `game ${context.gameId ?? "?"} does not exist or is not a PD game; only PD games have cardset links`,
          options,
        );
      }
      if (constraint && GAME_FOREIGN_KEYS.has(constraint)) {
        return new UnknownGameError(context.gameId ?? "?", options);
      }
      if (constraint && PLAY_LINEUP_FOREIGN_KEYS.has(constraint)) {
        return new ConstraintViolationError(
          "db/unknown_reference",
          constraint,
          `a play may only name lineup entries of its own game; ${constraint} found none${detailOf(driver)}`,
          options,
        );
      }
      return new ConstraintViolationError(
        "db/unknown_reference",
        constraint,
        `reference refused by ${constraint ?? "a foreign key"}${detailOf(driver)}`,
        options,
      );
    case SQLSTATE_NOT_NULL_VIOLATION:
      return new ConstraintViolationError(
        "db/not_null_violation",
        constraint,
        `${driver.table ?? "?"}.${driver.column ?? "?"} may not be null`,
        options,
      );
    case SQLSTATE_INVALID_TEXT:
      return new InvalidInputError("value", [driver.message]);
    default:
      if (driver.code.startsWith("22")) {
        // Data exceptions: a number out of range, a malformed value...
        return new InvalidInputError("value", [`${driver.message} [SQLSTATE ${driver.code}]`]);
      }
      if (driver.code.startsWith("23")) {
        return new ConstraintViolationError(
          "db/constraint_violation",
          constraint,
          `refused by ${constraint ?? "an integrity constraint"}: ${driver.message}`,
          options,
        );
      }
      return new QueryFailedError(`${driver.message} [SQLSTATE ${driver.code}]`, options);
  }
}

function detailOf(driver: DriverError): string {
  return driver.detail ? ` (${driver.detail})` : "";
}

/** Runs a database call and rethrows any driver error as a typed DbError. */
export async function mapDbErrors<T>(context: ErrorContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toDbError(error, context);
  }
}
