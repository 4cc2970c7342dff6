import type { FieldPosition } from "../positions.js";

/**
 * The 3d6 X-check error charts (rules reference §5), as DATA.
 *
 * Transcribed verbatim from calcorum/major-domo-v2, commands/dice/chart_data.py (commit d7dc9ed),
 * the dicts FIRST_BASE_ERRORS, SECOND_BASE_ERRORS, THIRD_BASE_ERRORS, SHORTSTOP_ERRORS,
 * CORNER_OUTFIELD_ERRORS, CENTER_FIELD_ERRORS, CATCHER_ERRORS and PITCHER_ERRORS. Each row is the
 * 3d6 sum; its text lists which error ratings give a 1-, 2- or 3-base error ("e3 -> e12" is a
 * range); any other rating is no error. The source's typos ("e53 -> 71", "e8 ,e10") are kept and
 * read by the parser below; its third-base rows 16 and 18 are identical in the source, and kept so.
 */
type ChartText = Readonly<Record<number, string>>;

const FIRST_BASE: ChartText = {
  18: "2-base error for e3 -> e12, e19 -> e28\n1-base error for e1, e2, e30",
  17: "2-base error for e13 -> e28\n1-base error for e1, e5, e8, e9, e29",
  16: "2-base error for e29, e30\n1-base error for e2, e8, e16, e19, e23",
  15: "1-base error for e3, e8, e10 -> e12, e20, e26, e30",
  14: "1-base error for e4, e5, e9, e15, e18, e22, e24 -> e28",
  13: "1-base error for e6, e13, e24, e26 -> e28, e30",
  12: "1-base error for e14 -> e18, e21 -> e26, e28 -> e30",
  11: "1-base error for e10, e13, e16 -> e20, e23 -> e25, e27 -> e30",
  10: "1-base error for e19 -> e21, e23, e29",
  9: "1-base error for e7, e12, e14, e21, e25, e26, e29",
  8: "1-base error for e11, e27",
  7: "1-base error for e9, e15, e22, e27, e28",
  6: "1-base error for e8, e11, e12, e17, e20",
  5: "No error",
  4: "No error",
  3: "2-base error for e8 -> e12, e24 -> e28\n1-base error for e2, e3, e6, e7, e14, e16, e17, e21",
};

const SECOND_BASE: ChartText = {
  18: "2-base error for e4 -> e19, e28 -> e41, e53 -> e65\n1-base error for e22, e24, e25, e27, e44, e50",
  17: "2-base error for e20 -> e41, e68, e71\n1-base error for e3, e4, e8 -> e12, e15, e16, e19",
  16: "2-base error for e53 -> 71\n1-base error for e5 -> 10, e14, e16, e29, e37",
  15: "1-base error for e11, e12, e14, e16, e17, e19, e26 -> e28, e30, e32, e37, e50 -> e62, e71",
  14: "1-base error for e13, e15, e34, e47, e65",
  13: "1-base error for e18, e20, e21, e26 -> e28, e39, e41, e50, e56, e59, e65, e71",
  12: "1-base error for e22, e30, e34, e39, e44, e47, e53, e56, e62, e68, e71",
  11: "1-base error for e23 -> e25, e29, e32, e37, e41, e50, e53, e59, e62, e68",
  10: "1-base error for e68",
  9: "1-base error for e44",
  8: "No error",
  7: "1-base error for e47, e65",
  6: "1-base error for e17, e19, e56 -> 62",
  5: "No error",
  4: "1-base error for e10, e21",
  3: "2-base error for e12 -> e19, e37 -> e41, e59 -> e65\n1-base error for e2 -> e4, e6, e20, e25, e28, e29",
};

const THIRD_BASE: ChartText = {
  18: "2-base error for e11 -> e18, e32, e33, e37, e53, e62, e65\n1-base error for e4, e8, e19, e21, e22, e27, e41",
  17: "2-base error for e3 -> e10, e17, e18, e25 -> e27, e34 -> e37, e44, e47\n1-base error for e11, e19, e32, e56",
  16: "2-base error for e11 -> e18, e32, e33, e37, e53, e62, e65\n1-base error for e4, e8, e19, e21, e22, e27, e41",
  15: "2-base error for e19 -> 27, e32, e33, e37, e39, e44, e50, e59\n1-base error for e5 -> e8, e11, e14, e15, e17, e18, e28 -> e31, e34",
  14: "2-base error for e28 -> e31, e34, e35, e50\n1-base error for e14, e16, e19, e20, e22, e32, e39, e44, e56, e62",
  13: "2-base error for e41, e47, e53, e59\n1-base error for e10, e15, e23, e25, e28, e30, e32, e33, e35, e44, e65",
  12: "2-base error for e62\n1-base error for e12, e17, e22, e24, e27, e29, e34 -> e50, e56 -> e59, e65",
  11: "2-base error for e56, e65\n1-base error for e13, e18, e20, e21, e23, e26, e28, e31 -> e33, e35, e37, e41 -> e53, e59",
  10: "1-base error for e26, e31, e41, e53 -> 65",
  9: "1-base error for e24, e27, e29, e34, e37, e39, e47 -> e65",
  8: "1-base error for e25, e30, e33, e47, e53, e56, e62, e65",
  7: "1-base error for e16, e19, e39, e59 -> e65",
  6: "1-base error for e21, e25, e30, e34, e53",
  5: "No error",
  4: "1-base error for e2, e3, e6, e14, e16, e44",
  3: "2-base error for e10, e15, e16, e23, e24, e56\n1-base error for e1 -> e4, e8, e14",
};

