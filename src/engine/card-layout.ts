import {
  type CardCell,
  type CardColumn,
  type CardSide,
  type CellEntry,
  CHANCES_PER_SIDE,
  TWO_DICE_ROWS,
  TWO_DICE_WEIGHT,
  type TwoDiceRow,
} from "./cards.js";
import { formatResult } from "./result-codes.js";
import type { CardResult } from "./results.js";

/**
 * Card layout: from a side's chances to the 3 x 11 grid a manager reads, and back.
 *
 * A card side is 3 columns x the 2d6 rows 2..12. A cell in a row of 2d6 weight w (out of 36)
 * is worth w chances; split by d20 ranges, each d20 number in it is worth w/20 chances. The
 * smallest piece is one d20 number in a row of weight 1 (rows 2 and 12): 1/20 = 0.05 chances.
 * So a side can be laid out exactly only when every result's chances are a multiple of 0.05
 * (CHANCE_GRANULARITY); anything finer is refused rather than rounded.
 *
 * The layout is deterministic: the same chances always give the same card. Big results take
 * the heavy middle rows, small ones the light outer rows, as on a printed card.
 */

/** The finest chance a card can hold: one d20 number in a row of 2d6 weight 1. */
export const CHANCE_GRANULARITY = 0.05;
/** Chances are counted internally in units of CHANCE_GRANULARITY: 108 chances = 2160 units. */
const UNITS_PER_CHANCE = 20;
const UNITS_PER_SIDE = CHANCES_PER_SIDE * UNITS_PER_CHANCE;
const D20 = 20;

/** Marks a reading may carry on a card (see CellEntry). */
export interface ReadingMarks {
  readonly fatigue?: boolean;
  readonly powerGated?: boolean;
  readonly injury?: boolean;
}

export interface ResultChances {
  readonly result: CardResult;
  readonly chances: number;
  readonly marks?: ReadingMarks;
}

export class CardLayoutError extends Error {
  override readonly name = "CardLayoutError";
}

/** The canonical printed code of a card result (results.ts), e.g. "SI**", "GB(ss)A+", "FLY(rf)B?". */
export function formatResultCode(result: CardResult): string {
  return formatResult(result);
}

/**
 * A reading's code with its marks, in the printed-cell order: code, "[N]" power gate,
 * "†" fatigue, "+inj" injury. E.g. "HR[N]†". This is the key of chancesOfSide.
 */
export function formatReading(result: CardResult, marks: ReadingMarks = {}): string {
  return `${formatResultCode(result)}${marks.powerGated ? "[N]" : ""}${marks.fatigue ? "†" : ""}${
    marks.injury ? "+inj" : ""
  }`;
}

/** Converts chances to whole units of 0.05, refusing what is not a multiple of 0.05. */
function unitsOf(chances: number, what: string): number {
  if (!Number.isFinite(chances) || chances < 0) {
    throw new CardLayoutError(`${what}: chances must be a finite number >= 0, got ${chances}`);
  }
  const units = Math.round(chances * UNITS_PER_CHANCE);
  if (Math.abs(units - chances * UNITS_PER_CHANCE) > 1e-6) {
    throw new CardLayoutError(
      `${what}: ${chances} chances is not a multiple of ${CHANCE_GRANULARITY}, so no d20 split can hold it exactly`,
    );
  }
  return units;
}

interface Allocation {
  readonly key: string;
  readonly result: CardResult;
  readonly marks: ReadingMarks;
  remaining: number;
}

interface CellSlot {
  readonly column: 0 | 1 | 2;
  readonly row: TwoDiceRow;
}

/** The cells of each 2d6 weight, heaviest first, in reading order (row, then column). */
function cellsOfWeight(weight: number): CellSlot[] {
  const rows = TWO_DICE_ROWS.filter((row) => TWO_DICE_WEIGHT[row] === weight);
  const cells: CellSlot[] = [];
  for (const row of rows) for (const column of [0, 1, 2] as const) cells.push({ column, row });
  return cells;
}

const WEIGHTS_HEAVIEST_FIRST = [6, 5, 4, 3, 2, 1] as const;

/**
 * Lays a side's chances onto the card grid, exactly.
 *
 * Readings with the same code and marks are merged. The chances must total exactly 108 and
 * each be a multiple of 0.05. Method: for each row weight w from 6 down to 1, the readings with
 * the most chances still to place take whole cells first, then single d20 numbers (each worth
 * w/20) up to what they still need; weight-1 rows take the exact remainder. This always
 * succeeds for up to 120 distinct readings (at weight w, the d20 numbers left over by flooring
 * never exceed what the lighter rows can absorb), far more than any card has.
 */
