import { setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { Logger as DrizzleLogger } from "drizzle-orm/logger";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { DatabaseUnreachableError, findDriverError } from "./errors.js";
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_FOLDER,
  type MigrationStatus,
  readMigrationStatus,
} from "./migrate.js";
import * as schema from "./schema/index.js";

export type DatabaseKind = "pglite" | "postgres";

export type Schema = typeof schema;

/** The drizzle database, typed with our schema; the same type for PGlite and PostgreSQL. */
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  kind: DatabaseKind;
  orm: Orm;
  ping(): Promise<void>;
  migrationStatus(): Promise<MigrationStatus>;
  close(): Promise<void>;
}

export interface DatabaseLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; absent => PGlite. */
  url?: string;
  /** PGlite data directory; absent => in-memory. */
  dataDir?: string;
  /** Total bounded retry time for an unreachable PostgreSQL (ms). Default 30000. */
  connectTimeoutMs?: number;
  logger?: DatabaseLogger;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** Migration folder (drizzle-kit layout). Default: the committed src/db/migrations. */
  migrationsFolder?: string;
  /** Apply pending migrations while opening. Default true. */
  migrate?: boolean;
  /** Called with every query drizzle sends (for tests and debugging). */
  onQuery?: (query: string, params: unknown[]) => void;
  /** PGlite only: start from a dumped data directory (see testing.ts). */
  pgliteLoadDataDir?: Blob;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
const DEFAULT_POOL_SIZE = 10;
const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 2_000;

const silentLogger: DatabaseLogger = { info() {}, warn() {} };

/**
 * Opens the game record store: connects (retrying an unreachable PostgreSQL with backoff for
 * a bounded time), applies pending migrations (each file in its own transaction), returns.
 * Throws DatabaseUnreachableError or MigrationFailedError.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const logger = opts.logger ?? silentLogger;
  const drizzleLogger: DrizzleLogger | undefined = opts.onQuery
    ? { logQuery: (query, params) => opts.onQuery?.(query, params) }
    : undefined;
  const database = opts.url
    ? await openPostgres(opts.url, opts, logger, drizzleLogger)
    : await openPglite(opts, drizzleLogger);

  if (opts.migrate !== false) {
    try {
      const { applied } = await applyMigrations(database.orm, {
        folder: opts.migrationsFolder,
        logger,
      });
      logger.info({ kind: database.kind, applied: applied.length }, "database migrations at head");
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

async function openPglite(
  opts: OpenDatabaseOptions,
  drizzleLogger: DrizzleLogger | undefined,
): Promise<Database> {
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.pgliteLoadDataDir ? { loadDataDir: opts.pgliteLoadDataDir } : {}),
    });
  } catch (error) {
    throw new DatabaseUnreachableError(
      `cannot open PGlite ${opts.dataDir ? `at ${opts.dataDir}` : "in memory"}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  const orm: Orm = drizzlePglite({ client, schema, logger: drizzleLogger });
  return makeDatabase("pglite", orm, opts, async () => {
    if (!client.closed) await client.close();
  });
}

async function openPostgres(
  url: string,
  opts: OpenDatabaseOptions,
  logger: DatabaseLogger,
  drizzleLogger: DrizzleLogger | undefined,
): Promise<Database> {
  const totalMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? DEFAULT_POOL_SIZE,
    // Bounds a single attempt against a host that never answers.
    connectionTimeoutMillis: Math.max(250, Math.min(10_000, totalMs)),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => {
    logger.warn({ err: messageOf(error) }, "idle PostgreSQL connection lost");
  });
  await connectWithRetry(pool, url, totalMs, logger);
  const orm: Orm = drizzleNodePg({ client: pool, schema, logger: drizzleLogger });
  let ended = false;
  return makeDatabase("postgres", orm, opts, async () => {
    if (ended) return;
    ended = true;
    await pool.end();
  });
}

/** SQLSTATEs that mean "the server is there but not ready yet": worth another try. */
const RETRIABLE_SQLSTATES = new Set(["57P03", "53300", "08006", "08001", "08004"]);

function isRetriable(error: unknown): boolean {
  const driver = findDriverError(error);
  if (driver) return RETRIABLE_SQLSTATES.has(driver.code);
  // Socket-level failures (ECONNREFUSED, ETIMEDOUT, ENOTFOUND...) and pg's own timeouts.
  return true;
}

async function connectWithRetry(
  pool: pg.Pool,
  url: string,
  totalMs: number,
  logger: DatabaseLogger,
): Promise<void> {
  const startedAt = Date.now();
  const deadline = startedAt + totalMs;
  let delay = FIRST_RETRY_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const client = await pool.connect();
      client.release();
      if (attempt > 1) logger.info({ attempts: attempt }, "connected to PostgreSQL");
      return;
    } catch (error) {
      const remaining = deadline - Date.now();
      if (!isRetriable(error) || remaining <= 0) {
        await pool.end().catch(() => {});
        const reason = isRetriable(error)
          ? `unreachable after ${attempt} attempt(s) over ${Date.now() - startedAt} ms`
          : "refused the connection";
        throw new DatabaseUnreachableError(
          `PostgreSQL at ${redactUrl(url)} ${reason}: ${messageOf(error)}`,
          { cause: error },
        );
      }
      const wait = Math.min(delay, remaining);
      logger.warn(
        { attempt, retryInMs: wait, err: messageOf(error), url: redactUrl(url) },
        "PostgreSQL unreachable, retrying",
      );
      await sleep(wait);
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
  }
}

function makeDatabase(
  kind: DatabaseKind,
  orm: Orm,
  opts: OpenDatabaseOptions,
  close: () => Promise<void>,
): Database {
  return {
    kind,
    orm,
    async ping() {
      await orm.execute(sql`select 1`);
    },
    migrationStatus() {
      return readMigrationStatus(orm, opts.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER);
    },
    close,
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function messageOf(error: unknown): string {
  const driver = findDriverError(error);
  if (driver) return `${driver.message} [SQLSTATE ${driver.code}]`;
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((inner) => messageOf(inner)).join("; ");
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message || String(code ?? error.name);
  }
  return String(error);
}
