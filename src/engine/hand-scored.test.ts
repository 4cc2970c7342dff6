import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import type { ScriptedRoll } from "./dice.js";
import type { PlayRecord, PlayStats } from "./play-record.js";
import { createGame } from "./setup.js";
import {
  AWAY_PITCHER_ID,
  atBat,
  fixtureSetup,
  HOME_PITCHER_ID,
  xCheck,
} from "./testing/fixtures.js";
import { play } from "./testing/run.js";

/**
 * A hand-scored game: three innings (a league setting) on chosen dice, each play checked
 * against the scoresheet below, then each batter's and pitcher's line summed from the play
 * records. Visitors face Tanner (L), the Locals face Sutton (R).
 *
 *  #  batter   dice            reading    scored as
 *  T1 Abbott   1, 6, 10        BB         walk
 *     Baker    1, 8, 10        GB(ss)A    6-4-3 double play
 *     Carter   2, 6, 10        K          strikeout                       0 runs
 *  B1 Jones    1, 5, 10        SI*        single
 *     Keller   1, 3, 10        DO**       double, Jones to third
 *     Lewis    2, 7, 10        FLY(lf)A   sacrifice fly, Jones scores, Keller to third
 *     Morgan   4, 6, 10 + X    X(ss)      G1 with SS e24 on 15: 1-base error; Keller scores (unearned)
 *     Nolan    2, 6, 10        K
 *     Owens    2, 8, 10        GB(3b)C    groundout with two outs          2 runs
 *  T2 Dalton   1, 2, 10        HR         solo homer
 *     Ellis    2, 10, 10       PO(2b)
 *     Foster   3, 10, 10       FO(3b)
 *     Grant    3, 7, 10        K                                           1 run
 *  B2 Price    3, 5, 10        BB
 *     Quinn    3, 11, 10       LO(2b)
 *     Reyes    1, 2, 10        HR         two-run homer
 *     Jones    2, 6, 10        K
 *     Keller   3, 8, 10        FLY(rf)C                                    2 runs
 *  T3 Hughes   2, 5, 10        SI**
 *     Irving   2, 12, 10       DO***      Hughes scores
 *     Abbott   2, 6, 10        K
 *     Baker    3, 6, 10        GB(2b)A    out, Irving holds at second
 *     Carter   1, 6, 10        BB
 *     Dalton   3, 7, 10        K          final: Visitors 2, Locals 4
 */
const SCRIPT: { code: string; dice: ScriptedRoll[] }[] = [
  { code: "BB", dice: atBat(1, 6, 10) },
  { code: "GB(ss)A", dice: atBat(1, 8, 10) },
  { code: "K", dice: atBat(2, 6, 10) },
  { code: "SI*", dice: atBat(1, 5, 10) },
  { code: "DO**", dice: atBat(1, 3, 10) },
  { code: "FLY(lf)A", dice: atBat(2, 7, 10) },
  { code: "X(ss)", dice: [...atBat(4, 6, 10), ...xCheck(10, 15)] },
  { code: "K", dice: atBat(2, 6, 10) },
  { code: "GB(3b)C", dice: atBat(2, 8, 10) },
  { code: "HR", dice: atBat(1, 2, 10) },
  { code: "PO(2b)", dice: atBat(2, 10, 10) },
  { code: "FO(3b)", dice: atBat(3, 10, 10) },
  { code: "K", dice: atBat(3, 7, 10) },
  { code: "BB", dice: atBat(3, 5, 10) },
  { code: "LO(2b)", dice: atBat(3, 11, 10) },
  { code: "HR", dice: atBat(1, 2, 10) },
  { code: "K", dice: atBat(2, 6, 10) },
  { code: "FLY(rf)C", dice: atBat(3, 8, 10) },
  { code: "SI**", dice: atBat(2, 5, 10) },
  { code: "DO***", dice: atBat(2, 12, 10) },
  { code: "K", dice: atBat(2, 6, 10) },
  { code: "GB(2b)A", dice: atBat(3, 6, 10) },
  { code: "BB", dice: atBat(1, 6, 10) },
  { code: "K", dice: atBat(3, 7, 10) },
];

