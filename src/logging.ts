// Logging: pino JSON lines on stdout, and the same lines in daily-rotating files under LOG_DIR
// (a new file each day or at 10 MB, whichever comes first; 5 files kept in all).
//
// Context travels as bound fields, never inside the message:
//   reqId   bound by Fastify on every request (see genReqId in src/http/app.ts)
//   gameId  bound with forGame(logger, gameId) by whoever works on one game

import { createRequire } from "node:module";
import { join } from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger } from "pino";

/** Rotation policy for the log files. */
export const LOG_FILE_BASENAME = "dugout";
export const LOG_FILE_MAX_SIZE = "10m";
export const LOG_FILE_FREQUENCY = "daily";
/** Files kept in all: the active one plus LOG_FILES_KEPT - 1 rotated ones. */
export const LOG_FILES_KEPT = 5;

interface RollingFile {
  write(chunk: string): boolean;
  flushSync(): void;
  end(): void;
  once(event: "close" | "error", listener: (...args: unknown[]) => void): void;
  destroyed?: boolean;
}

interface PinoRollOptions {
  file: string;
  frequency: string;
  size: string;
  dateFormat: string;
  mkdir: boolean;
  limit: { count: number };
}

// pino-roll ships no type declarations; this is the one function we use.
const buildRollingFile = createRequire(import.meta.url)("pino-roll") as (
  options: PinoRollOptions,
) => Promise<RollingFile>;

const closers = new WeakMap<Logger, () => Promise<void>>();

/**
 * The process logger: JSON on stdout plus the rotating files under `config.log.dir` (created if
 * missing). LOG_LEVEL=silent logs nothing and opens no file. Tests may pass their own `stdout`.
 */
export async function createLogger(
  config: Pick<Config, "log">,
  options: { stdout?: DestinationStream } = {},
): Promise<Logger> {
  const loggerOptions = baseOptions(config.log.level);
  if (config.log.level === "silent") return pino(loggerOptions);

  const file = await buildRollingFile({
    file: join(config.log.dir, LOG_FILE_BASENAME),
    frequency: LOG_FILE_FREQUENCY,
    size: LOG_FILE_MAX_SIZE,
    dateFormat: "yyyy-MM-dd",
    mkdir: true,
    limit: { count: LOG_FILES_KEPT - 1 },
  });
  const level = config.log.level;
  const guarded = guardAfterClose(file);
  const logger = pino(
    loggerOptions,
    pino.multistream([
      { level, stream: options.stdout ?? pino.destination({ dest: 1, sync: true }) },
      { level, stream: guarded.stream },
    ]),
  );
  closers.set(logger, guarded.close);
  return logger;
}

/**
 * The file stream, wrapped so that a line logged after closeLogger (a late callback during exit)
 * is dropped from the file instead of throwing "SonicBoom destroyed".
 */
function guardAfterClose(file: RollingFile) {
  let closed = false;
  const stream = {
    write(chunk: string) {
      if (!closed && !file.destroyed) file.write(chunk);
    },
    flushSync() {
      if (!closed && !file.destroyed) file.flushSync();
    },
  };
  const close = () =>
    new Promise<void>((resolve) => {
      if (closed || file.destroyed) return resolve();
      closed = true;
      file.once("close", () => resolve());
      file.once("error", () => resolve());
      try {
        file.flushSync();
      } catch {
        // A file that cannot be flushed cannot be saved by waiting either.
      }
      file.end();
    });
  return { stream, close };
}

/** A logger for code that must not write anywhere: tests, mostly. */
export function silentLogger(): Logger {
  return pino(baseOptions("silent"));
}

/** A child logger with the game id bound, so every line about one game can be found. */
export function forGame(logger: Logger, gameId: string): Logger {
  return logger.child({ gameId });
}

/** Write out what is buffered and close the log file. Call it last, just before the process exits. */
export async function closeLogger(logger: Logger): Promise<void> {
  const close = closers.get(logger);
  closers.delete(logger);
  await close?.();
}

function baseOptions(level: Config["log"]["level"]): pino.LoggerOptions {
  return {
    level,
    base: { service: "dugout", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "secretKey",
        "*.secretKey",
        "clientSecret",
        "*.clientSecret",
        "apiKey",
        "*.apiKey",
      ],
      censor: "[redacted]",
    },
  };
}
