import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OnBaseCode } from "./bases.js";
import {
  ERROR_CHARTS,
  MAX_ERROR_RATING,
  parseErrorRow,
  readErrorChart,
} from "./charts/error-charts.js";
import { readRangeChart } from "./charts/range-charts.js";
import { FIELD_POSITIONS } from "./positions.js";
import { DEFAULT_RULES } from "./rules.js";
import type { DefenseChoice, GameState } from "./state.js";
import { d20, homeSlot, ROLL, situation } from "./testing/fixtures.js";
import { basesShape, diceFor, play } from "./testing/run.js";

/**
 * Every row of the §4 groundball and flyball charts, played through the engine from a fixture
 * state. Expected values are written out again here from the rules reference, not read from the
 * chart data. Bases read "B12": first base holds the batter, second the old R1, third the old R2.
 */
const BATTER = homeSlot(1);
const RUNNER = { 1: homeSlot(2), 2: homeSlot(3), 3: homeSlot(4) } as const;

function withRunners(
  code: OnBaseCode,
  outs: number,
  defense: Partial<DefenseChoice> = {},
): GameState {
  return situation({
    half: "bottom",
    outs,
    defense,
    first: code & 1 ? RUNNER[1] : undefined,
    second: code & 2 ? RUNNER[2] : undefined,
    third: code & 4 ? RUNNER[3] : undefined,
  });
}

const GB_CODES = { A: "GB(ss)A", B: "GB(ss)B", C: "GB(3b)C" } as const;

/** [bases after, outs made, runs, double play] with nobody out, infield back (§4.2). */
const INFIELD_BACK: Record<
  OnBaseCode,
  Record<"A" | "B" | "C", [string, number, number, boolean]>
> = {
  0: { A: ["---", 1, 0, false], B: ["---", 1, 0, false], C: ["---", 1, 0, false] },
  1: { A: ["---", 2, 0, true], B: ["B--", 1, 0, false], C: ["-1-", 1, 0, false] },
  2: { A: ["-2-", 1, 0, false], B: ["-2-", 1, 0, false], C: ["--2", 1, 0, false] },
  4: { A: ["--3", 1, 0, false], B: ["--3", 1, 0, false], C: ["---", 1, 1, false] },
  3: { A: ["--2", 2, 0, true], B: ["B-2", 1, 0, false], C: ["-12", 1, 0, false] },
  5: { A: ["---", 2, 1, true], B: ["B--", 1, 1, false], C: ["-1-", 1, 1, false] },
  6: { A: ["-23", 1, 0, false], B: ["-23", 1, 0, false], C: ["--2", 1, 1, false] },
  7: { A: ["--2", 2, 1, true], B: ["B-2", 1, 1, false], C: ["-12", 1, 1, false] },
};

/** §4.3 [D]: the infield in, the rows with R3 (the others read the infield-back chart). */
const INFIELD_IN: Partial<
  Record<OnBaseCode, Record<"A" | "B" | "C", [string, number, number, boolean]>>
> = {
  4: { A: ["--3", 1, 0, false], B: ["--3", 1, 0, false], C: ["---", 1, 1, false] },
  5: { A: ["--3", 2, 0, true], B: ["B-3", 1, 0, false], C: ["-1-", 1, 1, false] },
  6: { A: ["-23", 1, 0, false], B: ["-23", 1, 0, false], C: ["--2", 1, 1, false] },
  7: { A: ["-12", 2, 0, true], B: ["B12", 1, 0, false], C: ["-12", 1, 1, false] },
};

function grounder(before: GameState, grade: "A" | "B" | "C") {
  const { state, plays } = play(before, [ROLL], diceFor(GB_CODES[grade]));
  return { state, record: plays[0]! };
}

describe("§4.2 groundballs, infield back, nobody out", () => {
  for (const [code, row] of Object.entries(INFIELD_BACK)) {
    for (const grade of ["A", "B", "C"] as const) {
      const [bases, outs, runs, dp] = row[grade];
      it(`on_base_code ${code}, GB ${grade}: ${bases}, ${outs} out(s), ${runs} run(s)${dp ? ", DP" : ""}`, () => {
        const before = withRunners(Number(code) as OnBaseCode, 0);
        const { state, record } = grounder(before, grade);
        assert.equal(basesShape(before, state, BATTER), bases);
        assert.equal(record.outsRecorded, outs);
        assert.equal(record.runsScored, runs);
        assert.equal(record.stats.gidp, dp ? 1 : 0);
        assert.equal(record.stats.rbi, dp ? 0 : runs);
        assert.equal(record.stats.ab, 1);
        assert.equal(record.onBaseCode, Number(code));
      });
    }
  }
  it("describes a double play by the fielders' numbers", () => {
    const { record } = grounder(withRunners(1, 0), "A");
    assert.match(record.description, /grounds into a 6-4-3 double play/);
  });
});