const SHORTSTOP: ChartText = {
  18: "2-base error for e4 -> e12, e22 -> e32, e40 -> e48, e64, e68\n1-base error for e1, e18, e34, e52, e56",
  17: "2-base error for e14 -> 32, e52, e56, e72 -> e84\n1-base error for e3 -> e5, e8 ,e10, e36",
  16: "2-base error for e33 -> 56, e72\n1-base error for e6 -> e10, e17, e18, e20, e28, e31, e88",
  15: "2-base error for e60 -> e68, e76 -> 84\n1-base error for e12, e14, e17, e18, e20 -> e22, e24, e28, e31 -> 36, e40, e48, e72",
  14: "1-base error for e16, e19, e38, e42, e60, e68",
  13: "1-base error for e23, e25, e32 -> 38, e44, e52, e72 -> 84",
  12: "1-base error for e26, e27, e30, e42, e48, e56, e64, e68, e76 -> e88",
  11: "1-base error for e29, e40, e52 -> e60, e72, e80 -> e88",
  10: "1-base error for e84",
  9: "1-base error for e64, e68, e76, e88",
  8: "1-base error for e44",
  7: "1-base error for e60",
  6: "1-base error for e21, e22, e24, e28, e31, e48, e64, e72",
  5: "No error",
  4: "2-base error for e72\n1-base error for e14, e19, e20, e24, e25, e30, e31, e80",
  3: "2-base error for e10, e12, e28 -> e32, e48, e84\n1-base error for e2, e5, e7, e23, e27",
};

const CORNER_OUTFIELD: ChartText = {
  18: "3-base error for e4 -> e12, e19 -> e25\n2-base error for e18\n1-base error for e2, e3, e15",
  17: "3-base error for e13 -> e25\n2-base error for e1, e6, e8, e10",
  16: "2-base error for e2\n1-base error for e7 -> 12, e22, e24, e25",
  15: "2-base error for e3, e4, e7, e8, e10, e11, e13, e20, e21",
  14: "2-base error for e5, e6, e10, e12, e14, e15, e22, e23",
  13: "2-base error for e11, e12, e16, e20, e24, e25",
  12: "2-base error for e13 -> e18, e21 -> e23, e25",
  11: "2-base error for e9, e18 -> e21, e23 -> e25",
  10: "2-base error for e19",
  9: "2-base error for e22",
  8: "2-base error for e24",
  7: "1-base error for e19 -> e21, e23",
  6: "2-base error for e7, e8\n1-base error for e13 -> e18, e22, e24, e25",
  5: "No error",
  4: "2-base error for e1, e5, e6, e9\n1-base error for e14 -> e16, e20 -> e23",
  3: "3-base error for e16 -> e25\n2-base error for e1, e3, e4, e7, e9, e11\n1-base error for e17",
};

const CENTER_FIELD: ChartText = {
  18: "3-base error for e4 -> e19\n2-base error for e2, e25\n1-base error for e3, e23",
  17: "3-base error for e20 -> e25\n2-base error for e1, e2, e5, e7, e9, e13 -> e15, e17",
  16: "2-base error for e3 -> e5, e8, e23\n1-base error for e10 -> e18",
  15: "2-base error for e6 -> e8, e12, e13, e19",
  14: "2-base error for e9, e10, e16 -> e18, e20 -> e23",
  13: "2-base error for e11, e18, e20, e23 -> e25",
  12: "2-base error for e14, e15, e21, e22, e24",
  11: "2-base error for e19, e25",
  10: "No error",
  9: "No error",
  8: "No error",
  7: "2-base error for e16, e17",
  6: "2-base error for e12, e13\n1-base error for e19 -> e25",
  5: "No error",
  4: "2-base error for e10, e12, e13, e20, e22, e23\n1-base error for e3 -> e9, e15 -> e18",
  3: "3-base error for e12 -> e19\n2-base error for e10, e11\n1-base error for e2, e3, e7 -> e9, e21 -> e23",
};

const CATCHER: ChartText = {
  18: "2-base error for e4 -> 16\n1-base error for e2, e3",
  17: "1-base error for e1, e2, e4, e5, e12 -> e14, e16",
  16: "1-base error for e3 -> e5, e7, e12 -> e14, e16",
  15: "1-base error for e7, e8, e12, e13, e15",
  14: "1-base error for e6",
  13: "1-base error for e9",
  12: "1-base error for e10, e14",
  11: "1-base error for e11, e15",
  10: "No error",
  9: "No error",
  8: "No error",
  7: "1-base error for e16",
  6: "1-base error for e8, e12, e13",
  5: "No error",
  4: "1-base error for e5, e13",
  3: "2-base error for e12 -> e16\n1-base error for e2, e3, e7, e11",
};

