import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { Redis } from "ioredis";
import pino from "pino";
import { z } from "zod";
import { openDatabase } from "../db/client.js";
import { ErrorBodySchema, HttpError } from "./errors.js";
import { buildTestApp, openTestAppDatabase } from "./testing.js";

/** A logger whose JSON lines a test can read back. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, stream) };
}

/** Routes that exercise the error paths, registered the way a room's route plugin would be. */
async function exampleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/example/lineups/:gameId",
    {
      schema: {
        params: z.object({ gameId: z.uuid() }),
        body: z.object({
          battingOrder: z.array(z.int().min(1).max(9)).length(9),
          pitcherId: z.string().min(1),
        }),
        response: { 200: z.object({ accepted: z.literal(true) }), 400: ErrorBodySchema },
      },
    },
    async () => ({ accepted: true as const }),
  );
  app.get("/example/boom", async () => {
    throw new Error("connection string postgres://admin:hunter2@db leaked");
  });
  app.get("/example/stale", async () => {
    throw Object.assign(new Error("Game g1 is at version 7, not 6"), {
      code: "db/version_conflict",
      details: { currentVersion: 7 },
    });
  });
  app.get("/example/no-game", async () => {
    throw Object.assign(new Error("No game g9"), { code: "db/unknown_game" });
  });
  app.get("/example/not-owner", async () => {
    throw HttpError.forbidden("auth/not_owner", "You do not manage this team");
  });
}

describe("the app over inject", () => {
  let app: FastifyInstance;
  const log = capturingLogger();

  before(async () => {
    app = await buildTestApp({ logger: log.logger });
    await app.register(exampleRoutes);
    await app.ready();
  });
  after(() => app.close());

  test("GET /health: the process is up", async () => {
    const res = await app.inject({ method: "GET", url: "/health" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, "ok");
  });

  test("GET /health/ready: the database answers and its migrations are at head", async () => {
    const res = await app.inject({ method: "GET", url: "/health/ready" });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.status, "ready");
    assert.equal(body.checks.database.ok, true);
    assert.equal(body.checks.database.kind, "pglite");
    assert.equal(body.checks.database.migrations.applied, body.checks.database.migrations.expected);
    assert.equal(body.checks.redis, undefined, "no REDIS_URL, no Redis check");
  });

  test("an unknown route answers 404 in the error body", async () => {
    const res = await app.inject({ method: "GET", url: "/no/such/route?x=1" });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), {
      error: { code: "route/not_found", message: "No route for GET /no/such/route", details: null },
    });
  });

  test("a request failing its schema answers 400 request/invalid, naming each bad field", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/example/lineups/not-a-uuid",
      payload: { battingOrder: [1, 2, 3, 4, 5, 6, 7, 8, 10] },
    });
    assert.equal(res.statusCode, 400);
    const { error } = res.json();
    assert.equal(error.code, "request/invalid");
    assert.ok(Array.isArray(error.details));
    // Fastify validates params before the body, and stops at the first part that fails.
    assert.deepEqual(
      error.details.map((d: { path: string }) => d.path),
      ["params.gameId"],
    );

    const bodyRes = await app.inject({
      method: "POST",
      url: "/example/lineups/6f1f7a8e-4c1b-4a39-9a51-0c1f0b8e8a11",
      payload: { battingOrder: [1, 2, 3, 4, 5, 6, 7, 8, 10] },
    });
    assert.equal(bodyRes.statusCode, 400);
    const bodyError = bodyRes.json().error;
    assert.equal(bodyError.code, "request/invalid");
    const paths = bodyError.details.map((d: { path: string }) => d.path).sort();
    assert.deepEqual(paths, ["body.battingOrder.8", "body.pitcherId"]);
    for (const detail of bodyError.details) assert.ok(detail.message.length > 0);
    assert.match(bodyError.message, /body\.pitcherId/);
  });

  test("a valid request passes", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/example/lineups/6f1f7a8e-4c1b-4a39-9a51-0c1f0b8e8a11",
      payload: { battingOrder: [1, 2, 3, 4, 5, 6, 7, 8, 9], pitcherId: "p-1" },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { accepted: true });
  });

  test("malformed JSON answers 400 request/malformed", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/example/lineups/6f1f7a8e-4c1b-4a39-9a51-0c1f0b8e8a11",
      headers: { "content-type": "application/json" },
      payload: '{"battingOrder": [1,',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, "request/malformed");
  });

  test("a crash answers 500 with the message hidden, and is logged with the request id", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/example/boom",
      headers: { "x-request-id": "trace-500-abc" },
    });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), {
      error: { code: "server/internal", message: "Internal server error", details: null },
    });
    assert.doesNotMatch(res.body, /hunter2/);
    assert.equal(res.headers["x-request-id"], "trace-500-abc");

    const logged = log.lines.find((line) => line.level === 50 && line.reqId === "trace-500-abc");
    assert.ok(logged, "the failure is logged at error level with the request id");
    assert.match(String((logged.err as { message: string }).message), /hunter2/);
  });

  test("domain errors with a namespaced code map to their status", async () => {
    const stale = await app.inject({ method: "GET", url: "/example/stale" });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(stale.json(), {
      error: {
        code: "db/version_conflict",
        message: "Game g1 is at version 7, not 6",
        details: { currentVersion: 7 },
      },
    });

    const missing = await app.inject({ method: "GET", url: "/example/no-game" });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "db/unknown_game");

    const forbidden = await app.inject({ method: "GET", url: "/example/not-owner" });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().error.code, "auth/not_owner");
  });

  test("every answer carries a request id; a sane incoming one is kept, a wild one replaced", async () => {
    const fresh = await app.inject({ method: "GET", url: "/health" });
    assert.match(String(fresh.headers["x-request-id"]), /^[0-9a-f-]{36}$/);

    const wild = await app.inject({
      method: "GET",
      url: "/health",
      headers: { "x-request-id": "bad id\twith spaces" },
    });
    assert.notEqual(wild.headers["x-request-id"], "bad id\twith spaces");
  });

  test("/docs/json is an OpenAPI 3 document built from the zod schemas", async () => {
    const res = await app.inject({ method: "GET", url: "/docs/json" });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    assert.equal(doc.info.title, "Dugout");
    assert.ok(doc.paths["/health"]?.get, "liveness is documented");
    const ready = doc.paths["/health/ready"]?.get;
    assert.ok(ready, "readiness is documented");
    const ok = ready.responses["200"].content["application/json"].schema;
    assert.ok(JSON.stringify(ok).includes("checks"), "the 200 schema comes from zod");
    const unavailable = JSON.stringify(ready.responses["503"]);
    assert.match(unavailable, /ErrorBody|"error"/, "the 503 answer is the standard error body");
    assert.ok(doc.paths["/example/lineups/{gameId}"]?.post, "route plugins' routes appear too");

    const ui = await app.inject({ method: "GET", url: "/docs" });
    assert.ok([200, 302].includes(ui.statusCode), `Swagger UI answers (${ui.statusCode})`);

    const missing = await app.inject({ method: "GET", url: "/docs/static/no-such-file.js" });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "route/not_found", "the docs scope answers our way");
  });

  test("CORS allows the configured origins only", async () => {
    const allowed = await app.inject({
      method: "GET",
      url: "/health",
      headers: { origin: "http://localhost:5173" },
    });
    assert.equal(allowed.headers["access-control-allow-origin"], "http://localhost:5173");
    const denied = await app.inject({
      method: "GET",
      url: "/health",
      headers: { origin: "https://evil.example" },
    });
    assert.equal(denied.headers["access-control-allow-origin"], undefined);
  });
});

