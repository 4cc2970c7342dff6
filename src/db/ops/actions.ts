import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Orm } from "../client.js";
import {
  DbError,
  type ErrorContext,
  findDriverError,
  InvalidInputError,
  mapDbErrors,
  toDbError,
  UnknownGameError,
  VersionConflictError,
} from "../errors.js";
import { type Game, type GameAction, gameActions, type Play } from "../schema/index.js";
import { type GameStatePatch, gameStatePatchSchema, versionSchema, writeGameRow } from "./games.js";
import { insertPlays, type PlayInput } from "./plays.js";
import { type DbHandle, ormOf, parseGameId, parseInput } from "./shared.js";

/**
 * The real-time server's write-through unit: the actions it accepted (appended to the action
 * log), the plays they produced (0..n) and the game row after them, written in ONE
 * transaction and only if the game is still at `expectedVersion`.
 */
export interface ActionUnit {
  gameId: string;
  /** The game version the first action was applied to. */
  expectedVersion: number;
  /** At least one; versions strictly increasing. The game ends at the last one's version. */
  actions: ActionInput[];
  /** Plays produced; `version` defaults to the unit's final version. */
  plays?: (PlayInput & { version?: number })[];
  game?: GameStatePatch;
}

export const actionInputSchema = z
  .object({
    /** The state version this action produced. */
    version: z.int().min(1),
    actor: z.string().min(1),
    kind: z.string().min(1),
    payload: z.json().default({}),
    clientActionId: z.string().min(1).max(200).nullable().default(null),
  })
  .strict();

export type ActionInput = z.input<typeof actionInputSchema>;

export interface CommittedUnit {
  game: Game;
  actions: GameAction[];
  plays: Play[];
}

interface ParsedUnit {
  gameId: string;
  expectedVersion: number;
  finalVersion: number;
  actions: z.output<typeof actionInputSchema>[];
  plays: (PlayInput & { version: number })[];
  game: z.output<typeof gameStatePatchSchema>;
}

function parseUnit(unit: ActionUnit): ParsedUnit {
  const gameId = parseGameId(unit.gameId);
  const expectedVersion = parseInput(versionSchema, unit.expectedVersion, "expected version");
  if (!Array.isArray(unit.actions) || unit.actions.length === 0) {
    throw new InvalidInputError("action unit", ["it needs at least one action"]);
  }
  const actions = unit.actions.map((action, index) =>
    parseInput(actionInputSchema, action, `action #${index + 1}`),
  );
  const issues: string[] = [];
  let previous = expectedVersion;
  for (const [index, action] of actions.entries()) {
    if (action.version <= previous) {
      issues.push(
        `action #${index + 1} has version ${action.version}; versions must rise above ${previous}`,
      );
    }
    previous = action.version;
  }
  const finalVersion = previous;
  const plays = (unit.plays ?? []).map((play, index) => {
    const version = play.version ?? finalVersion;
    if (version <= expectedVersion || version > finalVersion) {
      issues.push(
        `play #${index + 1} has version ${version}, outside this unit's ${expectedVersion + 1}..${finalVersion}`,
      );
    }
    return { ...play, version };
  });
  if (issues.length > 0) throw new InvalidInputError("action unit", issues);
  const game = parseInput(gameStatePatchSchema, unit.game ?? {}, "game state patch");
  return { gameId, expectedVersion, finalVersion, actions, plays, game };
}

function contextOf(unit: ParsedUnit): ErrorContext {
  const clientIds = unit.actions.map((a) => a.clientActionId).filter((id) => id !== null);
  return {
    gameId: unit.gameId,
    playNumber: unit.plays.length === 1 ? unit.plays[0]!.playNumber : undefined,
    clientActionId: clientIds.length > 0 ? clientIds.join(", ") : undefined,
  };
}

/** Writes one unit on the given handle (a transaction or savepoint). */
async function writeUnit(orm: Orm, unit: ParsedUnit): Promise<CommittedUnit> {
  const game = await writeGameRow(
    orm,
    unit.gameId,
    unit.expectedVersion,
    unit.finalVersion,
    unit.game,
    {
      touchLastAction: true,
      actionCount: unit.actions.length,
    },
  );
  const firstSeq = game.lastActionSeq - unit.actions.length + 1;
  const actions = await orm
    .insert(gameActions)
    .values(
      unit.actions.map((action, index) => ({
        ...action,
        gameId: unit.gameId,
        seq: firstSeq + index,
      })),
    )
    .returning();
  const plays = await insertPlays(orm, unit.gameId, unit.plays);
  return { game, actions, plays };
}

/**
 * Commits one write-through unit in one transaction. Throws VersionConflictError,
 * UnknownGameError, DuplicateClientActionError, DuplicatePlayNumberError or another typed
 * error; then nothing of the unit is written.
 */
