import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import { applyAction } from "./apply.js";
import { ScriptedDice, type ScriptedRoll } from "./dice.js";
import { DEFAULT_RULES } from "./rules.js";
import { createGame, type TeamSetup } from "./setup.js";
import type { GameState } from "./state.js";
import { lineupProblems } from "./substitutions.js";
import { atBat, fixtureBatter, fixtureGame, fixtureSetup } from "./testing/fixtures.js";

/** A game whose away bench has two more bats (a fast outfielder and a second baseman). */
function gameWithBench(designatedHitter = true): GameState {
  const setup = fixtureSetup();
  const extra = [
    fixtureBatter({ id: 113, name: "Xavier", position: "CF", speed: 18 }),
    fixtureBatter({ id: 114, name: "Yates", position: "2B" }),
  ];
  const withBench = (team: TeamSetup, more: TeamSetup["bench"]): TeamSetup => ({
    ...team,
    bench: [...(team.bench ?? []), ...(more ?? [])],
  });
  if (designatedHitter) {
    const created = createGame({ ...setup, away: withBench(setup.away, extra) });
    assert.ok(created.ok);
    return created.state;
  }
  // No DH: each pitcher bats fourth, where the DH was.
  const noDh = (team: TeamSetup): TeamSetup => ({
    ...team,
    lineup: team.lineup.map((slot) =>
      slot.position === "DH" ? { player: team.pitcher!, position: "P" } : slot,
    ),
    pitcher: undefined,
  });
  const created = createGame({
    ...setup,
    rules: { ...DEFAULT_RULES, designatedHitter: false },
    away: withBench(noDh(setup.away), extra),
    home: withBench(noDh(setup.home), [fixtureBatter({ id: 213, name: "Zane", position: "2B" })]),
  });
  assert.ok(created.ok, created.ok ? "" : created.error.message);
  return created.state;
}

function apply(state: GameState, action: Action, dice: ScriptedRoll[] = []): GameState {
  const result = applyAction(state, action, new ScriptedDice(dice));
  assert.ok(result.ok, result.ok ? "" : `${action.type}: ${result.error.message}`);
  return result.state;
}

function refused(state: GameState, action: Action, reason: string): void {
  const before = structuredClone(state);
  const result = applyAction(state, action, new ScriptedDice([]));
  assert.equal(result.ok, false, `${JSON.stringify(action)} was accepted`);
  if (!result.ok) assert.equal(result.error.details?.reason, reason, result.error.message);
  assert.deepEqual(state, before, "a refused substitution changed the state");
}

const DEFENSE = (side: "home" | "away"): Action => ({
  type: "setDefense",
  side,
  infield: "back",
  outfield: "normal",
  hold: {},
  intentionalWalk: false,
});

function strikeOut(state: GameState): GameState {
  const offense = state.half === "top" ? "away" : "home";
  let s = apply(state, DEFENSE(offense === "away" ? "home" : "away"));
  s = apply(s, { type: "setOffense", side: offense, play: "swing" });
  return apply(s, { type: "rollAtBat" }, atBat(2, 6, 10));
}

