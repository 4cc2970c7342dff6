import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultAction } from "../engine/defaults.js";
import type { GameState } from "../engine/index.js";
import { fixtureGame } from "../engine/testing/fixtures.js";
import { dynamicState, type EngineGame, engineRules } from "./engine-rules.js";

const SEED = "5e".repeat(32);

/** The fixture game after `steps` moves (server rolls and default decisions). */
function played(steps: number, until?: (game: GameState) => boolean): EngineGame {
  let state: EngineGame = { game: fixtureGame(), seed: SEED };
  for (let i = 0; i < steps && !until?.(state.game); i++) {
    const action = engineRules.serverAction(state) ?? defaultAction(state.game);
    if (action === null) break;
    const applied = engineRules.apply(state, action);
    if (!applied.ok) throw new Error(applied.error.message);
    state = applied.value.state;
  }
  return state;
}

describe("engine rules: snapshots of the dynamic state", () => {
  it("replaces every card by its player id and keeps everything else", () => {
    const { game } = played(60);
    const dynamic = dynamicState(game);
    for (const [lineupId, player] of Object.entries(game.players)) {
      assert.equal(dynamic.players[Number(lineupId)], player.id);
    }
    assert.deepEqual(
      dynamic.home.bench,
      game.home.bench.map((p) => p.id),
    );
    assert.deepEqual(
      dynamic.away.bench,
      game.away.bench.map((p) => p.id),
    );
    const { players: _p, away, home, ...rest } = dynamic;
    const { players: _q, away: gameAway, home: gameHome, ...gameRest } = game;
    assert.deepEqual(rest, gameRest);
    assert.deepEqual({ ...away, bench: [] }, { ...gameAway, bench: [] });
    assert.deepEqual({ ...home, bench: [] }, { ...gameHome, bench: [] });
    // A small fraction of the whole state.
    assert.ok(JSON.stringify(dynamic).length * 10 < JSON.stringify(game).length);
  });

  it("fingerprints equal states equally and any played difference differently", () => {
    const a = played(40);
    const b = played(40);
    assert.notEqual(a.game, b.game);
    assert.equal(engineRules.fingerprint(a), engineRules.fingerprint(b));
    assert.notEqual(engineRules.fingerprint(a), engineRules.fingerprint(played(41)));
    const changed = { ...a, game: { ...a.game, outs: (a.game.outs + 1) % 3 } } as EngineGame;
    assert.notEqual(engineRules.fingerprint(a), engineRules.fingerprint(changed));
  });
});

describe("engine rules: views", () => {
  it("gives the viewers one object when they may see the same things", () => {
    const state = played(30, (game) => game.pending.kind !== "roll" && game.playNumber > 3);
    const home = engineRules.view(state, "home");
    assert.equal(engineRules.view(state, "away"), home);
    assert.equal(engineRules.view(state, "spectator"), home);
    assert.equal((home as GameState).diceCursor, null);
  });

  it("keeps the offense's declared play from the others while the roll is to come", () => {
    const state = played(
      200,
      (game) => game.pending.kind === "roll" && game.choices.offense !== null,
    );
    assert.equal(state.game.pending.kind, "roll");
    const offense = state.game.half === "top" ? "away" : "home";
    const defense = offense === "home" ? "away" : "home";
    const own = engineRules.view(state, offense) as GameState;
    const other = engineRules.view(state, defense) as GameState;
    assert.deepEqual(own.choices.offense, state.game.choices.offense);
    assert.equal(other.choices.offense, null);
    assert.equal(engineRules.view(state, "spectator"), other);
  });
});
