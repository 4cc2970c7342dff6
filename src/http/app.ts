// The Dugout HTTP app: a Fastify 5 instance built from plugins, one per concern. It does not listen;
// src/cli/server.ts does, and tests use `inject` (or listen on port 0 for Socket.IO).
//
// Order matters:
//   0. lifecycle (request ids, shutdown) and errors, so every scope inherits the error handler;
//   1. external plugins (CORS, OpenAPI) — swagger must see every route, so it comes before them;
//   2. app plugins, shared with every scope through fastify-plugin: config, db, redis, services;
//   3. route plugins, each encapsulated, each setting the zod type provider itself;
//   4. realtime (Socket.IO on the same HTTP server).
//
// Closing the app (app.close(), which the server entry calls on SIGTERM/SIGINT) runs, in order:
// refuse new requests and let in-flight ones finish -> socket.io -> services (reverse order) ->
// redis -> database. The app owns what it is given: do not close db/redis/services yourself.
//
// Adding a route group (auth, leagues, games...): write an encapsulated plugin under
// src/http/routes/ that starts with `fastify.withTypeProvider<ZodTypeProvider>()`, declares zod
// schemas for params, body and responses (4xx/5xx: ErrorBodySchema from ./errors.js), throws
// HttpError or lets a namespaced domain error propagate; then register it in ROUTES below.

import cors from "@fastify/cors";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Redis } from "ioredis";
import { accessTokenKey, verifyAccessToken } from "../auth/jwt.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { createGameService } from "../games/create.js";
import type { GameService } from "../games/service.js";
import type { Logger } from "../logging.js";
import gameSocket from "../realtime/game-socket.js";
import realtime from "../realtime/server.js";
import authPlugin from "./plugins/auth.js";
import configPlugin from "./plugins/config.js";
import dbPlugin from "./plugins/db.js";
import errorsPlugin from "./plugins/errors.js";
import lifecyclePlugin, { genRequestId } from "./plugins/lifecycle.js";
import redisPlugin from "./plugins/redis.js";
import servicesPlugin, { type AppService } from "./plugins/services.js";
import swaggerPlugin from "./plugins/swagger.js";
import adminRoutes from "./routes/admin.js";
import authRoutes from "./routes/auth.js";
import gameRoutes, { gamesServicePlugin } from "./routes/games.js";
import healthRoutes from "./routes/health.js";
import leagueRoutes from "./routes/leagues.js";

export type { AppService } from "./plugins/services.js";

export const API_VERSION = "0.1.0";

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Present when REDIS_URL is set. */
  redis?: Redis;
  /** Long-lived services closed on shutdown after socket.io and before the database. */
  services?: ReadonlyArray<AppService>;
  /** The game service; default: the real one over `db` (src/games/create.ts). */
  games?: GameService;
}

/** Route plugins, each with its URL prefix. Add yours here. */
const ROUTES: ReadonlyArray<{ plugin: FastifyPluginAsync; prefix?: string }> = [
  { plugin: healthRoutes },
  { plugin: authRoutes, prefix: "/auth" },
  { plugin: adminRoutes, prefix: "/admin" },
  { plugin: leagueRoutes, prefix: "/leagues" },
  { plugin: gameRoutes, prefix: "/games" },
];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    // Typed as Fastify's base logger so route plugins need no pino generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: genRequestId,
    // Our lifecycle plugin answers requests during shutdown with the standard error body.
    return503OnClosing: false,
    forceCloseConnections: "idle",
  });

  // Every zod schema in every scope is validated and serialized by the zod compilers.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // 0. Request ids, shutdown refusals and the one error body come first: a scope copies its
  //    parent's error handler when it is registered, so everything after (the docs included)
  //    answers errors in the same shape.
  await app.register(lifecyclePlugin);
  await app.register(errorsPlugin);

  // 1. External plugins.
  await app.register(cors, { origin: config.http.corsOrigins, credentials: true });
  await app.register(swaggerPlugin, { version: API_VERSION });

  // 2. App plugins (shared).
  await app.register(configPlugin, { config });
  await app.register(dbPlugin, { db: deps.db });
  await app.register(redisPlugin, { redis: deps.redis ?? null });
  await app.register(servicesPlugin, { services: deps.services ?? [] });
  const games =
    deps.games ??
    createGameService({ config, db: deps.db, logger: deps.logger, redis: deps.redis ?? null });
  await app.register(gamesServicePlugin, { service: games });
  await app.register(authPlugin);

  // 3. Route plugins (encapsulated).
  for (const { plugin, prefix } of ROUTES) await app.register(plugin, { prefix });

  // 4. Socket.IO on the same HTTP server.
  await app.register(realtime, { corsOrigins: config.http.corsOrigins });
  const accessKey = accessTokenKey(config.secretKey);
  await app.register(gameSocket, {
    service: games,
    verifyToken: (token) => verifyAccessToken(token, accessKey),
  });

  return app;
}
