import type { FieldPosition } from "../positions.js";

/**
 * X-check range charts (rules reference §5), as DATA: by d20 row, the result for range 1..5.
 * Source: the reference's table, which matches calcorum/major-domo-v2 commands/dice/chart_data.py
 * (INFIELD_RANGES, OUTFIELD_RANGES, CATCHER_RANGES, PITCHER_RANGES; commit d7dc9ed).
 */
export type RangeResult =
  | "G1"
  | "G2"
  | "G3"
  | "G2#"
  | "G3#"
  | "SI1"
  | "SI2"
  | "SPD"
  | "PO"
  | "FO"
  | "F1"
  | "F2"
  | "F3"
  | "DO2"
  | "DO3"
  | "TR3";

type Row = readonly [RangeResult, RangeResult, RangeResult, RangeResult, RangeResult];
export type RangeChart = Readonly<Record<number, Row>>;

export const INFIELD_RANGE: RangeChart = {
  1: ["G3#", "SI1", "SI2", "SI2", "SI2"],
  2: ["G2#", "SI1", "SI2", "SI2", "SI2"],
  3: ["G2#", "G3#", "SI1", "SI2", "SI2"],
  4: ["G2#", "G3#", "SI1", "SI2", "SI2"],
  5: ["G1", "G3#", "G3#", "SI1", "SI2"],
  6: ["G1", "G2#", "G3#", "SI1", "SI2"],
  7: ["G1", "G2", "G3#", "G3#", "SI1"],
  8: ["G1", "G2", "G3#", "G3#", "SI1"],
  9: ["G1", "G2", "G3", "G3#", "G3#"],
  10: ["G1", "G1", "G2", "G3#", "G3#"],
  11: ["G1", "G1", "G2", "G3", "G3#"],
  12: ["G1", "G1", "G2", "G3", "G3#"],
  13: ["G1", "G1", "G2", "G3", "G3"],
  14: ["G1", "G1", "G2", "G2", "G3"],
  15: ["G1", "G1", "G1", "G2", "G3"],
  16: ["G1", "G1", "G1", "G2", "G3"],
  17: ["G1", "G1", "G1", "G1", "G3"],
  18: ["G1", "G1", "G1", "G1", "G2"],
  19: ["G1", "G1", "G1", "G1", "G2"],
  20: ["G1", "G1", "G1", "G1", "G1"],
};

export const OUTFIELD_RANGE: RangeChart = {
  1: ["F1", "DO2", "DO3", "TR3", "TR3"],
  2: ["F2", "SI2", "DO2", "DO3", "TR3"],
  3: ["F2", "SI2", "DO2", "DO2", "DO3"],
  4: ["F2", "F1", "SI2", "DO2", "DO3"],
  5: ["F2", "F2", "SI2", "SI2", "DO2"],
  6: ["F2", "F2", "SI2", "SI2", "DO2"],
  7: ["F2", "F2", "F1", "SI2", "DO2"],
  8: ["F2", "F2", "F1", "SI2", "SI2"],
  9: ["F2", "F2", "F2", "SI2", "SI2"],
  10: ["F2", "F2", "F2", "SI2", "SI2"],
  11: ["F2", "F2", "F2", "SI2", "SI2"],
  12: ["F2", "F2", "F2", "F1", "SI2"],
  13: ["F2", "F2", "F2", "F1", "SI2"],
  14: ["F3", "F2", "F2", "F2", "SI2"],
  15: ["F3", "F2", "F2", "F2", "SI2"],
  16: ["F3", "F3", "F2", "F2", "F1"],
  17: ["F3", "F3", "F3", "F2", "F1"],
  18: ["F3", "F3", "F3", "F2", "F1"],
  19: ["F3", "F3", "F3", "F3", "F2"],
  20: ["F3", "F3", "F3", "F3", "F3"],
};

export const CATCHER_RANGE: RangeChart = {
  1: ["G3", "SI1", "SI1", "SI1", "SI1"],
  2: ["G3", "SPD", "SI1", "SI1", "SI1"],
  3: ["G3", "G3", "SPD", "SI1", "SI1"],
  4: ["G2", "G3", "SPD", "SPD", "SI1"],
  5: ["G2", "G3", "G3", "SPD", "SPD"],
  6: ["G2", "G2", "G3", "SPD", "SPD"],
  7: ["PO", "G2", "G3", "SPD", "SPD"],
  8: ["PO", "G2", "G2", "G3", "SPD"],
  9: ["PO", "PO", "G2", "G3", "SPD"],
  10: ["FO", "PO", "G2", "G3", "SPD"],
  11: ["FO", "PO", "PO", "G2", "G3"],
  12: ["FO", "FO", "PO", "G2", "G3"],
  13: ["G1", "FO", "PO", "G2", "G3"],
  14: ["G1", "FO", "FO", "PO", "G2"],
  15: ["G1", "G1", "FO", "PO", "G2"],
  16: ["G1", "G1", "FO", "PO", "G2"],
  17: ["G1", "G1", "G1", "FO", "PO"],
  18: ["G1", "G1", "G1", "FO", "PO"],
  19: ["G1", "G1", "G1", "FO", "FO"],
  20: ["G1", "G1", "G1", "G1", "FO"],
};

export const PITCHER_RANGE: RangeChart = {
  1: ["G3", "SI1", "SI1", "SI1", "SI1"],
  2: ["G3", "SI1", "SI1", "SI1", "SI1"],
  3: ["G3", "G3", "SI1", "SI1", "SI1"],
  4: ["G3", "G3", "G3", "SI1", "SI1"],
  5: ["G3", "G3", "G3", "G3", "SI1"],
  6: ["G3", "G3", "G3", "G3", "SI1"],
  7: ["G3", "G3", "G3", "G3", "G3"],
  8: ["G2", "G3", "G3", "G3", "G3"],
  9: ["G2", "G3", "G3", "G3", "G3"],
  10: ["G1", "G2", "G3", "G3", "G3"],
  11: ["G1", "G2", "G3", "G3", "G3"],
  12: ["G1", "G2", "G3", "G3", "G3"],
  13: ["G1", "G1", "G2", "G3", "G3"],
  14: ["G1", "G1", "G2", "G2", "G3"],
  15: ["G1", "G1", "G2", "G2", "G2"],
  16: ["G1", "G1", "G2", "G2", "G2"],
  17: ["G1", "G1", "G1", "G2", "G2"],
  18: ["G1", "G1", "G1", "G2", "G2"],
  19: ["G1", "G1", "G1", "G1", "G2"],
  20: ["G1", "G1", "G1", "G1", "G1"],
};

export const RANGE_CHART_BY_POSITION: Readonly<Record<FieldPosition, RangeChart>> = {
  P: PITCHER_RANGE,
  C: CATCHER_RANGE,
  "1B": INFIELD_RANGE,
  "2B": INFIELD_RANGE,
  "3B": INFIELD_RANGE,
  SS: INFIELD_RANGE,
  LF: OUTFIELD_RANGE,
  CF: OUTFIELD_RANGE,
  RF: OUTFIELD_RANGE,
};

export function readRangeChart(position: FieldPosition, d20: number, range: number): RangeResult {
  const row = RANGE_CHART_BY_POSITION[position][d20];
  if (row === undefined) throw new RangeError(`no range-chart row ${d20}`);
  const column = Math.min(5, Math.max(1, Math.round(range)));
  return row[column - 1]!;
}
