import assert from "node:assert/strict";
import { createHash, type Hash } from "node:crypto";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import { applyAction } from "./apply.js";
import { defaultAction } from "./defaults.js";
import { ChaChaDice } from "./dice.js";
import type { GameState } from "./state.js";
import { fixtureGame } from "./testing/fixtures.js";

/**
 * The golden fingerprint: whole games on fixed seeds, hashed action by action (every event the
 * engine emitted, every play record in them, every refusal) and at the end (the final state).
 * Any change in what the engine does, down to a word of a play description or the order of a
 * record's keys, changes the hash. A refactor or an optimization must leave it as it is; a
 * deliberate change of behaviour re-records it (print with GOLDEN_PRINT=1) and says why.
 */

const GAMES_PER_SET = 50;

function seedOf(set: number, game: number): Uint8Array {
  const seed = new Uint8Array(32);
  const view = new DataView(seed.buffer);
  view.setUint32(0, game + 1, true);
  view.setUint32(4, set, true);
  return seed;
}

/** Varied decisions from their own seeded stream: positioning, holds, IBB, steals, bunts,
 *  hit-and-run, sends and throws, the odd timeout; a refused choice falls back to the default. */
function variedAction(state: GameState, pick: (n: number) => number): Action | null {
  const p = state.pending;
  if (p.kind === "defense") {
    if (pick(40) === 0) return { type: "timeout", side: p.side };
    return {
      type: "setDefense",
      side: p.side,
      infield: (["back", "cornersIn", "in"] as const)[pick(3)]!,
      outfield: (["normal", "shallow", "deep"] as const)[pick(3)]!,
      hold: {
        first: state.bases.first !== null && pick(2) === 1,
        second: state.bases.second !== null && pick(2) === 1,
      },
      intentionalWalk: state.bases.first === null && pick(20) === 0,
    };
  }
  if (p.kind === "offense") {
    const roll = pick(12);
    if (roll === 0) return { type: "setOffense", side: p.side, play: "steal", runners: [1] };
    if (roll === 1) return { type: "setOffense", side: p.side, play: "steal", runners: [2] };
    if (roll === 2)
      return { type: "setOffense", side: p.side, play: "doubleSteal", runners: [1, 2] };
    if (roll === 3) return { type: "setOffense", side: p.side, play: "sacrifice" };
    if (roll === 4) return { type: "setOffense", side: p.side, play: "hitAndRun" };
    if (roll === 5) return { type: "setOffense", side: p.side, play: "bunt" };
    if (roll === 6) return { type: "setOffense", side: p.side, play: "squeeze" };
    return { type: "setOffense", side: p.side, play: "swing" };
  }
  if (p.kind === "runner") {
    const yes = pick(2) === 1;
    switch (p.step) {
      case "send":
        return { type: "decideRunner", side: p.side, step: "send", send: yes };
      case "throw":
        return { type: "decideRunner", side: p.side, step: "throw", throw: yes };
      case "trail":
        return { type: "decideRunner", side: p.side, step: "trail", send: yes };
      case "target":
        return {
          type: "decideRunner",
          side: p.side,
          step: "target",
          target: yes ? "lead" : "trail",
        };
      case "tagUp":
        return { type: "decideRunner", side: p.side, step: "tagUp", send: yes };
    }
  }
  return defaultAction(state);
}

function playGame(start: GameState, set: number, game: number, varied: boolean, hash: Hash): void {
  const dice = new ChaChaDice(seedOf(set, game));
  const chooser = new ChaChaDice(seedOf(set + 1000, game));
  const pick = (n: number) => chooser.roll(n) - 1;
  let state = start;
  for (let step = 0; step < 5_000; step++) {
    let action = varied ? variedAction(state, pick) : defaultAction(state);
    if (action === null) break;
    let result = applyAction(state, action, dice);
    if (!result.ok) {
      hash.update(`refused ${result.error.code} ${result.error.message}\n`);
      action = defaultAction(state);
      if (action === null) break;
      result = applyAction(state, action, dice);
      if (!result.ok) throw new Error(`${action.type} refused: ${result.error.message}`);
    }
    hash.update(JSON.stringify(result.events));
    hash.update("\n");
    state = result.state;
  }
  assert.equal(state.pending.kind, "gameOver", `game ${set}/${game} did not end`);
  hash.update(JSON.stringify(state));
  hash.update("\n");
}

const SETS: readonly { name: string; start: () => GameState; varied: boolean; expected: string }[] =
  [
    {
      name: "PD, default decisions",
      start: () => fixtureGame(),
      varied: false,
      expected: "a673b02acca09bf91f042171de37b3eead4a68dc24d1751d2a5a796bfe0fc1df",
    },
    {
      name: "PD, varied decisions",
      start: () => fixtureGame(),
      varied: true,
      expected: "1b0a42659e862319561e9391ebc86310e789923bd3f917c9509f978cdefa7135",
    },
    {
      name: "SBA (cards read by the managers), varied decisions",
      start: () => fixtureGame({ league: "sba" }),
      varied: true,
      expected: "039636ea87ea572e1e59e68c0ef98010a3e239acb03a6ded2001d87441bd74bb",
    },
    {
      name: "PD, no extra-inning runner, varied decisions",
      start: () => fixtureGame({ rules: { extraInningRunnerOnSecond: false } }),
      varied: true,
      expected: "26512277a18443d113e23a0ed671d784e08f4af877b31b208755a203e34e0d4a",
    },
  ];

describe("golden fingerprint: the engine plays exactly as recorded", () => {
  SETS.forEach((set, index) => {
    it(`${set.name}: ${GAMES_PER_SET} games hash as recorded`, () => {
      const hash = createHash("sha256");
      const start = set.start();
      for (let game = 0; game < GAMES_PER_SET; game++)
        playGame(start, index, game, set.varied, hash);
      const digest = hash.digest("hex");
      if (process.env.GOLDEN_PRINT) console.log(`${set.name}: ${digest}`);
      assert.equal(digest, set.expected);
    });
  });
});
