import { and, asc, between, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Orm } from "../client.js";
import {
  CardBodyMissingError,
  DbError,
  type ErrorContext,
  findDriverError,
  InvalidInputError,
  mapDbErrors,
  toDbError,
  UnknownGameError,
  VersionConflictError,
} from "../errors.js";
import { rowsOf } from "../rows.js";
import {
  type Game,
  type GameAction,
  gameActions,
  games,
  LINEUP_POSITIONS,
  lineups,
  type Play,
  plays,
} from "../schema/index.js";
import {
  assertCardBodiesStored,
  type CardBodyInput,
  checkCardBody,
  isCardHash,
  writeCardBodies,
} from "./card-bodies.js";
import {
  GAME_PATCH_SET,
  type GameStatePatch,
  gameStatePatchSchema,
  versionSchema,
} from "./games.js";
import { checkLeague, checkOneId, lineupEntryInputSchema } from "./lineups.js";
import type { PlayInput } from "./plays.js";
import { columnList, recordsetOf, recordsetSource, StatementTemplate } from "./recordset.js";
import {
  assertTeamInGame,
  type DbHandle,
  oneStatement,
  ormOf,
  parseGameId,
  parseInput,
} from "./shared.js";

/**
 * The real-time server's write-through unit: the actions it accepted (appended to the action
 * log), the lineup entries that came in with them (the starters at the start, each substitute),
 * the plays they produced (0..n) and the game row after them, written in ONE transaction and
 * only if the game is still at `expectedVersion`.
 *
 * Lineup references: a play's lineup columns (batterId, pitcherId, ... and the lineupId,
 * responsiblePitcherId of its runners and errors) and an entry's replacingId name lineups.id; a
 * NEGATIVE number -k names the k-th entry of this unit's `lineupEntries`, whose id is not known
 * before the write (a pinch hitter who bats in the same unit).
 */
export interface ActionUnit {
  gameId: string;
  /** The game version the first action was applied to. */
  expectedVersion: number;
  /**
   * At least one; versions strictly increasing. The game ends at the last one's version, unless
   * `finalVersion` says otherwise.
   */
  actions: ActionInput[];
  /**
   * The version the game row ends at, when the caller numbers versions itself (the game service:
   * its start and forfeit actions do not move the engine's version). Then the actions' versions
   * need only not fall.
   */
  finalVersion?: number;
  /** Lineup entries that enter with this unit, in order of entry. */
  lineupEntries?: UnitLineupEntryInput[];
  /**
   * Changes to entries already written (ids > 0): a man who leaves without a replacement
   * (isActive false), a pitcher who takes a batting slot when the DH ends, a position change.
   */
  lineupUpdates?: LineupUpdateInput[];
  /** Plays produced; `version` defaults to the unit's final version. */
  plays?: (PlayInput & { version?: number })[];
  game?: GameStatePatch;
  /**
   * The cards this unit's actions name by hash (a start action's setup; see card_bodies), so a
   * committed action never names a card the table lacks: `cardBodies` are stored in the unit's
   * transaction before its actions (a body already stored stays as it is), and every hash of
   * `cardRefs` must have a body by then, else the unit is refused with CardBodyMissingError.
   */
  cardRefs?: string[];
  /** Bodies to store with the unit: those of `cardRefs` the caller does not know to be stored. */
  cardBodies?: CardBodyInput[];
}

/**
 * Where `value` stops being JSON (a string, a finite number, a boolean, null, an array or a plain
 * object of these), or null when it all is: the same values z.json() takes, checked in one walk.
 * z.json() spends ~70 ms on a start action's setup (~1 MB: both rosters' cards); this ~1 ms.
 */
function notJsonAt(value: unknown): (string | number)[] | null {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : [];
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const where = notJsonAt(value[i]);
          if (where !== null) return [i, ...where];
        }
        return null;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return [];
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const where = notJsonAt((value as Record<string, unknown>)[key]);
        if (where !== null) return [key, ...where];
      }
      return null;
    }
    default:
      return [];
  }
}

/** Any JSON value (see notJsonAt). */
const jsonSchema = z.custom<z.core.util.JSONType>().superRefine((value, ctx) => {
  const where = notJsonAt(value);
  if (where !== null) {
    ctx.addIssue({ code: "custom", path: where, message: "Invalid JSON value" });
  }
});

export const actionInputSchema = z
  .object({
    /** The state version this action produced. */
    version: z.int().min(1),
    actor: z.string().min(1),
    kind: z.string().min(1),
    payload: jsonSchema.default({}),
    clientActionId: z.string().min(1).max(200).nullable().default(null),
    /** When it was accepted (default: now, the commit's time). */
    createdAt: z.date().optional(),
  })
  .strict();

export type ActionInput = z.input<typeof actionInputSchema>;

/** A lineup entry of a unit: its game is the unit's. */
export const unitLineupEntrySchema = lineupEntryInputSchema.omit({ gameId: true });
export type UnitLineupEntryInput = z.input<typeof unitLineupEntrySchema>;
type ParsedLineupEntry = z.output<typeof unitLineupEntrySchema>;

