// API SBA players in a real game: the source maps its active roster to "no grid" engine players,
// the engine takes them in, and every reading of their cards is the managers' to submit.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Action } from "../../engine/actions.js";
import { applyAction } from "../../engine/apply.js";
import type { SbaPlayer } from "../../engine/cards.js";
import { ChaChaDice } from "../../engine/dice.js";
import type { FieldPosition } from "../../engine/positions.js";
import { DEFAULT_RULES } from "../../engine/rules.js";
import { createGame, type TeamSetup } from "../../engine/setup.js";
import type { GameState, RunnerDecision } from "../../engine/state.js";
import { MemoryCache } from "../cache/memory.js";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../testing/fake-sba-api.js";
import type { FakeApiServer } from "../testing/fake-server.js";
import { SbaApiSource } from "./sba-source.js";

let api: FakeApiServer;
before(async () => {
  api = await startFakeSbaApi();
});
after(async () => {
  await api.close();
});

function source() {
  return new SbaApiSource({
    url: api.url,
    apiKey: FAKE_SBA_API_KEY,
    cache: new MemoryCache(),
    maxAttempts: 1,
    timeoutMs: 2_000,
  });
}

/** The roster's nine position players at their first position (DH for the DH), an SP on the mound. */
function teamOf(name: string, players: readonly SbaPlayer[]): TeamSetup {
  const pitchers = players.filter((p) => p.pitching !== null);
  const hitters = players.filter((p) => p.pitching === null);
  return {
    name,
    lineup: hitters.map((player) => ({
      player,
      position: (player.printed.positions!.split(" ")[0] === "DH" ? "DH" : player.eligible[0]!) as
        | FieldPosition
        | "DH",
    })),
    pitcher: pitchers[0]!,
    bench: pitchers.slice(1),
  };
}

/** Runners hold; the defense throws at the lead runner. */
function runnerCall(p: RunnerDecision): Action {
  switch (p.step) {
    case "throw":
      return { type: "decideRunner", side: p.side, step: "throw", throw: true };
    case "target":
      return { type: "decideRunner", side: p.side, step: "target", target: "lead" };
    default:
      return { type: "decideRunner", side: p.side, step: p.step, send: false };
  }
}

describe("API SBA players in a game", () => {
  test("the roster maps to no-grid engine players with what the API carries", async () => {
    const roster = await source().getGameRoster(499);
    assert.equal(roster.length, 12);
    const machado = roster.find((p) => p.name === "Manny Machado")!;
    assert.equal(machado.hasGrid, false);
    assert.deepEqual(machado.eligible, ["3B", "SS"]);
    assert.deepEqual(Object.keys(machado.fielding), ["3B", "SS"]);
    assert.deepEqual(machado.batting.injury, { games: 1, rating: 65 });
    assert.equal(machado.batting.vsLeft.columns[0][7].length, 0, "no transcribed cells");
    const cole = roster.find((p) => p.name === "Gerrit Cole")!;
    assert.equal(cole.pitching?.endurance.starter, 6);
    assert.deepEqual(cole.pitching?.injury, { games: 1, rating: 70 });
    const player = await source().getGamePlayer(machado.playerId);
    assert.deepEqual(player, machado);
  });

  test("a whole game of them plays with every card reading submitted by its manager", async () => {
    const created = createGame({
      league: "sba",
      rules: { ...DEFAULT_RULES, cardReading: "automatic" },
      away: teamOf("Kalamazoo", await source().getGameRoster(502)),
      home: teamOf("West Virginia", await source().getGameRoster(499)),
    });
    assert.ok(created.ok, created.ok ? "" : created.error.message);
    const dice = new ChaChaDice(new Uint8Array(32).fill(7));
    let state: GameState = created.state;
    let readings = 0;
    for (let step = 0; step < 5_000 && state.pending.kind !== "gameOver"; step++) {
      const p = state.pending;
      const action =
        p.kind === "defense"
          ? ({
              type: "setDefense",
              side: p.side,
              infield: "back",
              outfield: "normal",
              hold: {},
              intentionalWalk: false,
            } as const)
          : p.kind === "offense"
            ? ({ type: "setOffense", side: p.side, play: "swing" } as const)
            : p.kind === "roll"
              ? ({ type: "rollAtBat" } as const)
              : p.kind === "sba/read-card"
                ? ({
                    type: "submitCardResult",
                    side: p.side,
                    // What a real card could print there: the batter's K, the pitcher's X-check.
                    code: p.reading.card === "batter" ? (step % 3 === 0 ? "BB" : "K") : "X(ss)",
                  } as const)
                : p.kind === "runner"
                  ? runnerCall(p)
                  : null;
      assert.ok(action !== null);
      if (p.kind === "sba/read-card") readings++;
      const result = applyAction(state, action, dice);
      assert.ok(result.ok, result.ok ? "" : `${action.type}: ${result.error.message}`);
      state = result.state;
    }
    assert.equal(state.pending.kind, "gameOver");
    assert.ok(readings >= 54, `${readings} readings, every plate appearance read by a manager`);
  });
});
