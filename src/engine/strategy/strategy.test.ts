import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action, SetDefense, SetOffense } from "../actions.js";
import { type ApplyResult, applyAction } from "../apply.js";
import { ScriptedDice, type ScriptedRoll } from "../dice.js";
import type { PlayRecord } from "../play-record.js";
import type { DefenseChoice, GameState } from "../state.js";
import {
  atBat,
  awaySlot,
  d20,
  HOME_PITCHER_ID,
  type Situation,
  situation,
} from "../testing/fixtures.js";
import { buntGrade } from "./bunt.js";
import { hitAndRunGrade } from "./hit-and-run.js";
import { chanceOfSafeSteal } from "./steal.js";

/** The defense declares, then the offense calls `play`: the game waits on the roll. */
function called(
  s: Situation,
  offense: Omit<SetOffense, "type" | "side">,
  defense: Partial<Omit<DefenseChoice, "hold">> & { hold?: SetDefense["hold"] } = {},
): GameState {
  let state = situation({ ...s, awaiting: "defense" });
  const none = new ScriptedDice([]);
  const fielding = state.half === "top" ? "home" : "away";
  const batting = fielding === "home" ? "away" : "home";
  const declared = applyAction(
    state,
    {
      type: "setDefense",
      side: fielding,
      infield: defense.infield ?? "back",
      outfield: defense.outfield ?? "normal",
      hold: defense.hold ?? {},
      intentionalWalk: false,
    },
    none,
  );
  assert.ok(declared.ok, declared.ok ? "" : declared.error.message);
  state = declared.state;
  const chosen = applyAction(state, { type: "setOffense", side: batting, ...offense }, none);
  assert.ok(chosen.ok, chosen.ok ? "" : chosen.error.message);
  return chosen.state;
}

function roll(
  state: GameState,
  dice: readonly ScriptedRoll[],
): { state: GameState; play: PlayRecord } {
  const scripted = new ScriptedDice(dice);
  const result = applyAction(state, { type: "rollAtBat" }, scripted);
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  assert.equal(scripted.remaining, 0, "every chosen die was read");
  const play = result.events.flatMap((e) =>
    e.type === "plateAppearanceEnded" || e.type === "playRecorded" ? [e.play] : [],
  )[0];
  assert.ok(play, "a play was recorded");
  return { state: result.state, play };
}

/** A refused action leaves the state exactly as it was. */
function assertRefused(state: GameState, action: Action, reason: string): void {
  const before = structuredClone(state);
  const result: ApplyResult = applyAction(state, action, new ScriptedDice([]));
  assert.equal(result.ok, false, `${JSON.stringify(action)} was accepted`);
  if (!result.ok) {
    assert.equal(result.error.code, "decision/illegal");
    assert.equal(result.error.details?.reason, reason, result.error.message);
  }
  assert.deepEqual(state, before, "a refused action changed the state");
}

const R1 = awaySlot(1);
const R2 = awaySlot(2);
const R3 = awaySlot(3);

