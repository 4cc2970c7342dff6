// Dugout's configuration: read once from the environment at start-up, validated with zod.
//
// Every variable is documented in .env.example. With no environment at all the server runs on
// development defaults (embedded PGlite under DATA_DIR, the bundled league, a SECRET_KEY generated
// once and kept under DATA_DIR). With NODE_ENV=production every secret must be set.
//
// A bad or missing value stops start-up with a ConfigError whose message is one line naming the
// variable and what is wrong, e.g.
//   Invalid configuration: PORT must be an integer from 0 to 65535 (got "80a")
// Secret values are never echoed back.

import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

/** Minimum length of SECRET_KEY (it signs JWTs with HS256: 32 characters is 256 bits of ASCII). */
export const SECRET_KEY_MIN_LENGTH = 32;

/** The file under DATA_DIR that keeps the development SECRET_KEY between starts. */
export const DEV_SECRET_KEY_FILE = "secret-key";

export const DEFAULT_DISCORD_AUTHORIZE_URL = "https://discord.com/oauth2/authorize";
export const DEFAULT_DISCORD_TOKEN_URL = "https://discord.com/api/oauth2/token";
export const DEFAULT_DISCORD_API_URL = "https://discord.com/api/v10";
export const DEFAULT_CORS_ORIGINS = [
  "http://localhost:8000",
  "http://localhost:5173",
  "http://localhost:3000",
];

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ["development", "test", "production"] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LEAGUE_SOURCES = ["bundled", "api"] as const;
export type LeagueSourceKind = (typeof LEAGUE_SOURCES)[number];

export interface Config {
  env: NodeEnv;
  http: {
    port: number;
    host: string;
    /** Browser origins allowed by CORS, for HTTP and Socket.IO alike. */
    corsOrigins: string[];
  };
  /** Directory for local state: the PGlite database and the development SECRET_KEY. Absolute. */
  dataDir: string;
  database: {
    /** PostgreSQL URL; undefined means embedded PGlite under `dataDir`. */
    url: string | undefined;
    /** How long start-up keeps retrying an unreachable PostgreSQL before giving up. */
    connectTimeoutMs: number;
  };
  redis: { url: string | undefined };
  /** Signs JWTs. */
  secretKey: string;
  /** Where `secretKey` came from: the environment, or the development file under DATA_DIR. */
  secretKeySource: "env" | "data_dir";
  discord: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string | undefined;
    authorizeUrl: string;
    tokenUrl: string;
    apiUrl: string;
  };
  leagues: {
    source: LeagueSourceKind;
    sba: { apiUrl: string | undefined; apiKey: string | undefined };
    pd: { apiUrl: string | undefined; apiKey: string | undefined };
  };
  log: { dir: string; level: LogLevel };
  /** DUGOUT_DEV_LOGIN: a login without Discord, for local play. Refused in production. */
  devLogin: boolean;
  games: {
    /** A game with no connected player and no activity is dropped from memory after this long. */
    idleEvictSeconds: number;
  };
  /** SIGTERM/SIGINT: how long a graceful shutdown may take before the process exits non-zero. */
  shutdownTimeoutMs: number;
}

/** A bad or missing configuration value. `message` is the one line printed at start-up. */
export class ConfigError extends Error {
  readonly code = "config/invalid";
  constructor(readonly issues: ReadonlyArray<{ variable: string; problem: string }>) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable} ${i.problem}`).join("; ")}`);
    this.name = "ConfigError";
  }
  /** The first variable at fault. */
  get variable(): string {
    return this.issues[0]?.variable ?? "";
  }
}

// ---------------------------------------------------------------------------------------------
// Field schemas. Each custom message completes the sentence "<VARIABLE> ...".

