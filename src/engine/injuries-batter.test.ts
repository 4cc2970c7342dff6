import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import { applyAction } from "./apply.js";
import type { CardSide, InjuryRating } from "./cards.js";
import { defaultAction } from "./defaults.js";
import { ScriptedDice, type ScriptedRoll } from "./dice.js";
import type { GameEvent } from "./events.js";
import type { InjuryOutcome } from "./injuries.js";
import type { PlayRecord } from "./play-record.js";
import type { GameState } from "./state.js";
import { cell } from "./testing/cards.js";
import { atBat, awaySlot, type Situation, situation, threeD6 } from "./testing/fixtures.js";

/**
 * Batter injuries (§7): a "plus injury" reading on the batter's card calls a 3d6 check on his
 * injury table: OK, REM (out for the rest of the game) or N games. He must be replaced (a pinch
 * hitter when he is due up, a defensive replacement when his team takes the field) before the
 * game goes on; until then setOffense / setDefense are refused and change nothing.
 */
const BATTER = awaySlot(1); // the away leadoff man, the CF
const PLUS_INJURY_K = atBat(1, 7, 10); // column 1, row 7: "K[I]" on the test card

/** Column 1, row 7 of each half becomes a plus-injury strikeout. */
function markedInjury(side: CardSide): CardSide {
  const [first, second, third] = side.columns;
  return { columns: [{ ...first, 7: cell("K[I]") }, second, third] };
}

function withHurtableBatter(s: Situation, injury: InjuryRating | null = { games: 1, rating: 65 }) {
  const state = situation(s);
  const batter = state.players[BATTER]!;
  return {
    ...state,
    players: {
      ...state.players,
      [BATTER]: {
        ...batter,
        batting: {
          ...batter.batting,
          injury,
          vsLeft: markedInjury(batter.batting.vsLeft),
          vsRight: markedInjury(batter.batting.vsRight),
        },
      },
    },
  } as GameState;
}

function apply(state: GameState, action: Action, dice: readonly ScriptedRoll[] = []) {
  const scripted = new ScriptedDice(dice);
  const result = applyAction(state, action, scripted);
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  assert.equal(scripted.remaining, 0, "every chosen die was read");
  return result;
}

const recordOf = (events: readonly GameEvent[]): PlayRecord =>
  events.flatMap((e) => (e.type === "plateAppearanceEnded" ? [e.play] : []))[0]!;

function refusedForInjury(state: GameState, action: Action): void {
  const before = structuredClone(state);
  const result = applyAction(state, action, new ScriptedDice([]));
  assert.equal(result.ok, false, `${action.type} was accepted`);
  if (!result.ok) {
    assert.equal(result.error.code, "decision/illegal");
    assert.equal(result.error.details?.reason, "injury/must_be_replaced", result.error.message);
  }
  assert.deepEqual(state, before, "a refused action changed the state");
}

const hurt = (length: InjuryOutcome["length"]): InjuryOutcome => ({ length, inning: 1, roll: 10 });

