// A real server for realtime tests: Fastify + Socket.IO (the app's realtime plugin) + the game
// socket handlers over a GameService, listening on port 0; tokens are real HS256 JWTs (jose).

import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { accessTokenKey, issueAccessToken, verifyAccessToken } from "../../src/auth/jwt.js";
import { DugoutClient } from "../../src/client/index.js";
import type { GameService } from "../../src/games/service.js";
import gameSocket, { type GameSocketOptions } from "../../src/realtime/game-socket.js";
import realtime from "../../src/realtime/server.js";

export const SECRET = "realtime-test-secret-key-at-least-32-chars";
export const KEY = accessTokenKey(SECRET);

export interface TestServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  service: GameService,
  options: Partial<GameSocketOptions> = {},
): Promise<TestServer> {
  const app = Fastify({ logger: false });
  await app.register(realtime, { corsOrigins: [] });
  await app.register(gameSocket, {
    service,
    verifyToken: (token) => verifyAccessToken(token, KEY),
    ...options,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    close: async () => {
      await app.close();
    },
  };
}

export async function tokenFor(userId: string, options: { ttlSeconds?: number; now?: Date } = {}) {
  const { token } = await issueAccessToken(
    { id: userId, discordId: `d-${userId.slice(0, 8)}`, name: `user ${userId.slice(0, 4)}` },
    KEY,
    options,
  );
  return token;
}

export async function clientFor(url: string, userId: string, reconnection = false) {
  return DugoutClient.connect({
    url,
    token: await tokenFor(userId),
    reconnection,
    ackTimeoutMs: 5000,
  });
}

export const newUser = () => randomUUID();
