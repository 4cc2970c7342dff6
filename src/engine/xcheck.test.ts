import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldingAt } from "./fielding.js";
import { DEFAULT_RULES } from "./rules.js";
import type { DefenseChoice, GameState } from "./state.js";
import { awaySlot, d20, homeSlot, ROLL, situation, xCheck } from "./testing/fixtures.js";
import { basesShape, diceFor, play } from "./testing/run.js";

/**
 * §5 X-checks, one test per class of cell: range results (G1-3, G2#/G3# conversion, SI1, SI2,
 * SPD, PO, FO, F1-3, DO2, DO3, TR3), errors of 1, 2 and 3 bases, rare plays and the
 * out-of-position penalties. The defense is the visitors: SS Baker (range 2, e24), C Hughes
 * (range 2, e6, PB 4), CF Abbott (range 2, e5, arm -1), LF Grant (range 3, e6, arm +1).
 */
const BATTER = homeSlot(1);
const R1 = homeSlot(2);
const R2 = homeSlot(3);
const SS = awaySlot(2);
const CF = awaySlot(1);
const LF = awaySlot(7);

function at(
  runners: { r1?: boolean; r2?: boolean; r3?: boolean },
  defense: Partial<DefenseChoice> = {},
  outs = 0,
): GameState {
  return situation({
    half: "bottom",
    outs,
    defense,
    first: runners.r1 ? R1 : undefined,
    second: runners.r2 ? R2 : undefined,
    third: runners.r3 ? homeSlot(4) : undefined,
  });
}

function x(
  before: GameState,
  at: string,
  range: number,
  errorRoll: number,
  rare = 50,
  extra: Parameters<typeof play>[2] = [],
) {
  const { state, plays } = play(
    before,
    [ROLL],
    [...diceFor(`X(${at})`), ...xCheck(range, errorRoll, rare), ...extra],
  );
  return { state, record: plays[0]!, shape: basesShape(before, state, BATTER) };
}

