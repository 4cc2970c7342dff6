import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import { applyAction } from "./apply.js";
import { type Player, UNKNOWN_CARD_SIDE } from "./cards.js";
import { ScriptedDice, type ScriptedRoll } from "./dice.js";
import { createGame } from "./setup.js";
import type { GameState } from "./state.js";
import {
  atBat,
  awaySlot,
  fixtureSetup,
  HOME_PITCHER_ID,
  situation,
  threeD6,
} from "./testing/fixtures.js";

/**
 * SBA players known without their card's grid (league API players, hasGrid: false): the engine
 * takes them into a game, never reads their card itself (even when it reads every other card),
 * and checks what their manager submits against what that card type can print (§2, §3).
 */
const BATTER = awaySlot(1);

function unknownGrid(player: Player): Player {
  if (player.league !== "sba") throw new Error("an SBA fixture player");
  return {
    ...player,
    hasGrid: false,
    batting: { ...player.batting, vsLeft: UNKNOWN_CARD_SIDE, vsRight: UNKNOWN_CARD_SIDE },
    pitching:
      player.pitching === null
        ? null
        : { ...player.pitching, vsLeft: UNKNOWN_CARD_SIDE, vsRight: UNKNOWN_CARD_SIDE },
  };
}

/** An SBA game the engine reads itself, but the leadoff batter and the home pitcher have no grid. */
function gridless(ids: readonly number[] = [BATTER, HOME_PITCHER_ID]): GameState {
  const state = situation({ league: "sba", rules: { cardReading: "automatic" } });
  const players = { ...state.players };
  for (const id of ids) {
    const injury = id === BATTER ? { injury: { games: 1, rating: 65 } } : {};
    const player = unknownGrid(players[id]!);
    players[id] = { ...player, batting: { ...player.batting, ...injury } };
  }
  return { ...state, players };
}

function apply(state: GameState, action: Action, dice: readonly ScriptedRoll[] = []) {
  const scripted = new ScriptedDice(dice);
  const result = applyAction(state, action, scripted);
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  assert.equal(scripted.remaining, 0, "every chosen die was read");
  return result.state;
}

function refused(state: GameState, code: string, pattern: RegExp): void {
  const before = structuredClone(state);
  const result = applyAction(
    state,
    { type: "submitCardResult", side: state.pending.side as "home" | "away", code },
    new ScriptedDice([]),
  );
  assert.equal(result.ok, false, `${code} was accepted`);
  if (!result.ok) {
    assert.equal(result.error.code, "card/result_not_on_card");
    assert.match(result.error.message, pattern);
  }
  assert.deepEqual(state, before, "a refused submission changed the state");
}

describe("SBA players without a printed grid", () => {
  it("a game takes them in", () => {
    const setup = fixtureSetup({ league: "sba" });
    const created = createGame({
      ...setup,
      away: {
        ...setup.away,
        lineup: setup.away.lineup.map((l) => ({ ...l, player: unknownGrid(l.player) })),
        pitcher: unknownGrid(setup.away.pitcher!),
      },
    });
    assert.ok(created.ok, created.ok ? "" : created.error.message);
  });

  it("a roll on his card waits for his manager's reading, even when the engine reads cards", () => {
    const onBatter = apply(gridless(), { type: "rollAtBat" }, atBat(2, 7, 10));
    assert.equal(onBatter.pending.kind, "sba/read-card");
    assert.equal(onBatter.pending.side, "away");
    const onPitcher = apply(gridless(), { type: "rollAtBat" }, atBat(5, 7, 10));
    assert.deepEqual(
      onPitcher.pending.kind === "sba/read-card" ? onPitcher.pending.side : null,
      "home",
    );
    // A transcribed card is still read by the engine: the leadoff man's grid is known here.
    const known = apply(gridless([HOME_PITCHER_ID]), { type: "rollAtBat" }, atBat(2, 6, 10));
    assert.equal(known.pending.kind, "defense", "the engine read the batter's own card");
    assert.equal(known.outs, 1);
  });

  it("a submitted reading must be possible on that card type; a refusal changes nothing", () => {
    const onBatter = apply(gridless(), { type: "rollAtBat" }, atBat(2, 7, 10));
    refused(onBatter, "X(ss)", /never printed on a batter's card/);
    refused(onBatter, "FLY(ss)B", /never goes to SS/);
    refused(onBatter, "GB(lf)A", /never goes to LF/);
    const hr = apply(onBatter, { type: "submitCardResult", side: "away", code: "BP-HR" }, [
      { die: "d20", value: 1 },
    ]);
    assert.equal(hr.away.runs, 1);
    const onPitcher = apply(gridless(), { type: "rollAtBat" }, atBat(5, 7, 10));
    refused(onPitcher, "BP-1B", /never printed on a pitcher's card/);
    refused(onPitcher, "K+inj", /plus-injury mark is printed only on batter cards/);
    const k = apply(onPitcher, { type: "submitCardResult", side: "home", code: "K" });
    assert.equal(k.outs, 1);
  });

  it('"+inj" on his batter card calls his injury check (1p65, 3d6 10: three games)', () => {
    const onBatter = apply(gridless(), { type: "rollAtBat" }, atBat(1, 7, 10));
    const hurt = apply(onBatter, { type: "submitCardResult", side: "away", code: "K+inj" }, [
      threeD6(10),
    ]);
    assert.deepEqual(hurt.injuries?.[BATTER], { length: 3, inning: 1, roll: 10 });
  });

  it('on a transcribed card "+inj" must match the printed mark', () => {
    const state = situation({ league: "sba", rules: { cardReading: "manager" } });
    const rolled = apply(state, { type: "rollAtBat" }, atBat(2, 6, 10));
    refused(rolled, "K+inj", /K\+inj is not on .* that cell reads K 1-20/);
  });
});