/** An unset variable and an empty one (`PORT=` in a .env file) mean the same: use the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const quoted = (v: unknown) => JSON.stringify(String(v));

const integer = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const value = Number(raw.trim());
    if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      ctx.addIssue({
        code: "custom",
        message: `must be an integer from ${min} to ${max} (got ${quoted(raw)})`,
      });
      return z.NEVER;
    }
    return value;
  });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((raw, ctx) => {
    const value = raw.trim().toLowerCase();
    if (!(values as readonly string[]).includes(value)) {
      ctx.addIssue({
        code: "custom",
        message: `must be one of ${values.join(", ")} (got ${quoted(raw)})`,
      });
      return z.NEVER;
    }
    return value as T[number];
  });

const flag = z.string().transform((raw, ctx) => {
  const value = raw.trim().toLowerCase();
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  ctx.addIssue({ code: "custom", message: `must be 0 or 1 (got ${quoted(raw)})` });
  return z.NEVER;
});

const url = (protocols: readonly string[], what = "URL") =>
  z.string().transform((raw, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(raw.trim());
    } catch {
      ctx.addIssue({ code: "custom", message: `must be a ${what} (got ${quoteUrl(raw)})` });
      return z.NEVER;
    }
    if (!protocols.includes(parsed.protocol)) {
      ctx.addIssue({
        code: "custom",
        message: `must start with ${protocols.map((p) => `${p}//`).join(" or ")} (got ${quoteUrl(raw)})`,
      });
      return z.NEVER;
    }
    return raw.trim();
  });

/** Quote a URL for an error message without leaking a password it may hold. */
function quoteUrl(raw: string): string {
  try {
    const parsed = new URL(raw.trim());
    if (parsed.password) parsed.password = "***";
    return quoted(parsed.toString());
  } catch {
    return quoted(raw.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@"));
  }
}

const httpUrl = url(["http:", "https:"], "http(s) URL");

const origins = z.string().transform((raw, ctx) => {
  const list = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const entry of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(entry);
    } catch {
      parsed = undefined;
    }
    if (
      !parsed ||
      (parsed.protocol !== "http:" && parsed.protocol !== "https:") ||
      parsed.origin !== entry.replace(/\/$/, "")
    ) {
      ctx.addIssue({
        code: "custom",
        message: `must be a comma-separated list of origins like http://localhost:5173 (got ${quoted(entry)})`,
      });
      return z.NEVER;
    }
  }
  return list.map((entry) => new URL(entry).origin);
});

const secret = (min = 1) =>
  z.string().superRefine((raw, ctx) => {
    const length = raw.trim().length;
    if (min > 1 && length < min) {
      ctx.addIssue({
        code: "custom",
        message: `must be at least ${min} characters long (got ${length})`,
      });
    } else if (length === 0) {
      ctx.addIssue({ code: "custom", message: "must not be blank (it is a secret value)" });
    }
  });

const EnvSchema = z.object({
  NODE_ENV: optional(oneOf(NODE_ENVS).default("development")),
  PORT: optional(integer(0, 65535).default(8000)),
  HOST: optional(z.string().default("0.0.0.0")),
  DATA_DIR: optional(z.string().default("./data")),
  DATABASE_URL: optional(url(["postgres:", "postgresql:"], "PostgreSQL URL").optional()),
  DATABASE_CONNECT_TIMEOUT_MS: optional(integer(0, 600_000).default(30_000)),
  REDIS_URL: optional(url(["redis:", "rediss:"], "Redis URL").optional()),
  SECRET_KEY: optional(secret(SECRET_KEY_MIN_LENGTH).optional()),
  DISCORD_CLIENT_ID: optional(z.string().optional()),
  DISCORD_CLIENT_SECRET: optional(secret().optional()),
  DISCORD_REDIRECT_URI: optional(httpUrl.optional()),
  DISCORD_AUTHORIZE_URL: optional(httpUrl.default(DEFAULT_DISCORD_AUTHORIZE_URL)),
  DISCORD_TOKEN_URL: optional(httpUrl.default(DEFAULT_DISCORD_TOKEN_URL)),
  DISCORD_API_URL: optional(httpUrl.default(DEFAULT_DISCORD_API_URL)),
  LEAGUE_SOURCE: optional(oneOf(LEAGUE_SOURCES).default("bundled")),
  SBA_API_URL: optional(httpUrl.optional()),
  SBA_API_KEY: optional(secret().optional()),
  PD_API_URL: optional(httpUrl.optional()),
  PD_API_KEY: optional(secret().optional()),
  CORS_ORIGINS: optional(origins.default(DEFAULT_CORS_ORIGINS)),
  LOG_DIR: optional(z.string().default("./logs")),
  LOG_LEVEL: optional(oneOf(LOG_LEVELS).default("info")),
  DUGOUT_DEV_LOGIN: optional(flag.default(false)),
  GAME_IDLE_EVICT_SECONDS: optional(integer(1, 7 * 24 * 3600).default(900)),
  SHUTDOWN_TIMEOUT_MS: optional(integer(100, 600_000).default(10_000)),
});

type Env = z.output<typeof EnvSchema>;

/** Every environment variable Dugout reads (each is documented in .env.example). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape) as ReadonlyArray<keyof Env>;

/** Secrets that NODE_ENV=production refuses to start without. */
const PRODUCTION_SECRETS = [
  "SECRET_KEY",
  "DISCORD_CLIENT_SECRET",
  "SBA_API_KEY",
  "PD_API_KEY",
] as const satisfies ReadonlyArray<keyof Env>;