export async function commitActionUnit(db: DbHandle, unit: ActionUnit): Promise<CommittedUnit> {
  const parsed = parseUnit(unit);
  return mapDbErrors(contextOf(parsed), () => ormOf(db).transaction((tx) => writeUnit(tx, parsed)));
}

export type UnitResult =
  | { gameId: string; ok: true; committed: CommittedUnit }
  | { gameId: string; ok: false; error: DbError };

/**
 * Group commit: writes the units of several games in ONE transaction (one commit, one WAL
 * flush). Semantics:
 * - Results come back in input order, one per unit. Units are written in order, so two units
 *   of the same game chain (the second names the version the first produced).
 * - Each unit is all-or-nothing. A unit refused for its own reasons (invalid input, version
 *   conflict, unknown game, a constraint such as a duplicate play number or client action id)
 *   is reported as `ok: false` with its typed error, and the other units still commit.
 * - Fast path: no savepoints. Version conflicts are detected without a database error, so
 *   they cost nothing. If a statement fails (a constraint), the transaction is rolled back and
 *   the batch is retried with one savepoint per unit, which isolates the failing unit.
 * - Failures of the transaction itself (connection lost, commit refused) throw: no unit of
 *   the batch is committed then.
 */
export async function commitActionUnits(db: DbHandle, units: ActionUnit[]): Promise<UnitResult[]> {
  const results: (UnitResult | undefined)[] = new Array(units.length);
  const valid: { index: number; unit: ParsedUnit }[] = [];
  for (const [index, unit] of units.entries()) {
    try {
      valid.push({ index, unit: parseUnit(unit) });
    } catch (error) {
      if (!(error instanceof DbError)) throw error;
      results[index] = { gameId: String(unit.gameId), ok: false, error };
    }
  }
  const orm = ormOf(db);
  if (valid.length > 0) {
    let written: UnitResult[];
    try {
      written = await orm.transaction(async (tx) => {
        const out: UnitResult[] = [];
        for (const { unit } of valid) {
          out.push(await writeUnitReportingConflicts(tx, unit));
        }
        return out;
      });
    } catch (error) {
      if (!isRowLevelRefusal(error)) throw toDbError(error);
      written = await orm.transaction(async (tx) => {
        const out: UnitResult[] = [];
        for (const { unit } of valid) {
          try {
            const committed = await tx.transaction((savepoint) => writeUnit(savepoint, unit));
            out.push({ gameId: unit.gameId, ok: true, committed });
          } catch (unitError) {
            const mapped = toDbError(unitError, contextOf(unit));
            if (!(mapped instanceof DbError)) throw mapped;
            out.push({ gameId: unit.gameId, ok: false, error: mapped });
          }
        }
        return out;
      });
    }
    for (const [position, { index }] of valid.entries()) results[index] = written[position];
  }
  return results as UnitResult[];
}

async function writeUnitReportingConflicts(orm: Orm, unit: ParsedUnit): Promise<UnitResult> {
  try {
    return { gameId: unit.gameId, ok: true, committed: await writeUnit(orm, unit) };
  } catch (error) {
    // Raised by writeGameRow after a conditional UPDATE matched no row: no database error,
    // the transaction is intact.
    if (error instanceof VersionConflictError || error instanceof UnknownGameError) {
      return { gameId: unit.gameId, ok: false, error };
    }
    throw error;
  }
}

/** A refusal of one row (integrity or data error), as opposed to a failing connection. */
function isRowLevelRefusal(error: unknown): boolean {
  const driver = findDriverError(error);
  return driver !== undefined && (driver.code.startsWith("23") || driver.code.startsWith("22"));
}

/** The game's action log in order, or only the entries after `afterSeq`. */
export async function getActions(
  db: DbHandle,
  gameId: string,
  options: { afterSeq?: number } = {},
): Promise<GameAction[]> {
  const id = parseGameId(gameId);
  const afterSeq =
    options.afterSeq === undefined
      ? undefined
      : parseInput(z.int().min(0), options.afterSeq, "afterSeq");
  return mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .select()
      .from(gameActions)
      .where(
        afterSeq === undefined
          ? eq(gameActions.gameId, id)
          : and(eq(gameActions.gameId, id), gt(gameActions.seq, afterSeq)),
      )
      .orderBy(asc(gameActions.seq)),
  );
}

/** The logged action with this client action id, if any (to answer a retried submission). */
export async function findActionByClientId(
  db: DbHandle,
  gameId: string,
  clientActionId: string,
): Promise<GameAction | undefined> {
  const id = parseGameId(gameId);
  const [action] = await mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .select()
      .from(gameActions)
      .where(and(eq(gameActions.gameId, id), eq(gameActions.clientActionId, clientActionId))),
  );
  return action;
}