/** A change to an existing lineup entry of the unit's game: only the fields it names change. */
export const lineupUpdateSchema = z
  .object({
    id: z.int().min(1),
    isActive: z.boolean().optional(),
    battingOrder: z.int().min(1).max(9).nullable().optional(),
    position: z.enum(LINEUP_POSITIONS).optional(),
    isFatigued: z.boolean().optional(),
  })
  .strict();
export type LineupUpdateInput = z.input<typeof lineupUpdateSchema>;
type ParsedLineupUpdate = z.output<typeof lineupUpdateSchema>;

/** What a committed unit wrote, read back. */
export interface CommittedUnit {
  game: Game;
  actions: GameAction[];
  plays: Play[];
  /** The ids the unit's lineup entries got, in the order given. */
  lineupIds: number[];
}

/** What a committed unit wrote, without reading the rows back (the server's hot path). */
export interface UnitReceipt {
  version: number;
  lastActionSeq: number;
  /** The ids the unit's lineup entries got, in the order given. */
  lineupIds: number[];
}

export type UnitResult<T = CommittedUnit> =
  | { gameId: string; ok: true; committed: T }
  | { gameId: string; ok: false; error: DbError };

interface ParsedUnit {
  gameId: string;
  expectedVersion: number;
  finalVersion: number;
  actions: z.output<typeof actionInputSchema>[];
  lineupEntries: ParsedLineupEntry[];
  lineupUpdates: ParsedLineupUpdate[];
  plays: (PlayInput & { version: number })[];
  game: z.output<typeof gameStatePatchSchema>;
  cardRefs: string[];
  cardBodies: CardBodyInput[];
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
  const explicit =
    unit.finalVersion === undefined
      ? undefined
      : parseInput(versionSchema, unit.finalVersion, "final version");
  let previous = explicit === undefined ? expectedVersion : 0;
  for (const [index, action] of actions.entries()) {
    const falls = explicit === undefined ? action.version <= previous : action.version < previous;
    if (falls) {
      issues.push(
        `action #${index + 1} has version ${action.version}; versions must rise above ${previous}`,
      );
    }
    previous = action.version;
  }
  if (explicit !== undefined && explicit < expectedVersion) {
    issues.push(`the final version ${explicit} is below the expected ${expectedVersion}`);
  }
  const finalVersion = explicit ?? previous;
  const lineupEntries = (unit.lineupEntries ?? []).map((entry, index) => {
    const parsed = parseInput(unitLineupEntrySchema, entry, `lineup entry #${index + 1}`);
    const replacing = parsed.replacingId;
    if (replacing !== null && replacing < 0 && -replacing > index) {
      issues.push(
        `lineup entry #${index + 1} replaces ${replacing}: a unit's own entry (-k) must come before it`,
      );
    }
    return parsed;
  });
  const updated = new Set<number>();
  const lineupUpdates = (unit.lineupUpdates ?? []).map((update, index) => {
    const parsed = parseInput(lineupUpdateSchema, update, `lineup update #${index + 1}`);
    if (updated.has(parsed.id)) {
      issues.push(`lineup update #${index + 1} names entry ${parsed.id} a second time`);
    }
    updated.add(parsed.id);
    return parsed;
  });
  const plays = (unit.plays ?? []).map((play, index) => {
    const version = play.version ?? finalVersion;
    if (version <= expectedVersion || version > finalVersion) {
      issues.push(
        `play #${index + 1} has version ${version}, outside this unit's ${expectedVersion + 1}..${finalVersion}`,
      );
    }
    for (const column of PLAY_LINEUP_COLUMNS) {
      const ref = play[column];
      if (typeof ref === "number" && ref < 0 && -ref > lineupEntries.length) {
        issues.push(
          `play #${index + 1} names ${column} ${ref}, but the unit adds only ${lineupEntries.length} entries`,
        );
      }
    }
    return { ...play, version };
  });
  const cardBodies = unit.cardBodies ?? [];
  cardBodies.forEach((body, index) => {
    checkCardBody(body, `card body #${index + 1}`);
  });
  const cardRefs = unit.cardRefs ?? [];
  for (const hash of cardRefs) {
    if (!isCardHash(hash)) issues.push(`card reference ${String(hash)} is not a sha256 in hex`);
  }
  if (issues.length > 0) throw new InvalidInputError("action unit", issues);
  const game = parseInput(gameStatePatchSchema, unit.game ?? {}, "game state patch");
  return {
    gameId,
    expectedVersion,
    finalVersion,
    actions,
    lineupEntries,
    lineupUpdates,
    plays,
    game,
    cardRefs,
    cardBodies,
  };
}

