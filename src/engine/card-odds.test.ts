import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { entryForSplit, readCell, rollAtBatDice } from "./at-bat.js";
import type { CardSide, CellEntry, TwoDiceRow } from "./cards.js";
import { CHANCES_PER_PLATE_APPEARANCE, TWO_DICE_WEIGHT } from "./cards.js";
import { ChaChaDice, type PlayDice } from "./dice.js";
import { formatResult } from "./result-codes.js";
import { chiSquareStatistic, chiSquareSurvival } from "./testing/chi-square.js";
import { BATTER_VS_RIGHT, PITCHER_VS_RIGHT, situation } from "./testing/fixtures.js";

/**
 * "Card odds: over 10^6 PAs, each result's frequency passes a chi-square test against
 * chances/216 (p > 0.001)." Only the at-bat reading runs in the loop.
 */
function chancesOf(side: CardSide, into: Map<string, number>): void {
  for (const column of side.columns) {
    for (const [row, cell] of Object.entries(column) as [string, CellEntry[]][]) {
      const weight = TWO_DICE_WEIGHT[Number(row) as TwoDiceRow];
      for (const entry of cell) {
        const code = formatResult(entry.result);
        into.set(code, (into.get(code) ?? 0) + (weight * (entry.to - entry.from + 1)) / 20);
      }
    }
  }
}

describe("card odds", () => {
  it("over 10^6 plate appearances each result comes up chances/216 of the time (chi-square, p > 0.001)", () => {
    // Bottom of the first, bases empty: Jones (bats R) against Sutton (throws R).
    const state = situation({ half: "bottom" });
    const chances = new Map<string, number>();
    chancesOf(BATTER_VS_RIGHT, chances);
    chancesOf(PITCHER_VS_RIGHT, chances);
    const codes = [...chances.keys()];
    const total = [...chances.values()].reduce((a, b) => a + b, 0);
    assert.ok(
      Math.abs(total - CHANCES_PER_PLATE_APPEARANCE) < 1e-9,
      `the cards hold ${total} chances`,
    );

    const index = new Map(codes.map((code, i) => [code, i]));
    const codeOf = new Map<CellEntry, number>();
    const source = new ChaChaDice(new Uint8Array(32).fill(42));
    const dice: PlayDice = {
      readings: [],
      d6: () => source.d6(),
      twoD6: () => source.twoD6(),
      d20: () => source.d20(),
      threeD6: () => source.threeD6(),
      d100: () => source.d100(),
    };
    const counts = new Array<number>(codes.length).fill(0);
    const N = 1_000_000;
    for (let i = 0; i < N; i++) {
      const reading = rollAtBatDice(state, dice);
      const entry = entryForSplit(readCell(state, reading), reading.d20)!;
      let at = codeOf.get(entry);
      if (at === undefined) {
        at = index.get(formatResult(entry.result))!;
        codeOf.set(entry, at);
      }
      counts[at]!++;
    }
    const probabilities = codes.map((code) => chances.get(code)! / CHANCES_PER_PLATE_APPEARANCE);
    const statistic = chiSquareStatistic(counts, probabilities);
    const p = chiSquareSurvival(statistic, codes.length - 1);
    assert.ok(p > 0.001, `chi-square ${statistic.toFixed(1)} on ${codes.length - 1} df: p = ${p}`);
  });
});