describe("§5 X-check range results, no error", () => {
  it("G1 reads as GB A: a double play with R1", () => {
    const { record } = x(at({ r1: true }), "ss", 10, 10);
    assert.deepEqual(
      [record.checkPos, record.defenderId, record.outsRecorded, record.stats.gidp],
      ["SS", SS, 2, 1],
    );
    assert.equal(record.hitType, "X(ss)");
    assert.deepEqual(
      record.diceRoll.slice(3).map((r) => r.dice),
      ["d20", "3d6", "d100"],
    );
  });
  it("G2# with the fielder back reads as G2 = GB B: R1 forced at second, batter safe", () => {
    const { record, shape } = x(at({ r1: true }), "ss", 6, 10);
    assert.equal(shape, "B--");
    assert.equal(record.outsRecorded, 1);
    assert.match(record.description, /G2# -> G2/);
  });
  it("G2# with the infield in becomes SI2", () => {
    const { record, shape } = x(at({ r1: true }, { infield: "in" }), "ss", 6, 10);
    assert.equal(shape, "B-1");
    assert.equal(record.stats.hit, 1);
  });
  it("G3# when the shortstop holds R2 becomes SI2: R2 scores", () => {
    const { record, shape } = x(
      at({ r2: true }, { hold: { first: false, second: true, third: false } }),
      "ss",
      3,
      10,
    );
    assert.equal(shape, "B--");
    assert.equal(record.runsScored, 1);
  });
  it("G3# with nobody held reads as G3 = GB C: R2 to third", () => {
    const { shape } = x(at({ r2: true }), "ss", 3, 10);
    assert.equal(shape, "--2");
  });
  it("SI1: a single, runners up one", () => {
    const { shape, record } = x(at({ r1: true }), "ss", 1, 10);
    assert.equal(shape, "B1-");
    assert.equal(record.stats.hit, 1);
  });
  it("SPD: safe with SI* on d20 <= the batter's running rating (8), else GB C", () => {
    const safe = x(at({}), "c", 2, 10, 50, [d20(8)]);
    assert.equal(safe.shape, "B--");
    assert.equal(safe.record.stats.hit, 1);
    const out = x(at({ r1: true }), "c", 2, 10, 50, [d20(9)]);
    assert.equal(out.shape, "-1-", "GB C: out, R1 to second");
    assert.equal(out.record.outsRecorded, 1);
  });
  it("PO by the catcher: out", () => {
    assert.equal(x(at({}), "c", 9, 10).record.outsRecorded, 1);
  });
  it("FO by the catcher with runners on: a passed ball on d20 <= PB, and the batter bats again", () => {
    const { record, state, shape } = x(at({ r1: true }), "c", 12, 10, 50, [d20(4)]);
    assert.deepEqual(
      [record.hitType, record.stats.passed_ball, record.stats.pa, record.outsRecorded],
      ["PB", 1, 0, 0],
    );
    assert.equal(shape, "-1-");
    assert.equal(state.pending.kind, "roll");
    assert.equal(record.runners.find((m) => m.lineupId === R1)?.onError, true);
  });
  it("FO by the catcher with runners on and no passed ball: a foul out", () => {
    const { record } = x(at({ r1: true }), "c", 12, 10, 50, [d20(5)]);
    assert.equal(record.outsRecorded, 1);
  });
  it("F1 reads as FLY A", () => {
    const { record, shape } = x(at({ r1: true, r2: true }), "cf", 4, 10);
    assert.equal(shape, "-12");
    assert.equal(record.outsRecorded, 1);
  });
  it("F3 reads as FLY C: runners hold", () => {
    const { shape } = x(at({ r2: true }), "cf", 16, 10);
    assert.equal(shape, "-2-");
  });
  it("DO2: a double, runners up two", () => {
    const { record, shape } = x(at({ r1: true }), "cf", 1, 10);
    assert.equal(shape, "-B1");
    assert.equal(record.stats.double, 1);
  });
});

describe("§5 X-check errors", () => {
  it("SS e24 rolls 15: a 1-base error on SI1 puts the batter on second, runners up two", () => {
    const { record, shape } = x(at({ r1: true }), "ss", 1, 15);
    assert.equal(shape, "-B1");
    assert.deepEqual(record.errors, [{ position: "SS", lineupId: SS, bases: 1 }]);
    assert.equal(record.stats.hit, 1);
    assert.equal(record.stats.ab, 1);
  });
  it("G1 with a 2-base error (3d6 18): batter to second on the error, no hit, runs unearned", () => {
    const { record, shape, state } = x(at({ r3: true }), "ss", 10, 18);
    assert.equal(shape, "-B-");
    assert.deepEqual(
      [record.stats.hit, record.stats.ab, record.runsScored, record.stats.rbi, record.stats.e_run],
      [0, 1, 1, 0, 0],
    );
    assert.equal(state.bases.second?.unearned, true);
    assert.equal(state.away.errors, 1);
  });
  it("PO with a 1-base error by the catcher (e6 on 14): batter to first, runners up one", () => {
    const { shape } = x(at({ r2: true }), "c", 9, 14);
    assert.equal(shape, "B-2");
  });
  it("FO dropped by the catcher: an error, and the batter bats again", () => {
    const { record, state } = x(at({}), "c", 12, 14);
    assert.deepEqual([record.hitType, record.stats.pa, record.errors.length], ["E-FO", 0, 1]);
    assert.equal(state.pending.kind, "roll");
  });
  it("SI2 with a 2-base error (CF e5 on 17): batter to third, all score", () => {
    const { record, shape } = x(at({ r1: true, r2: true }), "cf", 2, 17);
    assert.equal(shape, "--B");
    assert.equal(record.runsScored, 2);
  });
  it("F3 with a 3-base error (CF e5 on 18): batter to third, all score", () => {
    const { record, shape } = x(at({ r1: true }), "cf", 16, 18);
    assert.equal(shape, "--B");
    assert.deepEqual([record.runsScored, record.outsRecorded, record.errors[0]?.bases], [1, 0, 3]);
  });
});

describe("§5 rare plays (d100 = 1)", () => {
  it("G1 with R1: runner interference, the batter out on a GIDP", () => {
    const { record, shape } = x(at({ r1: true, r2: true }), "ss", 10, 15, 1);
    assert.equal(shape, "-2-");
    assert.deepEqual([record.outsRecorded, record.stats.gidp, record.errors.length], [2, 1, 0]);
  });
  it("SI1 with R1: the liner hits R1, who is out; batter to first with a single", () => {
    const { record, shape } = x(at({ r1: true }), "ss", 1, 10, 1);
    assert.equal(shape, "B--");
    assert.deepEqual([record.outsRecorded, record.stats.hit], [1, 1]);
  });
  it("DO2: a double, then the man on second is out (hidden ball)", () => {
    const { record, shape } = x(at({ r1: true }), "cf", 1, 10, 1);
    assert.equal(shape, "--1");
    assert.deepEqual([record.outsRecorded, record.stats.double], [1, 1]);
  });
  it("F1: the catch, and runners take two bases", () => {
    const { shape, record } = x(at({ r1: true }), "cf", 4, 10, 1);
    assert.equal(shape, "--1");
    assert.equal(record.outsRecorded, 1);
  });
  it("FO by the catcher: catcher's interference, batter to first", () => {
    const { record, shape } = x(at({ r1: true }), "c", 12, 10, 1);
    assert.equal(shape, "B1-");
    assert.deepEqual([record.stats.ci, record.stats.ab, record.stats.pa], [1, 0, 1]);
  });
});

describe("§5 out of position", () => {
  const swapped = (s: GameState): GameState => ({
    ...s,
    away: { ...s.away, defense: { ...s.away.defense, CF: LF, LF: CF } },
  });
  it("an outfielder in another outfield spot keeps his error rating and arm; his range is 5", () => {
    const grant = situation().players[LF]!;
    assert.deepEqual(fieldingAt(grant, "CF", DEFAULT_RULES), {
      position: "CF",
      range: 5,
      error: 6,
      arm: 1,
    });
  });
  it("an infielder in the outfield: range 5, the chart's worst error rating, arm +5", () => {
    const baker = situation().players[SS]!;
    assert.deepEqual(fieldingAt(baker, "LF", DEFAULT_RULES), {
      position: "LF",
      range: 5,
      error: 25,
      arm: 5,
    });
    assert.deepEqual(fieldingAt(baker, "C", DEFAULT_RULES), {
      position: "C",
      range: 5,
      error: 16,
      arm: 5,
      passedBall: 20,
      throwing: 20,
    });
  });
  it("Grant in center reads range 5: d20 1 is TR3; a rare play makes it an inside-the-park homer", () => {
    const before = swapped(at({}));
    const triple = x(before, "cf", 1, 10);
    assert.equal(triple.record.stats.triple, 1);
    assert.equal(triple.record.defenderId, LF);
    const homer = x(before, "cf", 1, 10, 1);
    assert.deepEqual([homer.record.stats.homerun, homer.record.runsScored], [1, 1]);
  });
});
