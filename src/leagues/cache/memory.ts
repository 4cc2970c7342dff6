// In-process league cache on lru-cache: at most `maxEntries` keys (least recently used go first),
// each kept for its TTL plus the stale window, fresh for its TTL only.

import { LRUCache } from "lru-cache";
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

export const DEFAULT_MAX_ENTRIES = 5_000;

export interface MemoryCacheOptions {
  readonly maxEntries?: number;
  readonly defaultTtlMs?: number;
  readonly staleMs?: number;
  /** Epoch milliseconds; injectable so TTL tests need no waiting. */
  readonly now?: Clock;
}

export class MemoryCache implements Cache {
  readonly kind = "memory" as const;
  private readonly lru: LRUCache<string, CacheEntry>;
  private readonly flights = new SingleFlight();
  private readonly now: Clock;
  private readonly defaultTtlMs: number;
  private readonly staleMs: number;

  constructor(options: MemoryCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_TTL_MS;
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    this.lru = new LRUCache<string, CacheEntry>({
      max: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      // Every entry has a TTL (its fresh time + the stale window); lru-cache reads our clock.
      ttl: this.defaultTtlMs + this.staleMs,
      perf: { now: this.now },
      ttlResolution: 0,
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.lru.get(key) as CacheEntry<T> | undefined;
    return entry && entry.freshUntil > this.now() ? entry.value : undefined;
  }

  async set<T>(key: string, value: T, ttlMs = this.defaultTtlMs): Promise<void> {
    const storedAt = this.now();
    this.lru.set(
      key,
      { value, storedAt, freshUntil: storedAt + ttlMs },
      { ttl: ttlMs + this.staleMs },
    );
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  getOrLoad<T>(key: string, load: () => Promise<T>, options: LoadOptions = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? this.defaultTtlMs;
    const fresh = this.lru.get(key);
    if (fresh && fresh.freshUntil > this.now()) return Promise.resolve(fresh.value as T);
    return this.flights.run(key, () =>
      loadThrough<T>({
        key,
        now: this.now,
        read: async () => this.lru.get(key) as CacheEntry<T> | undefined,
        load: async () => {
          const value = await load();
          await this.set(key, value, ttlMs);
          return value;
        },
        options,
      }),
    );
  }

  /** Entries held, fresh or stale. */
  get size(): number {
    return this.lru.size;
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
