import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  CONFIG_VARIABLES,
  ConfigError,
  DEFAULT_DISCORD_API_URL,
  DEFAULT_DISCORD_AUTHORIZE_URL,
  DEFAULT_DISCORD_TOKEN_URL,
  DEV_SECRET_KEY_FILE,
  loadConfig,
} from "./config.js";

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "dugout-config-"));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const SECRET = "s".repeat(32);

/** Everything NODE_ENV=production needs. */
const PRODUCTION = {
  NODE_ENV: "production",
  SECRET_KEY: "p".repeat(40),
  DISCORD_CLIENT_ID: "123456789",
  DISCORD_CLIENT_SECRET: "discord-secret",
  DISCORD_REDIRECT_URI: "https://dugout.example/auth/discord/callback",
  SBA_API_KEY: "sba-key",
  PD_API_KEY: "pd-key",
};

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    return err;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

describe("development defaults", () => {
  test("an empty environment runs on PGlite, the bundled league and port 8000", () => {
    const dataDir = tempDataDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    assert.equal(config.env, "development");
    assert.equal(config.http.port, 8000);
    assert.equal(config.http.host, "0.0.0.0");
    assert.equal(config.dataDir, dataDir);
    assert.equal(config.database.url, undefined, "no DATABASE_URL means PGlite");
    assert.equal(config.redis.url, undefined);
    assert.equal(config.leagues.source, "bundled");
    assert.equal(config.devLogin, false);
    assert.equal(config.log.level, "info");
    assert.match(config.log.dir, /\/logs$/);
    assert.equal(config.games.idleEvictSeconds, 900);
    assert.equal(config.shutdownTimeoutMs, 10_000);
    assert.equal(config.discord.authorizeUrl, DEFAULT_DISCORD_AUTHORIZE_URL);
    assert.equal(config.discord.tokenUrl, DEFAULT_DISCORD_TOKEN_URL);
    assert.equal(config.discord.apiUrl, DEFAULT_DISCORD_API_URL);
    assert.ok(config.http.corsOrigins.includes("http://localhost:8000"));
  });

  test("DATA_DIR defaults to ./data", () => {
    // Pass SECRET_KEY so the test writes nothing under the real ./data.
    const config = loadConfig({ SECRET_KEY: SECRET });
    assert.equal(config.dataDir, join(process.cwd(), "data"));
  });

  test("empty values mean the default, as in a copied .env.example", () => {
    const config = loadConfig({ DATA_DIR: tempDataDir(), PORT: "", LOG_LEVEL: " ", REDIS_URL: "" });
    assert.equal(config.http.port, 8000);
    assert.equal(config.log.level, "info");
    assert.equal(config.redis.url, undefined);
  });

  test("values are read and normalised", () => {
    const config = loadConfig({
      SECRET_KEY: SECRET,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      DATABASE_CONNECT_TIMEOUT_MS: "1500",
      REDIS_URL: "redis://127.0.0.1:6379",
      LEAGUE_SOURCE: "API",
      SBA_API_URL: "https://sba.example/api",
      PD_API_URL: "https://pd.example/api",
      CORS_ORIGINS: "https://dugout.example, http://localhost:5173/",
      LOG_LEVEL: "debug",
      DUGOUT_DEV_LOGIN: "1",
      DISCORD_API_URL: "http://127.0.0.1:9999/api/",
      GAME_IDLE_EVICT_SECONDS: "60",
      SHUTDOWN_TIMEOUT_MS: "2500",
    });
    assert.equal(config.secretKey, SECRET);
    assert.equal(config.secretKeySource, "env");
    assert.equal(config.http.port, 0);
    assert.equal(config.http.host, "127.0.0.1");
    assert.equal(config.database.url, "postgres://postgres@127.0.0.1:5432/test");
    assert.equal(config.database.connectTimeoutMs, 1500);
    assert.equal(config.redis.url, "redis://127.0.0.1:6379");
    assert.equal(config.leagues.source, "api");
    assert.equal(config.leagues.sba.apiUrl, "https://sba.example/api");
    assert.deepEqual(config.http.corsOrigins, ["https://dugout.example", "http://localhost:5173"]);
    assert.equal(config.log.level, "debug");
    assert.equal(config.devLogin, true);
    assert.equal(config.discord.apiUrl, "http://127.0.0.1:9999/api");
    assert.equal(config.games.idleEvictSeconds, 60);
    assert.equal(config.shutdownTimeoutMs, 2500);
  });
});

describe("the development SECRET_KEY", () => {
  test("is generated once under DATA_DIR and reused on the next start", () => {
    const dataDir = tempDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    assert.equal(first.secretKeySource, "data_dir");
    assert.ok(first.secretKey.length >= 32);

    const file = join(dataDir, DEV_SECRET_KEY_FILE);
    assert.equal(readFileSync(file, "utf8").trim(), first.secretKey);
    assert.equal(statSync(file).mode & 0o777, 0o600, "only the owner may read the key");

    const second = loadConfig({ DATA_DIR: dataDir });
    assert.equal(second.secretKey, first.secretKey);

    const elsewhere = loadConfig({ DATA_DIR: tempDataDir() });
    assert.notEqual(elsewhere.secretKey, first.secretKey, "each data dir has its own key");
  });

  test("a SECRET_KEY from the environment wins and nothing is written", () => {
    const dataDir = tempDataDir();
    const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: SECRET });
    assert.equal(config.secretKey, SECRET);
    assert.throws(() => statSync(join(dataDir, DEV_SECRET_KEY_FILE)), /ENOENT/);
  });

  test("a truncated key file is refused, not silently replaced", () => {
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, DEV_SECRET_KEY_FILE), "too-short\n");
    const error = configError({ DATA_DIR: dataDir });
    assert.equal(error.variable, "SECRET_KEY");
    assert.match(error.message, /delete the file/);
  });
});