describe("readiness with Redis", () => {
  test("Redis that does not answer makes /health/ready 503, naming it", async () => {
    // A real client pointed at a port where nothing listens.
    const redis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on("error", () => undefined);
    const app = await buildTestApp({ redis });
    try {
      const res = await app.inject({ method: "GET", url: "/health/ready" });
      assert.equal(res.statusCode, 503);
      const { error } = res.json();
      assert.equal(error.code, "health/not_ready");
      assert.match(error.message, /^Not ready: redis: not connected/);
      assert.equal(error.details.checks.database.ok, true);
      assert.equal(error.details.checks.redis.ok, false);
    } finally {
      await app.close();
    }
  });

  test("a live Redis (REDIS_URL) is checked and reported", {
    skip: process.env.REDIS_URL ? false : "REDIS_URL is not set",
  }, async () => {
    const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
    await redis.connect();
    const app = await buildTestApp({ redis });
    try {
      const res = await app.inject({ method: "GET", url: "/health/ready" });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().checks.redis, { ok: true });
    } finally {
      await app.close();
    }
    assert.equal(redis.status, "end", "closing the app quits Redis");
  });
});

describe("closing the app", () => {
  test("lets a request in flight finish before the database closes", async () => {
    const events: string[] = [];
    const db = await openTestAppDatabase();
    const closeDb = db.close.bind(db);
    db.close = async () => {
      events.push("database closed");
      await closeDb();
    };
    const app = await buildTestApp({ db });
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      app.get("/example/slow-write", async () => {
        resolve();
        await new Promise<void>((done) => {
          release = done;
        });
        await app.db.ping(); // the write still has its database
        events.push("write finished");
        return { saved: true };
      });
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as { port: number };

    const response = fetch(`http://127.0.0.1:${port}/example/slow-write`);
    await started;
    const closed = app.close();
    setTimeout(() => release(), 50);
    const res = await response;
    await closed;

    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { saved: true });
    assert.deepEqual(events, ["write finished", "database closed"]);
  });

  test("closes the services in reverse order, then the database", async () => {
    const closed: string[] = [];
    const db = await openTestAppDatabase();
    const closeDb = db.close.bind(db);
    db.close = async () => {
      closed.push("database");
      await closeDb();
    };
    const app = await buildTestApp({
      db,
      services: [
        { name: "leagues", close: () => void closed.push("leagues") },
        { name: "games", close: async () => void closed.push("games") },
      ],
    });
    await app.ready();
    await app.close();
    assert.deepEqual(closed, ["games", "leagues", "database"]);
  });

  test("a service that fails to close does not keep the database open", async () => {
    const closed: string[] = [];
    const db = await openTestAppDatabase();
    const closeDb = db.close.bind(db);
    db.close = async () => {
      closed.push("database");
      await closeDb();
    };
    const app = await buildTestApp({
      db,
      services: [
        {
          name: "games",
          close: () => {
            throw new Error("queue stuck");
          },
        },
      ],
    });
    await app.ready();
    await app.close();
    assert.deepEqual(closed, ["database"]);
  });
});

describe("on PostgreSQL", () => {
  const url = process.env.TEST_DATABASE_URL;
  test("/health/ready reports the PostgreSQL database at head", {
    skip: url ? false : "TEST_DATABASE_URL is not set",
  }, async () => {
    const db = await openDatabase({ url, connectTimeoutMs: 5000 });
    const app = await buildTestApp({ db });
    try {
      const res = await app.inject({ method: "GET", url: "/health/ready" });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().checks.database.kind, "postgres");
      assert.equal(res.json().checks.database.ok, true);
    } finally {
      await app.close();
    }
  });
});
