// The game service's loop: write-through, the per-game queue, refusals in order, idempotency,
// replay recovery, eviction, AI turns and timeouts. Over the toy rules (a small pure dice game),
// on every store the suite knows (in-process here; src/db stores in store.test.ts).

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import type { DatabaseKind } from "../db/client.js";
import { users } from "../db/schema/index.js";
import { openTestDatabase } from "../db/testing.js";
import { DbGameStore } from "./db-store.js";
import type { GameStore, NewGame } from "./ports.js";
import type { GameService } from "./service.js";
import { MemoryGameStore } from "./testing/memory-store.js";
import { StaticTeams, toyService } from "./testing/toy-harness.js";
import { toyAi, toyRules } from "./testing/toy-rules.js";
import type { ActionAck, GameRecord, Side } from "./types.js";

const HOME_USER = randomUUID();
const AWAY_USER = randomUUID();
const STRANGER = randomUUID();
const teams = new StaticTeams().add(HOME_USER, "sba", 1).add(AWAY_USER, "sba", 2);
const userOf = (side: Side) => (side === "home" ? HOME_USER : AWAY_USER);

const GAME: Omit<NewGame, "seed"> = {
  league: "sba",
  homeTeamId: 1,
  awayTeamId: 2,
  mode: "friendly",
  pace: "async",
  visibility: "public",
  homeIsAi: false,
  awayIsAi: false,
  aiDifficulty: "balanced",
  turnTimerSeconds: null,
  createdBy: HOME_USER,
};

async function startedGame(service: GameService, overrides: Partial<typeof GAME> = {}) {
  const game = await service.createGame({ ...GAME, ...overrides });
  if (!(overrides.homeIsAi ?? false)) {
    await service.submitLineup(game.id, { userId: HOME_USER }, "home", { batters: [1] });
  }
  if (!(overrides.awayIsAi ?? false)) {
    await service.submitLineup(game.id, { userId: AWAY_USER }, "away", { batters: [2] });
  }
  await service.startGame(game.id, { userId: HOME_USER });
  return game;
}

/** Whoever owes the decision makes the toy AI's choice, through submit. */
async function playOne(service: GameService, gameId: string): Promise<ActionAck | null> {
  const snap = await service.snapshot(gameId, "spectator");
  if (snap?.pending == null) return null;
  const { side, version } = snap.pending;
  const view = (await service.snapshot(gameId, side))?.state;
  const decision = toyAi.decide(
    view,
    { side, decision: snap.pending.decision, details: null },
    "balanced",
  );
  return service.submit(
    gameId,
    { userId: userOf(side) },
    { version, clientActionId: randomUUID(), decision },
  );
}

async function playOut(service: GameService, gameId: string): Promise<number> {
  let actions = 0;
  for (;;) {
    const ack = await playOne(service, gameId);
    if (ack === null) return actions;
    assert.equal(ack.ok, true, JSON.stringify(ack));
    actions += 1;
  }
}

/**
 * Where a suite keeps its games: `store()` gives each test a store of its own (a fresh in-process
 * store, or a fresh DbGameStore, with empty caches, over the suite's database); `close()` runs
 * once after the suite.
 */
interface StoreSource {
  store(): Promise<GameStore>;
  close?(): Promise<void>;
}

