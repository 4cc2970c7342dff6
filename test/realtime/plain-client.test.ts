// A third-party client: plain socket.io-client with its default parser (not the SDK, not our
// parser) joins a game and plays it to the end against the real server. The server's encoder
// skips the default's search for binary, so this checks that what it writes is still the default
// wire format: text packets only, never a binary event or ack, every one read by the default
// decoder; that each submitter gets the game_state_update of its action before the ack
// (docs/protocol.md); and that the size limit still refuses an oversized payload in its ack.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { GameService } from "../../src/games/service.js";
import { MemoryGameStore } from "../../src/games/testing/memory-store.js";
import { StaticTeams, startedToyGame, toyService } from "../../src/games/testing/toy-harness.js";
import { toyAi } from "../../src/games/testing/toy-rules.js";
import type { GameSnapshot, Side } from "../../src/games/types.js";
import {
  type ActionAck,
  GAME_NAMESPACE,
  type GameUpdate,
  type JoinGameAck,
  MAX_PAYLOAD_BYTES,
  type SyncAck,
} from "../../src/realtime/protocol.js";
import { newUser, startServer, type TestServer, tokenFor } from "./harness.js";

const HOME = newUser();
const AWAY = newUser();
const teams = new StaticTeams().add(HOME, "sba", 1).add(AWAY, "sba", 2);

let service: GameService;
let store: MemoryGameStore;
let server: TestServer;

before(async () => {
  store = new MemoryGameStore();
  service = toyService(store, teams);
  // This client syncs before every decision, so it sends two events per action, about a hundred
  // in a third of a second: past the per-socket rate limit's burst, which is not under test here.
  server = await startServer(service, { ratePerSecond: 1_000, rateBurst: 1_000 });
});
after(async () => {
  await server.close();
  await service.close();
});

