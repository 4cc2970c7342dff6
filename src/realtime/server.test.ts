import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { io, type Socket } from "socket.io-client";
import { issueAccessToken } from "../auth/jwt.js";
import { buildTestApp, testConfig } from "../http/testing.js";
import {
  type ClientToServerEvents,
  GAME_NAMESPACE,
  PingReplySchema,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
} from "./protocol.js";

type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let app: FastifyInstance;
let baseUrl: string;

before(async () => {
  app = await buildTestApp();
  await app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
after(() => app.close());

/** Every /game connection presents a JWT (see game-socket.ts). */
async function token(): Promise<string> {
  const user = { id: "7f0c4e4e-1111-4222-8333-944445555666", discordId: "d-1", name: "tester" };
  return (await issueAccessToken(user, testConfig().secretKey)).token;
}

async function connect(): Promise<GameSocket> {
  const socket: GameSocket = io(`${baseUrl}${GAME_NAMESPACE}`, {
    transports: ["websocket"],
    reconnection: false,
    auth: { token: await token() },
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

test("ping on /game answers pong with the server clock", async () => {
  const socket = await connect();
  try {
    const sentAt = Date.now();
    const reply = await socket.timeout(5000).emitWithAck("ping");
    const receivedAt = Date.now();
    const parsed = PingReplySchema.parse(reply);
    assert.equal(parsed.pong, true);
    assert.equal(parsed.protocolVersion, PROTOCOL_VERSION);
    assert.ok(parsed.serverTime >= sentAt && parsed.serverTime <= receivedAt);
  } finally {
    socket.disconnect();
  }
});

test("the HTTP API and Socket.IO share one server", async () => {
  const res = await fetch(`${baseUrl}/health`);
  assert.equal(res.status, 200);
  assert.equal(app.io.of(GAME_NAMESPACE).name, GAME_NAMESPACE);
});

test("closing the app disconnects every socket, then stops the server", async () => {
  const local = await buildTestApp();
  await local.listen({ host: "127.0.0.1", port: 0 });
  const port = (local.server.address() as AddressInfo).port;
  const socket: GameSocket = io(`http://127.0.0.1:${port}${GAME_NAMESPACE}`, {
    transports: ["websocket"],
    reconnection: false,
    auth: { token: await token() },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));

  await local.close();

  assert.match(await disconnected, /server|transport/);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/health`), "the port is closed");
});
