import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  assertCardSide,
  CardLayoutError,
  chancesByResultType,
  chancesOfSide,
  formatReading,
  formatResultCode,
  layoutFromChances,
  type ResultChances,
} from "./card-layout.js";
import { TWO_DICE_ROWS } from "./cards.js";
import { FIELD_POSITIONS } from "./positions.js";
import type { CardResult } from "./results.js";

const TYPICAL_BATTER: ResultChances[] = [
  { result: { type: "HOMERUN" }, chances: 3.5 },
  { result: { type: "BP_HOMERUN" }, chances: 1 },
  { result: { type: "TRIPLE" }, chances: 0.55 },
  { result: { type: "DOUBLE_3" }, chances: 1.2 },
  { result: { type: "DOUBLE_2" }, chances: 3.45 },
  { result: { type: "SINGLE_1" }, chances: 5.85 },
  { result: { type: "SINGLE_2" }, chances: 4.1 },
  { result: { type: "SINGLE_UNCAPPED", fielder: "CF" }, chances: 2.3 },
  { result: { type: "WALK" }, chances: 9.9 },
  { result: { type: "HBP" }, chances: 1 },
  { result: { type: "STRIKEOUT" }, chances: 24.25 },
  { result: { type: "GROUNDBALL", grade: "A", fielder: "SS", plus: false }, chances: 8.4 },
  { result: { type: "GROUNDBALL", grade: "B", fielder: "2B", plus: true }, chances: 9 },
  { result: { type: "GROUNDBALL", grade: "C", fielder: "3B", plus: false }, chances: 7.05 },
  { result: { type: "FLYBALL", grade: "A", fielder: "LF" }, chances: 4 },
  { result: { type: "FLYBALL", grade: "BQ", fielder: "RF" }, chances: 6.35 },
  { result: { type: "FLYBALL", grade: "C", fielder: "CF" }, chances: 5 },
  { result: { type: "LINEOUT", fielder: "SS", max: false }, chances: 6 },
  { result: { type: "POPOUT", fielder: "2B" }, chances: 5.1 },
];

describe("formatResultCode", () => {
  it("prints the canonical codes of results.ts", () => {
    assert.equal(formatResultCode({ type: "SINGLE_1" }), "SI*");
    assert.equal(formatResultCode({ type: "DOUBLE_3" }), "DO***");
    assert.equal(
      formatResultCode({ type: "GROUNDBALL", grade: "A", fielder: "SS", plus: true }),
      "GB(ss)A+",
    );
    assert.equal(formatResultCode({ type: "FLYBALL", grade: "BQ", fielder: "RF" }), "FLY(rf)B?");
    assert.equal(formatResultCode({ type: "LINEOUT", fielder: "3B", max: true }), "LO(3b)max");
    assert.equal(formatResultCode({ type: "XCHECK", position: "SS" }), "X(ss)");
    assert.equal(formatReading({ type: "HOMERUN" }, { powerGated: true, fatigue: true }), "HR[N]†");
  });
});

describe("layoutFromChances", () => {
  it("lays a typical batter side out exactly, every cell covering d20 1..20 once", () => {
    const side = layoutFromChances(TYPICAL_BATTER);
    assertCardSide(side);
    const back = chancesOfSide(side);
    for (const { result, chances } of TYPICAL_BATTER) {
      assert.equal(back.get(formatResultCode(result)), chances, formatResultCode(result));
    }
    assert.equal(back.size, TYPICAL_BATTER.length);
  });

  it("is deterministic", () => {
    assert.deepEqual(layoutFromChances(TYPICAL_BATTER), layoutFromChances(TYPICAL_BATTER));
  });

  it("merges repeated readings and keeps marks apart", () => {
    const side = layoutFromChances([
      { result: { type: "STRIKEOUT" }, chances: 50 },
      { result: { type: "STRIKEOUT" }, chances: 50 },
      { result: { type: "HOMERUN" }, chances: 3, marks: { powerGated: true } },
      { result: { type: "HOMERUN" }, chances: 2 },
      { result: { type: "SINGLE_1" }, chances: 3, marks: { fatigue: true } },
    ]);
    const back = chancesOfSide(side);
    assert.equal(back.get("K"), 100);
    assert.equal(back.get("HR[N]"), 3);
    assert.equal(back.get("HR"), 2);
    assert.equal(back.get("SI*†"), 3);
    assert.equal(chancesByResultType(side).get("HOMERUN"), 5);
  });

  it("refuses chances that are not a multiple of 0.05, naming the reading", () => {
    assert.throws(
      () =>
        layoutFromChances([
          { result: { type: "STRIKEOUT" }, chances: 107.95 },
          { result: { type: "WALK" }, chances: 0.03 },
        ]),
      (e: unknown) =>
        e instanceof CardLayoutError &&
        /BB: 0.03 chances is not a multiple of 0.05/.test(e.message),
    );
  });

  it("refuses a side that does not total 108", () => {
    assert.throws(
      () => layoutFromChances([{ result: { type: "STRIKEOUT" }, chances: 100 }]),
      (e: unknown) => e instanceof CardLayoutError && /total 100/.test(e.message),
    );
  });

  it("refuses negative chances", () => {
    assert.throws(
      () =>
        layoutFromChances([
          { result: { type: "STRIKEOUT" }, chances: 110 },
          { result: { type: "WALK" }, chances: -2 },
        ]),
      CardLayoutError,
    );
  });
});