describe("§4.3 groundballs, infield in, nobody out", () => {
  for (const [code, row] of Object.entries(INFIELD_IN)) {
    for (const grade of ["A", "B", "C"] as const) {
      const [bases, outs, runs, dp] = row![grade];
      it(`on_base_code ${code}, GB ${grade}: ${bases}, ${outs} out(s), ${runs} run(s)`, () => {
        const before = withRunners(Number(code) as OnBaseCode, 0, { infield: "in" });
        const { state, record } = grounder(before, grade);
        assert.equal(basesShape(before, state, BATTER), bases);
        assert.equal(record.outsRecorded, outs);
        assert.equal(record.runsScored, runs);
        assert.equal(record.stats.gidp, dp ? 1 : 0);
      });
    }
  }
  it("corners in: a ball to third uses the infield-in chart, a ball to short plays back", () => {
    // GB(3b)C with R3, corners in: R3 scores (C) - same in both charts; use loaded GB(ss)A vs the in chart.
    const back = grounder(withRunners(7, 0, { infield: "cornersIn" }), "A");
    assert.equal(back.record.runsScored, 1, "SS plays back: DP, R3 scores");
  });
});

describe("§4.2 two outs and third-out double plays", () => {
  for (const code of [1, 3, 5, 7] as OnBaseCode[]) {
    it(`on_base_code ${code}, two outs: the grounder is the third out and no run scores`, () => {
      const { record, state } = grounder(withRunners(code, 2), "C");
      assert.equal(record.outsRecorded, 1);
      assert.equal(record.runsScored, 0);
      assert.equal(state.outs, 0, "the half-inning turned over");
      assert.equal(state.half, "top");
      assert.equal(state.inning, 2);
    });
  }
  it("a DP that is the third out scores no run (R1R3, one out, GB A)", () => {
    const { record } = grounder(withRunners(5, 1), "A");
    assert.equal(record.outsRecorded, 2);
    assert.equal(record.runsScored, 0);
  });
});