/** Per play: [batter, outs after, runs, rbi]. */
const SHEET: [string, number, number, number][] = [
  ["Abbott", 0, 0, 0],
  ["Baker", 2, 0, 0],
  ["Carter", 3, 0, 0],
  ["Jones", 0, 0, 0],
  ["Keller", 0, 0, 0],
  ["Lewis", 1, 1, 1],
  ["Morgan", 1, 1, 0],
  ["Nolan", 2, 0, 0],
  ["Owens", 3, 0, 0],
  ["Dalton", 0, 1, 1],
  ["Ellis", 1, 0, 0],
  ["Foster", 2, 0, 0],
  ["Grant", 3, 0, 0],
  ["Price", 0, 0, 0],
  ["Quinn", 1, 0, 0],
  ["Reyes", 1, 2, 2],
  ["Jones", 2, 0, 0],
  ["Keller", 3, 0, 0],
  ["Hughes", 0, 0, 0],
  ["Irving", 0, 1, 1],
  ["Abbott", 1, 0, 0],
  ["Baker", 2, 0, 0],
  ["Carter", 2, 0, 0],
  ["Dalton", 3, 0, 0],
];

type Line = {
  -readonly [K in
    | "pa"
    | "ab"
    | "hit"
    | "run"
    | "rbi"
    | "bb"
    | "so"
    | "homerun"
    | "double"
    | "sf"
    | "gidp"]: PlayStats[K];
};

/** Batting lines by name: [PA, AB, H, R scored by him, RBI, BB, SO, HR, 2B, SF, GIDP]. */
const BATTING: Record<
  string,
  [number, number, number, number, number, number, number, number, number, number, number]