describe("substitutions (§6, §7)", () => {
  it("a pinch hitter bats for the man due up, gets a lineup entry, and reopens the defense", () => {
    let state = apply(gameWithBench(), DEFENSE("home"));
    assert.equal(state.pending.kind, "offense");
    state = apply(state, {
      type: "substitute",
      side: "away",
      outId: 1,
      inPlayerId: 112,
      position: "PH",
    });
    const entry = state.lineup.at(-1)!;
    assert.equal(entry.playerId, 112);
    assert.equal(entry.position, "PH");
    assert.equal(entry.battingOrder, 1);
    assert.equal(entry.replacingId, 1);
    assert.equal(entry.enteredInning, 1);
    assert.equal(entry.afterPlay, null, "in before the first play, as a starter is");
    assert.equal(entry.isActive, true);
    assert.equal(state.lineup[0]!.isActive, false);
    assert.equal(state.away.order[0], entry.id);
    assert.ok(!state.away.bench.some((p) => p.id === 112));
    assert.deepEqual(state.pending, { kind: "defense", side: "home" });
    assert.equal(state.choices.defense, null);
  });

  it("refuses what the rules forbid, with a reason, and changes nothing", () => {
    const start = gameWithBench();
    const offense = apply(start, DEFENSE("home"));
    refused(
      offense,
      { type: "substitute", side: "away", outId: 2, inPlayerId: 112, position: "PH" },
      "sub/pinch_hitter_not_batter",
    );
    refused(
      offense,
      { type: "substitute", side: "away", outId: 1, inPlayerId: 999, position: "PH" },
      "sub/not_on_bench",
    );
    refused(
      offense,
      { type: "substitute", side: "away", outId: 1, inPlayerId: 112, position: "PR" },
      "sub/pinch_runner_not_on_base",
    );
    refused(
      start,
      { type: "substitute", side: "away", outId: 1, inPlayerId: 112, position: "PH" },
      "sub/not_now",
    );
    refused(
      start,
      { type: "changePitcher", side: "home", inPlayerId: 211 },
      "sub/reliever_minimum",
    );
    refused(start, { type: "changePitcher", side: "home", inPlayerId: 212 }, "sub/not_a_pitcher");
    refused(
      start,
      { type: "substitute", side: "home", outId: 12, inPlayerId: 212, position: "CF" },
      "sub/position_taken",
    );
    refused(
      start,
      { type: "substitute", side: "home", outId: 14, inPlayerId: 212, position: "DH" },
      "sub/designated_hitter",
    );
    refused(
      start,
      {
        type: "changePitcher",
        side: "home",
        inPlayerId: 211,
        doubleSwitch: { outId: 19, inPlayerId: 212, position: "2B" },
      },
      "sub/reliever_minimum",
    );
    const hit = apply(offense, {
      type: "substitute",
      side: "away",
      outId: 1,
      inPlayerId: 112,
      position: "PH",
    });
    const again = apply(hit, DEFENSE("home"));
    refused(
      again,
      {
        type: "substitute",
        side: "away",
        outId: hit.away.order[0]!,
        inPlayerId: 101,
        position: "PH",
      },
      "sub/reentry",
    );
  });

  it("PH, then PR, then the runner stays in to play center: a legal lineup and a correct lineups record", () => {
    let state = apply(gameWithBench(), DEFENSE("home"));
    state = apply(state, {
      type: "substitute",
      side: "away",
      outId: 1,
      inPlayerId: 112,
      position: "PH",
    });
    state = apply(state, DEFENSE("home"));
    state = apply(state, { type: "setOffense", side: "away", play: "swing" });
    state = apply(state, { type: "rollAtBat" }, atBat(1, 5, 10)); // SI*
    const phId = state.away.order[0]!;
    assert.equal(state.bases.first?.id, phId);
    state = apply(state, DEFENSE("home"));
    state = apply(state, {
      type: "substitute",
      side: "away",
      outId: phId,
      inPlayerId: 113,
      position: "PR",
    });
    const prId = state.lineup.at(-1)!.id;
    assert.equal(state.bases.first?.id, prId);
    assert.equal(state.lineup[prId - 1]!.replacingId, phId);
    state = apply(state, { type: "setOffense", side: "away", play: "swing" });
    state = apply(state, { type: "rollAtBat" }, atBat(2, 6, 10));
    for (let k = 0; k < 2; k++) state = strikeOut(state);
    assert.equal(state.half, "bottom");
    // The away team takes the field: the pinch runner goes to center, where the man he followed played.
    state = apply(state, DEFENSE("away"));
    const cf = state.lineup[state.away.defense.CF - 1]!;
    assert.equal(cf.playerId, 113);
    assert.equal(cf.position, "CF");
    assert.equal(cf.replacingId, prId);
    assert.equal(cf.battingOrder, 1);
    assert.equal(cf.enteredInning, 1);
    assert.deepEqual(lineupProblems(state, "away"), []);
    const chain = state.lineup.filter((e) => e.team === "away" && e.battingOrder === 1);
    assert.deepEqual(
      chain.map((e) => [e.playerId, e.position, e.isActive]),
      [
        [101, "CF", false],
        [112, "PH", false],
        [113, "PR", false],
        [113, "CF", true],
      ],
    );
  });

  it("a double switch (no DH): the new pitcher bats in the fielder's slot, the new fielder in the pitcher's", () => {
    let state = gameWithBench(false);
    state = strikeOut(state); // the home pitcher faces a batter
    const pitcherSlot = state.home.order.indexOf(state.home.defense.P);
    const secondBase = state.home.defense["2B"];
    const fielderSlot = state.home.order.indexOf(secondBase);
    state = apply(state, {
      type: "changePitcher",
      side: "home",
      inPlayerId: 211,
      doubleSwitch: { outId: secondBase, inPlayerId: 213, position: "2B" },
    });
    const pitcher = state.lineup[state.home.defense.P - 1]!;
    const fielder = state.lineup[state.home.defense["2B"] - 1]!;
    assert.equal(pitcher.playerId, 211);
    assert.equal(fielder.playerId, 213);
    assert.equal(state.home.order[fielderSlot], pitcher.id);
    assert.equal(state.home.order[pitcherSlot], fielder.id);
    assert.equal(pitcher.battingOrder, fielderSlot + 1);
    assert.equal(fielder.battingOrder, pitcherSlot + 1);
    assert.deepEqual(lineupProblems(state, "home"), []);
    assert.equal(state.pitchers[pitcher.id]?.starter, false);
    // The new pitcher faces at least one batter.
    refused(state, { type: "changePitcher", side: "home", inPlayerId: 212 }, "sub/not_a_pitcher");
  });

  it("a double switch needs the pitcher in the order", () => {
    const state = strikeOut(fixtureGame());
    refused(
      state,
      {
        type: "changePitcher",
        side: "home",
        inPlayerId: 211,
        doubleSwitch: { outId: 19, inPlayerId: 212, position: "2B" },
      },
      "sub/double_switch",
    );
  });

  it("a defensive replacement takes the position of the man he replaces", () => {
    const state = apply(fixtureGame(), {
      type: "substitute",
      side: "home",
      outId: 12,
      inPlayerId: 212,
      position: "SS",
    });
    const entry = state.lineup.at(-1)!;
    assert.equal(state.home.defense.SS, entry.id);
    assert.equal(entry.battingOrder, 2);
    assert.equal(entry.replacingId, 12);
    assert.deepEqual(lineupProblems(state, "home"), []);
  });
});
