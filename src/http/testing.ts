// Test helper: the real app on an in-memory PGlite database, with a throwaway DATA_DIR and no log
// output unless a test asks for it. Route plugins from other rooms test through it with `inject`.
//
//   const app = await buildTestApp();
//   const res = await app.inject({ method: "GET", url: "/health/ready" });
//   await app.close();   // closes the database too

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { type Config, loadConfig } from "../config.js";
import type { Database } from "../db/client.js";
import { openTestPglite } from "../db/testing.js";
import { type Logger, silentLogger } from "../logging.js";
import { type AppService, buildApp } from "./app.js";

export interface TestAppOptions {
  /** Extra environment for loadConfig (NODE_ENV=test, a SECRET_KEY and a temp DATA_DIR are set). */
  env?: NodeJS.ProcessEnv;
  /** A database to use instead of a fresh migrated in-memory PGlite. The app closes it. */
  db?: Database;
  logger?: Logger;
  redis?: Redis;
  services?: ReadonlyArray<AppService>;
}

/** A test configuration: what loadConfig gives for NODE_ENV=test plus `env`. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    SECRET_KEY: "test-secret-key-that-is-at-least-32-characters",
    DATA_DIR: join(tmpdir(), "dugout-test-data-unused"),
    LOG_LEVEL: "silent",
    ...env,
  });
}

/**
 * A fresh migrated in-memory PGlite, started from the cached migrated dump (src/db/testing.ts):
 * well under a second, where initdb plus every migration takes seconds. close() closes it.
 */
export async function openTestAppDatabase(): Promise<Database> {
  const { db, cleanup } = await openTestPglite();
  return { ...db, close: cleanup };
}

/** The app, not listening, on a fresh in-memory PGlite (unless `db` is given). */
export async function buildTestApp(options: TestAppOptions = {}): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), "dugout-test-"));
  const config = testConfig({ DATA_DIR: dataDir, ...options.env });
  const db = options.db ?? (await openTestAppDatabase());
  const app = await buildApp({
    config,
    db,
    logger: options.logger ?? silentLogger(),
    redis: options.redis,
    services: options.services,
  });
  app.addHook("onClose", async () => rmSync(dataDir, { recursive: true, force: true }));
  return app;
}
