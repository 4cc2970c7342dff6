import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyAction } from "./apply.js";
import { ScriptedDice } from "./dice.js";
import { callsPitcherInjuryCheck, readInjuryTable, restRequired } from "./injuries.js";
import { DEFAULT_RULES } from "./rules.js";
import { HOME_PITCHER_ID, situation, threeD6 } from "./testing/fixtures.js";

describe("injuries and rest (§7, §8)", () => {
  it("reads the 3d6 table by games digit and rating; no table is OK", () => {
    assert.equal(readInjuryTable({ games: 1, rating: 70 }, 3), "OK");
    assert.equal(readInjuryTable({ games: 1, rating: 70 }, 9), "REM");
    assert.equal(readInjuryTable({ games: 1, rating: 65 }, 18), 12);
    assert.equal(readInjuryTable({ games: 3, rating: 70 }, 10), "OK");
    assert.equal(readInjuryTable({ games: 0, rating: 50 }, 10), "OK");
  });

  it("the at-bat dice call a pitcher check on d6 6 and a row s >= 7 when his games digit >= 13 - s", () => {
    const card = { injury: { games: 2, rating: 50 } } as Parameters<
      typeof callsPitcherInjuryCheck
    >[0];
    assert.equal(callsPitcherInjuryCheck(card, { d6: 6, row: 11 }, DEFAULT_RULES), true);
    assert.equal(callsPitcherInjuryCheck(card, { d6: 6, row: 10 }, DEFAULT_RULES), false);
    assert.equal(callsPitcherInjuryCheck(card, { d6: 5, row: 12 }, DEFAULT_RULES), false);
  });

  it("an injured pitcher finishes the batter, then the first rested reliever replaces him", () => {
    const base = situation({});
    const pitcher = base.players[HOME_PITCHER_ID]!;
    const state = {
      ...base,
      players: {
        ...base.players,
        [HOME_PITCHER_ID]: {
          ...pitcher,
          pitching: { ...pitcher.pitching!, injury: { games: 6, rating: 20 } },
        },
      },
    };
    // d6 6 (pitcher card column 3), row 11 "K", d20 10; the check: 3d6 6 reads 6 games.
    const rolled = applyAction(
      state,
      { type: "rollAtBat" },
      new ScriptedDice([
        { die: "d6", value: 6 },
        { die: "2d6", value: 11 },
        { die: "d20", value: 10 },
        threeD6(6),
      ]),
    );
    assert.ok(rolled.ok, rolled.ok ? "" : rolled.error.message);
    assert.deepEqual(rolled.state.injuries?.[HOME_PITCHER_ID], { length: 6, inning: 1, roll: 6 });
    assert.equal(rolled.state.outs, 1);
    const declared = applyAction(
      rolled.state,
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
    assert.ok(declared.ok);
    const now = declared.state.lineup[declared.state.home.defense.P - 1]!;
    assert.equal(now.playerId, 211);
    assert.equal(now.replacingId, HOME_PITCHER_ID);
  });

  it("rest: a starter four games; a reliever one per three outs; an injury adds its games", () => {
    const tally = {
      pitcherId: 1,
      enteredInning: 1,
      starter: false,
      outsRecorded: 7,
      battersFaced: 9,
      innings: [],
      fatigued: false,
    };
    assert.equal(restRequired(tally, DEFAULT_RULES), 3);
    assert.equal(restRequired({ ...tally, starter: true }, DEFAULT_RULES), 4);
    assert.equal(restRequired(tally, DEFAULT_RULES, { length: 5, inning: 3, roll: 10 }), 8);
  });
});
