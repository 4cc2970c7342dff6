// One error body for every 4xx and 5xx answer:
//
//   { "error": { "code": "request/invalid", "message": "…", "details": … | null } }
//
// `code` is a namespaced string ("<room>/<what>"), the same string a socket ack or a test asserts
// on. `message` is for people. `details` is machine-readable context, or null.
//
// Route handlers either throw an HttpError, or let a domain error from another room propagate: any
// error carrying a namespaced `code` is mapped to an HTTP status by the table below. Anything else
// is a bug: it answers 500 "server/internal", its message is hidden from the client and it is
// logged with the request id.
//
// Status mapping, first match wins:
//
//   | error                                              | status | code sent            |
//   |----------------------------------------------------|--------|----------------------|
//   | HttpError (message and details always sent)        | its own| its own              |
//   | request schema validation (params/query/body/...)  | 400    | request/invalid      |
//   | unknown route                                      | 404    | route/not_found      |
//   | other Fastify 4xx (bad JSON, too large, media type)| same   | request/<kind>       |
//   | exact code in CODE_STATUS (e.g. db/version_conflict| 409,   | its own              |
//   |   409, db/unknown_game 404, auth/forbidden 403)    |  ...   |                      |
//   | code ending /unknown_* or /not_found               | 404    | its own              |
//   | code ending /conflict, /version_conflict,          | 409    | its own              |
//   |   /stale_version, /already_exists                  |        |                      |
//   | code in namespace auth/*                           | 401    | its own              |
//   | code in namespace request/*                        | 400    | its own              |
//   | code in namespace decision/* or action/*           | 409    | its own              |
//   | anything else (including unmapped codes)           | 500    | server/internal      |
//
// A domain error may carry `details` (any JSON value); it is sent for 4xx only. For a 5xx the
// client gets a fixed message, never the error's own text (it may hold internals), except from an
// HttpError, whose message a route wrote for the client (e.g. 503 health/not_ready).

import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AUTH_ERROR_STATUS } from "../auth/errors.js";

/** The wire shape of every error answer. Use it in route response schemas for 4xx/5xx. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Namespaced error code, e.g. "request/invalid"'),
      message: z.string(),
      details: z.unknown().describe("Machine-readable context, or null"),
    }),
  })
  .meta({ id: "ErrorBody" });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** One field that failed request validation, e.g. { path: "body.homeTeamId", message: "…" }. */
export interface InvalidField {
  path: string;
  message: string;
}

/** An error a route means to answer with: status, namespaced code, message for people, details. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "HttpError";
  }

  static badRequest(code: string, message: string, details?: unknown) {
    return new HttpError(400, code, message, details);
  }
  static unauthorized(code: string, message: string, details?: unknown) {
    return new HttpError(401, code, message, details);
  }
  static forbidden(code: string, message: string, details?: unknown) {
    return new HttpError(403, code, message, details);
  }
  static notFound(code: string, message: string, details?: unknown) {
    return new HttpError(404, code, message, details);
  }
  static conflict(code: string, message: string, details?: unknown) {
    return new HttpError(409, code, message, details);
  }
  static unavailable(code: string, message: string, details?: unknown) {
    return new HttpError(503, code, message, details);
  }
}

/** Exact codes and their statuses. Add a row when a room introduces a code the rules miss. */
export const CODE_STATUS: Readonly<Record<string, number>> = {
  // The auth room's refusals (src/auth/errors.ts), each with its own status.
  ...AUTH_ERROR_STATUS,
  "db/version_conflict": 409,
  "db/unknown_game": 404,
  "db/unreachable": 503,
  "db/migration_failed": 503,
  "auth/forbidden": 403,
  "auth/not_owner": 403,
  "auth/not_your_team": 403,
  "auth/dev_login_disabled": 404,
  "league/unavailable": 503,
  "league/bad_response": 502,
  "league/rejected": 502,
  "league/not_configured": 503,
  // A game's rosters (src/games/rosters.ts RosterError): the create-game request cannot be met.
  "games/cardsets_required": 400,
  "games/cardsets_not_allowed": 400,
  "games/unknown_cardset": 400,
  "games/duplicate_cardset": 400,
  "games/no_card_in_cardsets": 400,
  "games/same_team": 400,
  "games/empty_roster": 400,
  "games/ai_needs_transcribed_cards": 400,
  // The game service (src/games/errors.ts).
  "game/not_active": 409,
  "game/wrong_status": 409,
  "game/invalid_lineup": 400,
  "auth/spectator_read_only": 403,
  "auth/not_team_manager": 403,
  "payload/invalid": 400,
  "rate/limited": 429,
  "server/unavailable": 503,
};

const SUFFIX_STATUS: ReadonlyArray<[RegExp, number]> = [
  [/\/(unknown_[a-z0-9_]+|not_found)$/, 404],
  [/\/(conflict|version_conflict|stale_version|already_exists)$/, 409],
];

