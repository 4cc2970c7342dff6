// The league data cache: what the API-backed sources put in front of the upstream APIs.
//
// Two implementations share this interface:
//   - MemoryCache (memory.ts): an LRU with a max entry count and TTLs, one process;
//   - RedisCache (redis.ts): JSON values in Redis with PX TTLs, shared by every process, used when
//     REDIS_URL is set.
//
// Each entry has two horizons:
//   - fresh for `ttlMs`: get() and getOrLoad() answer it without asking the upstream;
//   - kept (stale) for `staleMs` more: only getOrLoad() with `serveStaleOn` uses it, and only when
//     reloading fails with an error the predicate accepts ("the upstream is down, serve the last
//     good value"). A stale answer is reported through `onStale`.
//
// getOrLoad() protects the upstream from cache stampedes: concurrent misses for one key make ONE
// upstream call (single-flight within a process; RedisCache adds a short SET NX lock so that
// processes sharing Redis also make one call between them).

export const DEFAULT_TTL_MS = 5 * 60_000;
/** How long a value may still be served after its TTL when the upstream is down [D]. */
export const DEFAULT_STALE_MS = 24 * 60 * 60_000;

export interface LoadOptions {
  /** How long a loaded value stays fresh. */
  readonly ttlMs?: number;
  /** Serve the last good value (however old, within the stale window) when the load fails so. */
  readonly serveStaleOn?: (err: unknown) => boolean;
  /** Told when a stale value was served because the load failed. */
  readonly onStale?: (event: { key: string; error: unknown; ageMs: number }) => void;
}

export interface Cache {
  readonly kind: "memory" | "redis";
  /** The fresh value for `key`, or undefined. */
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** The fresh value, or the result of ONE `load` shared by every concurrent caller. */
  getOrLoad<T>(key: string, load: () => Promise<T>, options?: LoadOptions): Promise<T>;
  close(): Promise<void>;
}

/** What is stored for a key: the value and when it stops being fresh (epoch ms). */
export interface CacheEntry<T = unknown> {
  readonly value: T;
  readonly storedAt: number;
  readonly freshUntil: number;
}

export type Clock = () => number;

/**
 * Single-flight: while a load for a key is running, later callers for that key get the same
 * promise instead of starting another.
 */
export class SingleFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing as Promise<T>;
    const promise = work().finally(() => {
      this.running.delete(key);
    });
    this.running.set(key, promise);
    return promise;
  }

  get size(): number {
    return this.running.size;
  }
}

/**
 * The part of getOrLoad both implementations share: fresh hit, else one load; on a failed load,
 * the stale entry when the caller allows it.
 */
export async function loadThrough<T>(args: {
  key: string;
  now: Clock;
  read: () => Promise<CacheEntry<T> | undefined>;
  load: () => Promise<T>;
  options: LoadOptions;
}): Promise<T> {
  const { key, now, read, load, options } = args;
  const entry = await read();
  if (entry && entry.freshUntil > now()) return entry.value;
  try {
    return await load();
  } catch (error) {
    // Re-read: another process may have stored a value meanwhile; and the entry read before the
    // load is the stale one we may serve.
    const latest = (await read().catch(() => undefined)) ?? entry;
    if (latest && options.serveStaleOn?.(error)) {
      options.onStale?.({ key, error, ageMs: now() - latest.storedAt });
      return latest.value;
    }
    throw error;
  }
}
