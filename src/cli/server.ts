// The Dugout server entry (`npm start`).
//
//   read the config -> open the logger -> open the database (bounded retry, migrations)
//   -> connect Redis (when configured) -> build the app (its /leagues routes build the league
//   source named by LEAGUE_SOURCE) -> listen -> resume active games (AI turns, turn timers)
//   -> close gracefully on SIGTERM/SIGINT.
//
// Anything that stops start-up (a bad env value, PostgreSQL unreachable, a failing migration, the
// port taken) ends with ONE clear line on stderr and exit code 1. A graceful shutdown exits 0; one
// that overruns SHUTDOWN_TIMEOUT_MS exits 1 with a message.

import { join } from "node:path";
import { Redis } from "ioredis";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { buildApp } from "../http/app.js";
import { closeLogger, createLogger, type Logger } from "../logging.js";

/** Where the embedded PGlite database lives under DATA_DIR (DATA_DIR also keeps the dev secret). */
const PGLITE_SUBDIR = "pglite";

type App = Awaited<ReturnType<typeof buildApp>>;

/** Thrown for a start-up failure whose message is already the one line to print. */
class StartupError extends Error {}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = await createLogger(config);
  if (config.secretKeySource === "data_dir") {
    logger.info(
      { dataDir: config.dataDir },
      "SECRET_KEY unset: using the development key kept under DATA_DIR",
    );
  }
  if (config.devLogin)
    logger.warn("DUGOUT_DEV_LOGIN=1: anyone can log in as anyone (development only)");

  // A stop request during start-up waits for the current step (never interrupt a migration).
  const startup = holdStopRequestsDuringStartup(logger);
  let db: Database | undefined;
  let redis: Redis | undefined;
  let app: App | undefined;
  try {
    db = await openDatabaseOrExplain(config, logger);
    redis = config.redis.url ? await connectRedis(config.redis.url, logger) : undefined;
    const leagueSource = describeLeagueSource(config, logger);

    // From here on the app owns the database and Redis: closing it closes them.
    app = await buildApp({ config, db, logger, redis });
    if (startup.stopRequested()) {
      await app.close();
      return exitAfterFlush(logger, 0);
    }
    startup.release();
    installSignalHandlers(app, config, logger);
    await listenOrExplain(app, config);

    const url = publicUrl(app, config);
    logger.info({ url, leagueSource, database: db.kind }, `Dugout listening on ${url}`);
    await resumeActiveGames(app, logger);
  } catch (err) {
    // Leave nothing half open: close what start-up had opened, then say why in one line.
    if (app) await app.close().catch(() => undefined);
    else {
      redis?.disconnect();
      await db?.close().catch(() => undefined);
    }
    await failStartup(err, logger);
  }
}

/** Until the signal handlers proper are installed, SIGTERM/SIGINT only ask start-up to stop. */
function holdStopRequestsDuringStartup(logger: Logger) {
  let requested: string | null = null;
  const hold = (signal: NodeJS.Signals) => {
    requested = signal;
    logger.info({ signal }, "stop requested during start-up: stopping after the current step");
  };
  process.on("SIGTERM", hold);
  process.on("SIGINT", hold);
  return {
    stopRequested: () => requested !== null,
    release: () => {
      process.off("SIGTERM", hold);
      process.off("SIGINT", hold);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Start-up steps

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) exitWithLine(err.message);
    throw err;
  }
}

async function openDatabaseOrExplain(config: Config, logger: Logger) {
  const target = config.database.url ? "PostgreSQL" : "embedded PGlite";
  try {
    return await openDatabase({
      url: config.database.url,
      dataDir: join(config.dataDir, PGLITE_SUBDIR),
      connectTimeoutMs: config.database.connectTimeoutMs,
      logger,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason = err instanceof Error ? err.message : String(err);
    if (code === "db/unreachable") throw new StartupError(`Database unreachable: ${reason}`);
    if (code === "db/migration_failed") {
      throw new StartupError(`Database migration failed (nothing was changed): ${reason}`);
    }
    throw new StartupError(`Cannot open the ${target} database: ${reason}`);
  }
}

/**
 * Redis is optional and not needed to start: when it does not answer at start-up the server still
 * comes up, /health/ready reports Redis as not ready, and ioredis keeps reconnecting.
 */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 1,
    // Fail commands at once while disconnected, so a readiness probe answers instead of queueing.
    enableOfflineQueue: false,
  });
  let lastError = "";
  redis.on("error", (err: Error) => {
    if (err.message !== lastError) logger.warn({ err }, "redis connection error");
    lastError = err.message;
  });
  redis.on("ready", () => {
    lastError = "";
    logger.info("redis connected");
  });
  try {
    await redis.connect();
  } catch (err) {
    logger.warn(
      { err },
      "Redis does not answer at start-up; /health/ready will say so until it does",
    );
  }
  return redis;
}