const arbitraryResult: fc.Arbitrary<CardResult> = fc.oneof(
  fc.constantFrom<CardResult>(
    { type: "SINGLE_1" },
    { type: "SINGLE_2" },
    { type: "DOUBLE_2" },
    { type: "DOUBLE_3" },
    { type: "TRIPLE" },
    { type: "HOMERUN" },
    { type: "BP_HOMERUN" },
    { type: "BP_SINGLE" },
    { type: "WALK" },
    { type: "HBP" },
    { type: "STRIKEOUT" },
  ),
  fc
    .record({
      grade: fc.constantFrom("A", "B", "C" as const),
      fielder: fc.constantFrom(...FIELD_POSITIONS),
      plus: fc.boolean(),
    })
    .map((r) => ({ type: "GROUNDBALL" as const, ...r })),
  fc
    .record({
      grade: fc.constantFrom("A", "B", "BQ", "C" as const),
      fielder: fc.constantFrom(...FIELD_POSITIONS),
    })
    .map((r) => ({ type: "FLYBALL" as const, ...r })),
  fc.constantFrom(...FIELD_POSITIONS).map((position) => ({ type: "XCHECK" as const, position })),
);

/** A random side: up to 40 readings whose chances (in 0.05 units) total exactly 108. */
const arbitrarySide = fc
  .array(
    fc.record({
      result: arbitraryResult,
      weight: fc.integer({ min: 1, max: 1000 }),
      fatigue: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((items) => {
    const total = 2160;
    const weights = items.reduce((s, i) => s + i.weight, 0);
    let given = 0;
    return items.map((item, index) => {
      const units =
        index === items.length - 1 ? total - given : Math.floor((item.weight / weights) * total);
      given += units;
      return {
        result: item.result,
        chances: units / 20,
        marks: item.fatigue ? { fatigue: true } : {},
      } satisfies ResultChances;
    });
  });

describe("layoutFromChances properties", () => {
  it("round-trips every reading's chances exactly", () => {
    fc.assert(
      fc.property(arbitrarySide, (items) => {
        const side = layoutFromChances(items);
        const expected = new Map<string, number>();
        for (const item of items) {
          const key = formatReading(item.result, item.marks);
          expected.set(key, Math.round(((expected.get(key) ?? 0) + item.chances) * 20) / 20);
        }
        for (const [key, value] of [...expected]) if (value === 0) expected.delete(key);
        assert.deepEqual(new Map([...chancesOfSide(side)].sort()), new Map([...expected].sort()));
      }),
      { numRuns: 300 },
    );
  });

  it("covers d20 1..20 exactly once in every cell", () => {
    fc.assert(
      fc.property(arbitrarySide, (items) => {
        const side = layoutFromChances(items);
        for (const column of side.columns) {
          for (const row of TWO_DICE_ROWS) {
            const covered = column[row].flatMap((e) =>
              Array.from({ length: e.to - e.from + 1 }, (_, i) => e.from + i),
            );
            assert.deepEqual(
              covered,
              Array.from({ length: 20 }, (_, i) => i + 1),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