const NAMESPACE_STATUS: Readonly<Record<string, number>> = {
  auth: 401,
  request: 400,
  decision: 409,
  action: 409,
};

const NAMESPACED_CODE = /^[a-z][a-z0-9_]*\/[a-z0-9_]+(\/[a-z0-9_]+)*$/;

/** The HTTP status for a namespaced domain code, or undefined when no rule knows it. */
export function statusForCode(code: string): number | undefined {
  if (!NAMESPACED_CODE.test(code)) return undefined;
  const exact = CODE_STATUS[code];
  if (exact !== undefined) return exact;
  for (const [pattern, status] of SUFFIX_STATUS) if (pattern.test(code)) return status;
  return NAMESPACE_STATUS[code.slice(0, code.indexOf("/"))];
}

export const INTERNAL_ERROR_CODE = "server/internal";
const HIDDEN_MESSAGE: Record<number, string> = {
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

/** Statuses and codes for Fastify's own 4xx errors, by their FST_ERR_* code. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "request/unsupported_media_type",
  FST_ERR_CTP_BODY_TOO_LARGE: "request/too_large",
  FST_ERR_CTP_EMPTY_JSON_BODY: "request/malformed",
  FST_ERR_CTP_INVALID_JSON_BODY: "request/malformed",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "request/malformed",
  FST_ERR_BAD_URL: "request/malformed",
  FST_ERR_ASYNC_CONSTRAINT: "request/malformed",
};

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** True for an unexpected 5xx: its text is hidden and it is logged with the stack. */
  isServerFault: boolean;
}

/** Turn anything a handler threw into a status and the one error body. */
export function mapError(error: unknown): MappedError {
  if (error instanceof HttpError) {
    // A route chose this answer on purpose: its message and details are sent even for a 5xx.
    return answer(error.status, error.code, error.message, error.details, { reveal: true });
  }

  const err = (error ?? {}) as Partial<FastifyError> & {
    code?: unknown;
    details?: unknown;
    validationContext?: string;
  };

  if (Array.isArray(err.validation)) {
    const fields = invalidFields(err.validation, err.validationContext);
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
    return answer(400, "request/invalid", `Invalid request: ${summary}`, fields);
  }

  if (typeof err.code === "string") {
    const domainStatus = statusForCode(err.code);
    if (domainStatus !== undefined) {
      return answer(domainStatus, err.code, String(err.message ?? err.code), err.details ?? null);
    }
    const fastifyCode = FASTIFY_CODES[err.code];
    const status = typeof err.statusCode === "number" ? err.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      return answer(status, fastifyCode ?? "request/rejected", String(err.message ?? ""), null);
    }
  } else if (
    typeof err.statusCode === "number" &&
    err.statusCode >= 400 &&
    err.statusCode < 500 &&
    typeof err.message === "string"
  ) {
    // A plain 4xx from a plugin (e.g. @fastify/cors, @fastify/cookie) without a code.
    return answer(err.statusCode, "request/rejected", err.message, null);
  }

  return answer(500, INTERNAL_ERROR_CODE, "", null);
}

function answer(
  status: number,
  code: string,
  message: string,
  details: unknown,
  { reveal = false } = {},
): MappedError {
  const isServerFault = status >= 500 && !reveal;
  return {
    status,
    isServerFault,
    body: {
      error: {
        code,
        message: isServerFault ? (HIDDEN_MESSAGE[status] ?? "Server error") : message,
        details: isServerFault ? null : (details ?? null),
      },
    },
  };
}

function invalidFields(
  validation: ReadonlyArray<{ instancePath?: string; message?: string }>,
  context: string | undefined,
): InvalidField[] {
  return validation.map((issue) => {
    const inner = (issue.instancePath ?? "")
      .split("/")
      .filter((part) => part !== "")
      .join(".");
    const path = [context, inner].filter((p) => p !== undefined && p !== "").join(".");
    return { path: path === "" ? "(request)" : path, message: issue.message ?? "is invalid" };
  });
}

/** The Fastify error handler: map, log (5xx with stack and request id), answer. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const mapped = mapError(error);
  if (mapped.isServerFault) {
    request.log.error({ err: error, code: mapped.body.error.code }, "request failed");
  } else {
    request.log.info(
      { code: mapped.body.error.code, status: mapped.status },
      mapped.body.error.message,
    );
  }
  return reply.code(mapped.status).type("application/json").send(mapped.body);
}

/** The Fastify not-found handler: unknown routes answer in the same shape. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(404)
    .type("application/json")
    .send({
      error: {
        code: "route/not_found",
        message: `No route for ${request.method} ${request.url.split("?")[0]}`,
        details: null,
      },
    } satisfies ErrorBody);
}
