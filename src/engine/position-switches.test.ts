import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action, SwitchPositions } from "./actions.js";
import { parseAction } from "./actions.js";
import { applyAction } from "./apply.js";
import { ScriptedDice } from "./dice.js";
import { fieldingAt } from "./fielding.js";
import type { GameState } from "./state.js";
import { lineupProblems, usesDesignatedHitter } from "./substitutions.js";
import { atBat, fixtureGame, HOME_PITCHER_ID, homeSlot } from "./testing/fixtures.js";

/**
 * Position switches (§7, "The manager's game"): the defense moves men already in the game while
 * it declares. Fixture home team: slot 1 CF, 2 SS, 3 1B, 4 DH, 5 RF, 6 3B, 7 LF, 8 C, 9 2B
 * (lineup ids 11-19), pitcher 20; each man is rated at his own position only.
 */
const SS = homeSlot(2);
const FIRST = homeSlot(3);
const DH = homeSlot(4);
const THIRD = homeSlot(6);
const LEFT = homeSlot(7);
const SECOND = homeSlot(9);

function apply(state: GameState, action: Action): GameState {
  const result = applyAction(state, action, new ScriptedDice([]));
  assert.ok(result.ok, result.ok ? "" : `${action.type}: ${result.error.message}`);
  return result.state;
}

function switchPositions(moves: SwitchPositions["moves"]): SwitchPositions {
  return { type: "switchPositions", side: "home", moves };
}

function refused(state: GameState, action: Action, reason: string): void {
  const before = structuredClone(state);
  const result = applyAction(state, action, new ScriptedDice([]));
  assert.equal(result.ok, false, `${JSON.stringify(action)} was accepted`);
  if (!result.ok) {
    assert.equal(result.error.details?.reason, reason, result.error.message);
    assert.ok(result.error.message.length > 0);
  }
  assert.deepEqual(state, before, "a refused switch changed the state");
}

const DEFENSE: Action = {
  type: "setDefense",
  side: "home",
  infield: "back",
  outfield: "normal",
  hold: {},
  intentionalWalk: false,
};

