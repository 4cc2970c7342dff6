import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import type { PlayStats } from "./play-record.js";
import type { GameState } from "./state.js";
import { d20, homeSlot, ROLL, type Situation, situation } from "./testing/fixtures.js";
import { basesShape, diceFor, play } from "./testing/run.js";

/**
 * Every result type of the rules reference §3, one situation each, with its expected bases,
 * outs, runs and stats. Bottom of the first, Jones (slot 1, bats R) facing Sutton (R); runners
 * are Keller (R1), Lewis (R2), Morgan (R3).
 */
const BATTER = homeSlot(1);
const R1 = homeSlot(2);
const R2 = homeSlot(3);
const R3 = homeSlot(4);

function at(
  s: Omit<Situation, "half"> & { r1?: boolean; r2?: boolean; r3?: boolean } = {},
): GameState {
  return situation({
    half: "bottom",
    ...s,
    first: s.r1 ? R1 : undefined,
    second: s.r2 ? R2 : undefined,
    third: s.r3 ? R3 : undefined,
  });
}

interface Expect {
  readonly bases: string;
  readonly outs: number;
  readonly runs: number;
  readonly stats?: Partial<PlayStats>;
}

function check(
  before: GameState,
  code: string,
  expect: Expect,
  extra: Parameters<typeof play>[2] = [],
  actions: Action[] = [],
) {
  const { state, plays } = play(before, [ROLL, ...actions], [...diceFor(code), ...extra]);
  const record = plays[plays.length - 1]!;
  assert.equal(record.hitType, code);
  if (state.outs < 3 && state.half === before.half)
    assert.equal(basesShape(before, state, BATTER), expect.bases, "bases");
  assert.equal(record.outsBefore + record.outsRecorded, expect.outs, "outs");
  assert.equal(record.runsScored, expect.runs, "runs");
  for (const [key, value] of Object.entries(expect.stats ?? {})) {
    assert.equal(record.stats[key as keyof PlayStats], value, `stat ${key}`);
  }
  const s = record.stats;
  assert.equal(
    s.pa,
    s.ab + s.bb + s.hbp + s.sf + s.sac + s.ci,
    "PA = AB + BB + HBP + SF + SH + CI",
  );
  return { state, record };
}

