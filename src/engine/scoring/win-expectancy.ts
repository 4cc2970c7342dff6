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
  const scheduled = options.scheduledInnings ?? table.innings;
  const { inning, half, outs, onBaseCode, scoreDiff } = situation;
  if (inning >= scheduled && half === "bottom" && scoreDiff > 0) return 1;
  const bucket = Math.min(Math.max(inning, 1), table.innings) - 1;
  const diff = Math.max(-table.maxDiff, Math.min(table.maxDiff, scoreDiff));
  const row = table.home[bucket]![half === "top" ? 0 : 1]![Math.min(outs, 2)]![onBaseCode]!;
  return row[diff + table.maxDiff]!;
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
  const scheduled = options.scheduledInnings ?? table.innings;
  const diff = homeScoreAfter - awayScoreAfter;
  const outs = play.outsBefore + play.outsRecorded;
  const late = play.inning >= scheduled;
  if (late && play.half === "bottom" && diff > 0) return 1;
  if (outs < OUTS_PER_HALF_INNING) {
    return lookUp(
      table,
      {
        inning: play.inning,
        half: play.half,
        outs,
        onBaseCode: play.onBaseCodeAfter,
        scoreDiff: diff,
      },
      options,
    );
  }
  if (late && play.half === "top" && diff > 0) return 1;
  if (late && play.half === "bottom" && diff < 0) return 0;
  const next =
    play.half === "top"
      ? { inning: play.inning, half: "bottom" as const }
      : { inning: play.inning + 1, half: "top" as const };
  const placed = options.extraInningRunnerOnSecond === true && next.inning > scheduled;
  return lookUp(table, { ...next, outs: 0, onBaseCode: placed ? 2 : 0, scoreDiff: diff }, options);
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
  const top = play.half === "top";
  const awayAfter = play.awayScoreBefore + (top ? play.runsScored : 0);
  const homeAfter = play.homeScoreBefore + (top ? 0 : play.runsScored);
  return wpaBetween(table, play, awayAfter, homeAfter, options);
}

function wpaBetween(
  table: WinExpectancyTable,
  play: PlaySituation,
  awayAfter: number,
  homeAfter: number,
  options: WinExpectancyOptions,
): number {
  const before = lookUp(
    table,
    {
      inning: play.inning,
      half: play.half,
      outs: play.outsBefore,
      onBaseCode: play.onBaseCode,
      scoreDiff: play.homeScoreBefore - play.awayScoreBefore,
    },
    options,
  );
  const after = winExpectancyAfter(table, play, awayAfter, homeAfter, options);
  const homeGain = after - before;
  return round(play.half === "bottom" ? homeGain : -homeGain, 4);
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
  const options: WinExpectancyOptions = {
    scheduledInnings: rules.inningsPerGame,
    extraInningRunnerOnSecond: rules.extraInningRunnerOnSecond,
  };
  return { re24: re24(play), wpa: wpaOfPlay(play, options, table) };
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
  return replay(plays).map((r) =>
    wpaBetween(table, r.play, r.awayScoreAfter, r.homeScoreAfter, options),
  );
}
