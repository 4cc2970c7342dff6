import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultAction } from "../engine/defaults.js";
import type { GameState } from "../engine/index.js";
import { fixtureGame } from "../engine/testing/fixtures.js";
import { applyDelta } from "../realtime/delta.js";
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

describe("engine rules: view changes", () => {
  it("rebuild every viewer's view, step by step, from the one before: a whole game", () => {
    let state: EngineGame = { game: fixtureGame(), seed: SEED };
    const viewers = ["home", "away", "spectator"] as const;
    let steps = 0;
    let changedBytes = 0;
    let viewBytes = 0;
    for (; steps < 2000 && state.game.pending.kind !== "gameOver"; steps++) {
      const action = engineRules.serverAction(state) ?? defaultAction(state.game);
      if (action === null) break;
      const applied = engineRules.apply(state, action);
      if (!applied.ok) throw new Error(applied.error.message);
      const next = applied.value.state;
      for (const viewer of viewers) {
        const changes = engineRules.viewChanges!(state, next, viewer);
        // Through JSON, as a client gets both.
        const delta = JSON.parse(JSON.stringify(changes));
        const rebuilt = applyDelta(
          JSON.parse(JSON.stringify(engineRules.view(state, viewer))),
          delta,
        );
        const view = JSON.parse(JSON.stringify(engineRules.view(next, viewer)));
        assert.deepEqual(rebuilt, view, `step ${steps}, ${viewer}`);
        changedBytes += JSON.stringify(changes).length;
        viewBytes += JSON.stringify(view).length;
      }
      state = next;
    }
    assert.equal(state.game.pending.kind, "gameOver");
    // The point of it: a small fraction of the view.
    assert.ok(changedBytes * 5 < viewBytes, `${changedBytes} vs ${viewBytes} bytes`);
  });

  it("give viewers who see the same one object, and keep the declared play hidden as views do", () => {
    const step = (state: EngineGame) => {
      const applied = engineRules.apply(state, defaultAction(state.game)!);
      assert.ok(applied.ok);
      return applied.value.state;
    };
    const changesOf = (before: EngineGame, after: EngineGame) => ({
      home: engineRules.viewChanges!(before, after, "home"),
      away: engineRules.viewChanges!(before, after, "away"),
      spectator: engineRules.viewChanges!(before, after, "spectator"),
    });
    const defense = played(200, (game) => game.pending.kind === "defense" && game.playNumber > 3);
    const offense = step(defense);
    assert.equal(offense.game.pending.kind, "offense");
    const open = changesOf(defense, offense);
    assert.equal(open.home, open.away);
    assert.equal(open.home, open.spectator);

    const roll = step(offense);
    assert.equal(roll.game.pending.kind, "roll");
    const hidden = changesOf(offense, roll);
    const batting = roll.game.half === "top" ? "away" : "home";
    const fielding = batting === "home" ? "away" : "home";
    assert.deepEqual(
      (hidden[batting].changed.choices as GameState["choices"]).offense,
      roll.game.choices.offense,
    );
    assert.equal((hidden[fielding].changed.choices as GameState["choices"]).offense, null);
    assert.equal(hidden.spectator, hidden[fielding]);
  });
});

describe("engine rules: the dice stream a game's states share", () => {
  it("gives the same game as a fresh stream every action, and an older state used again branches the same", () => {
    // The shared stream (each state passes its game's stream on) against states rebuilt from
    // JSON, which hold no stream, so every action there derives the keystream from the seed.
    let shared: EngineGame = { game: fixtureGame(), seed: SEED };
    let fresh: EngineGame = { game: structuredClone(shared.game), seed: SEED };
    const states: EngineGame[] = [];
    let stream: EngineGame["dice"];
    for (let i = 0; i < 400; i++) {
      const action = engineRules.serverAction(shared) ?? defaultAction(shared.game);
      if (action === null) break;
      states.push(shared);
      const a = engineRules.apply(shared, action);
      const b = engineRules.apply({ game: structuredClone(fresh.game), seed: SEED }, action);
      assert.ok(a.ok && b.ok);
      stream ??= a.value.state.dice;
      assert.ok(stream !== undefined && a.value.state.dice === stream, "one stream for the game");
      assert.equal(engineRules.fingerprint(a.value.state), engineRules.fingerprint(b.value.state));
      shared = a.value.state;
      fresh = b.value.state;
    }
    assert.ok(states.length > 100, `the fixture game lasts (${states.length} actions)`);
    // An old state used again (its stream has moved on since) gives what it gave the first time.
    const k = Math.floor(states.length / 2);
    const old = states[k]!;
    const next = states[k + 1]!;
    const action = engineRules.serverAction(old) ?? defaultAction(old.game);
    const again = engineRules.apply(old, action!);
    assert.ok(again.ok);
    assert.equal(engineRules.fingerprint(again.value.state), engineRules.fingerprint(next));
  });
});
