// fast-check fuzzing of malformed payloads on every client event, against the real app (REST +
// Socket.IO + the game service, PGlite): garbage types, huge strings, deep nesting, wrong ids and
// versions, unknown events, oversized payloads. Each one gets a typed refusal in its ack (or, past
// the transport's own limit, a disconnect with a reason); the server still answers ping; the game
// the fuzzing manager plays is unchanged. And a flood from one socket is rate-limited: typed
// refusals, then a disconnect with a reason.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import type { Socket } from "socket.io-client";
import { issueAccessToken } from "../../src/auth/jwt.js";
import { DugoutClient } from "../../src/client/index.js";
import { openDatabase } from "../../src/db/client.js";
import { teamManagers, users } from "../../src/db/schema/index.js";
import { buildTestApp, testConfig } from "../../src/http/testing.js";
import { bundledSource } from "../../src/leagues/bundled/index.js";
import { CLIENT_EVENTS, MAX_PAYLOAD_BYTES } from "../../src/realtime/protocol.js";

const SECRET = testConfig().secretKey;
const HOME = randomUUID();
const AWAY = randomUUID();
/** Read-only events may answer ok to a payload that happens to be well-formed. */
const READS = new Set(["join_game", "leave_game", "sync", "ping"]);
const RUNS = 30;
const seenCodes = new Set<string>();
/** The socket without the protocol's types: anything can be sent on it. */
const raw = (client: DugoutClient) => client.socket as unknown as Socket;

let app: FastifyInstance;
let url: string;
let gameId: string;
const clients: DugoutClient[] = [];

const tokenOf = async (id: string) =>
  (await issueAccessToken({ id, discordId: `d-${id}`, name: "m" }, SECRET)).token;
const bearer = async (id: string) => ({ authorization: `Bearer ${await tokenOf(id)}` });

async function connect(user = HOME) {
  const client = await DugoutClient.connect({
    url,
    token: await tokenOf(user),
    reconnection: false,
    ackTimeoutMs: 5000,
  });
  clients.push(client);
  return client;
}

async function gameState() {
  const res = await app.inject({
    method: "GET",
    url: `/games/${gameId}`,
    headers: await bearer(HOME),
  });
  const body = res.json();
  const plays = await app.inject({ method: "GET", url: `/games/${gameId}/plays` });
  return {
    version: body.game.version as number,
    status: body.game.status as string,
    playCount: body.snapshot.playCount as number,
    plays: (plays.json().plays as unknown[]).length,
    pending: body.snapshot.pending,
  };
}

/** A typed refusal: { ok: false, error: { code: "area/what", message, details } }. */
function assertTyped(event: string, reply: unknown) {
  assert.ok(
    reply !== null && typeof reply === "object",
    `${event}: an answer, not ${String(reply)}`,
  );
  const r = reply as {
    ok?: unknown;
    pong?: unknown;
    error?: { code?: unknown; message?: unknown };
  };
  if (r.pong === true) return; // ping's own answer
  if (r.ok === true) {
    assert.ok(READS.has(event), `${event} accepted a malformed payload`);
    return;
  }
  assert.equal(r.ok, false, `${event}: ${JSON.stringify(reply).slice(0, 200)}`);
  seenCodes.add(String(r.error?.code));
  assert.match(String(r.error?.code), /^[a-z_]+\/[a-z_]+$/, `${event}: a namespaced code`);
  assert.equal(typeof r.error?.message, "string");
}

/** Malformed payloads: anything at all, and near misses of every well-formed one. */
function payloads(realGame: string) {
  const gameIdLike = fc.oneof(
    { arbitrary: fc.constant(realGame), weight: 6 },
    fc.uuid(),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.constant(null),
  );
  const version = fc.oneof(
    fc.integer({ min: -5, max: 1_000_000 }),
    fc.integer({ min: 0, max: 3 }),
    fc.double(),
    fc.string({ maxLength: 8 }),
    fc.constant(undefined),
  );
  const id = fc.oneof(fc.constant("ok-id-1"), fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/));
  const side = fc.oneof(fc.constantFrom("home", "away"), fc.string({ maxLength: 5 }));
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  // Near misses: the event's own shape, with ids, versions and contents that are wrong.
  const nearMiss = fc.oneof(
    fc.record({ gameId: gameIdLike }),
    fc.record({
      gameId: gameIdLike,
      as: optional(fc.oneof(fc.constantFrom("manager", "spectator", "admin"), fc.boolean())),
      side: optional(side),
      sincePlay: optional(
        fc.oneof(fc.integer({ min: -3, max: 5000 }), fc.string({ maxLength: 4 })),
      ),
    }),
    fc.record({ gameId: gameIdLike, sincePlay: fc.integer({ min: -3, max: 5000 }) }),
    fc.record({
      gameId: gameIdLike,
      version,
      clientActionId: id,
      decision: fc.anything({ maxDepth: 4 }),
    }),
    fc.record({
      gameId: gameIdLike,
      version,
      clientActionId: id,
      result: fc.anything({ maxDepth: 4 }),
    }),
    fc.record(
      {
        gameId: gameIdLike,
        version,
        clientActionId: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
        decision: fc.anything({ maxDepth: 2 }),
        side,
        extra: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  );
  const deep = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.integer(),
      fc.array(tie("node"), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), tie("node"), { maxKeys: 3 }),
    ),
  })).node;
  const huge = fc
    .integer({ min: MAX_PAYLOAD_BYTES + 1, max: MAX_PAYLOAD_BYTES * 4 })
    .map((n) => ({ gameId: realGame, version: 1, clientActionId: "big", decision: "x".repeat(n) }));
  return fc.oneof(
    fc.anything({ maxDepth: 4, withBigInt: false }),
    { arbitrary: nearMiss, weight: 6 },
    deep,
    huge,
    fc.string({ maxLength: 2000 }),
    fc.constantFrom(null, 0, -1, true, "", [], {}),
  );
}

