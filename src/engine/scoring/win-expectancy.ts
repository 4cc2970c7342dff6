import { z } from "zod";
import type { OnBaseCode } from "../bases.js";
import type { Half, PlayRecord } from "../play-record.js";
import { OUTS_PER_HALF_INNING, replay } from "./replay.js";
import { round } from "./run-expectancy.js";

/**
 * Win expectancy: the home team's chance of winning from a game state, read from a table our
 * own simulator produced (scripts/generate-win-expectancy.ts writes data/win-expectancy.json).
 *
 * The table's cells are `home[inning - 1][half][outs][onBaseCode][diff + maxDiff]`:
 * - inning 1..innings; every inning past the last (extra innings) is read from the last
 *   bucket, since the bottom of the 10th is the same situation as the bottom of the 9th;
 * - half 0 = top, 1 = bottom; outs 0-2; on_base_code 0-7 (bit field);
 * - diff = home runs minus away runs, clamped to -maxDiff..+maxDiff.
 */
export const WinExpectancyTableSchema = z.object({
  /** How the table was made: the generator, the league, the games, the run environment. */
  meta: z.object({
    generator: z.string(),
    league: z.string(),
    games: z.number().int().nonnegative(),
    runsPerGame: z.number().nonnegative(),
    homeWinPct: z.number().min(0).max(1),
    seed: z.number().int(),
    smoothing: z.string(),
  }),
  innings: z.number().int().min(1),
  maxDiff: z.number().int().min(1),
  home: z.array(z.array(z.array(z.array(z.array(z.number().min(0).max(1)))))),
});
export type WinExpectancyTable = z.infer<typeof WinExpectancyTableSchema>;

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
  /** Innings in a regulation game (9). */
  readonly scheduledInnings?: number;
}

/** Parses a table (e.g. the JSON file), failing with the path of the first bad field. */
export function parseWinExpectancyTable(data: unknown): WinExpectancyTable {
  const table = WinExpectancyTableSchema.parse(data);
  const width = 2 * table.maxDiff + 1;
  const shapeOk =
    table.home.length === table.innings &&
    table.home.every(
      (inning) =>
        inning.length === 2 &&
        inning.every(
          (half) =>
            half.length === 3 &&
            half.every((outs) => outs.length === 8 && outs.every((c) => c.length === width)),
        ),
    );
  if (!shapeOk) {
    throw new RangeError(
      `win-expectancy table must be [${table.innings}][2][3][8][${width}] (inning, half, outs, on_base_code, diff)`,
    );
  }
  return table;
}

/**
 * The home team's win probability from a situation. A state in which the game is already over
 * (home ahead in the bottom of the last inning or later) reads 1.
 */
export function winExpectancy(
  table: WinExpectancyTable,
  situation: GameSituation,
  options: WinExpectancyOptions = {},
): number {
  const scheduled = options.scheduledInnings ?? table.innings;
  const { inning, half, outs, onBaseCode, scoreDiff } = situation;
  if (inning >= scheduled && half === "bottom" && scoreDiff > 0) return 1;
  const bucket = Math.min(Math.max(inning, 1), table.innings) - 1;
  const diff = Math.max(-table.maxDiff, Math.min(table.maxDiff, scoreDiff));
  const row = table.home[bucket]![half === "top" ? 0 : 1]![Math.min(outs, 2)]![onBaseCode]!;
  return row[diff + table.maxDiff]!;
}

/**
 * The home team's win probability after a play: the state the play left, or the next
 * half-inning's start when it made the third out, or 1/0 when the game ended.
 */
export function winExpectancyAfter(
  table: WinExpectancyTable,
  play: PlayRecord,
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
    return winExpectancy(
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
  return winExpectancy(table, { ...next, outs: 0, onBaseCode: 0, scoreDiff: diff }, options);
}

/**
 * WPA of each play, credited to the batting team: the change in the batting team's win
 * probability (home's change in the bottom half, the negative of it in the top half). The
 * fielding team's (and its pitcher's) WPA is the negative.
 */
export function wpaOfPlays(
  table: WinExpectancyTable,
  plays: readonly PlayRecord[],
  options: WinExpectancyOptions = {},
): number[] {
  return replay(plays).map((r) => {
    const p = r.play;
    const before = winExpectancy(
      table,
      {
        inning: p.inning,
        half: p.half,
        outs: p.outsBefore,
        onBaseCode: p.onBaseCode,
        scoreDiff: p.homeScoreBefore - p.awayScoreBefore,
      },
      options,
    );
    const after = winExpectancyAfter(table, p, r.awayScoreAfter, r.homeScoreAfter, options);
    const homeGain = after - before;
    return round(p.half === "bottom" ? homeGain : -homeGain, 4);
  });
}