describe("§4.1 flyballs", () => {
  it("FLY A: R3 scores, R2 to third, R1 to second; a sacrifice fly", () => {
    const before = withRunners(7, 0);
    const { state, plays } = play(before, [ROLL], diceFor("FLY(lf)A"));
    assert.equal(basesShape(before, state, BATTER), "-12");
    assert.deepEqual(
      [plays[0]!.runsScored, plays[0]!.stats.sf, plays[0]!.stats.ab, plays[0]!.stats.rbi],
      [1, 1, 0, 1],
    );
  });
  it("FLY B: R3 scores, R2 may tag (safe on d20 <= speed + arm + 2)", () => {
    const before = withRunners(6, 0);
    const { state } = play(before, [ROLL], diceFor("FLY(cf)B"));
    assert.ok(state.pending.kind === "runner" && state.pending.step === "tagUp");
    // Lewis speed 12, CF arm -1, +2 = 13.
    assert.equal(state.pending.lead.target, 13);
    const safe = play(
      state,
      [{ type: "decideRunner", side: "home", step: "tagUp", send: true }],
      [d20(13)],
    );
    assert.equal(basesShape(before, safe.state, BATTER), "--2");
    assert.equal(safe.plays[0]!.runsScored, 1);
    const held = play(
      state,
      [{ type: "decideRunner", side: "home", step: "tagUp", send: true }],
      [d20(14)],
    );
    assert.equal(basesShape(before, held.state, BATTER), "-2-", "not safe and not a 20: he holds");
    const out = play(
      state,
      [{ type: "decideRunner", side: "home", step: "tagUp", send: true }],
      [d20(20)],
    );
    assert.equal(out.plays[0]!.outsRecorded, 2, "out on a 20");
    assert.equal(out.plays[0]!.runsScored, 1);
  });
  it("FLY B with R1 only: R1 holds", () => {
    const before = withRunners(1, 0);
    const { state } = play(before, [ROLL], diceFor("FLY(cf)B"));
    assert.equal(basesShape(before, state, BATTER), "1--");
  });
  it("FLY B?: R3 may try to score; out at home when the d20 misses", () => {
    const before = withRunners(4, 1);
    const { state } = play(before, [ROLL], diceFor("FLY(rf)B?"));
    assert.ok(state.pending.kind === "runner");
    // Morgan speed 14, RF arm -2, +2 = 14.
    assert.equal(state.pending.lead.target, 14);
    const out = play(
      state,
      [{ type: "decideRunner", side: "home", step: "tagUp", send: true }],
      [d20(15)],
    );
    assert.equal(out.plays[0]!.outsRecorded, 2);
    assert.equal(out.state.half, "top", "three outs");
    const safe = play(
      state,
      [{ type: "decideRunner", side: "home", step: "tagUp", send: true }],
      [d20(14)],
    );
    assert.deepEqual([safe.plays[0]!.runsScored, safe.plays[0]!.stats.sf], [1, 1]);
    const held = play(state, [{ type: "decideRunner", side: "home", step: "tagUp", send: false }]);
    assert.equal(basesShape(before, held.state, BATTER), "--3");
  });
  it("FLY B? with the outfield shallow plays as FLY B: R3 scores", () => {
    const { plays } = play(
      withRunners(4, 0, { outfield: "shallow" }),
      [ROLL],
      diceFor("FLY(rf)B?"),
    );
    assert.equal(plays[0]!.runsScored, 1);
  });
  it("FLY B? with the outfield deep also plays as FLY B (the deeper catch) [D]", () => {
    const { plays } = play(withRunners(4, 0, { outfield: "deep" }), [ROLL], diceFor("FLY(rf)B?"));
    assert.equal(plays[0]!.runsScored, 1);
    const normal = play(withRunners(4, 0), [ROLL], diceFor("FLY(rf)B?"));
    assert.equal(normal.state.pending.kind, "runner", "normal depth: R3 must check");
  });
  it("an uncapped single: the extra-base target is 1 lower with the outfield deep, 1 higher shallow [D]", () => {
    const targetWith = (outfield: DefenseChoice["outfield"]) => {
      const { state } = play(withRunners(1, 0, { outfield }), [ROLL], diceFor("SI(cf)"));
      assert.ok(state.pending.kind === "runner");
      return state.pending.lead.target;
    };
    const normal = targetWith("normal");
    assert.equal(targetWith("deep"), normal - DEFAULT_RULES.deepOutfieldExtraBasePenalty);
    assert.equal(targetWith("shallow"), normal + DEFAULT_RULES.shallowOutfieldExtraBaseBonus);
  });
  it("FLY C: everybody holds", () => {
    const before = withRunners(7, 0);
    const { state, plays } = play(before, [ROLL], diceFor("FLY(rf)C"));
    assert.equal(basesShape(before, state, BATTER), "123");
    assert.equal(plays[0]!.runsScored, 0);
  });
  it("two outs: the catch ends the inning and nobody scores", () => {
    const { plays } = play(withRunners(7, 2), [ROLL], diceFor("FLY(lf)A"));
    assert.deepEqual([plays[0]!.runsScored, plays[0]!.stats.sf], [0, 0]);
  });
});

describe("§5 chart data", () => {
  it("SS e24 on a 3d6 roll of 15 is a 1-base error (the reference's example)", () => {
    assert.equal(readErrorChart("SS", 15, 24), 1);
  });
  it("each chart's highest rating matches the reference (C 16, 1B 30, LF/RF 25, P 51, 3B 65, 2B 71, SS 88; CF: see MAX_ERROR_RATING)", () => {
    for (const position of FIELD_POSITIONS) {
      let highest = 0;
      for (const row of Object.values(ERROR_CHARTS[position])) {
        for (const rating of Object.keys(row)) highest = Math.max(highest, Number(rating));
      }
      assert.equal(highest, MAX_ERROR_RATING[position], position);
    }
  });
  it("reads ranges and typo'd ranges of the source text", () => {
    assert.deepEqual(
      parseErrorRow("2-base error for e53 -> 71\n1-base error for e5 -> 10, e8 ,e10"),
      {
        ...Object.fromEntries(Array.from({ length: 19 }, (_, i) => [53 + i, 2])),
        5: 1,
        6: 1,
        7: 1,
        8: 1,
        9: 1,
        10: 1,
      },
    );
    assert.equal(readErrorChart("LF", 18, 4), 3);
    assert.equal(readErrorChart("1B", 5, 10), 0, "row 5: no error");
  });
  it("range charts read by d20 row and range column", () => {
    assert.equal(readRangeChart("SS", 1, 1), "G3#");
    assert.equal(readRangeChart("CF", 1, 5), "TR3");
    assert.equal(readRangeChart("C", 2, 2), "SPD");
    assert.equal(readRangeChart("P", 20, 5), "G1");
  });
});
