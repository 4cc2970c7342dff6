import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SetDefense, SetOffense } from "../actions.js";
import { applyAction } from "../apply.js";
import { ScriptedDice, type ScriptedRoll } from "../dice.js";
import type { PlayRecord } from "../play-record.js";
import { boxScore } from "../scoring/box-score.js";
import type { GameState } from "../state.js";
import { atBat, awaySlot, d20, type Situation, situation } from "../testing/fixtures.js";

/**
 * A steal, caught stealing or pickoff record names its runner (PlayRecord.runnerId), so the box
 * score credits him, not whoever happened to move (rules reference §6).
 */
function called(
  s: Situation,
  offense: Omit<SetOffense, "type" | "side">,
  hold: SetDefense["hold"] = {},
): GameState {
  const none = new ScriptedDice([]);
  const declared = applyAction(
    situation({ ...s, awaiting: "defense" }),
    {
      type: "setDefense",
      side: "home",
      infield: "back",
      outfield: "normal",
      hold,
      intentionalWalk: false,
    },
    none,
  );
  assert.ok(declared.ok, declared.ok ? "" : declared.error.message);
  const chosen = applyAction(
    declared.state,
    { type: "setOffense", side: "away", ...offense },
    none,
  );
  assert.ok(chosen.ok, chosen.ok ? "" : chosen.error.message);
  return chosen.state;
}

function roll(state: GameState, dice: readonly ScriptedRoll[]): PlayRecord {
  const scripted = new ScriptedDice(dice);
  const result = applyAction(state, { type: "rollAtBat" }, scripted);
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  assert.equal(scripted.remaining, 0, "every chosen die was read");
  const play = result.events.flatMap((e) =>
    e.type === "plateAppearanceEnded" || e.type === "playRecorded" ? [e.play] : [],
  )[0];
  assert.ok(play, "a play was recorded");
  return play;
}

const R1 = awaySlot(1);
const R2 = awaySlot(2);
const R3 = awaySlot(3);
const lead8 = { die: "2d6", value: 8 } as const;

describe("steal records name their runner (§6)", () => {
  it("a stolen base, a caught stealing, a runner caught leaning and a pickoff", () => {
    const steal = called({ first: R1, batting: 4 }, { play: "steal", runners: [1] });
    assert.equal(roll(steal, [d20(5), lead8, d20(15)]).runnerId, R1);
    assert.equal(roll(steal, [d20(5), { die: "2d6", value: 6 }, d20(12)]).runnerId, R1);
    assert.equal(roll(steal, [d20(7), { die: "2d6", value: 12 }]).runnerId, R1);
    const held = called(
      { first: R1, batting: 4 },
      { play: "steal", runners: [1] },
      { first: true },
    );
    const pickoff = roll(held, [d20(1), d20(3)]);
    assert.equal(pickoff.hitType, "PO");
    assert.equal(pickoff.runnerId, R1);
  });

  it("a double steal is about the lead runner; a balk is about nobody", () => {
    const double = called({ first: R1, second: R2 }, { play: "doubleSteal", runners: [1, 2] });
    assert.equal(roll(double, [d20(9), { die: "2d6", value: 4 }, d20(18)]).runnerId, R2);
    const balk = roll(called({ first: R1 }, { play: "steal", runners: [1] }), [d20(2), d20(1)]);
    assert.equal(balk.hitType, "BK");
    assert.equal(balk.runnerId, null);
  });

  it("a hit-and-run strikeout names the runner who was thrown out", () => {
    const state = called({ first: R1, batting: 4 }, { play: "hitAndRun" });
    const play = roll(state, [
      { die: "d6", value: 6 },
      { die: "d6", value: 6 },
      ...atBat(2, 6, 10),
      d20(12),
    ]);
    assert.equal(play.stats.cs, 1);
    assert.equal(play.runnerId, R1);
  });

  it("the box score credits the runner who stole, not the lead runner who scored on the throwing error", () => {
    const state = called({ first: R1, third: R3, batting: 4 }, { play: "steal", runners: [1] });
    // Good lead, safe on d20 2, and the throwing-error check d20 6 <= the catcher's T 6.
    const play = roll(state, [d20(8), lead8, d20(2), d20(6)]);
    assert.equal(play.runnerId, R1);
    assert.equal(play.runsScored, 1);
    const box = boxScore([play], state.lineup);
    const sb = (id: number) => box.away.batting.find((line) => line.lineupId === id)?.sb;
    assert.equal(sb(R1), 1);
    assert.equal(sb(R3), 0);
  });
});