describe("§3 result types", () => {
  it("SI*: batter to first, runners up one", () => {
    check(at({ r1: true, r2: true }), "SI*", {
      bases: "B12",
      outs: 0,
      runs: 0,
      stats: { hit: 1, ab: 1, pa: 1, rbi: 0 },
    });
  });
  it("SI**: runners up two; R2 scores", () => {
    check(at({ r1: true, r2: true }), "SI**", {
      bases: "B-1",
      outs: 0,
      runs: 1,
      stats: { hit: 1, rbi: 1, e_run: 1 },
    });
  });
  it("SI(cf): runners up one, then the lead runner may try for an extra base", () => {
    const { state } = play(at({ r1: true }), [ROLL], diceFor("SI(cf)"));
    assert.equal(state.pending.kind, "runner");
    assert.ok(state.pending.kind === "runner");
    assert.equal(state.pending.step, "send");
    assert.equal(state.pending.side, "home");
    assert.deepEqual(
      { id: state.pending.lead.lineupId, from: state.pending.lead.from, to: state.pending.lead.to },
      { id: R1, from: 2, to: 3 },
    );
    // Held: single, R1 to second.
    const held = play(state, [{ type: "decideRunner", side: "home", step: "send", send: false }]);
    assert.equal(basesShape(at({ r1: true }), held.state, BATTER), "B1-");
    assert.equal(held.plays[0]!.stats.hit, 1);
  });
  it("DO**: batter to second, runners up two", () => {
    check(at({ r1: true }), "DO**", {
      bases: "-B1",
      outs: 0,
      runs: 0,
      stats: { hit: 1, double: 1 },
    });
  });
  it("DO***: all runners score", () => {
    check(at({ r1: true, r3: true }), "DO***", {
      bases: "-B-",
      outs: 0,
      runs: 2,
      stats: { double: 1, rbi: 2 },
    });
  });
  it("DO(lf): runners up two, R1 may try to score", () => {
    const { state } = play(at({ r1: true }), [ROLL], diceFor("DO(lf)"));
    assert.ok(state.pending.kind === "runner");
    assert.equal(state.pending.lead.lineupId, R1);
    assert.equal(state.pending.lead.to, 4);
    assert.equal(state.pending.trail?.lineupId, BATTER);
  });
  it("TR: a triple clears the bases", () => {
    check(at({ r1: true, r2: true, r3: true }), "TR", {
      bases: "--B",
      outs: 0,
      runs: 3,
      stats: { triple: 1, rbi: 3 },
    });
  });
  it("HR: everybody scores", () => {
    check(at({ r1: true }), "HR", {
      bases: "---",
      outs: 0,
      runs: 2,
      stats: { homerun: 1, hit: 1, rbi: 2, run: 2 },
    });
  });
  it("BP-HR: a home run on d20 within the park rating (1-10)", () => {
    check(
      at({ r2: true }),
      "BP-HR",
      { bases: "---", outs: 0, runs: 2, stats: { homerun: 1, bphr: 1, bpfo: 0 } },
      [d20(10)],
    );
  });
  it("BP-HR failed: a ballpark flyout, runners hold", () => {
    check(
      at({ r2: true }),
      "BP-HR",
      { bases: "-2-", outs: 1, runs: 0, stats: { bphr: 0, bpfo: 1, ab: 1, hit: 0 } },
      [d20(11)],
    );
  });
  it("BP-1B: a single, runners up one", () => {
    check(
      at({ r1: true }),
      "BP-1B",
      { bases: "B1-", outs: 0, runs: 0, stats: { hit: 1, bp1b: 1 } },
      [d20(4)],
    );
  });
  it("BP-1B failed: a ballpark lineout", () => {
    check(
      at({ r1: true }),
      "BP-1B",
      { bases: "1--", outs: 1, runs: 0, stats: { bplo: 1, hit: 0 } },
      [d20(17)],
    );
  });
  it("BB with the bases loaded forces in a run", () => {
    check(at({ r1: true, r2: true, r3: true }), "BB", {
      bases: "B12",
      outs: 0,
      runs: 1,
      stats: { bb: 1, ab: 0, rbi: 1 },
    });
  });
  it("BB with R2 only: R2 is not forced", () => {
    check(at({ r2: true }), "BB", { bases: "B2-", outs: 0, runs: 0, stats: { bb: 1 } });
  });
  it("HBP: batter to first, forced runners up one", () => {
    check(at({ r1: true, r3: true }), "HBP", {
      bases: "B13",
      outs: 0,
      runs: 0,
      stats: { hbp: 1, ab: 0 },
    });
  });
  it("K: one out, runners hold", () => {
    check(at({ r1: true }), "K", { bases: "1--", outs: 1, runs: 0, stats: { so: 1, ab: 1 } });
  });
  it("LO(ss)max: as many outs as possible, R3 then R2 then R1 doubled off", () => {
    check(at({ r1: true, r3: true }), "LO(ss)max", { bases: "---", outs: 3, runs: 0 });
    check(at({ r2: true, outs: 1 }), "LO(ss)max", { bases: "---", outs: 3, runs: 0 });
    check(at({ r1: true, r2: true, r3: true }), "LO(ss)max", { bases: "---", outs: 3, runs: 0 });
  });
  it("LO: a lineout, runners hold", () => {
    check(at({ r1: true, r3: true }), "LO(2b)", { bases: "1-3", outs: 1, runs: 0 });
  });
  it("PO and FO: one out, runners hold", () => {
    check(at({ r2: true }), "PO(2b)", { bases: "-2-", outs: 1, runs: 0, stats: { ab: 1 } });
    check(at({ r3: true }), "FO(3b)", { bases: "--3", outs: 1, runs: 0 });
  });
  it("GB+ with the infield in: a single, runners up two", () => {
    const before = at({ r2: true, defense: { infield: "in" } });
    check(before, "GB(1b)B+", { bases: "B--", outs: 0, runs: 1, stats: { hit: 1 } });
  });
  it("GB+ with the infield back: plays as GB B", () => {
    check(at({ r1: true }), "GB(1b)B+", { bases: "B--", outs: 1, runs: 0, stats: { hit: 0 } });
  });
  it("IBB: no roll, batter to first, forced runners up one", () => {
    const before = at({ r1: true, awaiting: "defense" });
    const { state, plays } = play(before, [
      {
        type: "setDefense",
        side: "away",
        infield: "back",
        outfield: "normal",
        hold: {},
        intentionalWalk: true,
      },
    ]);
    assert.equal(basesShape(before, state, BATTER), "B1-");
    assert.deepEqual(
      [
        plays[0]!.hitType,
        plays[0]!.stats.bb,
        plays[0]!.stats.ibb,
        plays[0]!.stats.ab,
        plays[0]!.diceRoll.length,
      ],
      ["IBB", 1, 1, 0, 0],
    );
  });
});

describe("§1 wild pitch and passed ball checks", () => {
  it("d20 = 1 with runners on: a WP check; WP moves the runners and the batter rolls again", () => {
    const before = at({ r1: true, r3: true });
    const { state, plays } = play(
      before,
      [ROLL],
      [
        { die: "d6", value: 1 },
        { die: "2d6", value: 7 },
        d20(1),
        d20(4), // WP rating 4: a wild pitch
      ],
    );
    const wp = plays[0]!;
    assert.equal(wp.hitType, "WP");
    assert.equal(wp.stats.wild_pitch, 1);
    assert.equal(wp.stats.pa, 0);
    assert.equal(wp.runsScored, 1);
    assert.equal(wp.stats.rbi, 0);
    assert.equal(wp.batterId, null);
    assert.equal(basesShape(before, state, BATTER), "-1-");
    assert.equal(state.pending.kind, "roll");
    assert.equal(state.home.atBat, 0, "the same batter is still up");
  });
  it("d20 = 2 with runners on: PB check; no passed ball voids the reading and keeps its dice for the next play", () => {
    const before = at({ r2: true });
    const { state, plays } = play(
      before,
      [ROLL, ROLL],
      [
        { die: "d6", value: 1 },
        { die: "2d6", value: 7 },
        d20(2),
        d20(5), // catcher PB 4: no passed ball
        ...diceFor("K"),
      ],
    );
    assert.equal(plays.length, 1);
    assert.equal(plays[0]!.hitType, "K");
    assert.deepEqual(
      plays[0]!.diceRoll.map((r) => r.purpose),
      [
        "at-bat column",
        "at-bat row",
        "at-bat split",
        "pb check",
        "at-bat column",
        "at-bat row",
        "at-bat split",
      ],
    );
    assert.equal(state.outs, 1);
  });
  it("d20 = 1 with the bases empty settles the split instead", () => {
    const { plays } = play(
      at({}),
      [ROLL],
      [{ die: "d6", value: 1 }, { die: "2d6", value: 10 }, d20(1)],
    );
    assert.equal(plays[0]!.hitType, "SI**");
  });
});