describe("NODE_ENV=production", () => {
  test("starts when every secret is set", () => {
    const config = loadConfig({ ...PRODUCTION, DATA_DIR: tempDataDir() });
    assert.equal(config.env, "production");
    assert.equal(config.secretKeySource, "env");
  });

  for (const name of [
    "SECRET_KEY",
    "DISCORD_CLIENT_SECRET",
    "SBA_API_KEY",
    "PD_API_KEY",
    "DISCORD_CLIENT_ID",
    "DISCORD_REDIRECT_URI",
  ] as const) {
    test(`refuses to start without ${name}`, () => {
      const dataDir = tempDataDir();
      const error = configError({ ...PRODUCTION, [name]: undefined, DATA_DIR: dataDir });
      assert.equal(error.variable, name);
      assert.match(error.message, new RegExp(`${name} must be set when NODE_ENV=production`));
      assert.throws(
        () => statSync(join(dataDir, DEV_SECRET_KEY_FILE)),
        /ENOENT/,
        "production never generates a key",
      );
    });
  }

  test("refuses DUGOUT_DEV_LOGIN=1", () => {
    const error = configError({ ...PRODUCTION, DUGOUT_DEV_LOGIN: "1" });
    assert.equal(error.variable, "DUGOUT_DEV_LOGIN");
    assert.match(error.message, /refused when NODE_ENV=production/);
  });
});

describe("a bad value stops start-up with one line naming the variable", () => {
  const cases: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ["PORT", { PORT: "80a" }, /PORT must be an integer from 0 to 65535 \(got "80a"\)/],
    ["PORT", { PORT: "70000" }, /PORT must be an integer from 0 to 65535/],
    ["NODE_ENV", { NODE_ENV: "staging" }, /NODE_ENV must be one of development, test, production/],
    ["DATABASE_URL", { DATABASE_URL: "not a url" }, /DATABASE_URL must be a PostgreSQL URL/],
    ["DATABASE_URL", { DATABASE_URL: "mysql://u@h/db" }, /DATABASE_URL must start with postgres:/],
    ["REDIS_URL", { REDIS_URL: "http://127.0.0.1:6379" }, /REDIS_URL must start with redis:/],
    ["SECRET_KEY", { SECRET_KEY: "short" }, /SECRET_KEY must be at least 32 characters long/],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of fatal, error/],
    ["LEAGUE_SOURCE", { LEAGUE_SOURCE: "csv" }, /LEAGUE_SOURCE must be one of bundled, api/],
    ["SBA_API_URL", { LEAGUE_SOURCE: "api" }, /SBA_API_URL must be set when LEAGUE_SOURCE=api/],
    ["SBA_API_URL", { SBA_API_URL: "ftp://x" }, /SBA_API_URL must start with http:/],
    ["CORS_ORIGINS", { CORS_ORIGINS: "http://a.example/path" }, /CORS_ORIGINS must be a comma/],
    ["DUGOUT_DEV_LOGIN", { DUGOUT_DEV_LOGIN: "yes" }, /DUGOUT_DEV_LOGIN must be 0 or 1/],
    ["DISCORD_TOKEN_URL", { DISCORD_TOKEN_URL: "discord" }, /DISCORD_TOKEN_URL must be/],
    ["GAME_IDLE_EVICT_SECONDS", { GAME_IDLE_EVICT_SECONDS: "0" }, /GAME_IDLE_EVICT_SECONDS must/],
    [
      "SHUTDOWN_TIMEOUT_MS",
      { SHUTDOWN_TIMEOUT_MS: "-5" },
      /SHUTDOWN_TIMEOUT_MS must be an integer/,
    ],
  ];
  for (const [variable, env, expected] of cases) {
    test(`${variable}=${JSON.stringify(Object.values(env)[0])}`, () => {
      const error = configError({ SECRET_KEY: SECRET, ...env });
      assert.equal(error.variable, variable);
      assert.match(error.message, /^Invalid configuration: /);
      assert.match(error.message, expected);
      assert.doesNotMatch(error.message, /\n/, "one line");
    });
  }

  test("a password inside a bad URL is not echoed", () => {
    const error = configError({ SECRET_KEY: SECRET, DATABASE_URL: "mysql://u:hunter2@h/db" });
    assert.doesNotMatch(error.message, /hunter2/);
  });

  test("a short SECRET_KEY is not echoed", () => {
    const error = configError({ SECRET_KEY: "hunter2-is-my-key" });
    assert.doesNotMatch(error.message, /hunter2/);
  });
});

describe(".env.example", () => {
  const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
  const assignments = example
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.slice(0, line.indexOf("=")));

  test("documents every variable the config reads, and no other", () => {
    assert.deepEqual([...assignments].sort(), [...CONFIG_VARIABLES].sort());
  });

  test("copied as is, it starts on the development defaults", () => {
    const env = Object.fromEntries(assignments.map((name) => [name, ""]));
    const config = loadConfig({ ...env, DATA_DIR: tempDataDir() });
    assert.equal(config.http.port, 8000);
    assert.equal(config.leagues.source, "bundled");
  });
});
