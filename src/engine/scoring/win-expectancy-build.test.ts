import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomGame } from "./fixtures/random-game.js";
import { parseWinExpectancyTable, winExpectancy } from "./win-expectancy.js";
import { buildTable, emptyTally, isotonic, tallyGame } from "./win-expectancy-build.js";

describe("building the win-expectancy table", () => {
  it("pool-adjacent-violators gives the closest non-decreasing sequence", () => {
    assert.deepEqual(isotonic([0.1, 0.3, 0.2, 0.4], [1, 1, 1, 1]), [0.1, 0.25, 0.25, 0.4]);
    assert.deepEqual(isotonic([0.5, 0.1], [3, 1]), [0.4, 0.4]);
  });

  it("counts finished games into a valid, monotone table", () => {
    const tally = emptyTally();
    for (let seed = 1; seed <= 300; seed++) tallyGame(tally, randomGame(seed).plays);
    assert.equal(tally.games, 300);
    const table = parseWinExpectancyTable(
      buildTable(tally, { generator: "test", league: "random", seed: 1 }),
    );
    assert.equal(table.meta.games, 300);
    for (const inning of table.home) {
      for (const half of inning) {
        for (const outs of half) {
          for (const row of outs)
            for (let d = 1; d < row.length; d++) assert.ok(row[d]! >= row[d - 1]!);
        }
      }
    }
    const tie = winExpectancy(table, {
      inning: 1,
      half: "top",
      outs: 0,
      onBaseCode: 0,
      scoreDiff: 0,
    });
    assert.ok(
      Math.abs(tie - table.meta.homeWinPct) < 0.02,
      "the first state is every game's start",
    );
    assert.equal(table.home[8]![1]![0]![0]![11], 1, "home ahead in the bottom of the 9th: over");
  });

  it("skips an unfinished game", () => {
    const tally = emptyTally();
    assert.equal(tallyGame(tally, randomGame(7).plays.slice(0, 20)), false);
    assert.equal(tally.games, 0);
  });
});
