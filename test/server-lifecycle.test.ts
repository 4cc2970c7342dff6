// The server as a real process: `node --import tsx src/cli/server.ts`, as `npm start` runs it.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect as connectTcp, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SERVER_ENTRY = join(ROOT, "src", "cli", "server.ts");

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start the server with a clean environment plus `env`. */
function startServer(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: "test",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  let stderr = "";
  let partial = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    stdout.push(...lines);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout, stderr: () => stderr, exited };
}

/** Resolve with the listening URL once the server logs it; reject if it exits first. */
function listeningUrl(server: Running): Promise<string> {
  return new Promise((resolve, reject) => {
    const scan = () => {
      for (const line of server.stdout) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg?.startsWith("Dugout listening on ") && entry.url) {
          clearInterval(poll);
          resolve(entry.url);
          return;
        }
      }
    };
    const poll = setInterval(scan, 50);
    void server.exited.then(({ code, signal }) => {
      clearInterval(poll);
      reject(new Error(`server exited (${code ?? signal}) before listening: ${server.stderr()}`));
    });
  });
}

/** A TCP port on which nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Start, check readiness, SIGTERM, expect a clean exit 0. */
async function startReadyAndStop(env: Record<string, string>, expectedDatabase: string) {
  const dataDir = tempDir("dugout-data-");
  const logDir = tempDir("dugout-logs-");
  const server = startServer({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_DIR: logDir,
    SHUTDOWN_TIMEOUT_MS: "20000",
    ...env,
  });
  try {
    const url = await listeningUrl(server);
    assert.match(url, /^http:\/\/localhost:\d+$/);
    const port = new URL(url).port;

    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    assert.equal(ready.status, 200, await ready.clone().text());
    const body = (await ready.json()) as { status: string; checks: { database: { kind: string } } };
    assert.equal(body.status, "ready");
    assert.equal(body.checks.database.kind, expectedDatabase);

    server.child.kill("SIGTERM");
    const { code, signal } = await server.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, `stderr: ${server.stderr()}`);
    assert.equal(server.stderr(), "", "a clean shutdown prints nothing on stderr");

    const messages = server.stdout
      .filter((line) => line.startsWith("{"))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    assert.ok(messages.includes("Dugout shutting down"));
    assert.ok(messages.includes("closing database"));
    assert.ok(messages.includes("Dugout stopped"));

    assert.ok(existsSync(join(dataDir, "secret-key")), "the development key is kept");
    const logFiles = readdirSync(logDir);
    assert.equal(logFiles.length, 1, "one log file for today");
  } finally {
    server.child.kill("SIGKILL");
  }
}

test("the server starts on PGlite, is ready, and a SIGTERM shuts it down cleanly with exit code 0", async () => {
  await startReadyAndStop({}, "pglite");
});

test("the same on PostgreSQL (DATABASE_URL)", {
  skip: process.env.TEST_DATABASE_URL ? false : "TEST_DATABASE_URL is not set",
}, async () => {
  await startReadyAndStop(
    { DATABASE_URL: process.env.TEST_DATABASE_URL!, REDIS_URL: process.env.REDIS_URL ?? "" },
    "postgres",
  );
});

test("an invalid env value stops start-up: exit 1, one stderr line naming the variable", async () => {
  const server = startServer({ PORT: "eighty", DATA_DIR: tempDir("dugout-data-") });
  const { code } = await server.exited;
  assert.equal(code, 1);
  const lines = server.stderr().trimEnd().split("\n");
  assert.equal(lines.length, 1, server.stderr());
  assert.match(lines[0]!, /^Invalid configuration: PORT must be an integer/);
});

test("PostgreSQL unreachable at start: bounded retry, then exit 1 with a clear message", async () => {
  const port = await closedPort();
  const server = startServer({
    PORT: "0",
    DATA_DIR: tempDir("dugout-data-"),
    LOG_DIR: tempDir("dugout-logs-"),
    DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`,
    DATABASE_CONNECT_TIMEOUT_MS: "1500",
  });
  const { code } = await server.exited;
  assert.equal(code, 1);
  const lines = server.stderr().trimEnd().split("\n");
  assert.equal(lines.length, 1, server.stderr());
  assert.match(lines[0]!, /^Database unreachable: /);
  assert.match(lines[0]!, new RegExp(String(port)), "the message says where it tried");
});

test("a failing migration stops start-up: exit 1, one clear line, nothing half written", async () => {
  // A PGlite database where a table the first migration creates already exists (say, made by
  // hand): that migration fails part-way through its file.
  const dataDir = tempDir("dugout-data-");
  const pgliteDir = join(dataDir, "pglite");
  const before = await PGlite.create({ dataDir: pgliteDir });
  await before.exec(`CREATE TABLE "users" ("handmade" integer)`);
  await before.close();

  const server = startServer({ PORT: "0", DATA_DIR: dataDir, LOG_DIR: tempDir("dugout-logs-") });
  const { code } = await server.exited;
  assert.equal(code, 1);
  const lines = server.stderr().trimEnd().split("\n");
  assert.equal(lines.length, 1, server.stderr());
  assert.match(lines[0]!, /^Database migration failed/);
  assert.match(lines[0]!, /users/, "the line names what failed");

  // The failed file rolled back whole: none of its tables exist, the hand-made one is untouched.
  const after = await PGlite.create({ dataDir: pgliteDir });
  try {
    const tables = await after.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public'",
    );
    assert.deepEqual(
      tables.rows.map((row) => row.name),
      ["users"],
    );
    const columns = await after.query<{ name: string }>(
      "select column_name as name from information_schema.columns where table_name = 'users'",
    );
    assert.deepEqual(
      columns.rows.map((row) => row.name),
      ["handmade"],
    );
  } finally {
    await after.close();
  }
});

test("a shutdown that overruns SHUTDOWN_TIMEOUT_MS exits 1 with a message", async () => {
  const server = startServer({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: tempDir("dugout-data-"),
    LOG_DIR: tempDir("dugout-logs-"),
    SHUTDOWN_TIMEOUT_MS: "500",
  });
  let client: Socket | undefined;
  try {
    const port = Number(new URL(await listeningUrl(server)).port);
    // A slow client: it starts a POST and never finishes the body, so the request stays in flight.
    const doc = (await (await fetch(`http://127.0.0.1:${port}/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const postPath = Object.keys(doc.paths).find(
      (path) => doc.paths[path]?.post && !path.includes("{"),
    );
    assert.ok(postPath, "the API has a POST route");
    client = connectTcp(port, "127.0.0.1");
    await new Promise<void>((resolve) => client!.once("connect", () => resolve()));
    client.write(
      `POST ${postPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    server.child.kill("SIGTERM");
    const { code } = await server.exited;
    assert.equal(code, 1);
    assert.match(server.stderr(), /shutdown timed out after 500 ms \(SHUTDOWN_TIMEOUT_MS\)/);
  } finally {
    client?.destroy();
    server.child.kill("SIGKILL");
  }
});
