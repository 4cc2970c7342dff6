import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { annotatePlays } from "./annotate.js";
import { randomGame } from "./fixtures/random-game.js";
import { PlayLogBuilder } from "./play-log-builder.js";
import { RUN_EXPECTANCY, re24, runExpectancy } from "./run-expectancy.js";
import {
  parseWinExpectancyTable,
  playValues,
  WIN_EXPECTANCY_TABLE,
  type WinExpectancyTable,
  winExpectancy,
  winExpectancyAfter,
  wpaOfPlays,
} from "./win-expectancy.js";

describe("run expectancy (§9)", () => {
  it("is keyed by the on_base_code bit field: 3 = R1R2, 4 = R3", () => {
    assert.equal(runExpectancy(3, 0), 1.5);
    assert.equal(runExpectancy(4, 0), 1.37);
    assert.equal(runExpectancy(0, 0), 0.49);
    assert.equal(runExpectancy(7, 2), 0.76);
    assert.equal(runExpectancy(5, 1), 1.17);
    assert.equal(runExpectancy(6, 1), 1.4);
    assert.equal(runExpectancy(2, 2), 0.33);
    assert.equal(runExpectancy(7, 3), 0, "after the third out");
  });

  it("more outs never raise the expectancy; more runners never lower it", () => {
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7] as const) {
      const row = RUN_EXPECTANCY[code];
      assert.ok(row[0] > row[1] && row[1] > row[2]);
      for (const more of [1, 2, 4]) {
        if ((code & more) === 0) {
          const bigger = (code | more) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
          for (let outs = 0; outs < 3; outs++)
            assert.ok(RUN_EXPECTANCY[bigger][outs]! > row[outs]!);
        }
      }
    }
  });

  it("RE24 of a play = RE(after) - RE(before) + runs; 0 after the third out", () => {
    const g = new PlayLogBuilder();
    const single = g.single(); // 0 out empty -> 0 out R1
    assert.equal(re24(single), 0.39);
    const homer = g.homeRun(); // 0 out R1 -> 0 out empty, 2 runs
    assert.equal(homer, g.plays[1]);
    assert.equal(re24(homer), 1.61);
    g.strikeout();
    g.strikeout();
    const third = g.strikeout(); // 2 out empty -> 3 outs
    assert.equal(re24(third), -0.1);
  });

  it("a half-inning's RE24 adds up to its runs minus the RE at its start", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const plays = annotatePlays(randomGame(seed).plays);
        const byHalf = new Map<string, { re: number; runs: number; complete: boolean }>();
        for (const p of plays) {
          const key = `${p.inning}${p.half}`;
          const h = byHalf.get(key) ?? { re: 0, runs: 0, complete: false };
          h.re += p.re24;
          h.runs += p.runsScored;
          h.complete = p.outsBefore + p.outsRecorded === 3;
          byHalf.set(key, h);
        }
        for (const h of byHalf.values()) {
          if (h.complete) assert.ok(Math.abs(h.re - (h.runs - 0.49)) < 1e-6);
        }
      }),
      { numRuns: 50 },
    );
  });
});

/**
 * A small hand-made table for the WPA tests: home's chance rises with the score difference and
 * with the innings gone when ahead; 0.54 in a tie at the start.
 */
function handTable(): WinExpectancyTable {
  const maxDiff = 10;
  const home = Array.from({ length: 9 }, (_, inning) =>
    [0, 1].map((half) =>
      [0, 1, 2].map((outs) =>
        Array.from({ length: 8 }, (_, code) =>
          Array.from({ length: 2 * maxDiff + 1 }, (_, d) => {
            const diff = d - maxDiff;
            const progress = (inning * 2 + half + outs / 3) / 18;
            const runners = (code & 1) + ((code >> 1) & 1) + ((code >> 2) & 1);
            const edge = 0.04 - (half === 0 ? 0.02 * runners : -0.02 * runners);
            const x = diff * (0.5 + 2 * progress) + edge;
            return 1 / (1 + Math.exp(-x * 1.2));
          }),
        ),
      ),
    ),
  );
  return parseWinExpectancyTable({
    meta: {
      generator: "hand-made for tests",
      league: "none",
      games: 0,
      runsPerGame: 0,
      homeWinPct: 0.54,
      seed: 0,
      smoothing: "none",
    },
    innings: 9,
    maxDiff,
    home,
  });
}

