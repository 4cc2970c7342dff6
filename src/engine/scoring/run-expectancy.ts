import type { OnBaseCode } from "../bases.js";
import type { PlayRecord } from "../play-record.js";
import { OUTS_PER_HALF_INNING } from "./replay.js";

/**
 * Run expectancy (rules reference §9): expected runs from a base-out state to the end of the
 * half-inning, the 1984-1994 major-league average from Tom Tango's tables.
 *
 * Rows are indexed by on_base_code (bit field: 1 = R1, 2 = R2, 4 = R3), columns by outs 0-2.
 * The reference prints its rows in the order ---, 1--, -2-, 12-, --3, 1-3, -23, 123, which is
 * exactly codes 0..7 in the bit-field encoding.
 */
export const RUN_EXPECTANCY: Readonly<Record<OnBaseCode, readonly [number, number, number]>> = {
  0: [0.49, 0.26, 0.1],
  1: [0.88, 0.52, 0.23],
  2: [1.13, 0.69, 0.33],
  3: [1.5, 0.92, 0.44],
  4: [1.37, 0.96, 0.38],
  5: [1.75, 1.17, 0.5],
  6: [1.98, 1.4, 0.61],
  7: [2.37, 1.57, 0.76],
};

/** RUN_EXPECTANCY in one flat array: on_base_code * 3 + outs, read without a keyed lookup. */
const RUN_EXPECTANCY_CELLS = Float64Array.from(
  [0, 1, 2, 3, 4, 5, 6, 7].flatMap((code) => RUN_EXPECTANCY[code as OnBaseCode]),
);

/** Expected runs to the end of the half-inning; 0 once the third out is made. */
export function runExpectancy(onBaseCode: OnBaseCode, outs: number): number {
  if (outs >= OUTS_PER_HALF_INNING) return 0;
  if (!Number.isInteger(outs) || outs < 0) throw new RangeError(`outs must be 0-3, got ${outs}`);
  return RUN_EXPECTANCY_CELLS[onBaseCode * 3 + outs]!;
}

/**
 * RE24 of one play: RE(after) - RE(before) + runs scored on the play, with RE after the third
 * out = 0. Credited to the batting team (the fielding team's is its negative).
 */
export function re24(
  play: Pick<
    PlayRecord,
    "outsBefore" | "outsRecorded" | "onBaseCode" | "onBaseCodeAfter" | "runsScored"
  >,
): number {
  const outsAfter = play.outsBefore + play.outsRecorded;
  const before = runExpectancy(play.onBaseCode, play.outsBefore);
  const after = runExpectancy(play.onBaseCodeAfter, outsAfter);
  return round(after - before + play.runsScored, 3);
}

/** 10 ** places for the places values are rounded to: exact powers, read instead of computed
 *  (`**` is a call to Math.pow, and every recorded play rounds two values). */
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

export function round(value: number, places: number): number {
  const f = POWERS_OF_TEN[places] ?? 10 ** places;
  return Math.round(value * f) / f + 0;
}