const PITCHER: ChartText = {
  18: "2-base error for e4 -> e12, e19 -> e28, e34 -> e43, e46 -> e48",
  17: "2-base error for e13 -> e28, e44 -> e50",
  16: "2-base error for e30 -> e48, e50, e51\n1-base error for e8, e11, e16, e23",
  15: "2-base error for e50, e51\n1-base error for e10 -> e12, e19, e20, e24, e26, e30, e35, e38, e40, e46, e47",
  14: "1-base error for e4, e14, e18, e21, e22, e26, e31, e35, e42, e43, e48 -> e51",
  13: "1-base error for e6, e13, e14, e21, e22, e26, e27, e30 -> 34, e38 -> e51",
  12: "1-base error for e7, e11, e12, e15 -> e19, e22 -> e51",
  11: "1-base error for e10, e13, e15, e17, e18, e20, e21, e23, e24, e27 -> 38, e40, e42, e44 -> e51",
  10: "1-base error for e20, e23, e24, e27 -> e51",
  9: "1-base error for e16, e19, e26, e28, e34 -> e36, e39 -> e51",
  8: "1-base error for e22, e33, e38, e39, e43 -> e51",
  7: "1-base error for e14, e21, e36, e39, e42 -> e44, e47 -> e51",
  6: "1-base error for e8, e22, e38, e39, e43 -> e51",
  5: "No error",
  4: "1-base error for e15, e16, e40",
  3: "2-base error for e8 -> e12, e26 -> e28, e39 -> e43\n1-base error for e2, e3, e7, e14, e15",
};

export const ERROR_CHART_TEXT: Readonly<Record<FieldPosition, ChartText>> = {
  P: PITCHER,
  C: CATCHER,
  "1B": FIRST_BASE,
  "2B": SECOND_BASE,
  "3B": THIRD_BASE,
  SS: SHORTSTOP,
  LF: CORNER_OUTFIELD,
  CF: CENTER_FIELD,
  RF: CORNER_OUTFIELD,
};

/**
 * The highest error rating on each position's chart (§5); the out-of-position error rating.
 * The reference lists CF 40, but chart_data.py's center-field chart stops at e25; a rating past
 * the chart would never make an error, which would turn the out-of-position penalty into a bonus,
 * so CF uses 25, the chart's own highest rating.
 */
export const MAX_ERROR_RATING: Readonly<Record<FieldPosition, number>> = {
  C: 16,
  "1B": 30,
  LF: 25,
  RF: 25,
  CF: 25,
  P: 51,
  "3B": 65,
  "2B": 71,
  SS: 88,
};

/** Error bases by 3d6 row and error rating: ERROR_CHARTS[pos][roll][rating] (0 = no error). */
export type ErrorTable = Readonly<Record<number, Readonly<Record<number, 1 | 2 | 3>>>>;

/** Reads one row's text: "2-base error for e3 -> e12, e19\n1-base error for e1" -> {3: 2, ...}. */
export function parseErrorRow(text: string): Record<number, 1 | 2 | 3> {
  const row: Record<number, 1 | 2 | 3> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed === "No error") continue;
    const match = /^([123])-base error for (.+)$/.exec(trimmed);
    if (match === null) throw new Error(`unreadable error chart line: "${trimmed}"`);
    const bases = Number(match[1]) as 1 | 2 | 3;
    for (const item of match[2]!.split(",")) {
      const range = /^\s*e?(\d+)\s*(?:->\s*e?(\d+))?\s*$/.exec(item);
      if (range === null) throw new Error(`unreadable error chart item: "${item}" in "${trimmed}"`);
      const from = Number(range[1]);
      const to = range[2] === undefined ? from : Number(range[2]);
      for (let rating = from; rating <= to; rating++) row[rating] = bases;
    }
  }
  return row;
}

function buildTable(text: ChartText): ErrorTable {
  const table: Record<number, Record<number, 1 | 2 | 3>> = {};
  for (let roll = 3; roll <= 18; roll++) {
    const row = text[roll];
    if (row === undefined) throw new Error(`error chart has no row ${roll}`);
    table[roll] = parseErrorRow(row);
  }
  return table;
}

export const ERROR_CHARTS: Readonly<Record<FieldPosition, ErrorTable>> = {
  P: buildTable(PITCHER),
  C: buildTable(CATCHER),
  "1B": buildTable(FIRST_BASE),
  "2B": buildTable(SECOND_BASE),
  "3B": buildTable(THIRD_BASE),
  SS: buildTable(SHORTSTOP),
  LF: buildTable(CORNER_OUTFIELD),
  CF: buildTable(CENTER_FIELD),
  RF: buildTable(CORNER_OUTFIELD),
};

/** The error on a 3d6 roll for a fielder with this error rating: 0 (none), 1, 2 or 3 bases. */
export function readErrorChart(
  position: FieldPosition,
  roll: number,
  rating: number,
): 0 | 1 | 2 | 3 {
  return ERROR_CHARTS[position][roll]?.[rating] ?? 0;
}