export function layoutFromChances(chances: readonly ResultChances[]): CardSide {
  const allocations = mergeReadings(chances);
  const total = allocations.reduce((sum, a) => sum + a.remaining, 0);
  if (total !== UNITS_PER_SIDE) {
    throw new CardLayoutError(
      `a card side holds exactly ${CHANCES_PER_SIDE} chances, these total ${total / UNITS_PER_CHANCE}`,
    );
  }
  const grid = new Map<
    string,
    { key: string; entry: Omit<CellEntry, "from" | "to">; n: number }[]
  >();
  const cellKey = (c: CellSlot) => `${c.column}:${c.row}`;

  for (const weight of WEIGHTS_HEAVIEST_FIRST) {
    const cells = cellsOfWeight(weight);
    let slotsLeft = cells.length * D20;
    const order = [...allocations]
      .filter((a) => a.remaining > 0)
      .sort((a, b) => b.remaining - a.remaining || (a.key < b.key ? -1 : 1));
    // Pieces in fill order: [allocation, d20 numbers]. Whole cells first, then partial cells.
    const pieces: [Allocation, number][] = [];
    for (const a of order) {
      while (a.remaining >= weight * D20 && slotsLeft >= D20 && weight > 1) {
        pieces.push([a, D20]);
        a.remaining -= weight * D20;
        slotsLeft -= D20;
      }
    }
    for (const a of order) {
      const n = Math.min(Math.floor(a.remaining / weight), slotsLeft);
      if (n > 0) {
        pieces.push([a, n]);
        a.remaining -= n * weight;
        slotsLeft -= n;
      }
    }
    if (slotsLeft !== 0) {
      throw new CardLayoutError(
        `cannot lay out ${allocations.length} distinct readings exactly: ${slotsLeft} d20 numbers of the weight-${weight} rows are left over`,
      );
    }
    // Fill the cells of this weight in order, d20 number by d20 number.
    let cellIndex = 0;
    let used = 0;
    for (const [a, count] of pieces) {
      let left = count;
      while (left > 0) {
        const cell = cells[cellIndex]!;
        const take = Math.min(left, D20 - used);
        const list = grid.get(cellKey(cell)) ?? [];
        list.push({ key: a.key, entry: entryOf(a), n: take });
        grid.set(cellKey(cell), list);
        used += take;
        left -= take;
        if (used === D20) {
          cellIndex += 1;
          used = 0;
        }
      }
    }
  }

  const columns = ([0, 1, 2] as const).map((column) => {
    const col = {} as Record<TwoDiceRow, CardCell>;
    for (const row of TWO_DICE_ROWS) {
      const parts = grid.get(`${column}:${row}`) ?? [];
      let from = 1;
      const cell: CellEntry[] = [];
      for (const part of parts) {
        cell.push({ ...part.entry, from, to: from + part.n - 1 });
        from += part.n;
      }
      col[row] = cell;
    }
    return col as CardColumn;
  }) as unknown as [CardColumn, CardColumn, CardColumn];
  const side: CardSide = { columns };
  assertCardSide(side);
  return side;
}

function entryOf(a: Allocation): Omit<CellEntry, "from" | "to"> {
  return {
    result: a.result,
    ...(a.marks.fatigue ? { fatigue: true } : {}),
    ...(a.marks.powerGated ? { powerGated: true } : {}),
    ...(a.marks.injury ? { injury: true } : {}),
  };
}

function mergeReadings(chances: readonly ResultChances[]): Allocation[] {
  const byKey = new Map<string, Allocation>();
  for (const item of chances) {
    const key = formatReading(item.result, item.marks);
    const units = unitsOf(item.chances, key);
    if (units === 0) continue;
    const existing = byKey.get(key);
    if (existing) existing.remaining += units;
    else byKey.set(key, { key, result: item.result, marks: item.marks ?? {}, remaining: units });
  }
  return [...byKey.values()];
}

/** Checks that every cell of a side covers d20 1..20 exactly once, in order. */
export function assertCardSide(side: CardSide): void {
  side.columns.forEach((column, c) => {
    for (const row of TWO_DICE_ROWS) {
      const cell = column[row];
      if (cell === undefined || cell.length === 0) {
        throw new CardLayoutError(`column ${c + 1} row ${row}: the cell is empty`);
      }
      let next = 1;
      for (const entry of cell) {
        if (entry.from !== next || entry.to < entry.from) {
          throw new CardLayoutError(
            `column ${c + 1} row ${row}: d20 ${entry.from}-${entry.to} does not continue from ${next}`,
          );
        }
        next = entry.to + 1;
      }
      if (next !== D20 + 1) {
        throw new CardLayoutError(`column ${c + 1} row ${row}: d20 covered only to ${next - 1}`);
      }
    }
  });
}

/** The inverse of layoutFromChances: chances of each reading (code with marks) on a side. */
export function chancesOfSide(side: CardSide): Map<string, number> {
  const units = new Map<string, number>();
  for (const column of side.columns) {
    for (const row of TWO_DICE_ROWS) {
      for (const entry of column[row]) {
        const key = formatReading(entry.result, entry);
        const add = TWO_DICE_WEIGHT[row] * (entry.to - entry.from + 1);
        units.set(key, (units.get(key) ?? 0) + add);
      }
    }
  }
  const chances = new Map<string, number>();
  for (const [key, n] of units) chances.set(key, n / UNITS_PER_CHANCE);
  return chances;
}

/** The chances of every result type on a side, summing results of one type over fielders. */
export function chancesByResultType(side: CardSide): Map<CardResult["type"], number> {
  const units = new Map<CardResult["type"], number>();
  for (const column of side.columns) {
    for (const row of TWO_DICE_ROWS) {
      for (const entry of column[row]) {
        const add = TWO_DICE_WEIGHT[row] * (entry.to - entry.from + 1);
        units.set(entry.result.type, (units.get(entry.result.type) ?? 0) + add);
      }
    }
  }
  const chances = new Map<CardResult["type"], number>();
  for (const [key, n] of units) chances.set(key, n / UNITS_PER_CHANCE);
  return chances;
}
