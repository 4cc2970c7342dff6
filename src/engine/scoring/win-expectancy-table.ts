import { z } from "zod";
import committedTable from "./data/win-expectancy.json" with { type: "json" };

/**
 * The win-expectancy table's shape, and the table we ship: the one our own simulator produced
 * (scripts/generate-win-expectancy.ts writes data/win-expectancy.json; `npm run
 * win-expectancy:generate` regenerates it).
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
    /** Runs per team per game (the run environment the rules reference's check speaks of). */
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

/** The committed table (data/win-expectancy.json), checked once when the module loads. */
export const WIN_EXPECTANCY_TABLE: WinExpectancyTable = parseWinExpectancyTable(committedTable);
