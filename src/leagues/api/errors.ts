// Errors from the league data layer (API clients, cache, sources). Each carries a namespaced
// `code` that src/http/errors.ts maps to an HTTP status, the same string a test asserts on:
//
//   league/not_found      the upstream answered 404, or the record is not in the league (404)
//   league/bad_response   the upstream answered 2xx with a body we cannot use; the message names
//                         the field path and the URL (502 at the HTTP edge)
//   league/unavailable    the upstream is down: 5xx, network error or timeout after every retry,
//                         and no cached value to fall back on (503)
//   league/rejected       the upstream refused us with another 4xx (401 bad key, 403, 400...) (502)
//   league/not_configured LEAGUE_SOURCE=api without the URL for that league (500 at boot)

export type LeagueErrorCode =
  | "league/not_found"
  | "league/bad_response"
  | "league/unavailable"
  | "league/rejected"
  | "league/not_configured";

export class LeagueError extends Error {
  constructor(
    readonly code: LeagueErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LeagueError";
  }
}

export function isLeagueError(err: unknown, code?: LeagueErrorCode): err is LeagueError {
  return err instanceof LeagueError && (code === undefined || err.code === code);
}