describe("steals (§6)", () => {
  it("a good lead (2d6 in 8-10) and d20 <= 15 steals second; the same batter stays up and both sides declare again", () => {
    const state = called({ first: R1, batting: 4 }, { play: "steal", runners: [1] });
    const { state: after, play } = roll(state, [d20(5), { die: "2d6", value: 9 }, d20(15)]);
    assert.equal(play.hitType, "SB");
    assert.equal(play.stats.sb, 1);
    assert.equal(play.stats.pa, 0);
    assert.equal(after.bases.second?.id, R1);
    assert.equal(after.bases.first, null);
    assert.equal(after.outs, 0);
    assert.equal(after.away.atBat, 3, "the batter is still due up");
    assert.deepEqual(after.pending, { kind: "defense", side: "home" });
    assert.equal(after.choices.offense, null);
  });

  it("no good lead needs d20 <= 11: a 12 is caught stealing", () => {
    const state = called({ first: R1 }, { play: "steal", runners: [1] });
    const { state: after, play } = roll(state, [d20(5), { die: "2d6", value: 6 }, d20(12)]);
    assert.equal(play.hitType, "CS");
    assert.equal(play.stats.cs, 1);
    assert.equal(after.outs, 1);
    assert.equal(after.bases.first, null);
  });

  it("2d6 after the slash (11, 12): caught leaning, no safe roll", () => {
    const state = called({ first: R1 }, { play: "steal", runners: [1] });
    const { state: after, play } = roll(state, [d20(7), { die: "2d6", value: 12 }]);
    assert.equal(play.hitType, "CS");
    assert.equal(after.outs, 1);
  });

  it("jump d20 1 with the runner held: a pickoff check, out on d20 <= 3", () => {
    const state = called({ first: R1 }, { play: "steal", runners: [1] }, { hold: { first: true } });
    const { state: after, play } = roll(state, [d20(1), d20(3)]);
    assert.equal(play.hitType, "PO");
    assert.equal(play.stats.pick_off, 1);
    assert.equal(after.outs, 1);
  });

  it("jump d20 1 with the runner not held: nobody is picked off; he goes without a lead", () => {
    const state = called({ first: R1 }, { play: "steal", runners: [1] });
    const { state: after, play } = roll(state, [d20(1), d20(3), d20(11)]);
    assert.equal(play.hitType, "SB");
    assert.equal(after.bases.second?.id, R1);
  });

  it("jump d20 2: a balk on d20 <= the pitcher's BK moves every runner up", () => {
    const state = called({ first: R1, third: R3 }, { play: "steal", runners: [1] });
    const { state: after, play } = roll(state, [d20(2), d20(1)]);
    assert.equal(play.hitType, "BK");
    assert.equal(play.stats.balk, 1);
    assert.equal(play.runsScored, 1);
    assert.equal(after.bases.second?.id, R1);
    assert.equal(after.away.runs, 1);
  });

  it("a safe steal on d20 <= 3 calls a throwing-error check: d20 <= the catcher's T sends him on to third", () => {
    const state = called({ first: R1 }, { play: "steal", runners: [1] });
    const { state: after, play } = roll(state, [d20(8), { die: "2d6", value: 8 }, d20(2), d20(6)]);
    assert.equal(play.stats.sb, 1);
    assert.equal(play.errors.length, 1);
    assert.equal(play.errors[0]!.position, "C");
    assert.equal(after.bases.third?.id, R1);
    assert.equal(after.home.errors, 1);
  });

  it("the pitcher's hold rating counts only when the runner is held", () => {
    const base = situation({ first: R1 });
    const pitcher = base.players[HOME_PITCHER_ID]!;
    const state: GameState = {
      ...base,
      players: {
        ...base.players,
        [HOME_PITCHER_ID]: { ...pitcher, pitching: { ...pitcher.pitching!, hold: -4 } },
      },
    };
    const free = { infield: "back", outfield: "normal", intentionalWalk: false } as const;
    const unheld = chanceOfSafeSteal(state, 1, {
      ...free,
      hold: { first: false, second: false, third: false },
    });
    const held = chanceOfSafeSteal(state, 1, {
      ...free,
      hold: { first: true, second: false, third: false },
    });
    assert.ok(held < unheld, `held ${held} < unheld ${unheld}`);
  });

  it("a double steal: the catcher throws at the lead runner; both move up when he is safe", () => {
    const state = called({ first: R1, second: R2 }, { play: "doubleSteal", runners: [1, 2] });
    const { state: after, play } = roll(state, [d20(9), { die: "2d6", value: 10 }, d20(14)]);
    assert.equal(play.stats.sb, 2);
    assert.equal(after.bases.third?.id, R2);
    assert.equal(after.bases.second?.id, R1);
  });

  it("a double steal with the lead runner caught: he is out, the trailing runner takes second without a steal", () => {
    const state = called({ first: R1, second: R2 }, { play: "doubleSteal", runners: [1, 2] });
    const { state: after, play } = roll(state, [d20(9), { die: "2d6", value: 4 }, d20(18)]);
    assert.equal(play.stats.sb, 0);
    assert.equal(play.stats.cs, 1);
    assert.equal(after.outs, 1);
    assert.equal(after.bases.second?.id, R1);
    assert.equal(after.bases.third, null);
  });

  it("a delayed steal has no jump roll: safe on d20 <= the no-lead number", () => {
    const state = called(
      { first: R1 },
      { play: "delayedSteal", runners: [1] },
      { hold: { first: true } },
    );
    const { state: after } = roll(state, [d20(11)]);
    assert.equal(after.bases.second?.id, R1);
  });

  it("illegal steals are refused with a reason and change nothing", () => {
    const offense = (s: Situation) => situation({ ...s, awaiting: "defense" });
    const declared = (s: Situation) => {
      const state = offense(s);
      const r = applyAction(
        state,
        {
          type: "setDefense",
          side: "home",
          infield: "back",
          outfield: "normal",
          hold: {},
          intentionalWalk: false,
        },
        new ScriptedDice([]),
      );
      assert.ok(r.ok);
      return r.state;
    };
    const steal = (runners: (1 | 2 | 3)[], play: SetOffense["play"] = "steal"): Action => ({
      type: "setOffense",
      side: "away",
      play,
      runners,
    });
    assertRefused(declared({ first: R1, second: R2 }), steal([1]), "steal/base_occupied");
    assertRefused(declared({}), steal([1]), "steal/no_runner");
    assertRefused(declared({ third: R3 }), steal([3]), "steal/home");
    assertRefused(declared({ first: R1 }), steal([1, 1], "doubleSteal"), "steal/runner_count");
    assertRefused(declared({ first: R1, third: R3 }), steal([1, 3], "doubleSteal"), "steal/home");
    assertRefused(declared({ first: R1 }), steal([]), "steal/runner_count");
    assertRefused(declared({ first: R1 }), steal([1], "swing"), "offense/runners_not_allowed");
    const slow = declared({ first: R1 });
    const noSteal: GameState = {
      ...slow,
      players: {
        ...slow.players,
        [R1]: { ...slow.players[R1]!, batting: { ...slow.players[R1]!.batting, steal: null } },
      },
    };
    assertRefused(noSteal, steal([1]), "steal/not_a_base_stealer");
  });
});

