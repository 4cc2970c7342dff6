import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Action } from "../actions.js";
import { applyAction } from "../apply.js";
import { defaultAction } from "../defaults.js";
import { ChaChaDice } from "../dice.js";
import type { PlayRecord, TeamSide } from "../play-record.js";
import type { GameState, OffensivePlay } from "../state.js";
import {
  awaySlot,
  fixtureGame,
  HOME_PITCHER_ID,
  ROLL,
  situation,
  xCheck,
} from "../testing/fixtures.js";
import { diceFor, play } from "../testing/run.js";
import { boxScore } from "./box-score.js";
import { earnedRuns } from "./earned-runs.js";

/**
 * The play record's e_run is scored as the play ends, by the same errorless-replay step the box
 * score folds over the whole log (scoring/earned-runs.ts, replayErrorless): a run's earned status
 * is settled on the play it scores, so the two can never disagree.
 */

/** The plays recorded by these action results, in order. */
function playsOf(events: readonly { type: string; play?: PlayRecord }[]): PlayRecord[] {
  return events.flatMap((e) =>
    (e.type === "plateAppearanceEnded" || e.type === "playRecorded") && e.play ? [e.play] : [],
  );
}

/** The plays' e_run, summed for the team in the field. */
function eRunsAllowedBy(plays: readonly PlayRecord[], fielding: TeamSide): number {
  const half = fielding === "home" ? "top" : "bottom";
  return plays.filter((p) => p.half === half).reduce((n, p) => n + p.stats.e_run, 0);
}

const SWING_DECLARED: Action[] = [
  {
    type: "setDefense",
    side: "away",
    infield: "back",
    outfield: "normal",
    hold: {},
    intentionalWalk: false,
  },
  { type: "setOffense", side: "home", play: "swing" },
  ROLL,
];

/** The bottom of the first, nobody on, nobody out: the away team (SS Baker, e24) in the field. */
const LEADOFF = situation({ half: "bottom" });
/** X-check to the shortstop: G1 with a 2-base error (3d6 18), the batter safe at second. */
const SS_ERROR = [...diceFor("X(ss)"), ...xCheck(10, 18)];

describe("e_run at play time, classic cases (OBR 9.16)", () => {
  it("a batter who reached on an error scores: his run is unearned, the homer's is earned", () => {
    const { plays } = play(LEADOFF, [ROLL, ...SWING_DECLARED], [...SS_ERROR, ...diceFor("HR")]);
    assert.deepEqual(
      plays.map((p) => [p.runsScored, p.stats.e_run]),
      [
        [0, 0],
        [2, 1],
      ],
    );
    assert.equal(earnedRuns(plays).byTeam.away.earnedRuns, 1);
  });

  it("runs that score after the error that should have been the third out are unearned", () => {
    // K, K, then the shortstop's error (the third out, errorless), then a two-run homer: the
    // homer's batter reached cleanly, but the inning was over without the error.
    const { plays } = play(
      LEADOFF,
      [ROLL, ...SWING_DECLARED, ...SWING_DECLARED, ...SWING_DECLARED],
      [...diceFor("K"), ...diceFor("K"), ...SS_ERROR, ...diceFor("HR")],
    );
    const homer = plays.at(-1)!;
    assert.deepEqual([homer.outsBefore, homer.runsScored, homer.stats.e_run], [2, 2, 0]);
    const report = earnedRuns(plays);
    assert.deepEqual(report.byTeam.away, { runs: 2, earnedRuns: 0 });
    assert.deepEqual(
      report.runs.map((r) => r.unearnedBecause),
      ["reached-on-error", "after-third-out-chance"],
    );
  });

  it("a relief pitcher's inherited runner scores: charged, earned, to the pitcher who put him on", () => {
    const reliever = 211;
    const start = situation({ half: "top", awaiting: "defense" });
    const declare: Action[] = [
      {
        type: "setDefense",
        side: "home",
        infield: "back",
        outfield: "normal",
        hold: {},
        intentionalWalk: false,
      },
      { type: "setOffense", side: "away", play: "swing" },
      ROLL,
    ];
    const { plays, state } = play(
      start,
      [...declare, { type: "changePitcher", side: "home", inPlayerId: reliever }, ...declare],
      [...diceFor("SI*"), ...diceFor("HR")],
    );
    const relieverId = state.home.defense.P;
    const homer = plays[1]!;
    assert.equal(homer.pitcherId, relieverId);
    assert.deepEqual([homer.runsScored, homer.stats.e_run], [2, 2]);
    const runner = homer.runners.find((m) => m.from === 1)!;
    assert.deepEqual(
      [runner.lineupId, runner.responsiblePitcherId],
      [awaySlot(1), HOME_PITCHER_ID],
    );
    const box = boxScore(plays, state.lineup);
    assert.deepEqual(
      box.home.pitching.map((l) => [l.lineupId, l.r, l.er]),
      [
        [HOME_PITCHER_ID, 1, 1],
        [relieverId, 1, 1],
      ],
    );
    assert.equal(box.home.teamEarnedRuns, 2);
  });

  it("a run by the extra-inning runner is unearned, another earned on the same play", () => {
    const tied = situation({
      inning: 9,
      half: "bottom",
      outs: 2,
      batting: 6,
      score: { away: 2, home: 2 },
      awaiting: "defense",
    });
    const { plays } = play(
      tied,
      [...SWING_DECLARED, ...SWING_DECLARED.map(flipSides)],
      [...diceFor("K"), ...diceFor("HR")],
    );
    const homer = plays[1]!;
    assert.deepEqual([homer.inning, homer.half, homer.onSecondId === null], [10, "top", false]);
    assert.deepEqual([homer.runsScored, homer.stats.e_run], [2, 1]);
    assert.equal(earnedRuns(plays).byTeam.home.earnedRuns, 1);
  });
});