function suite(name: string, openSource: () => Promise<StoreSource>) {
  describe(`GameService on ${name}`, () => {
    let source: Promise<StoreSource> | undefined;
    const makeStore = async () => {
      source ??= openSource();
      return (await source).store();
    };
    after(async () => {
      if (source) await (await source).close?.();
    });
    it("plays a whole game through submit, writing every action through", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const game = await startedGame(service);
      const actions = await playOut(service, game.id);
      assert.ok(actions > 10);
      const stored = await store.loadGame(game.id);
      assert.equal(stored?.game.status, "completed");
      assert.equal(stored?.actions.length, actions + 1); // + the start
      assert.equal(stored?.game.version, (await service.snapshot(game.id, "home"))?.version);
      const plays = await store.playsSince(game.id, 0);
      assert.deepEqual(
        plays.map((p) => p.playNumber),
        plays.map((_, i) => i + 1),
      );
      assert.deepEqual((await store.playsSince(game.id, 3))[0]?.playNumber, 4);
      await service.close();
    });

    it("refuses in order: not found, not your team, spectator, not your turn, stale, bad payload", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const game = await startedGame(service);
      const snap = (await service.snapshot(game.id, "home"))!;
      assert.equal(snap.pending?.side, "home"); // top of the first: home fields, declares first
      const v = snap.version;
      const submit = (
        userId: string,
        body: { version?: number; decision?: unknown; side?: Side },
      ) =>
        service.submit(
          game.id,
          { userId },
          {
            version: body.version ?? v,
            clientActionId: randomUUID(),
            decision: body.decision ?? { type: "setDefense", infield: "in" },
            ...(body.side ? { side: body.side } : {}),
          },
        );
      const codeOf = (ack: ActionAck) => (ack.ok ? "ok" : ack.error.code);

      assert.equal(
        codeOf(
          await service.submit(
            randomUUID(),
            { userId: HOME_USER },
            { version: v, clientActionId: "x", decision: {} },
          ),
        ),
        "game/not_found",
      );
      assert.equal(codeOf(await submit(STRANGER, {})), "auth/spectator_read_only");
      assert.equal(codeOf(await submit(AWAY_USER, {})), "decision/not_your_turn");
      assert.equal(codeOf(await submit(AWAY_USER, { side: "home" })), "auth/not_your_team");
      const stale = await submit(HOME_USER, { version: v - 1 });
      assert.equal(codeOf(stale), "decision/stale_version");
      assert.equal(
        stale.ok ? null : stale.snapshot?.version,
        v,
        "a stale version brings the fresh snapshot",
      );
      assert.equal(
        codeOf(await submit(HOME_USER, { decision: { type: "setDefense", infield: 7 } })),
        "payload/invalid",
      );
      assert.equal(
        codeOf(await submit(HOME_USER, { decision: { type: "setOffense", approach: "swing" } })),
        "action/out_of_order",
      );
      assert.equal(
        (await store.loadGame(game.id))?.game.version,
        v,
        "no refused action changed the game",
      );
      assert.equal(codeOf(await submit(HOME_USER, {})), "ok");
      await service.close();
    });

    it("a repeated client action id gets the same ack and is applied once, even after a restart", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const game = await startedGame(service);
      const v = (await service.snapshot(game.id, "home"))!.version;
      const submission = {
        version: v,
        clientActionId: "click-1",
        decision: { type: "setDefense", infield: "back" },
      };
      const [a, b] = await Promise.all([
        service.submit(game.id, { userId: HOME_USER }, submission),
        service.submit(game.id, { userId: HOME_USER }, submission),
      ]);
      assert.deepEqual(a, { ok: true, gameId: game.id, version: v + 1, duplicate: false });
      assert.deepEqual(b, { ok: true, gameId: game.id, version: v + 1, duplicate: true });
      await playOne(service, game.id); // the game moves on
      await service.close();

      const restarted = toyService(store, teams, { recentAckMemory: 0 });
      const again = await restarted.submit(game.id, { userId: HOME_USER }, submission);
      assert.deepEqual(again, { ok: true, gameId: game.id, version: v + 1, duplicate: true });
      assert.equal((await store.loadGame(game.id))?.actions.length, 3);
      await restarted.close();
    });

    it("two actions on one game never interleave: concurrent submissions at one version apply once", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const game = await startedGame(service);
      const v = (await service.snapshot(game.id, "home"))!.version;
      const acks = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          service.submit(
            game.id,
            { userId: HOME_USER },
            {
              version: v,
              clientActionId: `c${i}`,
              decision: { type: "setDefense", infield: i % 2 ? "in" : "back" },
            },
          ),
        ),
      );
      assert.equal(acks.filter((a) => a.ok).length, 1);
      assert.ok(acks.slice(1).every((a) => !a.ok && a.error.code === "decision/not_your_turn"));
      await service.close();
    });

    it("recovers a game by replaying its log, equal to the state before, and checks the snapshot", async () => {
      const store = await makeStore();
      const service = toyService(store, teams, { snapshotEvery: 5 });
      const game = await startedGame(service);
      for (let i = 0; i < 17; i++) await playOne(service, game.id);
      await service.drain();
      const before = await service.snapshot(game.id, "home");
      await service.close();

      const recovered = toyService(store, teams);
      assert.equal(recovered.isLive(game.id), false);
      assert.deepEqual(await recovered.snapshot(game.id, "home"), before);
      assert.equal(recovered.stats.replayMismatches, 0);
      const stored = (await store.loadGame(game.id))!;
      assert.ok(stored.snapshot !== null, "a snapshot was written");
      const replayed = recovered.replay(stored).state;
      assert.deepEqual(replayed, toyRules.serialize(replayed as never));
      await playOut(recovered, game.id);
      await recovered.close();
    });

    it("evicts an idle game and loads it again on access", async () => {
      const store = await makeStore();
      let now = 1_000_000;
      const service = toyService(store, teams, { idleEvictMs: 60_000, clock: { now: () => now } });
      const game = await startedGame(service);
      await playOne(service, game.id);
      const before = await service.snapshot(game.id, "away");
      service.watch(game.id, 1);
      now += 120_000;
      assert.equal(service.evictIdle(), 0, "a watched game stays");
      service.watch(game.id, -1);
      assert.equal(service.evictIdle(), 0, "idle counts from when the last watcher left");
      now += 120_000;
      assert.equal(service.evictIdle(), 1);
      assert.equal(service.isLive(game.id), false);
      assert.deepEqual(await service.snapshot(game.id, "away"), before);
      assert.equal(service.isLive(game.id), true);
      await service.close();
    });

    it("plays AI-vs-AI games by itself, and practice against the AI", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const aiGame = await startedGame(service, {
        homeIsAi: true,
        awayIsAi: true,
        mode: "practice",
      });
      const practice = await startedGame(service, { awayIsAi: true, mode: "practice" });
      for (let i = 0; i < 200 && (await store.getGame(aiGame.id))?.status !== "completed"; i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.equal((await store.getGame(aiGame.id))?.status, "completed");
      const actors = new Set((await store.loadGame(aiGame.id))!.actions.map((a) => a.actor));
      assert.deepEqual([...actors].sort(), ["ai:away", "ai:home", "system"]);

      // Practice: the human plays home; the AI answers for away on its own.
      for (let i = 0; i < 400; i++) {
        await service.drain();
        const snap = await service.snapshot(practice.id, "home");
        if (snap?.status === "completed") break;
        if (snap?.pending?.side === "home") await playOne(service, practice.id);
        else await new Promise((r) => setImmediate(r));
      }
      assert.equal((await store.getGame(practice.id))?.status, "completed");
      const ack = await service.submit(
        practice.id,
        { userId: AWAY_USER },
        { version: 1, clientActionId: "z", decision: {} },
      );
      assert.equal(
        ack.ok ? "ok" : ack.error.code,
        "auth/spectator_read_only",
        "nobody acts for the AI's side",
      );
      await service.close();
    });

    it("a live manager who runs out of time gets the balanced AI's decision, marked in the play", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const game = await startedGame(service, { pace: "live", turnTimerSeconds: 1 });
      const snap = (await service.snapshot(game.id, "home"))!;
      assert.ok(snap.pending?.deadline !== null && snap.pending!.deadline > Date.now());
      await playOne(service, game.id); // home declares; away now owes the offense and sleeps
      const deadline = (await service.snapshot(game.id, "away"))!.pending!.deadline!;
      await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()) + 150));
      await service.drain();
      const stored = (await store.loadGame(game.id))!;
      const last = stored.actions.at(-1)!;
      assert.equal(last.actor, "timeout:away");
      assert.equal((last.payload as { decidedByAi?: boolean }).decidedByAi, true);
      const plays = await store.playsSince(game.id, 0);
      assert.equal(plays.at(-1)?.decidedByAi, true);
      await service.close();
    });

    it("a failed commit leaves the game unchanged and the action unapplied", async () => {
      const store = await makeStore();
      if (!(store instanceof MemoryGameStore)) return;
      const service = toyService(store, teams);
      const game = await startedGame(service);
      const v = (await service.snapshot(game.id, "home"))!.version;
      store.failNext = true;
      const body = {
        version: v,
        clientActionId: "f1",
        decision: { type: "setDefense", infield: "in" },
      };
      const failed = await service.submit(game.id, { userId: HOME_USER }, body);
      assert.equal(failed.ok ? "ok" : failed.error.code, "server/unavailable");
      assert.equal((await service.snapshot(game.id, "home"))!.version, v);
      const retried = await service.submit(game.id, { userId: HOME_USER }, body);
      assert.deepEqual(retried, { ok: true, gameId: game.id, version: v + 1, duplicate: false });
      await service.close();
    });

    it("private games are visible only to their participants; forfeit ends a game", async () => {
      const store = await makeStore();
      const service = toyService(store, teams);
      const game = await startedGame(service, { visibility: "private" });
      assert.equal(await service.getGame(game.id, { userId: STRANGER }), null);
      assert.equal(await service.getGame(game.id, null), null);
      assert.ok(await service.getGame(game.id, { userId: AWAY_USER }));
      const join = await service.join(game.id, { userId: STRANGER });
      assert.ok("error" in join && join.error.code === "game/not_found");
      const joined = await service.join(game.id, { userId: AWAY_USER });
      assert.ok(!("error" in joined) && joined.role === "away");

      const ended: GameRecord = await service.endEarly(game.id, { userId: AWAY_USER }, "forfeit");
      assert.equal(ended.status, "completed");
      assert.equal(ended.winner, "home");
      const snap = (await service.snapshot(game.id, "home"))!;
      assert.deepEqual(snap.gameOver?.reason, "forfeit");
      assert.equal(snap.pending, null);
      await service.close();
    });
  });
}

suite("the in-process store", async () => ({ store: async () => new MemoryGameStore() }));

/**
 * One migrated database per suite (tests keep to their own games, by id), a fresh store per test.
 * The users the games name must exist (games.created_by references users).
 */
async function databaseSource(kind: DatabaseKind): Promise<StoreSource> {
  const { db, cleanup } = await openTestDatabase(kind);
  await db.orm.insert(users).values(
    [HOME_USER, AWAY_USER, STRANGER].map((id) => ({
      id,
      discordId: `d-${id}`,
      username: id.slice(0, 8),
    })),
  );
  return { store: async () => new DbGameStore(db.orm), close: cleanup };
}

suite("PGlite", () => databaseSource("pglite"));
if (process.env.TEST_DATABASE_URL) {
  suite("PostgreSQL", () => databaseSource("postgres"));
} else {
  it("GameService on PostgreSQL", { skip: "TEST_DATABASE_URL is not set" }, () => undefined);
}

export { suite as gameServiceSuite };
