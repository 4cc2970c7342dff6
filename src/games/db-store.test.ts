// The database store keeps every play as the engine recorded it: AI-vs-AI games of both leagues
// (the real engine, the real AI managers, substitutions, steals and wild pitches with no batter)
// are played through the game service on the database store, and every play read back over the
// store equals the one the engine broadcast, field by field, from a warm store and from a cold
// one (a restarted server). On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import { createManager } from "../ai/index.js";
import type { Database } from "../db/client.js";
import { teamManagers, users } from "../db/schema/index.js";
import { describeEachBackend } from "../db/testing.js";
import type { GameState } from "../engine/index.js";
import type { PlayRecord } from "../engine/play-record.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { DbGameStore } from "./db-store.js";
import { engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import type { AiManager, Broadcaster } from "./ports.js";
import { GameService } from "./service.js";
import type { AiDifficulty, League } from "./types.js";

/** The real AI managers behind the service's port. */
const realAi: AiManager = {
  decide(view, pending, difficulty: AiDifficulty) {
    const state = view as GameState;
    return createManager(difficulty).decide(state, state.pending as never, {
      side: pending.side!,
    });
  },
};

function serviceOn(db: Database, broadcaster?: Broadcaster) {
  const store = new DbGameStore(db.orm);
  return new GameService({
    store,
    teams: store,
    rules: engineRules,
    ai: realAi,
    setups: new LeagueSetups((league) => bundledSource(league)),
    idleEvictMs: 0,
    ...(broadcaster ? { broadcaster } : {}),
  });
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const TEAMS: Record<League, [number, number]> = { sba: [101, 102], pd: [201, 202] };

describeEachBackend("the database store keeps plays whole", (getDb) => {
  for (const league of ["sba", "pd"] as const) {
    for (const difficulty of ["yolo", "safe"] as const) {
      it(`${league} ${difficulty}: every play read back equals the one the engine recorded`, async () => {
        const db = getDb();
        const broadcast: PlayRecord[] = [];
        const service = serviceOn(db, {
          publish: (change) => {
            broadcast.push(...change.plays);
          },
        });
        const [homeTeamId, awayTeamId] = TEAMS[league];
        const creator = randomUUID();
        await db.orm
          .insert(users)
          .values({ id: creator, discordId: `d-${creator}`, username: "c" });
        const game = await service.createGame({
          league,
          homeTeamId,
          awayTeamId,
          mode: "practice",
          pace: "async",
          visibility: "public",
          homeIsAi: true,
          awayIsAi: true,
          aiDifficulty: difficulty,
          turnTimerSeconds: null,
          createdBy: creator,
        });
        await service.startGame(game.id, { userId: game.createdBy });
        await until(
          async () => (await service.getGame(game.id, null))?.status === "completed",
          "the game to end",
        );
        await service.drain();
        const record = (await service.getGame(game.id, null))!;
        assert.equal(record.pace, "async");
        assert.equal(record.awaitingSide, null);

        const warm = await service.playsSince(game.id, 0);
        assert.ok(warm.length > 50, `a whole game has plays (${warm.length})`);
        assert.deepEqual(warm, broadcast);
        assert.ok(
          warm.some((p) => p.runners.length > 0),
          "runner moves are kept",
        );
        const noBatter = warm.filter((p) => p.batterId === null);
        for (const p of noBatter) assert.equal(p.battingOrder, null);

        const restarted = serviceOn(db);
        assert.deepEqual(await restarted.playsSince(game.id, 0), broadcast, "from a cold store");
        assert.deepEqual(
          await restarted.snapshot(game.id, "spectator"),
          await service.snapshot(game.id, "spectator"),
          "the replay reaches the same game",
        );
        const log = await restarted.gameLog(game.id, null);
        assert.equal(log?.lineups.length, (await service.gameLog(game.id, null))?.lineups.length);
        await Promise.all([service.close(), restarted.close()]);
      });
    }
  }

  it("the games row names the side a live game waits on, and a manager finds it", async () => {
    const db = getDb();
    const manager = randomUUID();
    await db.orm.insert(users).values({ id: manager, discordId: `d-${manager}`, username: "m" });
    await db.orm.insert(teamManagers).values({ leagueId: "sba", teamId: 101, userId: manager });
    const service = serviceOn(db);
    const game = await service.createGame({
      league: "sba",
      homeTeamId: 101,
      awayTeamId: 102,
      mode: "friendly",
      pace: "live",
      visibility: "public",
      homeIsAi: false,
      awayIsAi: true,
      aiDifficulty: "balanced",
      turnTimerSeconds: null,
      createdBy: manager,
    });
    const roster = (await bundledSource("sba").getRoster(101))!;
    await service.submitLineup(game.id, { userId: manager }, "home", {
      lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
      pitcher: roster.depth.rotation[0],
    });
    await service.startGame(game.id, { userId: manager });
    await service.drain();
    const stored = await new DbGameStore(db.orm).getGame(game.id);
    assert.equal(stored?.pace, "live");
    assert.equal(stored?.awaitingSide, "home", "the home side declares its defense first");
    const waiting = await service.listGames({ waitingOn: manager });
    assert.deepEqual(
      waiting.map((g) => g.id),
      [game.id],
    );
    await service.close();
  });
});
