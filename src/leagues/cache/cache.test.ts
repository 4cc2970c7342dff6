// The league cache contract, run against the in-memory LRU always and against the REAL Redis at
// REDIS_URL when it is set.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { Redis } from "ioredis";
import { LeagueError } from "../api/errors.js";
import type { Cache } from "./cache.js";
import { MemoryCache } from "./memory.js";
import { RedisCache } from "./redis.js";

interface Harness {
  cache: Cache;
  /** Move the cache's clock forward. */
  advance(ms: number): void;
  /** A second cache sharing the same store, as another server process would (Redis only). */
  sibling?: () => Cache;
}

const upstreamDown = () =>
  new LeagueError("league/unavailable", "SBA API is unavailable: HTTP 500", { url: "x" });
const isUpstreamDown = (err: unknown) =>
  err instanceof LeagueError && err.code === "league/unavailable";

function contract(name: string, makeHarness: () => Harness) {
  describe(`${name} cache`, () => {
    test("a fresh value is served without calling the upstream again", async () => {
      const { cache } = makeHarness();
      let calls = 0;
      const load = async () => ({ id: 7, name: `call ${++calls}` });
      assert.deepEqual(await cache.getOrLoad("team:7", load), { id: 7, name: "call 1" });
      assert.deepEqual(await cache.getOrLoad("team:7", load), { id: 7, name: "call 1" });
      assert.equal(calls, 1);
      assert.deepEqual(await cache.get("team:7"), { id: 7, name: "call 1" });
    });

    test("50 concurrent misses for one key make one upstream call", async () => {
      const { cache } = makeHarness();
      let calls = 0;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const load = async () => {
        calls++;
        await gate;
        return { roster: [1, 2, 3] };
      };
      const pending = Array.from({ length: 50 }, () => cache.getOrLoad("roster:1", load));
      // Let every caller reach the cache before the upstream answers.
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      const answers = await Promise.all(pending);
      assert.equal(calls, 1);
      for (const answer of answers) assert.deepEqual(answer, { roster: [1, 2, 3] });
    });

    test("a value expires after its TTL and is loaded again", async () => {
      const { cache, advance } = makeHarness();
      let calls = 0;
      const load = async () => ++calls;
      assert.equal(await cache.getOrLoad("current", load, { ttlMs: 1_000 }), 1);
      advance(999);
      assert.equal(await cache.getOrLoad("current", load, { ttlMs: 1_000 }), 1);
      advance(2);
      assert.equal(await cache.get("current"), undefined, "past its TTL, get() misses");
      assert.equal(await cache.getOrLoad("current", load, { ttlMs: 1_000 }), 2);
      assert.equal(calls, 2);
    });

    test("when the upstream is down, the last good value is served (stale-while-error)", async () => {
      const { cache, advance } = makeHarness();
      await cache.getOrLoad("player:5", async () => ({ name: "Old Hoss" }), { ttlMs: 1_000 });
      advance(60_000);
      const stale: number[] = [];
      const value = await cache.getOrLoad(
        "player:5",
        async () => {
          throw upstreamDown();
        },
        { ttlMs: 1_000, serveStaleOn: isUpstreamDown, onStale: (e) => stale.push(e.ageMs) },
      );
      assert.deepEqual(value, { name: "Old Hoss" });
      assert.deepEqual(stale, [60_000]);
    });

    test("with nothing cached, an outage is reported as the upstream's error", async () => {
      const { cache } = makeHarness();
      await assert.rejects(
        cache.getOrLoad(
          "player:404",
          async () => {
            throw upstreamDown();
          },
          { serveStaleOn: isUpstreamDown },
        ),
        (err: unknown) => err instanceof LeagueError && err.code === "league/unavailable",
      );
    });

    test("an error the caller does not accept is not papered over with a stale value", async () => {
      const { cache, advance } = makeHarness();
      await cache.getOrLoad("player:6", async () => "cached", { ttlMs: 10 });
      advance(100);
      await assert.rejects(
        cache.getOrLoad(
          "player:6",
          async () => {
            throw new LeagueError("league/not_found", "gone");
          },
          { serveStaleOn: isUpstreamDown },
        ),
        /gone/,
      );
    });

    test("a failed load is not cached: the next call tries the upstream again", async () => {
      const { cache } = makeHarness();
      let calls = 0;
      const load = async () => {
        calls++;
        if (calls === 1) throw upstreamDown();
        return "up again";
      };
      await assert.rejects(cache.getOrLoad("current", load));
      assert.equal(await cache.getOrLoad("current", load), "up again");
      assert.equal(calls, 2);
    });

    test("delete() forgets a value", async () => {
      const { cache } = makeHarness();
      await cache.set("k", { a: 1 }, 10_000);
      assert.deepEqual(await cache.get("k"), { a: 1 });
      await cache.delete("k");
      assert.equal(await cache.get("k"), undefined);
    });
  });
}

