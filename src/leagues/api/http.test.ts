// The fetch wrapper against a real in-process HTTP server: retries, backoff, timeouts, auth, and
// the errors each failure becomes.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { z } from "zod";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../testing/fake-sba-api.js";
import type { FakeApiServer } from "../testing/fake-server.js";
import { LeagueError } from "./errors.js";
import { LeagueHttpClient, type LeagueHttpOptions, quoteBigIntegers } from "./http.js";

let server: FakeApiServer;
let slept: number[];

before(async () => {
  server = await startFakeSbaApi();
});
after(() => server.close());
beforeEach(() => {
  server.clearFaults();
  server.resetCounts();
  slept = [];
});

const CurrentSchema = z.object({ season: z.number(), week: z.number() });

function client(overrides: Partial<LeagueHttpOptions> = {}) {
  return new LeagueHttpClient({
    label: "SBA API",
    baseUrl: `${server.url}/api/v3`,
    apiKey: FAKE_SBA_API_KEY,
    timeoutMs: 2_000,
    maxAttempts: 3,
    backoffBaseMs: 100,
    backoffMaxMs: 1_000,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...overrides,
  });
}

const isLeague = (code: string, pattern?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof LeagueError, `expected a LeagueError, got ${String(err)}`);
  assert.equal(err.code, code);
  if (pattern) assert.match(err.message, pattern);
  return true;
};

describe("league HTTP client", () => {
  test("a healthy GET sends the Bearer key and parses the body", async () => {
    const current = await client().get("current", CurrentSchema);
    assert.deepEqual(current, { season: 12, week: 7 });
    assert.equal(server.requests[0]?.authorization, `Bearer ${FAKE_SBA_API_KEY}`);
  });

  test("a 5xx is retried with exponential backoff, and the retry that works is the answer", async () => {
    server.inject({ kind: "status", status: 500, times: 1 });
    server.inject({ kind: "status", status: 503, times: 1 });
    const current = await client().get("current", CurrentSchema);
    assert.equal(current.season, 12);
    assert.equal(server.count(), 3);
    // Equal jitter with random() = 0.5: 3/4 of 100 ms, then 3/4 of 200 ms.
    assert.deepEqual(slept, [75, 150]);
  });

  test("the backoff is capped and its jitter comes from the injected randomness", () => {
    const low = client({ random: () => 0, backoffBaseMs: 100, backoffMaxMs: 1_000 });
    const high = client({ random: () => 0.999999, backoffBaseMs: 100, backoffMaxMs: 1_000 });
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => low.backoffDelay(n)),
      [50, 100, 200, 400, 500, 500],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => high.backoffDelay(n)),
      [100, 200, 400, 800, 1000, 1000],
    );
  });

  test("after the last attempt an outage is league/unavailable, naming the URL and the cause", async () => {
    server.inject({ kind: "status", status: 502 });
    await assert.rejects(
      client().get("current", CurrentSchema),
      isLeague(
        "league/unavailable",
        /SBA API is unavailable: GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/current failed 3 time\(s\); last: HTTP 502/,
      ),
    );
    assert.equal(server.count(), 3, "bounded: exactly maxAttempts calls");
    assert.equal(slept.length, 2);
  });

  test("a dropped connection is a network error and is retried", async () => {
    server.inject({ kind: "drop", times: 2 });
    const current = await client().get("current", CurrentSchema);
    assert.equal(current.week, 7);
    assert.equal(server.count(), 3);
  });

  test("a stalled upstream times out and the attempt is retried", async () => {
    server.inject({ kind: "delay", ms: 1_000, times: 1 });
    const current = await client({ timeoutMs: 100 }).get("current", CurrentSchema);
    assert.equal(current.season, 12);
    assert.equal(server.count(), 2);
  });

  test("an upstream that always stalls ends as league/unavailable with 'timed out'", async () => {
    server.inject({ kind: "delay", ms: 1_000 });
    await assert.rejects(
      client({ timeoutMs: 60, maxAttempts: 2 }).get("current", CurrentSchema),
      isLeague("league/unavailable", /timed out after 60 ms/),
    );
  });

  test("a 404 is league/not_found at once, never retried", async () => {
    await assert.rejects(
      client().get("players/424242", z.object({ id: z.number() })),
      isLeague("league/not_found", /players\/424242 answered 404/),
    );
    assert.equal(server.count(), 1);
    assert.deepEqual(slept, []);
  });

  test("another 4xx is not retried: a wrong key is league/rejected", async () => {
    await assert.rejects(
      client({ apiKey: "wrong" }).get("current", CurrentSchema),
      isLeague("league/rejected", /HTTP 401 \(check the API key\)/),
    );
    assert.equal(server.count(), 1);
  });

  test("a body that is not JSON is league/bad_response", async () => {
    server.inject({ kind: "not_json", times: 1 });
    await assert.rejects(
      client().get("current", CurrentSchema),
      isLeague("league/bad_response", /not JSON/),
    );
    assert.equal(server.count(), 1, "a bad body is not retried");
  });

  test("a shape mismatch names the field path and the URL", async () => {
    server.inject({
      kind: "corrupt",
      times: 1,
      corrupt: (body) => ({ ...(body as object), week: "seven" }),
    });
    await assert.rejects(client().get("current", CurrentSchema), (err: unknown) => {
      isLeague("league/bad_response")(err);
      const e = err as LeagueError;
      assert.match(e.message, /GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/current/);
      assert.match(e.message, /week: .*expected number/i);
      assert.deepEqual(
        (e.details!.issues as { path: string }[]).map((i) => i.path),
        ["week"],
      );
      return true;
    });
  });

  test("Discord ids past 2^53 keep every digit", () => {
    const text = '{"gmid": 258104532423147521, "gmid2": null, "id": 9007199254740993}';
    const parsed = JSON.parse(quoteBigIntegers(text, ["gmid", "gmid2"]));
    assert.equal(parsed.gmid, "258104532423147521");
    assert.equal(parsed.gmid2, null);
    assert.equal(typeof parsed.id, "number", "other keys are left alone");
  });
});