describe("win expectancy and WPA", () => {
  const table = handTable();

  it("reads the cell for inning, half, outs, on_base_code and clamped score difference", () => {
    const start = winExpectancy(table, {
      inning: 1,
      half: "top",
      outs: 0,
      onBaseCode: 0,
      scoreDiff: 0,
    });
    assert.equal(start, table.home[0]![0]![0]![0]![10]);
    const blowout = winExpectancy(table, {
      inning: 5,
      half: "top",
      outs: 1,
      onBaseCode: 3,
      scoreDiff: 25,
    });
    assert.equal(blowout, table.home[4]![0]![1]![3]![20]);
    const extras = winExpectancy(table, {
      inning: 12,
      half: "bottom",
      outs: 2,
      onBaseCode: 4,
      scoreDiff: -1,
    });
    assert.equal(extras, table.home[8]![1]![2]![4]![9], "extra innings read the last bucket");
    assert.equal(
      winExpectancy(table, { inning: 9, half: "bottom", outs: 0, onBaseCode: 0, scoreDiff: 1 }),
      1,
    );
  });

  it("rejects a table of the wrong shape, naming the expected layout", () => {
    const bad = { ...table, home: table.home.slice(0, 8) };
    assert.throws(() => parseWinExpectancyTable(bad), /\[9\]\[2\]\[3\]\[8\]\[21\]/);
  });

  it("WPA is credited to the batting team and the game's WPA sums to the result", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const g = randomGame(seed);
        const wpa = wpaOfPlays(table, g.plays);
        // Home's gain = sum over bottom plays of wpa - sum over top plays of wpa.
        let homeGain = 0;
        g.plays.forEach((p, i) => {
          homeGain += p.half === "bottom" ? wpa[i]! : -wpa[i]!;
        });
        const start = winExpectancy(table, {
          inning: 1,
          half: "top",
          outs: 0,
          onBaseCode: 0,
          scoreDiff: 0,
        });
        const result = g.score.home > g.score.away ? 1 : 0;
        assert.ok(Math.abs(start + homeGain - result) < 1e-3 * g.plays.length);
      }),
      { numRuns: 50 },
    );
  });

  it("a walk-off homer takes the home team to 1", () => {
    const g = new PlayLogBuilder();
    g.skipTo(9, "bottom");
    const hr = g.homeRun();
    const annotated = annotatePlays(g.plays, table).at(-1)!;
    const before = winExpectancy(table, {
      inning: 9,
      half: "bottom",
      outs: 0,
      onBaseCode: 0,
      scoreDiff: 0,
    });
    assert.equal(hr.half, "bottom");
    assert.ok(Math.abs(annotated.wpa - (1 - before)) < 1e-4);
    assert.ok(annotated.re24 === 1);
  });
});

describe("the committed win-expectancy table (data/win-expectancy.json)", () => {
  const start = { inning: 1, half: "top", outs: 0, onBaseCode: 0, scoreDiff: 0 } as const;

  it("is what winExpectancy, wpaOfPlays and annotatePlays read when no table is given", () => {
    assert.equal(winExpectancy(start), winExpectancy(WIN_EXPECTANCY_TABLE, start));
    const g = randomGame(11);
    assert.deepEqual(wpaOfPlays(g.plays), wpaOfPlays(WIN_EXPECTANCY_TABLE, g.plays));
    assert.deepEqual(
      annotatePlays(g.plays).map((p) => p.wpa),
      wpaOfPlays(WIN_EXPECTANCY_TABLE, g.plays),
    );
  });

  it("comes from a large simulation of our own leagues, with a sane run environment", () => {
    const meta = WIN_EXPECTANCY_TABLE.meta;
    assert.ok(meta.games >= 50_000, `${meta.games} games`);
    assert.ok(meta.runsPerGame > 3.5 && meta.runsPerGame < 5.5, `${meta.runsPerGame} R/G`);
    // The first state is every game's start: its cell is the home teams' record.
    assert.ok(Math.abs(winExpectancy(start) - meta.homeWinPct) < 0.005);
  });

  it("reads like baseball: a lead is worth more late, a runner more with fewer outs", () => {
    const up1 = (inning: number) =>
      winExpectancy({ inning, half: "top", outs: 0, onBaseCode: 0, scoreDiff: 1 });
    // (Home cannot lead in the top of the first: that cell is never visited.)
    for (let inning = 3; inning <= 9; inning++) assert.ok(up1(inning) > up1(inning - 1));
    const bottom9 = (outs: number, onBaseCode: 0 | 4) =>
      winExpectancy({ inning: 9, half: "bottom", outs, onBaseCode, scoreDiff: 0 });
    assert.ok(bottom9(0, 4) > 0.8, "tied, runner on third, none out, bottom 9th");
    assert.ok(bottom9(0, 4) > bottom9(1, 4) && bottom9(1, 4) > bottom9(2, 4));
    assert.ok(bottom9(2, 4) > bottom9(2, 0));
  });

  it("after a third out into extra innings, reads the placed runner on second when the rule is on", () => {
    const lastOut = { inning: 9, half: "bottom", outsBefore: 2, outsRecorded: 1 } as const;
    const into10 = (extraInningRunnerOnSecond: boolean) =>
      winExpectancyAfter(WIN_EXPECTANCY_TABLE, { ...lastOut, onBaseCodeAfter: 0 }, 3, 3, {
        extraInningRunnerOnSecond,
      });
    const top10 = (onBaseCode: 0 | 2) =>
      winExpectancy({ inning: 10, half: "top", outs: 0, onBaseCode, scoreDiff: 0 });
    assert.equal(into10(true), top10(2));
    assert.equal(into10(false), top10(0));
  });

  it("gives the engine a play's RE24 and WPA from the record's fields", () => {
    const rules = { inningsPerGame: 9, extraInningRunnerOnSecond: true };
    const walkOffSingle = {
      inning: 9,
      half: "bottom",
      outsBefore: 2,
      outsRecorded: 0,
      onBaseCode: 4,
      onBaseCodeAfter: 1,
      awayScoreBefore: 2,
      homeScoreBefore: 2,
      runsScored: 1,
    } as const;
    const values = playValues(walkOffSingle, rules);
    const before = winExpectancy({
      inning: 9,
      half: "bottom",
      outs: 2,
      onBaseCode: 4,
      scoreDiff: 0,
    });
    assert.equal(values.wpa, Math.round((1 - before) * 10_000) / 10_000);
    assert.equal(values.re24, re24(walkOffSingle));
  });
});