> = {
  Abbott: [2, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0],
  Baker: [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  Carter: [2, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0],
  Dalton: [2, 2, 1, 1, 1, 0, 1, 1, 0, 0, 0],
  Ellis: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  Foster: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  Grant: [1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
  Hughes: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
  Irving: [1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0],
  Jones: [2, 2, 1, 1, 0, 0, 1, 0, 0, 0, 0],
  Keller: [2, 2, 1, 1, 0, 0, 0, 0, 1, 0, 0],
  Lewis: [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0],
  Morgan: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  Nolan: [1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
  Owens: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  Price: [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0],
  Quinn: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  Reyes: [1, 1, 1, 1, 2, 0, 0, 1, 0, 0, 0],
};

/** Pitching lines: [batters faced, outs, H, R, ER (as scored at the time), BB, SO, HR]. */
const PITCHING: Record<number, [number, number, number, number, number, number, number, number]> = {
  [HOME_PITCHER_ID]: [13, 9, 3, 2, 2, 2, 4, 1],
  [AWAY_PITCHER_ID]: [11, 6, 3, 4, 3, 1, 2, 1],
};

function declareAndRoll(battingSide: "home" | "away"): Action[] {
  const fielding = battingSide === "home" ? "away" : "home";
  return [
    {
      type: "setDefense",
      side: fielding,
      infield: "back",
      outfield: "normal",
      hold: {},
      intentionalWalk: false,
    },
    { type: "setOffense", side: battingSide, play: "swing" },
    { type: "rollAtBat" },
  ];
}

describe("a hand-scored game", () => {
  const created = createGame(fixtureSetup({ rules: { inningsPerGame: 3 } }));
  assert.ok(created.ok);
  let state = created.state;
  const plays: PlayRecord[] = [];
  const halfEnds: string[] = [];
  let gameEnded: { winner: string | null; innings: number } | null = null;
  for (const step of SCRIPT) {
    const side = state.half === "top" ? "away" : "home";
    const result = play(state, declareAndRoll(side), step.dice);
    state = result.state;
    plays.push(...result.plays);
    for (const e of result.events) {
      if (e.type === "halfInningEnded") halfEnds.push(`${e.half} ${e.inning}: ${e.runs}`);
      if (e.type === "gameEnded") gameEnded = { winner: e.winner, innings: e.innings };
    }
  }
  const name = (id: number | null) => (id === null ? "-" : state.lineup[id - 1]!.name);

  it("every play reads as scored", () => {
    assert.equal(plays.length, SHEET.length);
    plays.forEach((p, i) => {
      const [batter, outs, runs, rbi] = SHEET[i]!;
      const what = `play ${i + 1} (${batter} ${SCRIPT[i]!.code}): ${p.description}`;
      assert.equal(p.hitType, SCRIPT[i]!.code, what);
      assert.equal(name(p.batterId), batter, what);
      assert.equal(p.outsBefore + p.outsRecorded, outs, what);
      assert.equal(p.runsScored, runs, what);
      assert.equal(p.stats.rbi, rbi, what);
      assert.equal(p.playNumber, i + 1);
    });
    assert.match(plays[1]!.description, /Baker grounds into a 6-4-3 double play/);
    assert.match(plays[5]!.description, /Lewis flies out to left.*Jones scores, Keller to third/);
    assert.match(plays[6]!.description, /Morgan reaches on a 1-base error by short.*Keller scores/);
    assert.deepEqual(plays[6]!.errors, [{ position: "SS", lineupId: 2, bases: 1 }]);
  });

  it("the half-innings and the game end by themselves", () => {
    assert.deepEqual(halfEnds, ["top 1: 0", "bottom 1: 2", "top 2: 1", "bottom 2: 2", "top 3: 1"]);
    assert.deepEqual(gameEnded, { winner: "home", innings: 3 });
    assert.deepEqual(
      [state.away.runs, state.home.runs, state.away.hits, state.home.hits],
      [2, 4, 3, 3],
    );
    assert.deepEqual([state.away.errors, state.home.errors], [1, 0]);
    assert.deepEqual(state.away.lineScore, [0, 1, 1]);
    assert.deepEqual(state.home.lineScore, [2, 2]);
  });

  it("each batter's line, summed from the play records, matches the sheet", () => {
    const lines = new Map<string, Line>();
    const blank = (): Line => ({
      pa: 0,
      ab: 0,
      hit: 0,
      run: 0,
      rbi: 0,
      bb: 0,
      so: 0,
      homerun: 0,
      double: 0,
      sf: 0,
      gidp: 0,
    });
    for (const p of plays) {
      if (p.batterId !== null) {
        const line = lines.get(name(p.batterId)) ?? blank();
        for (const key of [
          "pa",
          "ab",
          "hit",
          "rbi",
          "bb",
          "so",
          "homerun",
          "double",
          "sf",
          "gidp",
        ] as const) {
          line[key] += p.stats[key];
        }
        lines.set(name(p.batterId), line);
      }
      for (const move of p.runners) {
        if (move.to !== 4) continue;
        const line = lines.get(name(move.lineupId)) ?? blank();
        line.run += 1;
        lines.set(name(move.lineupId), line);
      }
    }
    for (const [batter, expected] of Object.entries(BATTING)) {
      const l = lines.get(batter)!;
      assert.deepEqual(
        [l.pa, l.ab, l.hit, l.run, l.rbi, l.bb, l.so, l.homerun, l.double, l.sf, l.gidp],
        expected,
        batter,
      );
    }
  });

  it("each pitcher's line, summed from the play records, matches the sheet", () => {
    for (const [id, expected] of Object.entries(PITCHING)) {
      const mine = plays.filter((p) => p.pitcherId === Number(id));
      const sum = (key: keyof PlayStats) => mine.reduce((n, p) => n + p.stats[key], 0);
      assert.deepEqual(
        [
          sum("pa"),
          mine.reduce((n, p) => n + p.outsRecorded, 0),
          sum("hit"),
          sum("run"),
          sum("e_run"),
          sum("bb"),
          sum("so"),
          sum("homerun"),
        ],
        expected,
        name(Number(id)),
      );
      assert.equal(state.pitchers[Number(id)]!.battersFaced, expected[0]);
      assert.equal(state.pitchers[Number(id)]!.outsRecorded, expected[1]);
    }
  });
});
