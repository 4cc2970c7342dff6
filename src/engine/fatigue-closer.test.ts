import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyAction } from "./apply.js";
import { ScriptedDice, type ScriptedRoll } from "./dice.js";
import { isCloserSituation } from "./fatigue.js";
import type { GameState } from "./state.js";
import { atBat, awaySlot, HOME_PITCHER_ID, type Situation, situation } from "./testing/fixtures.js";

/**
 * The closer rule (§7): in a closer situation (a lead in the 9th or later with the tying run on
 * base or at bat) a C(n) pitcher may record n outs before he is vulnerable, counting the outs he
 * already recorded; then one hit or walk fatigues him. "N" is C0.
 */

/** The home pitcher as a reliever with closer rating C(n), who has recorded `outs` outs. */
function closerOn(s: Situation, closer: number | null, outs: number): GameState {
  const state = situation({ inning: 9, half: "top", ...s });
  const pitcher = state.players[HOME_PITCHER_ID]!;
  const tally = state.pitchers[HOME_PITCHER_ID]!;
  return {
    ...state,
    players: {
      ...state.players,
      [HOME_PITCHER_ID]: {
        ...pitcher,
        pitching: {
          ...pitcher.pitching!,
          endurance: { starter: null, starterBonus: false, reliever: 2, closer },
        },
      },
    },
    pitchers: {
      ...state.pitchers,
      [HOME_PITCHER_ID]: { ...tally, starter: false, enteredInning: 8, outsRecorded: outs },
    },
  };
}

function play(state: GameState, dice: readonly ScriptedRoll[]): GameState {
  const result = applyAction(state, { type: "rollAtBat" }, new ScriptedDice(dice));
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  return result.state;
}

const SINGLE = atBat(1, 5, 10); // the batter's card, column 1, row 5: SI*
const WALK = atBat(1, 6, 10); // column 1, row 6: BB
const FLY_OUT = atBat(1, 9, 10); // column 1, row 9: FLY(cf)B
const fatigued = (state: GameState) => state.pitchers[HOME_PITCHER_ID]!.fatigued;

describe("the closer rule (§7)", () => {
  it("a closer situation: a lead in the 9th or later with the tying run on base or at bat", () => {
    const at = (s: Situation) => isCloserSituation(situation({ inning: 9, half: "top", ...s }));
    assert.equal(at({ score: { away: 3, home: 4 } }), true, "up one, the tying run at bat");
    assert.equal(at({ score: { away: 3, home: 5 } }), false, "up two, bases empty: on deck");
    assert.equal(at({ score: { away: 3, home: 5 }, first: awaySlot(1) }), true);
    assert.equal(
      at({ score: { away: 1, home: 5 }, first: awaySlot(1), second: awaySlot(2) }),
      false,
    );
    assert.equal(
      at({ score: { away: 2, home: 5 }, first: awaySlot(1), second: awaySlot(2) }),
      true,
      "up three with two on",
    );
    assert.equal(at({ score: { away: 4, home: 4 } }), false, "a tie is no lead");
    assert.equal(at({ inning: 8, score: { away: 3, home: 4 } }), false, "the 8th");
    assert.equal(at({ inning: 11, score: { away: 3, home: 4 } }), true, "extra innings");
    assert.equal(
      at({ half: "bottom", score: { away: 4, home: 3 } }),
      true,
      "the visitors' closer in the bottom half",
    );
  });

  it("C1 may record one out first: a single before it leaves him fresh, a single after it fatigues him", () => {
    const fresh = play(closerOn({ score: { away: 3, home: 4 } }, 1, 0), SINGLE);
    assert.equal(fatigued(fresh), false);
    const retired = play(closerOn({ score: { away: 3, home: 4 } }, 1, 0), FLY_OUT);
    assert.equal(retired.pitchers[HOME_PITCHER_ID]!.outsRecorded, 1);
    assert.equal(fatigued(retired), false);
    const after = play(
      {
        ...retired,
        pending: { kind: "roll", side: "server" },
        choices: closerOn({}, 1, 0).choices,
      },
      SINGLE,
    );
    assert.equal(fatigued(after), true);
  });

  it("outs already recorded before the closer situation count against n", () => {
    // He got an out in the 8th: C1 is used up, so the first hit in the 9th fatigues him.
    const state = closerOn({ score: { away: 3, home: 4 } }, 1, 1);
    assert.equal(fatigued(play(state, SINGLE)), true);
  });

  it("N (C0) is vulnerable at once: one walk fatigues him", () => {
    assert.equal(fatigued(play(closerOn({ score: { away: 3, home: 4 } }, 0, 0), WALK)), true);
  });

  it("outside a closer situation, or without a closer rating, one hit does not", () => {
    assert.equal(fatigued(play(closerOn({ score: { away: 3, home: 5 } }, 0, 0), SINGLE)), false);
    assert.equal(
      fatigued(play(closerOn({ inning: 8, score: { away: 3, home: 4 } }, 0, 0), SINGLE)),
      false,
    );
    assert.equal(fatigued(play(closerOn({ score: { away: 3, home: 4 } }, null, 9), SINGLE)), false);
  });

  it("once fatigued, his fatigue-marked readings play as SI**", () => {
    const tired = play(closerOn({ score: { away: 3, home: 4 } }, 0, 0), WALK);
    assert.equal(fatigued(tired), true);
    const next: GameState = {
      ...tired,
      pending: { kind: "roll", side: "server" },
      choices: closerOn({}, 0, 0).choices,
    };
    // Pitcher card (d6 4 = column 1), row 3: "SI*[F]", a fatigue-marked single.
    const result = applyAction(next, { type: "rollAtBat" }, new ScriptedDice(atBat(4, 3, 10)));
    assert.ok(result.ok, result.ok ? "" : result.error.message);
    const record = result.events.flatMap((e) =>
      e.type === "plateAppearanceEnded" ? [e.play] : [],
    )[0]!;
    assert.match(record.description, /SI\*\*/);
    assert.equal(record.inPow, true);
  });
});