/** Settings Discord login cannot work without, required in production too. */
const PRODUCTION_DISCORD_SETTINGS = [
  "DISCORD_CLIENT_ID",
  "DISCORD_REDIRECT_URI",
] as const satisfies ReadonlyArray<keyof Env>;

type Issue = { variable: string; problem: string };

/** Checks that involve more than one variable. */
function crossCheck(env: Env): Issue[] {
  const issues: Issue[] = [];
  if (env.NODE_ENV === "production") {
    for (const name of [...PRODUCTION_SECRETS, ...PRODUCTION_DISCORD_SETTINGS]) {
      if (env[name] === undefined) {
        issues.push({ variable: name, problem: "must be set when NODE_ENV=production" });
      }
    }
    if (env.DUGOUT_DEV_LOGIN) {
      issues.push({
        variable: "DUGOUT_DEV_LOGIN",
        problem: "is refused when NODE_ENV=production (it lets anyone log in as anyone)",
      });
    }
  }
  if (env.LEAGUE_SOURCE === "api") {
    for (const name of ["SBA_API_URL", "PD_API_URL"] as const) {
      if (env[name] === undefined) {
        issues.push({ variable: name, problem: "must be set when LEAGUE_SOURCE=api" });
      }
    }
  }
  return issues;
}

/**
 * Parse and check the environment without touching anything else. SECRET_KEY stays undefined when
 * it is unset outside production; `loadConfig` then supplies the development key.
 */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        problem: describeIssue(issue),
      })),
    );
  }
  const issues = crossCheck(result.data);
  if (issues.length > 0) throw new ConfigError(issues);
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "custom") return issue.message;
  if (issue.code === "invalid_type") return "must be a string";
  return issue.message;
}

/**
 * Read Dugout's configuration from `env` (process.env by default). It reads nothing else from the
 * process, with one exception: when SECRET_KEY is unset outside production, the development key is
 * read from DATA_DIR/secret-key, and generated there (mode 0600) the first time.
 * Throws ConfigError with one clear line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(env);
  const dataDir = resolve(e.DATA_DIR);
  const secretKeySource = e.SECRET_KEY === undefined ? "data_dir" : "env";
  const secretKey = e.SECRET_KEY ?? readOrCreateDevSecretKey(dataDir);
  return {
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST.trim(), corsOrigins: e.CORS_ORIGINS },
    dataDir,
    database: { url: e.DATABASE_URL, connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS },
    redis: { url: e.REDIS_URL },
    secretKey,
    secretKeySource,
    discord: {
      clientId: e.DISCORD_CLIENT_ID?.trim(),
      clientSecret: e.DISCORD_CLIENT_SECRET,
      redirectUri: e.DISCORD_REDIRECT_URI,
      authorizeUrl: e.DISCORD_AUTHORIZE_URL,
      tokenUrl: e.DISCORD_TOKEN_URL,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ""),
    },
    leagues: {
      source: e.LEAGUE_SOURCE,
      sba: { apiUrl: e.SBA_API_URL, apiKey: e.SBA_API_KEY },
      pd: { apiUrl: e.PD_API_URL, apiKey: e.PD_API_KEY },
    },
    log: { dir: resolve(e.LOG_DIR), level: e.LOG_LEVEL },
    devLogin: e.DUGOUT_DEV_LOGIN,
    games: { idleEvictSeconds: e.GAME_IDLE_EVICT_SECONDS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

/** The development SECRET_KEY: generated once, then kept under DATA_DIR so sessions survive restarts. */
function readOrCreateDevSecretKey(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_KEY_FILE);
  const existing = readSecretFile(file);
  if (existing !== undefined) {
    if (existing.length < SECRET_KEY_MIN_LENGTH) {
      throw new ConfigError([
        {
          variable: "SECRET_KEY",
          problem: `is unset and ${file} holds a key shorter than ${SECRET_KEY_MIN_LENGTH} characters (delete the file to generate a new one)`,
        },
      ]);
    }
    return existing;
  }
  const key = randomBytes(32).toString("base64url");
  try {
    mkdirSync(dataDir, { recursive: true });
    // "wx": never overwrite a key another process wrote a moment ago.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
  } catch (error) {
    const raced = readSecretFile(file);
    if (raced !== undefined && raced.length >= SECRET_KEY_MIN_LENGTH) return raced;
    throw new ConfigError([
      {
        variable: "DATA_DIR",
        problem: `must be writable to keep the development SECRET_KEY (${(error as Error).message})`,
      },
    ]);
  }
  return key;
}

function readSecretFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError([
      {
        variable: "DATA_DIR",
        problem: `holds an unreadable ${DEV_SECRET_KEY_FILE} (${(error as Error).message})`,
      },
    ]);
  }
}