describe("position switches", () => {
  it("SS and 2B trade places: a new entry each, same slots, out-of-position ratings", () => {
    const start = fixtureGame();
    const state = apply(
      start,
      switchPositions([
        { id: SS, position: "2B" },
        { id: SECOND, position: "SS" },
      ]),
    );
    const [toSecond, toShort] = state.lineup.slice(-2);
    assert.ok(toSecond !== undefined && toShort !== undefined);
    assert.deepEqual(
      {
        playerId: toSecond.playerId,
        position: toSecond.position,
        battingOrder: toSecond.battingOrder,
        replacingId: toSecond.replacingId,
        enteredInning: toSecond.enteredInning,
        afterPlay: toSecond.afterPlay,
        isActive: toSecond.isActive,
        isStarter: toSecond.isStarter,
      },
      {
        playerId: start.lineup[SS - 1]!.playerId,
        position: "2B",
        battingOrder: 2,
        replacingId: SS,
        enteredInning: 1,
        afterPlay: null,
        isActive: true,
        isStarter: false,
      },
    );
    assert.equal(toShort.position, "SS");
    assert.equal(toShort.battingOrder, 9);
    assert.equal(toShort.replacingId, SECOND);
    assert.equal(state.lineup[SS - 1]!.isActive, false);
    assert.equal(state.lineup[SECOND - 1]!.isActive, false);
    assert.equal(state.home.defense["2B"], toSecond.id);
    assert.equal(state.home.defense.SS, toShort.id);
    assert.equal(state.home.order[1], toSecond.id);
    assert.equal(state.home.order[8], toShort.id);
    assert.deepEqual(lineupProblems(state, "home"), []);
    assert.equal(state.version, start.version + 1);
    // A shortstop at second base is out of position (§5): range 5, the worst error rating.
    const rating = fieldingAt(state.players[toSecond.id]!, "2B", state.rules);
    assert.equal(rating.range, state.rules.outOfPosition.range);
    // The defense still declares, and the game goes on.
    assert.deepEqual(state.pending, { kind: "defense", side: "home" });
    let s = apply(state, DEFENSE);
    s = apply(s, { type: "setOffense", side: "away", play: "swing" });
    const rolled = applyAction(s, { type: "rollAtBat" }, new ScriptedDice(atBat(2, 6, 10)));
    assert.ok(rolled.ok);
  });

  it("a three-way rotation (LF to 1B, 1B to 3B, 3B to LF) is one change", () => {
    const state = apply(
      fixtureGame(),
      switchPositions([
        { id: LEFT, position: "1B" },
        { id: FIRST, position: "3B" },
        { id: THIRD, position: "LF" },
      ]),
    );
    const moved = state.lineup.slice(-3);
    assert.deepEqual(
      moved.map((e) => [e.replacingId, e.position, e.battingOrder]),
      [
        [LEFT, "1B", 7],
        [FIRST, "3B", 3],
        [THIRD, "LF", 6],
      ],
    );
    assert.deepEqual(lineupProblems(state, "home"), []);
    const leftAtFirst = state.home.defense["1B"];
    assert.equal(state.lineup[leftAtFirst - 1]!.playerId, state.lineup[LEFT - 1]!.playerId);
  });

  it("refuses what it cannot do, with a reason, and changes nothing", () => {
    const start = fixtureGame();
    refused(start, switchPositions([{ id: SS, position: "2B" }]), "sub/switch_position_empty");
    refused(
      start,
      switchPositions([
        { id: SS, position: "2B" },
        { id: SECOND, position: "2B" },
      ]),
      "sub/switch_duplicate",
    );
    refused(
      start,
      switchPositions([
        { id: SS, position: "2B" },
        { id: SS, position: "3B" },
      ]),
      "sub/switch_duplicate",
    );
    refused(start, switchPositions([{ id: SS, position: "SS" }]), "sub/switch_same_position");
    refused(
      start,
      switchPositions([{ id: HOME_PITCHER_ID, position: "1B" }]),
      "sub/switch_not_fielder",
    );
    refused(start, switchPositions([{ id: 2, position: "1B" }]), "sub/switch_not_fielder");
    refused(start, switchPositions([{ id: 99, position: "1B" }]), "sub/switch_not_fielder");
    // Only the defense, only while it declares.
    const offense = apply(start, DEFENSE);
    const late = applyAction(
      offense,
      switchPositions([
        { id: SS, position: "2B" },
        { id: SECOND, position: "SS" },
      ]),
      new ScriptedDice([]),
    );
    assert.equal(late.ok, false);
    if (!late.ok) assert.equal(late.error.code, "decision/out_of_order");
    // A man already moved is an inactive entry; his new entry is the one to move.
    const swapped = apply(
      start,
      switchPositions([
        { id: SS, position: "2B" },
        { id: SECOND, position: "SS" },
      ]),
    );
    refused(
      swapped,
      switchPositions([
        { id: SS, position: "SS" },
        { id: SECOND, position: "2B" },
      ]),
      "sub/switch_not_fielder",
    );
  });

  it("the mound and the DH spot are not positions to switch to (schema)", () => {
    for (const position of ["P", "DH", "PH"]) {
      const parsed = parseAction({
        type: "switchPositions",
        side: "home",
        moves: [{ id: SS, position }],
      });
      assert.equal(parsed.ok, false, position);
    }
    assert.equal(parseAction({ type: "switchPositions", side: "home", moves: [] }).ok, false);
  });

  it("the DH moves to 1B: the DH ends, the 1B man leaves, the pitcher bats in his slot", () => {
    const start = fixtureGame();
    const state = apply(start, switchPositions([{ id: DH, position: "1B" }]));
    const dhAtFirst = state.lineup.at(-1)!;
    assert.equal(dhAtFirst.position, "1B");
    assert.equal(dhAtFirst.battingOrder, 4);
    assert.equal(dhAtFirst.replacingId, DH);
    assert.equal(state.home.defense["1B"], dhAtFirst.id);
    // The first baseman is out of the game; the pitcher keeps his entry and bats third.
    assert.equal(state.lineup[FIRST - 1]!.isActive, false);
    assert.equal(state.home.order[2], HOME_PITCHER_ID);
    assert.equal(state.lineup[HOME_PITCHER_ID - 1]!.battingOrder, 3);
    assert.equal(state.lineup[HOME_PITCHER_ID - 1]!.isActive, true);
    assert.equal(state.home.defense.P, HOME_PITCHER_ID);
    assert.equal(state.home.designatedHitterEnded, true);
    assert.equal(usesDesignatedHitter(state, "home"), false);
    assert.equal(usesDesignatedHitter(state, "away"), true);
    assert.deepEqual(lineupProblems(state, "home"), []);
    assert.ok(state.pitchers[HOME_PITCHER_ID] !== undefined, "his fatigue tally is kept");
    // The DH rule is the home team's to lose: the away team keeps its DH.
    assert.equal(state.away.designatedHitterEnded, undefined);
  });

  it("after the DH ends, a new pitcher bats in the pitcher's slot and double switches are open", () => {
    let state = apply(fixtureGame(), switchPositions([{ id: DH, position: "1B" }]));
    // Let the starter face his batter, then come back to the home defense in the 2nd inning.
    state = { ...state, inning: 2, pending: { kind: "defense", side: "home" } };
    state = {
      ...state,
      pitchers: {
        ...state.pitchers,
        [HOME_PITCHER_ID]: { ...state.pitchers[HOME_PITCHER_ID]!, battersFaced: 3 },
      },
    };
    const reliever = apply(state, { type: "changePitcher", side: "home", inPlayerId: 211 });
    const entry = reliever.lineup.at(-1)!;
    assert.equal(entry.position, "P");
    assert.equal(entry.battingOrder, 3);
    assert.equal(reliever.home.order[2], entry.id);
    assert.deepEqual(lineupProblems(reliever, "home"), []);

    const doubled = apply(state, {
      type: "changePitcher",
      side: "home",
      inPlayerId: 211,
      doubleSwitch: { outId: SECOND, inPlayerId: 212, position: "2B" },
    });
    const [pitcher, fielder] = doubled.lineup.slice(-2);
    assert.equal(pitcher!.battingOrder, 9);
    assert.equal(fielder!.battingOrder, 3);
    assert.deepEqual(lineupProblems(doubled, "home"), []);
  });

  it("the DH moves to LF and the LF to 1B: the first baseman is the man who leaves", () => {
    const state = apply(
      fixtureGame(),
      switchPositions([
        { id: DH, position: "LF" },
        { id: LEFT, position: "1B" },
      ]),
    );
    assert.equal(state.lineup[FIRST - 1]!.isActive, false);
    assert.equal(state.home.order[2], HOME_PITCHER_ID);
    assert.deepEqual(lineupProblems(state, "home"), []);
    const events = applyAction(
      fixtureGame(),
      switchPositions([
        { id: DH, position: "LF" },
        { id: LEFT, position: "1B" },
      ]),
      new ScriptedDice([]),
    );
    assert.ok(events.ok);
    assert.deepEqual(
      events.events.map((e) => (e.type === "lineupChanged" ? e.replacedId : null)),
      [DH, LEFT, FIRST],
    );
  });
});