function contextOf(unit: ParsedUnit): ErrorContext {
  const clientIds = unit.actions.map((a) => a.clientActionId).filter((id) => id !== null);
  return {
    gameId: unit.gameId,
    playNumber: unit.plays.length === 1 ? unit.plays[0]!.playNumber : undefined,
    clientActionId: clientIds.length > 0 ? clientIds.join(", ") : undefined,
  };
}

/**
 * Commits one write-through unit in one transaction. Throws VersionConflictError,
 * UnknownGameError, DuplicateClientActionError, DuplicatePlayNumberError or another typed
 * error; then nothing of the unit is written.
 */
export async function commitActionUnit(db: DbHandle, unit: ActionUnit): Promise<CommittedUnit> {
  const [result] = await commitActionUnits(db, [unit]);
  if (!result) throw new DbError("db/insert_failed", "the unit was not written");
  if (!result.ok) throw result.error;
  return result.committed;
}

/**
 * Group commit: writes the units of many games in ONE commit (one WAL flush).
 * - The common batch, one unit per game and no lineup changes or cards, is ONE statement sent alone, so
 *   one round trip (see unitsStatement): the version-checked UPDATE of every game row, the
 *   INSERT of every action log row (seq allocated from games.last_action_seq) and of every
 *   play, each a data-modifying WITH over one jsonb parameter. A unit whose game row did not
 *   match (a conflict, an unknown game) writes nothing.
 * - Otherwise the batch is one transaction of rounds, each round one unit per game: the units
 *   without lineup changes or cards in that one statement, the others in constant-count steps:
 *   1. one UPDATE games ... FROM (VALUES ...) WHERE version = expected;
 *   2. when units name cards (a start): one INSERT of the card bodies they bring (on conflict do
 *      nothing), one SELECT ... FOR KEY SHARE that the others are stored (CardBodyMissingError);
 *   3. when units bring lineup entries: one SELECT nextval (their ids, so plays and later
 *      entries of the same unit can name them), one UPDATE making the replaced entries
 *      inactive, one INSERT of the entries; when units change entries already written
 *      (lineupUpdates), at most two UPDATEs before that INSERT (those who leave, then the rest);
 *   4. one INSERT of every action log row;
 *   5. one INSERT of every play row (in chunks of PLAY_ROWS_PER_INSERT).
 * - With `readBack` (the default), one SELECT per table for the rows written, after the commit.
 * Semantics:
 * - Results come back in input order, one per unit. Two units of the same game chain (the
 *   second names the version the first produced): they go in successive rounds of the same
 *   transaction, each round one unit per game.
 * - Each unit is all-or-nothing. A unit refused for its own reasons (invalid input, version
 *   conflict, unknown game, a constraint such as a duplicate play number or client action id)
 *   is reported as `ok: false` with its typed error, and the other units still commit.
 * - Version conflicts cost nothing (no database error). If a statement fails (a constraint),
 *   nothing of the batch is written, and it is retried in one transaction with one savepoint
 *   per unit, which isolates the failing unit.
 * - Failures of the write itself (connection lost, commit refused) throw: no unit of the
 *   batch is committed then.
 */
export function commitActionUnits(db: DbHandle, units: ActionUnit[]): Promise<UnitResult[]>;
export function commitActionUnits(
  db: DbHandle,
  units: readonly ActionUnit[],
  options: { readBack: false },
): Promise<UnitResult<UnitReceipt>[]>;
export async function commitActionUnits(
  db: DbHandle,
  units: readonly ActionUnit[],
  options: { readBack?: boolean } = {},
): Promise<UnitResult<CommittedUnit | UnitReceipt>[]> {
  const readBack = options.readBack ?? true;
  const results: (UnitResult<CommittedUnit | UnitReceipt> | undefined)[] = new Array(units.length);
  const valid: { index: number; unit: ParsedUnit }[] = [];
  for (const [index, unit] of units.entries()) {
    try {
      valid.push({ index, unit: parseUnit(unit) });
    } catch (error) {
      if (!(error instanceof DbError)) throw error;
      results[index] = { gameId: String(unit.gameId), ok: false, error };
    }
  }
  if (valid.length === 0) return results as UnitResult[];
  const orm = ormOf(db);
  const parsed = valid.map((v) => v.unit);
  let written: Outcome[];
  try {
    written = await writeUnits(orm, parsed);
  } catch (error) {
    if (!(error instanceof UnitRefused) && !isRowLevelRefusal(error)) throw toDbError(error);
    written = await orm.transaction(async (tx) => {
      const outcomes: Outcome[] = [];
      for (const unit of parsed) {
        try {
          const [outcome] = await tx.transaction((savepoint) => writeRound(savepoint, [unit]));
          outcomes.push(outcome!);
        } catch (unitError) {
          const mapped =
            unitError instanceof UnitRefused
              ? unitError.error
              : toDbError(unitError, contextOf(unit));
          if (!(mapped instanceof DbError)) throw mapped;
          outcomes.push(mapped);
        }
      }
      return outcomes;
    });
  }
  const rows = readBack ? await readBackRows(orm, parsed, written) : null;
  for (const [position, { index, unit }] of valid.entries()) {
    const outcome = written[position]!;
    results[index] =
      outcome instanceof DbError
        ? { gameId: unit.gameId, ok: false, error: outcome }
        : {
            gameId: unit.gameId,
            ok: true,
            committed: rows ? rows(unit, outcome) : outcome,
          };
  }
  return results as UnitResult<CommittedUnit | UnitReceipt>[];
}

