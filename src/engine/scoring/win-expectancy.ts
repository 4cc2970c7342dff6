import type { OnBaseCode } from "../bases.js";
import type { Half, PlayRecord } from "../play-record.js";
import type { LeagueRules } from "../rules.js";
import { OUTS_PER_HALF_INNING, replay } from "./replay.js";
import { re24, round } from "./run-expectancy.js";
import { WIN_EXPECTANCY_TABLE, type WinExpectancyTable } from "./win-expectancy-table.js";

export {
  parseWinExpectancyTable,
  WIN_EXPECTANCY_TABLE,
  type WinExpectancyTable,
  WinExpectancyTableSchema,
} from "./win-expectancy-table.js";

/**
 * Win expectancy: the home team's chance of winning from a game state, read from a table our
 * own simulator produced (win-expectancy-table.ts). Every function reads the committed table
 * unless it is handed another one.
 */

/** A state between plays. */
export interface GameSituation {
  readonly inning: number;
  readonly half: Half;
  readonly outs: number;
  readonly onBaseCode: OnBaseCode;
  /** Home runs minus away runs. */
  readonly scoreDiff: number;
}

export interface WinExpectancyOptions {
  /** Innings in a regulation game (the table's innings, 9). */
  readonly scheduledInnings?: number;
  /**
   * Extra innings start with a runner on second (the league rule): the state after the third
   * out of a half-inning going into extras has on_base_code 2. Default false.
   */
  readonly extraInningRunnerOnSecond?: boolean;
}

/**
 * The home team's win probability from a situation, from the committed table or the one given.
 * A state in which the game is already over (home ahead in the bottom of the last inning or
 * later) reads 1.
 */
export function winExpectancy(situation: GameSituation, options?: WinExpectancyOptions): number;
export function winExpectancy(
  table: WinExpectancyTable,
  situation: GameSituation,
  options?: WinExpectancyOptions,
): number;
export function winExpectancy(
  first: WinExpectancyTable | GameSituation,
  second?: GameSituation | WinExpectancyOptions,
  third?: WinExpectancyOptions,
): number {
  return isTable(first)
    ? lookUp(first, second as GameSituation, third ?? {})
    : lookUp(WIN_EXPECTANCY_TABLE, first, (second as WinExpectancyOptions | undefined) ?? {});
}

function isTable(value: WinExpectancyTable | GameSituation): value is WinExpectancyTable {
  return "home" in value;
}

function lookUp(
  table: WinExpectancyTable,
  situation: GameSituation,
  options: WinExpectancyOptions,
): number {
  const { inning, half, outs, onBaseCode, scoreDiff } = situation;
  const scheduled = options.scheduledInnings ?? table.innings;
  return cell(cellsOf(table), scheduled, inning, half === "bottom", outs, onBaseCode, scoreDiff);
}

/**
 * A table's cells in one flat array, in the table's own order (inning bucket, half, outs,
 * on_base_code, diff + maxDiff), so a cell is one index computed from the situation instead of
 * five nested arrays walked. Built once per table: the committed one at load, any other the
 * first time it is read.
 */
interface Cells {
  readonly innings: number;
  readonly maxDiff: number;
  readonly values: Float64Array;
}

function flatten(table: WinExpectancyTable): Cells {
  const width = 2 * table.maxDiff + 1;
  const rectangular =
    table.home.length === table.innings &&
    table.home.every(
      (halves) =>
        halves.length === 2 &&
        halves.every(
          (outs) =>
            outs.length === 3 &&
            outs.every(
              (codes) => codes.length === 8 && codes.every((diffs) => diffs.length === width),
            ),
        ),
    );
  if (!rectangular)
    throw new RangeError(
      `win-expectancy table must hold ${table.innings} innings x 2 halves x 3 outs x 8 on_base_codes x ${width} score differences`,
    );
  return {
    innings: table.innings,
    maxDiff: table.maxDiff,
    values: Float64Array.from(table.home.flat(4)),
  };
}

const COMMITTED_CELLS = flatten(WIN_EXPECTANCY_TABLE);
const otherCells = new WeakMap<WinExpectancyTable, Cells>();

function cellsOf(table: WinExpectancyTable): Cells {
  if (table === WIN_EXPECTANCY_TABLE) return COMMITTED_CELLS;
  let cells = otherCells.get(table);
  if (cells === undefined) {
    cells = flatten(table);
    otherCells.set(table, cells);
  }
  return cells;
}

/** One cell, read without building anything (the engine reads two for every play it records). */
function cell(
  cells: Cells,
  scheduled: number,
  inning: number,
  bottom: boolean,
  outs: number,
  onBaseCode: number,
  scoreDiff: number,
): number {
  if (bottom && inning >= scheduled && scoreDiff > 0) return 1;
  const bucket = Math.max(1, Math.min(inning, cells.innings)) - 1;
  const max = cells.maxDiff;
  const diff = Math.max(-max, Math.min(scoreDiff, max));
  const width = 2 * max + 1;
  const index =
    (((bucket * 2 + (bottom ? 1 : 0)) * 3 + Math.min(outs, 2)) * 8 + onBaseCode) * width;
  return cells.values[index + diff + max]!;
}

/** The fields of a play that its RE24 and WPA depend on. */
export type PlaySituation = Pick<
  PlayRecord,
  | "inning"
  | "half"
  | "outsBefore"
  | "outsRecorded"
  | "onBaseCode"
  | "onBaseCodeAfter"
  | "awayScoreBefore"
  | "homeScoreBefore"
  | "runsScored"
