// League cache in Redis (REDIS_URL): shared by every server process.
//
// - A value is stored as JSON {value, storedAt, freshUntil} under `<prefix><key>` with a PX TTL of
//   its fresh time plus the stale window, so the last good value outlives its freshness for
//   stale-while-error.
// - Stampede protection across processes: on a miss, a process takes a short lock
//   (SET <prefix>lock:<key> <token> NX PX lockMs) and loads; the others poll for the value until
//   the holder stores it. If the holder's load fails, it leaves the error under
//   <prefix>failed:<key> for a moment, so the waiters report that error instead of each calling
//   the upstream in turn. A waiter that sees neither value nor lock nor error takes the lock itself;
//   one that waits past `lockWaitMs` loads on its own.
// - Within a process, concurrent misses share one flight before any of this.
// - Redis trouble never makes league data unavailable: a Redis command that fails or takes more
//   than `commandTimeoutMs` counts as a miss, and the value is loaded from the upstream.

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { LeagueError, type LeagueErrorCode } from "../api/errors.js";
import {
  type Cache,
  type CacheEntry,
  type Clock,
  DEFAULT_STALE_MS,
  DEFAULT_TTL_MS,
  type LoadOptions,
  loadThrough,
  SingleFlight,
} from "./cache.js";

export const DEFAULT_PREFIX = "dugout:league:";
/** How long a loader may hold the lock: more than one API call with all its retries. */
export const DEFAULT_LOCK_MS = 20_000;
/** How long a waiter waits for the lock holder before loading on its own. */
export const DEFAULT_LOCK_WAIT_MS = 20_000;
export const DEFAULT_POLL_MS = 25;
/** How long a holder's failure is left for the waiters to read. */
export const FAILURE_MARKER_MS = 2_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

/** Delete the lock only if we still hold it (a compare-and-delete). */
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface RedisCacheOptions {
  readonly redis: Redis;
  readonly prefix?: string;
  readonly defaultTtlMs?: number;
  readonly staleMs?: number;
  readonly lockMs?: number;
  readonly lockWaitMs?: number;
  readonly pollMs?: number;
  readonly commandTimeoutMs?: number;
  /** Epoch ms for freshness; injectable so TTL tests need no waiting. Redis PX TTLs stay real. */
  readonly now?: Clock;
  /** Told when a Redis command fails (the cache carries on as a miss). */
  readonly onRedisError?: (err: unknown) => void;
}

type Acquired = "acquired" | "held" | "no_redis";

export class RedisCache implements Cache {
  readonly kind = "redis" as const;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly defaultTtlMs: number;
  private readonly staleMs: number;
  private readonly lockMs: number;
  private readonly lockWaitMs: number;
  private readonly pollMs: number;
  private readonly commandTimeoutMs: number;
  private readonly now: Clock;
  private readonly flights = new SingleFlight();

  constructor(private readonly options: RedisCacheOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_TTL_MS;
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    this.lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = await this.readEntry<T>(key);
    return entry && entry.freshUntil > this.now() ? entry.value : undefined;
  }

  async set<T>(key: string, value: T, ttlMs = this.defaultTtlMs): Promise<void> {
    const storedAt = this.now();
    const entry: CacheEntry<T> = { value, storedAt, freshUntil: storedAt + ttlMs };
    await this.command(() =>
      this.redis.set(this.valueKey(key), JSON.stringify(entry), "PX", ttlMs + this.staleMs),
    );
  }

  async delete(key: string): Promise<void> {
    await this.command(() => this.redis.del(this.valueKey(key)));
  }

  async getOrLoad<T>(key: string, load: () => Promise<T>, options: LoadOptions = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? this.defaultTtlMs;
    return this.flights.run(key, () =>
      loadThrough<T>({
        key,
        now: this.now,
        read: () => this.readEntry<T>(key),
        load: () => this.loadUnderLock(key, load, ttlMs),
        options,
      }),
    );
  }

  async close(): Promise<void> {
    // The connection belongs to the app (src/http/plugins/redis.ts), which quits it.
  }