/** A unit's outcome inside the transaction: written (its receipt) or refused. */
type Outcome = UnitReceipt | DbError;

/** A unit that must not be written (its lineup entries are wrong): rolls the batch back. */
class UnitRefused extends Error {
  constructor(readonly error: DbError) {
    super(error.message);
  }
}

/** Unit indexes in rounds: each round holds at most one unit per game, in input order. */
function roundsOf(units: readonly ParsedUnit[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  units.forEach((unit, index) => {
    const round = seen.get(unit.gameId) ?? 0;
    seen.set(unit.gameId, round + 1);
    const members = rounds[round] ?? [];
    members.push(index);
    rounds[round] = members;
  });
  return rounds;
}

/** Plays per INSERT statement (PostgreSQL takes at most 65,535 parameters per statement). */
const PLAY_ROWS_PER_INSERT = 500;

/** Columns of plays that name a lineup entry. */
const PLAY_LINEUP_COLUMNS = [
  "batterId",
  "pitcherId",
  "catcherId",
  "defenderId",
  "runnerId",
  "onFirstId",
  "onSecondId",
  "onThirdId",
] as const satisfies readonly (keyof PlayInput)[];

interface WrittenGame {
  id: string;
  version: number;
  last_action_seq: number;
  league_id: Game["leagueId"];
  home_team_id: number;
  away_team_id: number;
}

/**
 * Writes the batch in as few round trips as it allows. One round of units that bring no lineup
 * changes (nearly every action) is ONE statement, sent alone: PostgreSQL runs it as its own
 * transaction, so the batch costs one round trip and one commit. Otherwise (a game with two
 * units in the batch, a substitution) the rounds go in one transaction.
 */
async function writeUnits(orm: Orm, units: readonly ParsedUnit[]): Promise<Outcome[]> {
  const rounds = roundsOf(units);
  if (rounds.length === 1 && units.every(fitsOneStatement)) {
    const statement = unitsStatement(units);
    if (statement !== undefined) {
      return oneStatement(orm, (orm) => runUnitsStatement(orm, units, statement));
    }
  }
  return orm.transaction(async (tx) => {
    const outcomes: Outcome[] = new Array(units.length);
    for (const round of rounds) {
      const roundOutcomes = await writeRound(
        tx,
        round.map((i) => units[i]!),
      );
      round.forEach((i, k) => {
        outcomes[i] = roundOutcomes[k]!;
      });
    }
    return outcomes;
  });
}

/**
 * Writes one round (at most one unit per game): the units without lineup changes in one
 * statement, the others in the steps of writeRoundInSteps.
 */
async function writeRound(orm: Orm, units: readonly ParsedUnit[]): Promise<Outcome[]> {
  const plain = units.filter(fitsOneStatement);
  const statement = plain.length > 0 ? unitsStatement(plain) : undefined;
  if (statement === undefined) return writeRoundInSteps(orm, units);
  const rest = units.filter((unit) => !fitsOneStatement(unit));
  const plainOutcomes = await runUnitsStatement(orm, plain, statement);
  const restOutcomes = rest.length > 0 ? await writeRoundInSteps(orm, rest) : [];
  const outcomeOf = new Map<ParsedUnit, Outcome>();
  plain.forEach((unit, i) => {
    outcomeOf.set(unit, plainOutcomes[i]!);
  });
  rest.forEach((unit, i) => {
    outcomeOf.set(unit, restOutcomes[i]!);
  });
  return units.map((unit) => outcomeOf.get(unit)!);
}

/**
 * Lineup changes stay out of the one-statement write: the sub-statements of a WITH run in no
 * guaranteed order, and the partial unique index on active batting slots is checked row by
 * row, so the entry that leaves a slot must be written before the one that takes it. So do
 * card bodies (a start), whose presence is checked before the actions that name them go in.
 */
function fitsOneStatement(unit: ParsedUnit): boolean {
  return (
    unit.lineupEntries.length === 0 &&
    unit.lineupUpdates.length === 0 &&
    unit.cardRefs.length === 0 &&
    unit.cardBodies.length === 0
  );
}

/** Keys of the action and play records that tie a row to its unit (not table columns). */
const UNIT_KEY = "#unit";
const ORDINAL_KEY = "#ordinal";

/**
 * One round of units without lineup changes (one unit per game) as ONE statement whose text
 * depends only on which columns the rows name, never on their number:
 *   - `v`: the units (jsonb_to_recordset of one parameter);
 *   - `written`: the conditional UPDATE of their games rows, `version = expected` (the version
 *     check, which also locks the row);
 *   - `logged` and `played`: the INSERTs of the action log rows and the plays, joined to
 *     `written`, so a unit whose game row did not match writes nothing;
 *   - the result: per unit, the version and last seq written, or the version the game was at
 *     (null when there is no such game).
 * Data-modifying sub-statements of a WITH all see the snapshot taken before the statement, so
 * `current_version` is the game's version before it. Undefined when the rows cannot be sent as
 * recordsets (see recordsetOf).
 */
function unitsStatement(
  units: readonly ParsedUnit[],
): ((orm: Orm) => Promise<unknown>) | undefined {
  // Each row's unit (its index in the batch), and each action's ordinal within its unit.
  const actionUnits: number[] = [];
  const actionOrdinals: number[] = [];
  const playUnits: number[] = [];
  units.forEach((unit, u) => {
    for (let k = 1; k <= unit.actions.length; k++) {
      actionUnits.push(u);
      actionOrdinals.push(k);
    }
    for (let k = 0; k < unit.plays.length; k++) playUnits.push(u);
  });
  const actions = recordsetOf(
    gameActions,
    units.flatMap((unit) => unit.actions),
    ["gameId", "seq"],
    { [UNIT_KEY]: actionUnits, [ORDINAL_KEY]: actionOrdinals },
  );
  const playRows = recordsetOf(
    plays,
    units.flatMap((unit) => unit.plays),
    ["gameId"],
    { [UNIT_KEY]: playUnits },
  );
  if (actions === undefined || playRows === undefined) return undefined;
  const unitRecords = units.map((unit, u) => ({
    unit: u,
    id: unit.gameId,
    expected: unit.expectedVersion,
    final_version: unit.finalVersion,
    action_count: unit.actions.length,
    patch: unit.game,
  }));
  const values = [JSON.stringify(unitRecords), actions.json, playRows.json];
  const key = `${actions.names}|${playRows.names}`;
  return (orm) =>
    UNITS_STATEMENT.run(orm, key, values, ([unitValues, actionValues, playValues]) => {
      const unitKey = sql.identifier(UNIT_KEY);
      return sql`with v as (
          select * from jsonb_to_recordset(${unitValues}::jsonb)
            as v(unit int, id uuid, expected int, final_version int, action_count int, patch jsonb)
        ), written as (
          update ${games} as g set
            "version" = v.final_version,
            "last_action_seq" = g."last_action_seq" + v.action_count,
            ${GAME_PATCH_SET}
          from v
          where g."id" = v.id and g."version" = v.expected
          returning v.unit, g."id", g."version", g."last_action_seq", v.action_count
        ), logged as (
          insert into ${gameActions} ("game_id", "seq", ${columnList(actions)})
          select w."id", w."last_action_seq" - w.action_count + a.${sql.identifier(ORDINAL_KEY)},
            ${columnList(actions, "a")}
          from written w
          join ${recordsetSource(actions, "a", actionValues!, [
            [UNIT_KEY, "int"],
            [ORDINAL_KEY, "int"],
          ])} on a.${unitKey} = w.unit
        ), played as (
          insert into ${plays} ("game_id", ${columnList(playRows)})
          select w."id", ${columnList(playRows, "p")}
          from written w
          join ${recordsetSource(playRows, "p", playValues!, [[UNIT_KEY, "int"]])}
            on p.${unitKey} = w.unit
        )
        select v.unit, w."version", w."last_action_seq", c."version" as current_version
        from v
        left join written w on w.unit = v.unit
        left join ${games} c on c."id" = v.id
        order by v.unit`;
    });
}

/** The text of unitsStatement, rendered once per shape. */
const UNITS_STATEMENT = new StatementTemplate("dugout_units");

/** Runs a statement of unitsStatement: one round trip, then the outcome of each unit. */
async function runUnitsStatement(
  orm: Orm,
  units: readonly ParsedUnit[],
  statement: (orm: Orm) => Promise<unknown>,
): Promise<Outcome[]> {
  const rows = rowsOf<{
    unit: number;
    version: number | null;
    last_action_seq: number | null;
    current_version: number | null;
  }>(await statement(orm));
  const outcomes: Outcome[] = new Array(units.length);
  const raced: number[] = [];
  for (const row of rows) {
    const unit = units[row.unit]!;
    if (row.version !== null && row.last_action_seq !== null) {
      outcomes[row.unit] = {
        version: row.version,
        lastActionSeq: row.last_action_seq,
        lineupIds: [],
      };
    } else if (row.current_version === null) {
      outcomes[row.unit] = new UnknownGameError(unit.gameId);
    } else if (row.current_version !== unit.expectedVersion) {
      outcomes[row.unit] = new VersionConflictError(
        unit.gameId,
        unit.expectedVersion,
        row.current_version,
      );
    } else {
      // The game was at the expected version when the statement began, and another writer moved
      // it before the UPDATE reached it: its version now comes from a fresh read.
      raced.push(row.unit);
    }
  }
  if (raced.length > 0) {
    const current = await orm
      .select({ id: games.id, version: games.version })
      .from(games)
      .where(
        inArray(
          games.id,
          raced.map((u) => units[u]!.gameId),
        ),
      );
    const versionOf = new Map(current.map((row) => [row.id, row.version]));
    for (const u of raced) {
      const unit = units[u]!;
      const version = versionOf.get(unit.gameId);
      outcomes[u] =
        version === undefined
          ? new UnknownGameError(unit.gameId)
          : new VersionConflictError(unit.gameId, unit.expectedVersion, version);
    }
  }
  return outcomes;
}

/**
 * Writes one round (at most one unit per game) in the steps listed at commitActionUnits: the
 * path of units that bring lineup changes.
 */
async function writeRoundInSteps(orm: Orm, units: readonly ParsedUnit[]): Promise<Outcome[]> {
  // 1. The version check and the game rows, all at once.
  const updated = rowsOf<WrittenGame>(
    await orm.execute(sql`update ${games} as g set
        "version" = v.final_version,
        "last_action_seq" = g."last_action_seq" + v.action_count,
        ${GAME_PATCH_SET}
      from (values ${sql.join(
        units.map(
          (u) =>
            sql`(${u.gameId}::uuid, ${u.expectedVersion}::int, ${u.finalVersion}::int, ${u.actions.length}::int, ${JSON.stringify(u.game)}::jsonb)`,
        ),
        sql`, `,
      )}) as v(id, expected, final_version, action_count, patch)
      where g."id" = v.id and g."version" = v.expected
      returning g."id", g."version", g."last_action_seq", g."league_id", g."home_team_id", g."away_team_id"`),
  );
  const rowOf = new Map(updated.map((row) => [row.id, row]));
  const outcomes: Outcome[] = new Array(units.length);
  const missed = units.filter((u) => !rowOf.has(u.gameId)).map((u) => u.gameId);
  const versionOf = new Map<string, number>();
  if (missed.length > 0) {
    const found = await orm
      .select({ id: games.id, version: games.version })
      .from(games)
      .where(inArray(games.id, missed));
    for (const row of found) versionOf.set(row.id, row.version);
  }
  const written: { unit: ParsedUnit; row: WrittenGame; lineupIds: number[] }[] = [];
  units.forEach((unit, i) => {
    const row = rowOf.get(unit.gameId);
    if (row !== undefined) {
      written.push({ unit, row, lineupIds: [] });
      outcomes[i] = { version: row.version, lastActionSeq: row.last_action_seq, lineupIds: [] };
      return;
    }
    const current = versionOf.get(unit.gameId);
    outcomes[i] =
      current === undefined
        ? new UnknownGameError(unit.gameId)
        : new VersionConflictError(unit.gameId, unit.expectedVersion, current);
  });
  if (written.length === 0) return outcomes;

  // 2. The cards the actions name, stored (or found stored) before the actions go in.
  await writeUnitCards(
    orm,
    written.map((w) => w.unit),
  );

  // 3. Lineup entries: ids first, so everything in the round can name them.
  await writeLineupEntries(orm, written);
  units.forEach((unit, i) => {
    const w = written.find((x) => x.unit === unit);
    if (w !== undefined) (outcomes[i] as UnitReceipt).lineupIds = w.lineupIds;
  });

  // 4. The action log.
  await insertRows(
    orm,
    gameActions,
    written.flatMap(({ unit, row }) => {
      const firstSeq = row.last_action_seq - unit.actions.length + 1;
      return unit.actions.map((action, index) => ({
        ...action,
        gameId: unit.gameId,
        seq: firstSeq + index,
      }));
    }),
  );

  // 5. The plays, their unit-local lineup references resolved.
  const playRows = written.flatMap(({ unit, lineupIds }) =>
    unit.plays.map((play) => resolvePlay(unit.gameId, play, lineupIds)),
  );
  for (let start = 0; start < playRows.length; start += PLAY_ROWS_PER_INSERT) {
    await insertRows(orm, plays, playRows.slice(start, start + PLAY_ROWS_PER_INSERT));
  }
  return outcomes;
}

/**
 * The card bodies the units bring, in one statement, then the presence of every other card they
 * name, in one more (none when they bring every card they name). A unit naming a card with no
 * body is refused on its own (UnitRefused: the batch is retried unit by unit).
 */
async function writeUnitCards(orm: Orm, units: readonly ParsedUnit[]): Promise<void> {
  const bodies = units.flatMap((unit) => unit.cardBodies);
  await writeCardBodies(orm, bodies);
  const brought = new Set(bodies.map((body) => body.hash));
  const elsewhere = units.flatMap((unit) => unit.cardRefs.filter((hash) => !brought.has(hash)));
  try {
    await assertCardBodiesStored(orm, elsewhere);
  } catch (error) {
    if (!(error instanceof CardBodyMissingError)) throw error;
    const missing = new Set(error.hashes);
    const unit = units.find((u) => u.cardRefs.some((hash) => missing.has(hash)))!;
    throw new UnitRefused(
      new CardBodyMissingError(unit.cardRefs.filter((hash) => missing.has(hash))),
    );
  }
}

/** Inserts rows as one jsonb parameter (see recordsetOf), else through drizzle's insert. */
async function insertRows<T extends PgTable>(
  orm: Orm,
  table: T,
  rows: readonly T["$inferInsert"][],
): Promise<void> {
  if (rows.length === 0) return;
  const set = recordsetOf(table, rows);
  if (set === undefined) return void (await orm.insert(table).values(rows as never));
  await orm.execute(
    sql`insert into ${table} (${columnList(set)}) select ${columnList(set)} from ${recordsetSource(set, "r", sql`${set.json}`)}`,
  );
}

async function writeLineupEntries(
  orm: Orm,
  written: { unit: ParsedUnit; row: WrittenGame; lineupIds: number[] }[],
): Promise<void> {
  const withEntries = written.filter((w) => w.unit.lineupEntries.length > 0);
  const count = withEntries.reduce((n, w) => n + w.unit.lineupEntries.length, 0);
  if (count === 0) {
    await updateLineupEntries(orm, written);
    return;
  }
  for (const { unit, row } of withEntries) {
    const identity = {
      id: unit.gameId,
      leagueId: row.league_id,
      homeTeamId: row.home_team_id,
      awayTeamId: row.away_team_id,
    };
    try {
      for (const entry of unit.lineupEntries) {
        checkOneId(entry);
        assertTeamInGame(identity, entry.teamId);
        checkLeague(identity, entry);
      }
    } catch (error) {
      throw new UnitRefused(error as DbError);
    }
  }
  const ids = rowsOf<{ id: number }>(
    await orm.execute(
      sql`select nextval(pg_get_serial_sequence('lineups', 'id'))::int as id from generate_series(1, ${count}::int)`,
    ),
  ).map((r) => r.id);
  let next = 0;
  for (const w of withEntries) {
    w.lineupIds = w.unit.lineupEntries.map(() => ids[next++]!);
  }

  // Entries replaced by a later entry of the same unit go in inactive; earlier ones are retired.
  const retired: { gameId: string; id: number; unit: ParsedUnit }[] = [];
  const rows = withEntries.flatMap(({ unit, lineupIds }) => {
    const replacedHere = new Set<number>();
    const resolved = unit.lineupEntries.map((entry) => {
      const replacing = entry.replacingId;
      if (replacing === null) return null;
      if (replacing < 0) {
        replacedHere.add(-replacing - 1);
        return lineupIds[-replacing - 1]!;
      }
      retired.push({ gameId: unit.gameId, id: replacing, unit });
      return replacing;
    });
    return unit.lineupEntries.map((entry, k) => ({
      ...entry,
      id: lineupIds[k]!,
      gameId: unit.gameId,
      replacingId: resolved[k]!,
      isActive: entry.isActive && !replacedHere.has(k),
    }));
  });
  if (retired.length > 0) {
    const done = rowsOf<{ game_id: string; id: number }>(
      await orm.execute(sql`update ${lineups} as l set "is_active" = false
        from (values ${sql.join(
          retired.map((r) => sql`(${r.gameId}::uuid, ${r.id}::int)`),
          sql`, `,
        )}) as v(game_id, id)
        where l."game_id" = v.game_id and l."id" = v.id and l."is_active"
        returning l."game_id", l."id"`),
    );
    const hit = new Set(done.map((r) => `${r.game_id}/${r.id}`));
    const miss = retired.find((r) => !hit.has(`${r.gameId}/${r.id}`));
    if (miss !== undefined) {
      throw new UnitRefused(
        new InvalidInputError("lineup entry", [
          `replacingId ${miss.id} is not an active entry of game ${miss.gameId}`,
        ]),
      );
    }
  }
  // Before the insert: a new entry may take a slot an update frees.
  await updateLineupEntries(orm, written);
  await orm.insert(lineups).overridingSystemValue().values(rows);
}

/**
 * The units' changes to entries already written, as at most two UPDATEs whatever the batch
 * size: first the entries that leave (so the slot they free is free), then the others (a
 * pitcher who takes the slot of the man who left when the DH ends). The active batting order
 * index is checked row by row, so the two cannot share one statement. An id that is not an
 * entry of the unit's game refuses the unit.
 */
async function updateLineupEntries(
  orm: Orm,
  written: readonly { unit: ParsedUnit }[],
): Promise<void> {
  const updates = written.flatMap(({ unit }) =>
    unit.lineupUpdates.map((update) => ({ gameId: unit.gameId, update })),
  );
  if (updates.length === 0) return;
  const leaving = updates.filter((u) => u.update.isActive === false);
  const staying = updates.filter((u) => u.update.isActive !== false);
  for (const batch of [leaving, staying]) {
    if (batch.length === 0) continue;
    const values = batch.map(({ gameId, update }) => ({
      game_id: gameId,
      id: update.id,
      is_active: update.isActive ?? null,
      sets_order: update.battingOrder !== undefined,
      batting_order: update.battingOrder ?? null,
      position: update.position ?? null,
      is_fatigued: update.isFatigued ?? null,
    }));
    const done = rowsOf<{ game_id: string; id: number }>(
      await orm.execute(sql`update ${lineups} as l set
          "is_active" = coalesce(v.is_active, l."is_active"),
          "batting_order" = case when v.sets_order then v.batting_order else l."batting_order" end,
          "position" = coalesce(v.position, l."position"),
          "is_fatigued" = coalesce(v.is_fatigued, l."is_fatigued")
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(game_id uuid, id int,
          is_active boolean, sets_order boolean, batting_order int, position text, is_fatigued boolean)
        where l."game_id" = v.game_id and l."id" = v.id
        returning l."game_id", l."id"`),
    );
    const hit = new Set(done.map((r) => `${r.game_id}/${r.id}`));
    const miss = batch.find((u) => !hit.has(`${u.gameId}/${u.update.id}`));
    if (miss !== undefined) {
      throw new UnitRefused(
        new InvalidInputError("lineup update", [
          `entry ${miss.update.id} is not a lineup entry of game ${miss.gameId}`,
        ]),
      );
    }
  }
}

/** A play row with its unit-local (negative) lineup references replaced by lineup ids. */
function resolvePlay(
  gameId: string,
  play: PlayInput & { version: number },
  lineupIds: readonly number[],
): PlayInput & { version: number; gameId: string } {
  const idOf = (ref: number) => (ref < 0 ? lineupIds[-ref - 1]! : ref);
  const row: PlayInput & { version: number; gameId: string } = { ...play, gameId };
  if (lineupIds.length === 0) return row;
  for (const column of PLAY_LINEUP_COLUMNS) {
    const ref = play[column];
    if (typeof ref === "number") row[column] = idOf(ref);
  }
  if (play.runners) {
    row.runners = play.runners.map((m) => ({
      ...m,
      lineupId: idOf(m.lineupId),
      responsiblePitcherId: idOf(m.responsiblePitcherId),
    }));
  }
  if (play.errors) row.errors = play.errors.map((e) => ({ ...e, lineupId: idOf(e.lineupId) }));
  return row;
}

/** After the commit: the rows each written unit produced (for callers that want them). */
async function readBackRows(
  orm: Orm,
  units: readonly ParsedUnit[],
  outcomes: readonly Outcome[],
): Promise<(unit: ParsedUnit, receipt: UnitReceipt) => CommittedUnit> {
  const gameIds = [
    ...new Set(units.filter((_, i) => !(outcomes[i] instanceof DbError)).map((u) => u.gameId)),
  ];
  if (gameIds.length === 0) return () => assertNever();
  // Only the rows the units wrote (a game's earlier history can run to thousands of rows), by
  // the primary key and the play number index.
  const writtenUnits = units.filter((_, i) => !(outcomes[i] instanceof DbError));
  const actionRanges = units.flatMap((unit, i) => {
    const outcome = outcomes[i]!;
    if (outcome instanceof DbError) return [];
    const last = outcome.lastActionSeq;
    return [
      and(
        eq(gameActions.gameId, unit.gameId),
        between(gameActions.seq, last - unit.actions.length + 1, last),
      ),
    ];
  });
  const playNumbers = writtenUnits
    .filter((unit) => unit.plays.length > 0)
    .map((unit) =>
      and(
        eq(plays.gameId, unit.gameId),
        inArray(
          plays.playNumber,
          unit.plays.map((play) => play.playNumber),
        ),
      ),
    );
  const [gameRows, actionRows, playRows] = await Promise.all([
    orm.select().from(games).where(inArray(games.id, gameIds)),
    orm
      .select()
      .from(gameActions)
      .where(or(...actionRanges))
      .orderBy(asc(gameActions.seq)),
    playNumbers.length === 0
      ? []
      : orm
          .select()
          .from(plays)
          .where(or(...playNumbers))
          .orderBy(asc(plays.playNumber)),
  ]);
  const gameOf = new Map(gameRows.map((g) => [g.id, g]));
  return (unit, receipt) => {
    const firstSeq = receipt.lastActionSeq - unit.actions.length + 1;
    const numbers = new Set(unit.plays.map((p) => p.playNumber));
    return {
      game: {
        ...gameOf.get(unit.gameId)!,
        version: receipt.version,
        lastActionSeq: receipt.lastActionSeq,
      },
      actions: actionRows.filter(
        (a) => a.gameId === unit.gameId && a.seq >= firstSeq && a.seq <= receipt.lastActionSeq,
      ),
      plays: playRows.filter((p) => p.gameId === unit.gameId && numbers.has(p.playNumber)),
      lineupIds: receipt.lineupIds,
    };
  };
}

function assertNever(): never {
  throw new Error("no unit was written");
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
