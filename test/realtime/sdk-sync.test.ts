// The SDK keeps a game whole when its messages cross: a play that overtakes a join's ack, a sync
// whose answer was read before the newest play. A scripted Socket.IO server (no game service
// behind it) sends the messages in exactly the order under test, which a real server produces only
// now and then, under load.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, it } from "node:test";
import { Server, type Socket } from "socket.io";
import { DugoutClient, GAME_NAMESPACE } from "../../src/client/index.js";
import type { PlayRecord } from "../../src/engine/play-record.js";
import { serverParser } from "../../src/realtime/parser.js";

const GAME = "g1";
type Ack = (answer: unknown) => void;

const play = (playNumber: number) => ({ playNumber }) as unknown as PlayRecord;
const plays = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => play(from + i));
/** The snapshot after `count` plays: version = play count, so the two are easy to read together. */
const snapshot = (count: number) => ({
  gameId: GAME,
  version: count,
  status: "active",
  state: { plays: count },
  pending: null,
  playCount: count,
  gameOver: null,
});
/** A game_state_update recording play `n`, its delta made from version `base`. */
const update = (n: number, base: number) => ({
  ...snapshot(n),
  state: undefined,
  actor: "manager:home",
  plays: [play(n)],
  substitutions: [],
  delta: { base, changed: { plays: n } },
});
const joinAck = (count: number, sincePlay: number) => ({
  ok: true,
  role: "away",
  sides: ["away"],
  snapshot: snapshot(count),
  missedPlays: plays(sincePlay + 1, count),
  cards: { refs: { players: {} }, bodies: {} },
});
const syncAck = (count: number, sincePlay: number) => ({
  ok: true,
  snapshot: snapshot(count),
  missedPlays: plays(sincePlay + 1, count),
});

/** A server whose /game namespace answers as `script` says; every socket is let in. */
async function scriptedServer(script: (socket: Socket) => void) {
  const http = createServer();
  const io = new Server(http, { parser: serverParser });
  io.of(GAME_NAMESPACE).on("connection", script);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** Polls until `done` holds, for at most `ms`. */
async function eventually(done: () => boolean, ms = 5000) {
  for (const start = Date.now(); !done() && Date.now() - start < ms; ) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function connect(script: (socket: Socket) => void) {
  const server = await scriptedServer(script);
  const client = await DugoutClient.connect({ url: server.url, token: "t", reconnection: false });
  cleanup.push(server.close, async () => client.close());
  return client;
}

const heldPlays = (client: DugoutClient) => client.games.get(GAME)!.plays.map((p) => p.playNumber);

describe("the SDK's syncs", () => {
  it("a rejoin overtaken by a play: the sync that play started leaves nothing behind", async () => {
    const syncsAsked: number[] = [];
    let heldJoin: (() => void) | undefined;
    const client = await connect((socket) => {
      let joins = 0;
      socket.on("join_game", (payload: { sincePlay?: number }, ack: Ack) => {
        joins += 1;
        if (joins === 1) return ack(joinAck(2, payload.sincePlay ?? 0));
        // The rejoin: play 4 is broadcast before the ack, which was read at play 3.
        heldJoin = () => ack(joinAck(3, payload.sincePlay ?? 0));
        socket.emit("game_state_update", update(4, 3));
      });
      socket.on("sync", ({ sincePlay }: { sincePlay: number }, ack: Ack) => {
        syncsAsked.push(sincePlay);
        if (syncsAsked.length === 1) {
          // The join's ack goes out first; this sync was answered at play 3 too.
          heldJoin?.();
          return ack(syncAck(3, sincePlay));
        }
        ack(syncAck(4, sincePlay));
      });
    });
    await client.join(GAME);
    assert.deepEqual(heldPlays(client), [1, 2]);
    await client.join(GAME, { sincePlay: 2 });
    await eventually(() => client.snapshot(GAME)?.version === 4 && heldPlays(client).length === 4);
    assert.equal(client.snapshot(GAME)?.version, 4);
    assert.deepEqual(heldPlays(client), [1, 2, 3, 4]);
    assert.deepEqual(syncsAsked, [2, 3]);
  });

  it("a play past a gap, applied while its sync is out, is fetched once that sync's answer is older", async () => {
    const syncsAsked: number[] = [];
    const client = await connect((socket) => {
      socket.on("join_game", (payload: { sincePlay?: number }, ack: Ack) =>
        ack(joinAck(2, payload.sincePlay ?? 0)),
      );
      socket.on("ping", (ack: Ack) => {
        // Play 3's broadcast is lost; play 4's delta applies to the version the client holds.
        socket.emit("game_state_update", update(4, 2));
        ack({ pong: true, serverTime: 0 });
      });
      socket.on("sync", ({ sincePlay }: { sincePlay: number }, ack: Ack) => {
        syncsAsked.push(sincePlay);
        // The first answer was read before play 4.
        ack(syncsAsked.length === 1 ? syncAck(3, sincePlay) : syncAck(4, sincePlay));
      });
    });
    await client.join(GAME);
    await client.ping();
    await eventually(() => heldPlays(client).length === 4);
    assert.equal(client.snapshot(GAME)?.version, 4);
    assert.deepEqual(heldPlays(client), [1, 2, 3, 4]);
    assert.deepEqual(syncsAsked, [2, 3]);
  });

  it("an answer short of its own snapshot's plays is not asked for again and again", async () => {
    let syncs = 0;
    const client = await connect((socket) => {
      // The join claims three plays and sends two, so the client syncs; the answer does the same.
      socket.on("join_game", (_payload: unknown, ack: Ack) =>
        ack({ ...joinAck(3, 0), missedPlays: plays(1, 2) }),
      );
      socket.on("sync", (_payload: unknown, ack: Ack) => {
        syncs += 1;
        ack({ ...syncAck(3, 2), missedPlays: [] });
      });
    });
    await client.join(GAME);
    await eventually(() => syncs > 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(syncs, 1);
    assert.deepEqual(heldPlays(client), [1, 2]);
  });
});