describe("batter injuries on plus-injury readings (§7)", () => {
  it("the reading calls 3d6 on his table (1p65, 10: three games): recorded in the state, the play and an event", () => {
    const result = apply(withHurtableBatter({}), { type: "rollAtBat" }, [
      ...PLUS_INJURY_K,
      threeD6(10),
    ]);
    assert.deepEqual(result.state.injuries?.[BATTER], { length: 3, inning: 1, roll: 10 });
    assert.equal(result.state.outs, 1, "the strikeout still plays");
    const injured = result.events.find((e) => e.type === "playerInjured");
    assert.deepEqual(injured, {
      type: "playerInjured",
      lineupId: BATTER,
      length: 3,
      inning: 1,
      roll: 10,
    });
    const record = recordOf(result.events);
    assert.match(
      record.description,
      /is hurt on the play \(injury 3d6 10\): out for the game and 3 more games/,
    );
    assert.deepEqual(record.diceRoll.at(-1), { purpose: "batter injury", dice: "3d6", value: 10 });
  });

  it("3d6 6 on 1p65 reads REM: out for the rest of the game; 3d6 5 reads OK: nothing", () => {
    const rem = apply(withHurtableBatter({}), { type: "rollAtBat" }, [
      ...PLUS_INJURY_K,
      threeD6(6),
    ]);
    assert.equal(rem.state.injuries?.[BATTER]?.length, "REM");
    const ok = apply(withHurtableBatter({}), { type: "rollAtBat" }, [...PLUS_INJURY_K, threeD6(5)]);
    assert.equal(ok.state.injuries, undefined);
    assert.equal(
      ok.events.some((e) => e.type === "playerInjured"),
      false,
    );
  });

  it("no check without the mark, with no rating, or with 0pNN (never injured)", () => {
    // Row 6 of column 1 is an unmarked walk: no 3d6 is read (ScriptedDice would be left over).
    apply(withHurtableBatter({}), { type: "rollAtBat" }, atBat(1, 6, 10));
    apply(withHurtableBatter({}, null), { type: "rollAtBat" }, PLUS_INJURY_K);
    apply(withHurtableBatter({}, { games: 0, rating: 65 }), { type: "rollAtBat" }, PLUS_INJURY_K);
  });

  it("SBA managers read the card: the submitted reading's mark calls the check too", () => {
    const state = withHurtableBatter({ league: "sba", rules: { cardReading: "manager" } });
    const rolled = apply(state, { type: "rollAtBat" }, PLUS_INJURY_K);
    assert.equal(rolled.state.pending.kind, "sba/read-card");
    const read = apply(rolled.state, { type: "submitCardResult", side: "away", code: "K" }, [
      threeD6(10),
    ]);
    assert.equal(read.state.injuries?.[BATTER]?.length, 3);
  });

  it("when he is due up again, setOffense is refused until a pinch hitter bats for him", () => {
    const start = { ...situation({ awaiting: "defense" }), injuries: { [BATTER]: hurt(3) } };
    const declared = apply(start, {
      type: "setDefense",
      side: "home",
      infield: "back",
      outfield: "normal",
      hold: {},
      intentionalWalk: false,
    });
    refusedForInjury(declared.state, { type: "setOffense", side: "away", play: "swing" });
    const replacement = defaultAction(declared.state);
    assert.deepEqual(replacement, {
      type: "substitute",
      side: "away",
      outId: BATTER,
      inPlayerId: 112,
      position: "PH",
    });
    const pinchHit = apply(declared.state, replacement!);
    const due = pinchHit.state.away.order[0]!;
    assert.notEqual(due, BATTER);
    assert.equal(pinchHit.state.lineup[due - 1]!.replacingId, BATTER);
    assert.equal(pinchHit.state.pending.kind, "defense", "the pinch hitter reopens the defense");
  });

  it("when his team takes the field, setDefense is refused until he is replaced at his position", () => {
    const start = {
      ...situation({ half: "bottom", awaiting: "defense" }),
      injuries: { [BATTER]: hurt("REM") },
    };
    const defense: Action = {
      type: "setDefense",
      side: "away",
      infield: "back",
      outfield: "normal",
      hold: {},
      intentionalWalk: false,
    };
    refusedForInjury(start, defense);
    const replaced = apply(start, {
      type: "substitute",
      side: "away",
      outId: BATTER,
      inPlayerId: 112,
      position: "CF",
    });
    const cf = replaced.state.away.defense.CF;
    assert.notEqual(cf, BATTER);
    assert.equal(replaced.state.lineup[cf - 1]!.replacingId, BATTER);
    apply(replaced.state, defense);
  });

  it("with nobody left on the bench he plays on hurt", () => {
    const base = situation({ awaiting: "defense" });
    const start: GameState = {
      ...base,
      injuries: { [BATTER]: hurt(2) },
      away: { ...base.away, bench: [] },
    };
    const declared = apply(start, {
      type: "setDefense",
      side: "home",
      infield: "back",
      outfield: "normal",
      hold: {},
      intentionalWalk: false,
    });
    apply(declared.state, { type: "setOffense", side: "away", play: "swing" });
  });
});
