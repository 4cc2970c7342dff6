// The server's AI is src/ai's managers: an AI side plays at the game's ai_difficulty, and a live
// manager whose clock runs out gets the balanced manager's decision, carried by the engine's timeout
// action and marked decidedByAi on the play. Over the real engine and the bundled SBA league: a
// whole game where the away side is the yolo AI and the home manager never answers (a 1 ms timer),
// checked action by action against the managers themselves.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { createManager } from "../ai/index.js";
import {
  type Action,
  applyAction,
  ChaChaDice,
  createGame,
  type GameSetup,
  type GameState,
  viewFor,
} from "../engine/index.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { aiManagers } from "./ai-managers.js";
import { engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import { GameService } from "./service.js";
import { MemoryGameStore } from "./testing/memory-store.js";
import { StaticTeams } from "./testing/toy-harness.js";

const HOME = randomUUID();

describe("the server's AI managers", () => {
  it("an AI side plays at the game's difficulty; a late manager gets the balanced AI's decision, marked decidedByAi", async () => {
    const store = new MemoryGameStore();
    const setups = new LeagueSetups((league) => bundledSource(league));
    const service = new GameService({
      store,
      rules: engineRules,
      ai: aiManagers(),
      teams: new StaticTeams().add(HOME, "sba", 101),
      setups,
      idleEvictMs: 0,
    });
    try {
      const game = await service.createGame({
        league: "sba",
        homeTeamId: 101,
        awayTeamId: 102,
        mode: "friendly",
        pace: "live",
        visibility: "public",
        homeIsAi: false,
        awayIsAi: true,
        aiDifficulty: "yolo",
        turnTimerSeconds: 0.001,
        createdBy: HOME,
      });
      const lineup = await setups.aiLineup(game, "home");
      await service.submitLineup(game.id, { userId: HOME }, "home", lineup);
      await service.startGame(game.id, { userId: HOME });
      for (let i = 0; i < 20_000 && (await store.getGame(game.id))?.status === "active"; i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await service.drain();
      assert.equal((await store.getGame(game.id))?.status, "completed");

      // Replay the log, asking the managers what they would have done at each step.
      const stored = (await store.loadGame(game.id))!;
      const [start, ...rest] = stored.actions;
      const created = createGame(start!.payload as GameSetup);
      assert.ok(created.ok);
      let state: GameState = created.state;
      const dice = ChaChaDice.fromHex(stored.seed);
      const balanced = createManager("balanced");
      const yolo = createManager("yolo");
      const counts = { timeout: 0, ai: 0, server: 0 };
      const plays = await store.playsSince(game.id, 0);
      let timedOutSincePlay = false;
      let playIndex = 0;
      for (const entry of rest) {
        const action = entry.payload as Action;
        if (entry.actor === "timeout:home") {
          counts.timeout += 1;
          assert.equal(action.type, "timeout");
          const expected = balanced.decide(viewFor(state, "home"), state.pending, { side: "home" });
          assert.deepEqual(
            (action as { decision?: unknown }).decision,
            expected,
            `seq ${entry.seq}: the balanced manager's decision`,
          );
          timedOutSincePlay = true;
        } else if (entry.actor === "ai:away") {
          counts.ai += 1;
          const expected = yolo.decide(viewFor(state, "away"), state.pending, { side: "away" });
          assert.deepEqual(action, expected, `seq ${entry.seq}: the yolo manager's decision`);
        } else {
          assert.equal(entry.actor, "server");
          counts.server += 1;
        }
        const applied = applyAction(state, action, dice);
        assert.ok(applied.ok, `seq ${entry.seq} replays`);
        state = applied.state;
        for (const event of applied.events) {
          if (event.type !== "plateAppearanceEnded" && event.type !== "playRecorded") continue;
          const play = plays[playIndex++]!;
          assert.deepEqual(play, event.play, "the stored play is the replayed play");
          if (timedOutSincePlay) {
            assert.equal(play.decidedByAi, true, `play ${play.playNumber} says the AI decided`);
          }
          timedOutSincePlay = false;
        }
      }
      assert.equal(playIndex, plays.length);
      assert.equal(state.version, stored.game.version);
      assert.ok(
        counts.timeout > 50 && counts.ai > 50 && counts.server > 50,
        JSON.stringify(counts),
      );
      assert.ok(plays.some((p) => p.decidedByAi));
    } finally {
      await service.close();
    }
  });
});