function flipSides(action: Action): Action {
  if (action.type === "setDefense") return { ...action, side: "home" };
  if (action.type === "setOffense") return { ...action, side: "away" };
  return action;
}

/**
 * Whole games on random seeds with varied decisions (steals, bunts, squeezes, hit-and-runs,
 * holds, intentional walks, sends and throws) and each side's reliever brought in at a random
 * moment, runners on or not; a refused choice falls back to the default.
 */
function playVariedGame(start: GameState, seed: Uint8Array, choices: readonly number[]) {
  let i = 0;
  const pick = (n: number) => choices[i++ % choices.length]! % n;
  const dice = new ChaChaDice(seed);
  const relieverIn: Record<TeamSide, boolean> = { away: false, home: false };
  let state = start;
  const plays: PlayRecord[] = [];
  for (let step = 0; step < 5_000 && state.pending.kind !== "gameOver"; step++) {
    let action = variedAction(state, pick, relieverIn);
    let result = action === null ? null : applyAction(state, action, dice);
    if (result === null || !result.ok) {
      action = defaultAction(state);
      if (action === null) break;
      result = applyAction(state, action, dice);
    }
    if (!result.ok) assert.fail(`${action?.type} refused: ${result.error.message}`);
    if (action?.type === "changePitcher") relieverIn[action.side] = true;
    plays.push(...playsOf(result.events));
    state = result.state;
  }
  assert.equal(state.pending.kind, "gameOver", "the game ended");
  return { state, plays };
}

const OFFENSE: readonly { play: OffensivePlay; runners?: (1 | 2 | 3)[] }[] = [
  { play: "steal", runners: [1] },
  { play: "steal", runners: [2] },
  { play: "doubleSteal", runners: [1, 2] },
  { play: "sacrifice" },
  { play: "squeeze" },
  { play: "hitAndRun" },
  { play: "bunt" },
];

function variedAction(
  state: GameState,
  pick: (n: number) => number,
  relieverIn: Record<TeamSide, boolean>,
): Action | null {
  const p = state.pending;
  if (p.kind === "defense") {
    if (!relieverIn[p.side] && state.inning >= 3 && pick(8) === 0)
      return { type: "changePitcher", side: p.side, inPlayerId: p.side === "home" ? 211 : 111 };
    return {
      type: "setDefense",
      side: p.side,
      infield: (["back", "cornersIn", "in"] as const)[pick(3)]!,
      outfield: (["normal", "shallow", "deep"] as const)[pick(3)]!,
      hold: { first: state.bases.first !== null && pick(2) === 1 },
      intentionalWalk: state.bases.first === null && pick(20) === 0,
    };
  }
  if (p.kind === "offense") {
    const roll = pick(14);
    const choice = roll < OFFENSE.length ? OFFENSE[roll]! : { play: "swing" as const };
    return { type: "setOffense", side: p.side, ...choice };
  }
  if (p.kind === "runner") {
    const yes = pick(2) === 1;
    if (p.step === "throw")
      return { type: "decideRunner", side: p.side, step: "throw", throw: yes };
    if (p.step === "target")
      return {
        type: "decideRunner",
        side: p.side,
        step: "target",
        target: yes ? "lead" : "trail",
      };
    return { type: "decideRunner", side: p.side, step: p.step, send: yes };
  }
  return defaultAction(state);
}

describe("e_run at play time agrees with the box score over random games", () => {
  const starts = [
    fixtureGame(),
    fixtureGame({ league: "sba" }),
    fixtureGame({ rules: { extraInningRunnerOnSecond: false } }),
  ];
  it("each team-game's e_run sum is its team earned runs; each play's is its earned runs", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 64 }),
        (which, seed, choices) => {
          const { state, plays } = playVariedGame(starts[which]!, seed, choices);
          const box = boxScore(plays, state.lineup, {
            scheduledInnings: state.rules.inningsPerGame,
          });
          for (const side of ["away", "home"] as const)
            assert.equal(eRunsAllowedBy(plays, side), box[side].teamEarnedRuns, `${side} ER`);
          const earnedOn = new Map<number, number>();
          for (const run of earnedRuns(plays).runs)
            if (run.earned) earnedOn.set(run.playNumber, (earnedOn.get(run.playNumber) ?? 0) + 1);
          for (const p of plays)
            assert.equal(p.stats.e_run, earnedOn.get(p.playNumber) ?? 0, `play ${p.playNumber}`);
          // Per pitcher the box score charges runs to the pitcher who put the runner on, with
          // his own errorless outs (9.16(g), (i)): no play column carries that. What the column
          // does bound: a team's earned runs never exceed the sum of its pitchers' (9.16(i)).
          for (const side of ["away", "home"] as const) {
            const pitchers = box[side].pitching.reduce((n, l) => n + l.er, 0);
            assert.ok(eRunsAllowedBy(plays, side) <= pitchers, `${side}: team ER <= pitchers' ER`);
          }
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
  });
});
