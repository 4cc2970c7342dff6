// Two real socket.io-client clients play a complete game against a real server, through the SDK:
// joins, versioned snapshots, decision requests, plays with their dice, game over; then a stale
// version and a duplicate submission over the wire, and a reconnection that gets the missed plays.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { autoplay } from "../../src/client/autoplay.js";
import type { PlayRecord } from "../../src/engine/play-record.js";
import type { GameService } from "../../src/games/service.js";
import { MemoryGameStore } from "../../src/games/testing/memory-store.js";
import { StaticTeams, startedToyGame, toyService } from "../../src/games/testing/toy-harness.js";
import { toyAi } from "../../src/games/testing/toy-rules.js";
import type { Side } from "../../src/games/types.js";
import { clientFor, newUser, startServer, type TestServer } from "./harness.js";

const HOME = newUser();
const AWAY = newUser();
const FAN = newUser();
const teams = new StaticTeams().add(HOME, "sba", 1).add(AWAY, "sba", 2);

let service: GameService;
let store: MemoryGameStore;
let server: TestServer;

before(async () => {
  store = new MemoryGameStore();
  service = toyService(store, teams);
  server = await startServer(service);
});
after(async () => {
  await server.close();
  await service.close();
});

const decide = (side: Side) => (view: unknown, d: { decision: string; details: unknown }) =>
  toyAi.decide(view, { side, decision: d.decision, details: d.details }, "balanced");