  private valueKey(key: string): string {
    return `${this.prefix}${key}`;
  }
  private lockKey(key: string): string {
    return `${this.prefix}lock:${key}`;
  }
  private failedKey(key: string): string {
    return `${this.prefix}failed:${key}`;
  }

  /** One process loads; the others wait for its value (or its error). */
  private async loadUnderLock<T>(key: string, load: () => Promise<T>, ttlMs: number): Promise<T> {
    const token = randomUUID();
    const waitUntil = Date.now() + this.lockWaitMs;
    for (;;) {
      const acquired = await this.tryLock(key, token);
      if (acquired !== "held") return this.loadAndStore(key, load, ttlMs, token, acquired);

      // Someone else is loading: wait for the value, their error, or the lock to go.
      while (Date.now() < waitUntil) {
        await sleep(this.pollMs);
        const entry = await this.readEntry<T>(key);
        if (entry && entry.freshUntil > this.now()) return entry.value;
        const failure = await this.readFailure(key);
        if (failure) throw failure;
        const lockHeld = await this.command(() => this.redis.exists(this.lockKey(key)));
        if (lockHeld === 0) {
          // Released: the value may have landed just before; else take the lock ourselves.
          const landed = await this.readEntry<T>(key);
          if (landed && landed.freshUntil > this.now()) return landed.value;
          break;
        }
        if (lockHeld === undefined) return this.loadAndStore(key, load, ttlMs, token, "no_redis");
      }
      if (Date.now() >= waitUntil) return this.loadAndStore(key, load, ttlMs, token, "no_redis");
    }
  }

  private async loadAndStore<T>(
    key: string,
    load: () => Promise<T>,
    ttlMs: number,
    token: string,
    acquired: Exclude<Acquired, "held">,
  ): Promise<T> {
    try {
      const value = await load();
      await this.set(key, value, ttlMs);
      return value;
    } catch (err) {
      if (acquired === "acquired" && err instanceof LeagueError) {
        const marker = JSON.stringify({
          code: err.code,
          message: err.message,
          details: err.details,
        });
        await this.command(() =>
          this.redis.set(this.failedKey(key), marker, "PX", FAILURE_MARKER_MS),
        );
      }
      throw err;
    } finally {
      if (acquired === "acquired") {
        await this.command(() => this.redis.eval(RELEASE_LOCK, 1, this.lockKey(key), token));
      }
    }
  }

  private async tryLock(key: string, token: string): Promise<Acquired> {
    const answer = await this.command(async () => {
      // A failure left by an earlier holder must not be read as this round's answer.
      await this.redis.del(this.failedKey(key));
      return this.redis.set(this.lockKey(key), token, "PX", this.lockMs, "NX");
    });
    if (answer === undefined) return "no_redis";
    return answer === "OK" ? "acquired" : "held";
  }

  private async readEntry<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const raw = await this.command(() => this.redis.get(this.valueKey(key)));
    if (typeof raw !== "string") return undefined;
    try {
      const entry = JSON.parse(raw) as CacheEntry<T>;
      return typeof entry?.freshUntil === "number" && typeof entry.storedAt === "number"
        ? entry
        : undefined;
    } catch {
      return undefined; // not ours, or corrupt: a miss
    }
  }

  private async readFailure(key: string): Promise<LeagueError | undefined> {
    const raw = await this.command(() => this.redis.get(this.failedKey(key)));
    if (typeof raw !== "string") return undefined;
    try {
      const { code, message, details } = JSON.parse(raw) as {
        code: LeagueErrorCode;
        message: string;
        details: Record<string, unknown> | null;
      };
      return new LeagueError(code, message, details);
    } catch {
      return undefined;
    }
  }

  /** Run one Redis command; undefined when Redis fails or is too slow (the cache then misses). */
  private async command<R>(run: () => Promise<R>): Promise<R | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`redis command timed out after ${this.commandTimeoutMs} ms`)),
            this.commandTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      this.options.onRedisError?.(err);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