/** Say which league data the server plays with; the /leagues routes build it from the config. */
function describeLeagueSource(config: Config, logger: Logger): string {
  const { leagues } = config;
  if (leagues.source === "api") {
    logger.info(
      { sba: leagues.sba.apiUrl, pd: leagues.pd.apiUrl },
      "league source: SBA and PD APIs",
    );
  } else {
    logger.info("league source: the bundled sample league");
  }
  return leagues.source;
}

async function listenOrExplain(app: App, config: Config) {
  const { host, port } = config.http;
  try {
    await app.listen({ host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new StartupError(`PORT ${port} is already in use on ${host}`);
    if (code === "EACCES") throw new StartupError(`PORT ${port} on ${host} needs more privileges`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
      throw new StartupError(`HOST ${host} is not an address of this machine`);
    }
    throw err;
  }
}

/**
 * After a restart, the games the server itself drives go on: AI turns are played again and live
 * turn timers re-armed (from each game's last action, so a deadline that passed fires at once).
 * Games waiting on people load when someone comes back.
 */
async function resumeActiveGames(app: App, logger: Logger): Promise<void> {
  const resumed = await app.games.resumeActiveGames();
  if (resumed > 0) logger.info({ resumed }, "resumed active games: AI turns and turn timers");
}

/** The URL to print: "localhost" for a wildcard host, and the real port when PORT=0. */
function publicUrl(app: App, config: Config): string {
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.http.port;
  const host = ["0.0.0.0", "::", "", "127.0.0.1", "::1"].includes(config.http.host)
    ? "localhost"
    : config.http.host.includes(":")
      ? `[${config.http.host}]`
      : config.http.host;
  return `http://${host}:${port}`;
}

// ---------------------------------------------------------------------------------------------
// Shutdown

function installSignalHandlers(app: App, config: Config, logger: Logger): void {
  let closing = false;

  const shutdown = async (reason: string, exitCode: number) => {
    if (closing) {
      logger.warn({ reason }, "second stop request during shutdown: exiting now");
      await exitAfterFlush(logger, 1, `Dugout stopped before a clean shutdown (${reason})`);
      return;
    }
    closing = true;
    logger.info({ reason, timeoutMs: config.shutdownTimeoutMs }, "Dugout shutting down");

    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, "shutdown timed out");
      void exitAfterFlush(
        logger,
        1,
        `Dugout shutdown timed out after ${config.shutdownTimeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting`,
      );
    }, config.shutdownTimeoutMs);
    deadline.unref();

    try {
      await app.close();
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      await exitAfterFlush(logger, 1, `Dugout shutdown failed: ${(err as Error).message}`);
      return;
    }
    clearTimeout(deadline);
    logger.info("Dugout stopped");
    await exitAfterFlush(logger, exitCode);
  };

  process.on("SIGTERM", () => void shutdown("SIGTERM", 0));
  process.on("SIGINT", () => void shutdown("SIGINT", 0));
  process.on("uncaughtException", (err) => {
    logger.fatal({ err }, "uncaught exception");
    void shutdown("uncaughtException", 1);
  });
  process.on("unhandledRejection", (err) => {
    logger.fatal({ err }, "unhandled promise rejection");
    void shutdown("unhandledRejection", 1);
  });
}

// ---------------------------------------------------------------------------------------------
// Exits

async function failStartup(err: unknown, logger: Logger): Promise<never> {
  const line =
    err instanceof StartupError
      ? err.message
      : `Dugout failed to start: ${err instanceof Error ? err.message : String(err)}`;
  logger.fatal(err instanceof StartupError ? {} : { err }, line);
  return exitAfterFlush(logger, 1, line);
}

async function exitAfterFlush(logger: Logger, code: number, line?: string): Promise<never> {
  await closeLogger(logger).catch(() => undefined);
  if (line) process.stderr.write(`${line}\n`);
  process.exit(code);
}

function exitWithLine(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

await main();
