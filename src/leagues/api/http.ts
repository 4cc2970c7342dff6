// One small fetch wrapper shared by the SBA and PD clients.
//
// Every GET:
//   - sends `Authorization: Bearer <key>` when a key is configured;
//   - is bounded by a per-attempt timeout (AbortSignal.timeout), covering the body as well;
//   - is retried with exponential backoff and jitter on a 5xx, a 429, a network error or a
//     timeout, up to `maxAttempts` attempts in all; never on another 4xx;
//   - answers 404 with LeagueError "league/not_found" at once;
//   - parses the body with a zod schema; a body that does not fit is "league/bad_response" and
//     its message names the first offending field path and the URL, e.g.
//       SBA API: GET http://…/api/v3/players/12 answered a body that does not fit:
//       pos_1: expected string, received number
//   - after the last failed attempt, throws "league/unavailable" naming what went wrong.
//
// The jitter's randomness and the sleep between attempts are injectable, so tests of the retry
// schedule run instantly and deterministically.

import type { z } from "zod";
import { LeagueError } from "./errors.js";

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_BASE_MS = 200;
export const DEFAULT_BACKOFF_MAX_MS = 3_000;

export type Sleep = (ms: number) => Promise<void>;

export interface LeagueHttpOptions {
  /** Shown in error messages: "SBA API", "PD API". */
  readonly label: string;
  /** Everything before the endpoint path, e.g. https://sba.example/api/v3 (no trailing slash needed). */
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  readonly timeoutMs?: number;
  /** Attempts in all, the first one included (>= 1). */
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** 0 <= random() < 1, for the jitter. */
  readonly random?: () => number;
  readonly sleep?: Sleep;
  readonly fetch?: typeof fetch;
  /** Told about each retry, e.g. to log it. */
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  readonly url: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

export type QueryValue = string | number | boolean | undefined;

export interface GetOptions {
  readonly query?: Readonly<Record<string, QueryValue | readonly QueryValue[]>>;
  /**
   * JSON keys whose integer values may exceed 2^53 (Discord snowflakes such as SBA's gmid): their
   * digits are kept as strings instead of being rounded by JSON.parse.
   */
  readonly bigIntegerKeys?: readonly string[];
}

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class LeagueHttpClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly random: () => number;
  private readonly sleep: Sleep;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: LeagueHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.backoffMaxMs = options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? realSleep;
    this.fetchImpl = options.fetch ?? fetch;
  }

  get label(): string {
    return this.options.label;
  }

  /** The URL a GET of `path` with `query` goes to. */
  urlFor(path: string, query: GetOptions["query"] = {}): string {
    const url = new URL(`${this.baseUrl}/${path.replace(/^\/+/, "")}`);
    for (const [key, value] of Object.entries(query)) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) if (v !== undefined) url.searchParams.append(key, String(v));
    }
    return url.toString();
  }

  /**
   * The delay before retry number `retry` (1 for the first retry): exponential, capped, with
   * "equal jitter" (half fixed, half random) so that many clients do not retry in lock-step.
   */
  backoffDelay(retry: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (retry - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    options: GetOptions = {},
  ): Promise<z.output<S>> {
    const url = this.urlFor(path, options.query);
    const text = await this.fetchText(url);
    const json = this.parseJson(url, text, options.bigIntegerKeys ?? []);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: issue.message,
      }));
      const first = issues[0];
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
      throw new LeagueError(
        "league/bad_response",
        `${this.label}: GET ${url} answered a body that does not fit: ${first?.path}: ${first?.message}${more}`,
        { url, issues },
      );
    }
    return parsed.data;
  }

  /** The body of a 2xx answer, after retries. */
  private async fetchText(url: string): Promise<string> {
    let lastReason = "";
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (attempt > 1) {
        const delayMs = this.backoffDelay(attempt - 1);
        this.options.onRetry?.({ url, attempt, delayMs, reason: lastReason });
        await this.sleep(delayMs);
      }
      const outcome = await this.attempt(url);
      if (outcome.kind === "ok") return outcome.text;
      if (outcome.kind === "final") throw outcome.error;
      lastReason = outcome.reason;
    }
    throw new LeagueError(
      "league/unavailable",
      `${this.label} is unavailable: GET ${url} failed ${this.maxAttempts} time(s); last: ${lastReason}`,
      { url, attempts: this.maxAttempts, reason: lastReason },
    );
  }

  private async attempt(
    url: string,
  ): Promise<
    | { kind: "ok"; text: string }
    | { kind: "retry"; reason: string }
    | { kind: "final"; error: LeagueError }
  > {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    try {
      const response = await this.fetchImpl(url, {
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return {
          kind: "final",
          error: new LeagueError("league/not_found", `${this.label}: GET ${url} answered 404`, {
            url,
            status: 404,
          }),
        };
      }
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel();
        return { kind: "retry", reason: `HTTP ${response.status}` };
      }
      if (response.status < 200 || response.status >= 300) {
        const snippet = (await response.text()).slice(0, 200);
        return {
          kind: "final",
          error: new LeagueError(
            "league/rejected",
            `${this.label}: GET ${url} was refused with HTTP ${response.status}${
              response.status === 401 || response.status === 403 ? " (check the API key)" : ""
            }`,
            { url, status: response.status, body: snippet },
          ),
        };
      }
      return { kind: "ok", text: await response.text() };
    } catch (err) {
      return { kind: "retry", reason: describeFetchFailure(err, this.timeoutMs) };
    }
  }

  private parseJson(url: string, text: string, bigIntegerKeys: readonly string[]): unknown {
    try {
      return JSON.parse(quoteBigIntegers(text, bigIntegerKeys));
    } catch (err) {
      throw new LeagueError(
        "league/bad_response",
        `${this.label}: GET ${url} answered a body that is not JSON (${(err as Error).message})`,
        { url, issues: [{ path: "(body)", message: "not JSON" }] },
      );
    }
  }
}

/** `players[3].pos_1` from zod's ["players", 3, "pos_1"]; "(body)" for the root. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(body)" : out;
}

/** Wrap the integer values of the named keys in quotes, so JSON.parse keeps every digit. */
export function quoteBigIntegers(text: string, keys: readonly string[]): string {
  if (keys.length === 0) return text;
  const names = keys.map((k) => k.replace(/[^A-Za-z0-9_]/g, "")).join("|");
  return text.replace(new RegExp(`("(?:${names})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}])`, "g"), '$1"$2"');
}

function describeFetchFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return `network error: ${err.message}${detail ? ` (${detail})` : ""}`;
  }
  return `network error: ${String(err)}`;
}