describe("bunts (§6 [D])", () => {
  it("a sacrifice on d20 <= 11 (grade C): batter out, runner to second, a sacrifice hit", () => {
    const state = called({ first: R1 }, { play: "sacrifice" });
    const { state: after, play } = roll(state, [d20(11)]);
    assert.equal(play.stats.sac, 1);
    assert.equal(play.stats.ab, 0);
    assert.equal(after.outs, 1);
    assert.equal(after.bases.second?.id, R1);
  });

  it("a failed sacrifice: the lead runner is cut down, the batter is safe at first", () => {
    const state = called({ first: R1, second: R2, batting: 4 }, { play: "sacrifice" });
    const { state: after } = roll(state, [d20(12)]);
    assert.equal(after.outs, 1);
    assert.equal(after.bases.first?.id, awaySlot(4));
    assert.equal(after.bases.second?.id, R1);
    assert.equal(after.bases.third, null);
  });

  it("a squeeze scores the runner from third; a failed one cuts him down at home", () => {
    const good = roll(called({ third: R3, outs: 1, batting: 5 }, { play: "squeeze" }), [d20(4)]);
    assert.equal(good.play.runsScored, 1);
    assert.equal(good.play.stats.rbi, 1);
    assert.equal(good.state.outs, 2);
    const bad = roll(called({ third: R3, outs: 1, batting: 5 }, { play: "squeeze" }), [d20(19)]);
    assert.equal(bad.play.runsScored, 0);
    assert.equal(bad.state.outs, 2);
    assert.equal(bad.state.bases.first?.id, awaySlot(5));
    assert.equal(bad.state.bases.third, null);
  });

  it("a bunt for a hit: success, then d20 <= the batter's speed beats it out", () => {
    const { state: after, play } = roll(called({}, { play: "bunt" }), [d20(3), d20(8)]);
    assert.equal(play.stats.hit, 1);
    assert.equal(after.bases.first?.id, awaySlot(1));
  });

  it("bases loaded with the infield in: the bunt grade drops two steps", () => {
    const state = situation({ first: R1, second: R2, third: R3, batting: 4 });
    const drawnIn = { ...state.choices.defense!, infield: "in" as const };
    assert.equal(buntGrade(state, awaySlot(4), drawnIn), "D");
    assert.equal(buntGrade(state, awaySlot(4), state.choices.defense!), "C");
  });

  it("illegal bunts are refused with a reason and change nothing", () => {
    const declared = (s: Situation) => {
      const r = applyAction(
        situation({ ...s, awaiting: "defense" }),
        {
          type: "setDefense",
          side: "home",
          infield: "back",
          outfield: "normal",
          hold: {},
          intentionalWalk: false,
        },
        new ScriptedDice([]),
      );
      assert.ok(r.ok);
      return r.state;
    };
    const call = (play: SetOffense["play"]): Action => ({ type: "setOffense", side: "away", play });
    assertRefused(declared({ first: R1, outs: 2 }), call("sacrifice"), "bunt/two_outs");
    assertRefused(declared({}), call("sacrifice"), "bunt/no_runners");
    assertRefused(declared({ first: R1 }), call("squeeze"), "squeeze/no_runner_on_third");
    assertRefused(declared({ third: R3, outs: 2 }), call("squeeze"), "bunt/two_outs");
    assertRefused(declared({}), call("hitAndRun"), "hitAndRun/no_runner");
    assertRefused(
      declared({ first: R1, second: R2, third: R3 }),
      call("hitAndRun"),
      "hitAndRun/no_open_base",
    );
  });
});