describe("two clients play a whole game over sockets", () => {
  it("plays to the end; every viewer sees every play with its dice, in order, and the game over", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const home = await clientFor(server.url, HOME);
    const away = await clientFor(server.url, AWAY);
    const fan = await clientFor(server.url, FAN);
    try {
      const [h, a, f] = await Promise.all([
        home.join(game.id),
        away.join(game.id),
        fan.join(game.id),
      ]);
      assert.ok(h.ok && a.ok && f.ok);
      assert.equal(h.role, "home");
      assert.equal(a.role, "away");
      assert.equal(f.role, "spectator");
      assert.equal(h.snapshot.pending?.side, "home");
      assert.equal(h.snapshot.pending?.decision, "defense");

      const decisionsSeen: string[] = [];
      fan.on("decision_required", (d) => decisionsSeen.push(`${d.side}:${d.decision}`));
      const overs: unknown[] = [];
      fan.on("game_over", (o) => overs.push(o));
      const dice: number[] = [];
      fan.on("play_result", (p) => dice.push(p.dice[0]!.value));
      const hidden: unknown[] = [];
      away.on("game_state_update", (s) => {
        if (s.pending?.side === "away" && s.pending.decision === "offense")
          hidden.push((s.state as { defense: unknown }).defense);
      });

      let acks = 0;
      const [endHome, endAway] = await Promise.all([
        autoplay(home, game.id, "home", decide("home"), { onAck: () => acks++ }),
        autoplay(away, game.id, "away", decide("away"), { onAck: () => acks++ }),
      ]);
      assert.equal(endHome.status, "completed");
      assert.equal(endAway.version, endHome.version);
      await fan.waitForSnapshot(game.id, (s) => s.status === "completed");
      await new Promise((r) => setTimeout(r, 50));

      const stored = (await store.loadGame(game.id))!;
      assert.equal(stored.actions.length, acks + 1, "one committed action per ack, plus the start");
      const plays = await store.playsSince(game.id, 0);
      const fanPlays = fan.games.get(game.id)!.plays;
      assert.deepEqual(
        fanPlays.map((p: PlayRecord) => p.playNumber),
        plays.map((p) => p.playNumber),
      );
      assert.deepEqual(
        dice,
        plays.map((p) => p.diceRoll[0]!.value),
        "the dice shown are the dice rolled",
      );
      assert.equal(overs.length, 1);
      assert.ok(decisionsSeen.includes("home:defense") && decisionsSeen.includes("away:offense"));
      assert.ok(
        hidden.every((d) => d === "declared"),
        "the offense never sees the defense's choice",
      );
      const view = fan.snapshot(game.id)!.state as Record<string, unknown>;
      assert.equal(view.seed, undefined, "the seed never leaves the server");
    } finally {
      home.close();
      away.close();
      fan.close();
    }
  });

  it("a stale version gets a typed error and the fresh snapshot; a repeated client action id the same ack", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const home = await clientFor(server.url, HOME);
    try {
      const joined = await home.join(game.id);
      assert.ok(joined.ok);
      const v = joined.snapshot.version;
      const decision = { type: "setDefense", infield: "in" };
      const first = await home.submitDecision(game.id, decision, { clientActionId: "dup-1" });
      const again = await home.submitDecision(game.id, decision, {
        clientActionId: "dup-1",
        version: v,
      });
      assert.deepEqual(first, { ok: true, gameId: game.id, version: v + 1, duplicate: false });
      assert.deepEqual(again, { ok: true, gameId: game.id, version: v + 1, duplicate: true });
      assert.equal((await store.loadGame(game.id))!.actions.length, 2);

      const away = await clientFor(server.url, AWAY);
      await away.join(game.id);
      const stale = await away.submitDecision(
        game.id,
        { type: "setOffense", approach: "swing" },
        { version: v },
      );
      assert.equal(stale.ok, false);
      assert.ok(!stale.ok && stale.error.code === "decision/stale_version");
      assert.ok(!stale.ok && stale.snapshot?.version === v + 1);
      assert.equal(away.snapshot(game.id)?.version, v + 1, "the SDK took the fresh snapshot");
      const fresh = await away.submitDecision(game.id, { type: "setOffense", approach: "swing" });
      assert.ok(fresh.ok);
      away.close();
    } finally {
      home.close();
    }
  });

  it("a client that comes back gets the current snapshot and every play it missed, by play number", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const home = await clientFor(server.url, HOME);
    const away = await clientFor(server.url, AWAY, true);
    try {
      await home.join(game.id);
      await away.join(game.id);
      // Two plate appearances with both online.
      for (let i = 0; i < 2; i++) {
        assert.ok((await home.submitDecision(game.id, { type: "setDefense", infield: "back" })).ok);
        await away.waitForSnapshot(game.id, (s) => s.pending?.side === "away");
        assert.ok(
          (await away.submitDecision(game.id, { type: "setOffense", approach: "swing" })).ok,
        );
        await home.waitForSnapshot(game.id, (s) => s.pending?.side === "home");
      }
      assert.equal(away.games.get(game.id)!.plays.length, 2);
      const rejoins: { knownCards?: string[] }[] = [];
      away.socket.onAnyOutgoing((event, payload) => {
        if (event === "join_game") rejoins.push(payload);
      });
      // Away drops; two more plays happen (home declares, the server plays away's turn by hand).
      away.socket.io.engine.close();
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 2; i++) {
        const snap = (await service.snapshot(game.id, "home"))!;
        await service.submit(
          game.id,
          { userId: HOME },
          {
            version: snap.version,
            clientActionId: `h${i}`,
            decision: { type: "setDefense", infield: "back" },
          },
        );
        const s2 = (await service.snapshot(game.id, "away"))!;
        await service.submit(
          game.id,
          { userId: AWAY },
          {
            version: s2.version,
            clientActionId: `a${i}`,
            decision: { type: "setOffense", approach: "swing" },
          },
        );
      }
      const current = (await service.snapshot(game.id, "away"))!;
      await away.waitForSnapshot(game.id, (s) => s.version === current.version, 10_000);
      // A play broadcast that overtakes the rejoin's ack shows a gap, which the client fills
      // with a sync round trip: on a loaded machine that can take well over a second.
      for (let i = 0; i < 500 && away.games.get(game.id)!.plays.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.deepEqual(
        away.games.get(game.id)!.plays.map((p) => p.playNumber),
        [1, 2, 3, 4],
      );
      // The rejoin named the cards the client held, so none of them came again.
      const held = Object.keys(away.games.get(game.id)!.cards!.bodies).sort();
      assert.equal(held.length, 3);
      assert.deepEqual([...(rejoins[0]?.knownCards ?? [])].sort(), held);
    } finally {
      home.close();
      away.close();
    }
  });
});
