import type { CardColumn, CardSide, CellEntry, TwoDiceRow } from "../cards.js";
import { parseResult } from "../result-codes.js";

/**
 * Writing fixture card sides by hand: a column is the 11 cells of rows 2..12, each a canonical
 * code ("SI*"), a split ("HR 1-10 | DO** 11-20"), with marks: "[F]" fatigue, "[P]" power gate,
 * "[I]" plus injury.
 */
export function cell(text: string): CellEntry[] {
  const parts = text.split("|").map((part) => part.trim());
  return parts.map((part, index) => {
    const match = /^(\S+?)(\[[FPI]+\])?(?:\s+(\d+)-(\d+))?$/.exec(part);
    if (match === null) throw new Error(`fixture cell "${text}" is unreadable`);
    const parsed = parseResult(match[1]!);
    if (!parsed.ok) throw new Error(`fixture cell "${text}": ${parsed.message}`);
    const marks = match[2] ?? "";
    const from = match[3] === undefined ? (parts.length === 1 ? 1 : Number.NaN) : Number(match[3]);
    const to = match[4] === undefined ? 20 : Number(match[4]);
    if (Number.isNaN(from))
      throw new Error(`fixture cell "${text}": part ${index + 1} needs a d20 range`);
    return {
      result: parsed.result,
      from,
      to,
      ...(marks.includes("F") ? { fatigue: true } : {}),
      ...(marks.includes("P") ? { powerGated: true } : {}),
      ...(marks.includes("I") ? { injury: true } : {}),
    };
  });
}

export function column(cells: readonly string[]): CardColumn {
  if (cells.length !== 11)
    throw new Error(`a fixture column has 11 cells (rows 2-12), got ${cells.length}`);
  const out = {} as Record<TwoDiceRow, CellEntry[]>;
  cells.forEach((text, index) => {
    out[(index + 2) as TwoDiceRow] = cell(text);
  });
  return out;
}

export function side(a: readonly string[], b: readonly string[], c: readonly string[]): CardSide {
  return { columns: [column(a), column(b), column(c)] };
}

const EMPTY_COLUMN = {
  2: [],
  3: [],
  4: [],
  5: [],
  6: [],
  7: [],
  8: [],
  9: [],
  10: [],
  11: [],
  12: [],
} as CardColumn;

/** A card side with no transcribed grid (an SBA card known only from its printed strings). */
export const NO_GRID: CardSide = { columns: [EMPTY_COLUMN, EMPTY_COLUMN, EMPTY_COLUMN] };