describe("hit-and-run (§6)", () => {
  it("within the grade's hit chances (C: 5 of 36) the batter singles and the runner goes to third", () => {
    const { state: after, play } = roll(called({ first: R1 }, { play: "hitAndRun" }), [
      { die: "d6", value: 1 },
      { die: "d6", value: 4 },
    ]);
    assert.equal(play.stats.hit, 1);
    assert.equal(after.bases.third?.id, R1);
    assert.equal(after.bases.first?.id, awaySlot(1));
  });

  it("the infield in raises the grade (C -> B): chance 9 falls in the advance chances, a groundout moving the runner up", () => {
    const state = called({ first: R1 }, { play: "hitAndRun" }, { infield: "in" });
    assert.equal(hitAndRunGrade(state, awaySlot(1), state.choices.defense!), "B");
    const { state: after, play } = roll(state, [
      { die: "d6", value: 2 },
      { die: "d6", value: 3 },
    ]);
    assert.equal(play.stats.gidp, 0);
    assert.equal(after.outs, 1);
    assert.equal(after.bases.second?.id, R1);
  });

  const swung = (rolls: ScriptedRoll[]) =>
    roll(called({ first: R1 }, { play: "hitAndRun" }), [
      { die: "d6", value: 6 },
      { die: "d6", value: 6 },
      ...rolls,
    ]);

  it("otherwise the at-bat is rolled: a GB A (double play) plays as GB C", () => {
    const { state: after } = swung(atBat(1, 8, 10));
    assert.equal(after.outs, 1);
    assert.equal(after.bases.second?.id, R1);
  });

  it("a lineout doubles the runner off", () => {
    const { state: after } = swung(atBat(1, 11, 10));
    assert.equal(after.outs, 2);
    assert.equal(after.bases.first, null);
  });

  it("a strikeout leaves the runner stealing with no lead (d20 <= 11)", () => {
    const safe = swung([...atBat(2, 6, 10), d20(11)]);
    assert.equal(safe.state.outs, 1);
    assert.equal(safe.state.bases.second?.id, R1);
    const caught = swung([...atBat(2, 6, 10), d20(12)]);
    assert.equal(caught.state.outs, 2);
    assert.equal(caught.state.bases.first, null);
  });

  it("a single gives the runner an extra base (first to third)", () => {
    const { state: after } = swung(atBat(1, 5, 10));
    assert.equal(after.bases.third?.id, R1);
  });
});