>;

/**
 * The home team's win probability after a play: the state the play left, or the next
 * half-inning's start when it made the third out, or 1/0 when the game ended.
 */
export function winExpectancyAfter(
  table: WinExpectancyTable,
  play: Pick<PlaySituation, "inning" | "half" | "outsBefore" | "outsRecorded" | "onBaseCodeAfter">,
  awayScoreAfter: number,
  homeScoreAfter: number,
  options: WinExpectancyOptions = {},
): number {
  return after(
    cellsOf(table),
    options.scheduledInnings ?? table.innings,
    options.extraInningRunnerOnSecond === true,
    play,
    homeScoreAfter - awayScoreAfter,
  );
}

function after(
  cells: Cells,
  scheduled: number,
  placedRunner: boolean,
  play: Pick<PlaySituation, "inning" | "half" | "outsBefore" | "outsRecorded" | "onBaseCodeAfter">,
  diff: number,
): number {
  const outs = play.outsBefore + play.outsRecorded;
  const bottom = play.half === "bottom";
  const late = play.inning >= scheduled;
  if (late && bottom && diff > 0) return 1;
  if (outs < OUTS_PER_HALF_INNING)
    return cell(cells, scheduled, play.inning, bottom, outs, play.onBaseCodeAfter, diff);
  if (late && !bottom && diff > 0) return 1;
  if (late && bottom && diff < 0) return 0;
  // The next half-inning's start: the bottom of this inning, or the top of the next one.
  const inning = bottom ? play.inning + 1 : play.inning;
  const code = placedRunner && inning > scheduled ? 2 : 0;
  return cell(cells, scheduled, inning, !bottom, 0, code, diff);
}

/**
 * WPA of one play, credited to the batting team: the change in the batting team's win
 * probability (home's change in the bottom half, the negative of it in the top half). The
 * fielding team's (and its pitcher's) WPA is the negative. Read from the record alone: the
 * score after is the score before plus `runsScored`.
 */
export function wpaOfPlay(
  play: PlaySituation,
  options: WinExpectancyOptions = {},
  table: WinExpectancyTable = WIN_EXPECTANCY_TABLE,
): number {
  const scheduled = options.scheduledInnings ?? table.innings;
  const placed = options.extraInningRunnerOnSecond === true;
  const diffBefore = play.homeScoreBefore - play.awayScoreBefore;
  const diffAfter = diffBefore + (play.half === "bottom" ? play.runsScored : -play.runsScored);
  return wpaBetween(cellsOf(table), scheduled, placed, play, diffAfter);
}

function wpaBetween(
  cells: Cells,
  scheduled: number,
  placedRunner: boolean,
  play: PlaySituation,
  diffAfter: number,
): number {
  const bottom = play.half === "bottom";
  const before = cell(
    cells,
    scheduled,
    play.inning,
    bottom,
    play.outsBefore,
    play.onBaseCode,
    play.homeScoreBefore - play.awayScoreBefore,
  );
  const homeGain = after(cells, scheduled, placedRunner, play, diffAfter) - before;
  return round(bottom ? homeGain : -homeGain, 4);
}

/**
 * A play's RE24 and WPA, both credited to the batting team, as the engine records them when it
 * builds the PlayRecord (play-end.ts): two table lookups, no replay.
 */
export function playValues(
  play: PlaySituation,
  rules: Pick<LeagueRules, "inningsPerGame" | "extraInningRunnerOnSecond">,
  table: WinExpectancyTable = WIN_EXPECTANCY_TABLE,
): { readonly re24: number; readonly wpa: number } {
  const diffBefore = play.homeScoreBefore - play.awayScoreBefore;
  const diffAfter = diffBefore + (play.half === "bottom" ? play.runsScored : -play.runsScored);
  return {
    re24: re24(play),
    wpa: wpaBetween(
      cellsOf(table),
      rules.inningsPerGame,
      rules.extraInningRunnerOnSecond,
      play,
      diffAfter,
    ),
  };
}

/**
 * WPA of each play of a log (see wpaOfPlay), with the score after each play read from the
 * replayed movements; from the committed table or the one given.
 */
export function wpaOfPlays(plays: readonly PlayRecord[], options?: WinExpectancyOptions): number[];
export function wpaOfPlays(
  table: WinExpectancyTable,
  plays: readonly PlayRecord[],
  options?: WinExpectancyOptions,
): number[];
export function wpaOfPlays(
  first: WinExpectancyTable | readonly PlayRecord[],
  second?: readonly PlayRecord[] | WinExpectancyOptions,
  third?: WinExpectancyOptions,
): number[] {
  const [table, plays, options] = Array.isArray(first)
    ? [WIN_EXPECTANCY_TABLE, first as readonly PlayRecord[], (second as WinExpectancyOptions) ?? {}]
    : [first as WinExpectancyTable, second as readonly PlayRecord[], third ?? {}];
  const scheduled = options.scheduledInnings ?? table.innings;
  const placed = options.extraInningRunnerOnSecond === true;
  const cells = cellsOf(table);
  return replay(plays).map((r) =>
    wpaBetween(cells, scheduled, placed, r.play, r.homeScoreAfter - r.awayScoreAfter),
  );
}