before(async () => {
  const db = await openDatabase({});
  await db.orm
    .insert(users)
    .values([HOME, AWAY].map((id) => ({ id, discordId: `d-${id}`, username: id.slice(0, 6) })));
  await db.orm.insert(teamManagers).values([
    { leagueId: "sba", teamId: 101, userId: HOME },
    { leagueId: "sba", teamId: 102, userId: AWAY },
  ]);
  app = await buildTestApp({ db });
  await app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const created = await app.inject({
    method: "POST",
    url: "/games",
    headers: await bearer(HOME),
    payload: { league: "sba", homeTeamId: 101, awayTeamId: 102, pace: "async" },
  });
  gameId = created.json().id;
  for (const [side, teamId, user] of [
    ["home", 101, HOME],
    ["away", 102, AWAY],
  ] as const) {
    const roster = (await bundledSource("sba").getRoster(teamId))!;
    await app.inject({
      method: "PUT",
      url: `/games/${gameId}/lineups/${side}`,
      headers: await bearer(user),
      payload: {
        lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
        pitcher: roster.depth.rotation[0],
      },
    });
  }
  const started = await app.inject({
    method: "POST",
    url: `/games/${gameId}/start`,
    headers: await bearer(HOME),
  });
  assert.equal(started.statusCode, 200, started.body);
});

after(async () => {
  for (const c of clients) c.close();
  await app.close();
});

describe("fuzzing every client event", () => {
  it("every malformed payload gets a typed refusal; the game is unchanged; ping still answers", {
    timeout: 120_000,
  }, async () => {
    const before = await gameState();
    const home = await connect();
    assert.ok((await home.join(gameId)).ok);
    const events = [...CLIENT_EVENTS, "make_me_admin", "__proto__", "submit_decision ", ""];
    for (const event of events) {
      await fc.assert(
        fc.asyncProperty(payloads(gameId), async (payload) => {
          // Stay under the rate limit, so every payload reaches the handlers.
          await new Promise((r) => setTimeout(r, 22));
          const reply = await raw(home).timeout(5000).emitWithAck(event, payload);
          assertTyped(event, reply);
        }),
        { numRuns: RUNS, seed: 42, endOnFailure: true },
      );
      assert.ok(home.connected, `still connected after fuzzing ${event}`);
    }
    // No ack at all: told in an error event, never silently.
    const told = new Promise<string>((resolve) => home.on("error", (e) => resolve(e.code)));
    raw(home).emit("submit_decision", { gameId });
    assert.equal(await told, "payload/ack_required");

    for (const code of [
      "payload/invalid",
      "payload/too_large",
      "payload/unknown_event",
      "game/not_found",
      "decision/stale_version",
    ]) {
      assert.ok(
        seenCodes.has(code),
        `the fuzzing reached ${code} (saw ${[...seenCodes].join(", ")})`,
      );
    }
    const pong = (await home.ping()) as { pong: boolean };
    assert.equal(pong.pong, true);
    assert.deepEqual(await gameState(), before, "no malformed payload changed the game");
  });

  it("a payload past the transport's limit: disconnected with a reason; the server stays up", async () => {
    const client = await connect();
    const reason = new Promise<string>((resolve) =>
      client.socket.once("disconnect", (r) => resolve(r)),
    );
    raw(client).emit(
      "sync",
      { gameId, sincePlay: 0, pad: "y".repeat(2 * 1024 * 1024) },
      () => undefined,
    );
    assert.match(await reason, /transport close|transport error|parse error|io server disconnect/);
    const fresh = await connect();
    assert.equal(((await fresh.ping()) as { pong: boolean }).pong, true);
  });

  it("a flood from one socket: rate/limited refusals, then a disconnect with a reason", async () => {
    const before = await gameState();
    const flooder = await connect(AWAY);
    const codes: string[] = [];
    const errorEvents: string[] = [];
    flooder.on("error", (e) => errorEvents.push(e.code));
    const reason = new Promise<string>((resolve) =>
      flooder.socket.once("disconnect", (r) => resolve(r)),
    );
    for (let i = 0; i < 400 && flooder.connected; i++) {
      raw(flooder).emit(
        "sync",
        { gameId, sincePlay: 0 },
        (reply: { ok: boolean; error?: { code: string } }) => {
          if (!reply.ok) codes.push(reply.error!.code);
        },
      );
    }
    assert.equal(await reason, "io server disconnect");
    assert.ok(codes.includes("rate/limited"), `refusals: ${[...new Set(codes)].join(", ")}`);
    assert.ok(errorEvents.includes("rate/limited"), "told why before the disconnect");
    const other = await connect();
    assert.equal(((await other.ping()) as { pong: boolean }).pong, true, "others are served");
    assert.deepEqual(await gameState(), before);
  });
});
