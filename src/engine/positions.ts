/**
 * Fielding positions, in the scorer's numbering (1 = pitcher ... 9 = right field).
 * DH is a batting-order position only: it has no scorer's number and fields no ball.
 */
export const FIELD_POSITIONS = ["P", "C", "1B", "2B", "3B", "SS", "LF", "CF", "RF"] as const;
export type FieldPosition = (typeof FIELD_POSITIONS)[number];

export const LINEUP_POSITIONS = [...FIELD_POSITIONS, "DH"] as const;
export type LineupPosition = (typeof LINEUP_POSITIONS)[number];

export const SCORER_NUMBER: Readonly<Record<FieldPosition, number>> = {
  P: 1,
  C: 2,
  "1B": 3,
  "2B": 4,
  "3B": 5,
  SS: 6,
  LF: 7,
  CF: 8,
  RF: 9,
};

export const INFIELD: readonly FieldPosition[] = ["1B", "2B", "3B", "SS"];
export const OUTFIELD: readonly FieldPosition[] = ["LF", "CF", "RF"];

export function isOutfield(position: FieldPosition): boolean {
  return position === "LF" || position === "CF" || position === "RF";
}

export function positionOfScorerNumber(n: number): FieldPosition {
  const position = FIELD_POSITIONS[n - 1];
  if (position === undefined) throw new RangeError(`no fielder has scorer's number ${n}`);
  return position;
}