/** A plain socket.io-client socket, and every engine.io message it received, as it arrived. */
async function plainClient(userId: string) {
  const socket: Socket = io(`${server.url}${GAME_NAMESPACE}`, {
    transports: ["websocket"],
    reconnection: false,
    auth: { token: await tokenFor(userId) },
  });
  const messages: unknown[] = [];
  socket.io.on("open", () =>
    socket.io.engine.on("packet", (p: { type: string; data?: unknown }) => {
      if (p.type === "message") messages.push(p.data);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, messages };
}

/**
 * Plays one side with nothing but emits and acks: whenever an update says this side owes a
 * decision, sync for the whole view, decide, submit. Notes, for each ack, the newest update version
 * this socket had received when the ack came.
 */
function playSide(socket: Socket, gameId: string, side: Side, first: GameSnapshot) {
  let seen = first.version;
  const updateVersionAtAck: { acked: number; seen: number }[] = [];
  socket.on("game_state_update", (u: GameUpdate) => {
    seen = Math.max(seen, u.version);
  });
  return new Promise<{ updateVersionAtAck: typeof updateVersionAtAck; last: GameSnapshot }>(
    (resolve, reject) => {
      let busy = false;
      let again = false;
      const step = async (): Promise<void> => {
        if (busy) {
          again = true; // an update came while deciding: look again after this step
          return;
        }
        busy = true;
        again = false;
        try {
          const synced: SyncAck = await socket
            .timeout(5000)
            .emitWithAck("sync", { gameId, sincePlay: 0 });
          assert.ok(synced.ok, JSON.stringify(synced));
          const snap = synced.snapshot;
          if (snap.status === "completed") return resolve({ updateVersionAtAck, last: snap });
          if (snap.pending?.side === side && snap.pending.version === snap.version) {
            const decision = toyAi.decide(
              snap.state,
              { side, decision: snap.pending.decision, details: snap.pending.details },
              "balanced",
            );
            const ack: ActionAck = await socket.timeout(5000).emitWithAck("submit_decision", {
              gameId,
              version: snap.version,
              clientActionId: `${side}-${snap.version}`,
              decision,
            });
            if (ack.ok) updateVersionAtAck.push({ acked: ack.version, seen });
          }
        } catch (error) {
          reject(error);
        } finally {
          busy = false;
        }
        if (again) return step();
      };
      socket.on("game_state_update", (u: GameUpdate) => {
        if (u.pending?.side === side || u.status === "completed") void step();
      });
      void step();
    },
  );
}

describe("a plain socket.io-client (default parser) against the server", () => {
  it("joins and plays a whole game; every packet it gets is text the default decoder reads", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const home = await plainClient(HOME);
    const away = await plainClient(AWAY);
    try {
      const joins: JoinGameAck[] = await Promise.all([
        home.socket.timeout(5000).emitWithAck("join_game", { gameId: game.id }),
        away.socket.timeout(5000).emitWithAck("join_game", { gameId: game.id }),
      ]);
      assert.ok(joins[0]!.ok && joins[1]!.ok);
      const [h, a] = await Promise.all([
        playSide(home.socket, game.id, "home", joins[0]!.snapshot),
        playSide(away.socket, game.id, "away", joins[1]!.snapshot),
      ]);
      assert.equal(h.last.status, "completed");
      const stored = (await store.loadGame(game.id))!;
      assert.equal(h.last.version, stored.game.version);
      const acks = [...h.updateVersionAtAck, ...a.updateVersionAtAck];
      assert.equal(acks.length + 1, stored.actions.length, "every action but the start, acked");
      for (const { acked, seen } of acks)
        assert.ok(seen >= acked, `the update of version ${acked} came before its ack`);

      for (const messages of [home.messages, away.messages]) {
        assert.ok(messages.length > acks.length);
        for (const m of messages) {
          assert.equal(typeof m, "string", "a text frame, never a binary one");
          // socket.io packet types: 2 EVENT, 3 ACK (5 and 6 would be their binary forms).
          assert.match(m as string, /^[0-4]/);
        }
        assert.ok(messages.some((m) => (m as string).startsWith('2/game,["game_state_update",')));
      }
    } finally {
      home.socket.disconnect();
      away.socket.disconnect();
    }
  });

  it("a join names every card by hash and sends only the bodies not in knownCards", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const { socket } = await plainClient(HOME);
    try {
      const join = (knownCards?: unknown): Promise<JoinGameAck> =>
        socket.timeout(5000).emitWithAck("join_game", {
          gameId: game.id,
          ...(knownCards === undefined ? {} : { knownCards }),
        });
      const first = await join();
      assert.ok(first.ok && first.cards);
      const hashes = Object.values(first.cards.refs.players!);
      assert.equal(hashes.length, 3);
      assert.deepEqual(Object.keys(first.cards.bodies).sort(), [...hashes].sort());

      const [held, ...rest] = hashes;
      const again = await join([held, "0".repeat(64)]); // one it holds, one no card has
      assert.ok(again.ok && again.cards);
      assert.deepEqual(again.cards.refs, first.cards.refs);
      assert.deepEqual(Object.keys(again.cards.bodies).sort(), [...rest].sort());

      for (const bad of [["not-a-hash"], [held!.toUpperCase()], Array(129).fill(held), held]) {
        const refused = await join(bad);
        assert.ok(!refused.ok);
        assert.equal(refused.error.code, "payload/invalid");
      }
    } finally {
      socket.disconnect();
    }
  });

  it("an oversized payload is refused in its ack with payload/too_large, measured as sent", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const { socket } = await plainClient(HOME);
    try {
      const payload = (n: number) => ({
        gameId: game.id,
        version: 0,
        clientActionId: "big",
        decision: "é".repeat(n),
      });
      // Each "é" is 2 bytes of UTF-8: measured in bytes, not characters.
      const over = payload(MAX_PAYLOAD_BYTES / 2);
      const refused: ActionAck = await socket.timeout(5000).emitWithAck("submit_decision", over);
      assert.ok(!refused.ok);
      assert.equal(refused.error.code, "payload/too_large");
      assert.equal(
        refused.error.message,
        `The payload is ${Buffer.byteLength(JSON.stringify(over))} bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
      );
      // Just under the limit: past the gate, to the schema and the game.
      const under = payload((MAX_PAYLOAD_BYTES - 200) / 2);
      const answered: ActionAck = await socket.timeout(5000).emitWithAck("submit_decision", under);
      assert.ok(!answered.ok);
      assert.notEqual(answered.error.code, "payload/too_large");
    } finally {
      socket.disconnect();
    }
  });
});