// ---------------------------------------------------------------------------------------------

contract("memory", () => {
  let now = 1_700_000_000_000;
  return {
    cache: new MemoryCache({ now: () => now }),
    advance: (ms) => {
      now += ms;
    },
  };
});

test("memory cache: at most maxEntries keys, least recently used evicted first", async () => {
  const cache = new MemoryCache({ maxEntries: 2 });
  await cache.set("a", 1);
  await cache.set("b", 2);
  await cache.get("a");
  await cache.set("c", 3);
  assert.equal(cache.size, 2);
  assert.equal(await cache.get("b"), undefined);
  assert.equal(await cache.get("a"), 1);
  assert.equal(await cache.get("c"), 3);
});

const REDIS_URL = process.env.REDIS_URL;
const skipRedis = REDIS_URL ? false : "REDIS_URL is not set: Redis cache tests need a real Redis";
const connections: Redis[] = [];
const prefixes: string[] = [];

function redisHarness(): Harness {
  const prefix = `dugout:test:${randomUUID()}:`;
  prefixes.push(prefix);
  let now = 1_700_000_000_000;
  const make = () => {
    const redis = new Redis(REDIS_URL!, { lazyConnect: false, maxRetriesPerRequest: 1 });
    connections.push(redis);
    return new RedisCache({ redis, prefix, now: () => now, pollMs: 5 });
  };
  return {
    cache: make(),
    advance: (ms) => {
      now += ms;
    },
    sibling: make,
  };
}

if (REDIS_URL) {
  contract("redis", redisHarness);

  describe("redis cache across processes", () => {
    test("concurrent misses from several processes make one upstream call", async () => {
      const harness = redisHarness();
      const caches = [harness.cache, harness.sibling!(), harness.sibling!(), harness.sibling!()];
      let calls = 0;
      const load = async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        return { teams: ["WV", "NYY"] };
      };
      const answers = await Promise.all(
        caches.flatMap((cache) => Array.from({ length: 10 }, () => cache.getOrLoad("teams", load))),
      );
      assert.equal(calls, 1);
      assert.equal(answers.length, 40);
      for (const answer of answers) assert.deepEqual(answer, { teams: ["WV", "NYY"] });
    });

    test("when the lock holder's load fails, the waiters get its error without calling again", async () => {
      const harness = redisHarness();
      const caches = [harness.cache, harness.sibling!(), harness.sibling!()];
      let calls = 0;
      // The holder fails only after every sibling has reached Redis and is waiting on its lock
      // (on a loaded machine a sibling can take tens of ms to get there; one that arrives after
      // the failure is a new caller and rightly tries again).
      const load = async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw upstreamDown();
      };
      const results = await Promise.allSettled(caches.map((cache) => cache.getOrLoad("k", load)));
      assert.equal(calls, 1);
      for (const result of results) {
        assert.equal(result.status, "rejected");
        assert.equal((result as PromiseRejectedResult).reason.code, "league/unavailable");
      }
    });

    test("values are JSON in Redis under the prefix, with a PX TTL", async () => {
      const harness = redisHarness();
      await harness.cache.set("team:1", { abbrev: "WV" }, 5_000);
      const redis = connections.at(-1)!;
      const prefix = prefixes.at(-1)!;
      const raw = await redis.get(`${prefix}team:1`);
      assert.deepEqual(JSON.parse(raw!).value, { abbrev: "WV" });
      const ttl = await redis.pttl(`${prefix}team:1`);
      assert.ok(ttl > 5_000, `kept beyond its fresh time for stale-while-error (pttl ${ttl})`);
    });
  });
} else {
  test("redis cache", { skip: skipRedis }, () => {});
}

after(async () => {
  const [first] = connections;
  if (first) {
    for (const prefix of prefixes) {
      const keys = await first.keys(`${prefix}*`);
      if (keys.length > 0) await first.del(...keys);
    }
  }
  await Promise.all(connections.map((redis) => redis.quit()));
});
