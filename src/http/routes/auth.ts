// Route plugin: accounts. Registered under /auth.
//
//   GET  /auth/discord/login     ?returnTo=/path  302 to Discord's consent page; sets the sealed
//                                pending-login cookie (dugout_oauth, 10 minutes, Path=/auth/discord).
//   GET  /auth/discord/callback  Discord comes back here (DISCORD_REDIRECT_URI). Checks the state,
//                                exchanges the code, records the user, sets the refresh cookie and
//                                then either redirects to returnTo (browsers) or, when the request's
//                                Accept header prefers application/json, answers the session as JSON.
//                                Refusals (400 auth/state_mismatch, 403 auth/consent_denied, 400
//                                auth/code_rejected, 502 auth/provider_error) use the error body.
//   POST /auth/refresh           spends the refresh cookie, sets its successor, answers a new
//                                access token. A browser app calls it after login and whenever
//                                its access token expires.
//   POST /auth/logout            revokes the refresh cookie and clears it (204, also when there
//                                was nothing to revoke).
//   GET  /auth/me                (Bearer) who I am and which teams I manage.
//   POST /auth/dev-login         {username, teams?, admin?} a login without Discord, only with
//                                DUGOUT_DEV_LOGIN=1 and never in production (else 404
//                                auth/dev_login_disabled).
//
// The access token goes to the client in JSON bodies only, never in a URL or a cookie; clients
// send it as "Authorization: Bearer <token>". The refresh token lives only in the httpOnly cookie
// (see src/auth/refresh.ts for its attributes); SameSite=Lax keeps it off cross-site POSTs.

import cookie from "@fastify/cookie";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  CallbackQuerySchema,
  checkReturnTo,
  PENDING_LOGIN_TTL_SECONDS,
} from "../../auth/discord.js";
import { LEAGUE_IDS } from "../../auth/ownership.js";
import {
  REFRESH_COOKIE_NAME,
  REFRESH_COOKIE_PATH,
  REFRESH_TOKEN_TTL_SECONDS,
} from "../../auth/refresh.js";
import type { Session } from "../../auth/service.js";
import type { UserView } from "../../auth/users.js";
import { ErrorBodySchema } from "../errors.js";

export const PENDING_LOGIN_COOKIE_NAME = "dugout_oauth";
export const PENDING_LOGIN_COOKIE_PATH = "/auth/discord";

export const UserSchema = z
  .object({
    id: z.uuid(),
    discordId: z.string().describe('Discord id; "dev:<name>" for dev-login users'),
    username: z.string(),
    avatar: z.string().nullable().describe("Avatar image URL, or null"),
    isAdmin: z.boolean(),
    createdAt: z.string().describe("ISO 8601"),
    lastLoginAt: z.string().nullable().describe("ISO 8601"),
  })
  .meta({ id: "User" });

export const ManagedTeamSchema = z.object({
  league: z.enum(LEAGUE_IDS),
  teamId: z.int().positive(),
});

export const SessionSchema = z
  .object({
    accessToken: z.string().describe("Send as Authorization: Bearer <accessToken>"),
    tokenType: z.literal("Bearer"),
    expiresAt: z.string().describe("When the access token expires (ISO 8601)"),
    expiresIn: z.int().describe("Seconds until the access token expires"),
    user: UserSchema,
  })
  .meta({ id: "Session" });

const MeSchema = z.object({ user: UserSchema, teams: z.array(ManagedTeamSchema) });

const DevLoginBodySchema = z.object({
  username: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, "1 to 32 letters, digits, '_', '.' or '-'")
    .describe("Local name; the user's Discord id becomes dev:<username>"),
  teams: z
    .array(ManagedTeamSchema)
    .max(50)
    .optional()
    .describe("When given, the dev user manages exactly these teams afterwards"),
  admin: z.boolean().optional().describe("When given, grants or withdraws admin rights"),
});

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };

export function userJson(user: UserView): z.infer<typeof UserSchema> {
  return {
    id: user.id,
    discordId: user.discordId,
    username: user.username,
    avatar: user.avatar,
    isAdmin: user.isAdmin,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

const authRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  if (!app.hasDecorator("parseCookie")) await app.register(cookie);
  const auth = app.auth;

  /** Secure cookies over HTTPS and always in production; plain http://localhost in dev/test. */
  const secure = (request: FastifyRequest) =>
    app.config.env === "production" || request.protocol === "https";

  function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, session: Session) {
    reply.setCookie(REFRESH_COOKIE_NAME, session.refresh.token, {
      httpOnly: true,
      secure: secure(request),
      sameSite: "lax",
      path: REFRESH_COOKIE_PATH,
      maxAge: REFRESH_TOKEN_TTL_SECONDS,
    });
  }

  function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply) {
    reply.clearCookie(REFRESH_COOKIE_NAME, {
      httpOnly: true,
      secure: secure(request),
      sameSite: "lax",
      path: REFRESH_COOKIE_PATH,
    });
  }

  function sessionJson(session: Session): z.infer<typeof SessionSchema> {
    const now = Date.now();
    return {
      accessToken: session.access.token,
      tokenType: "Bearer",
      expiresAt: session.access.expiresAt.toISOString(),
      expiresIn: Math.max(0, Math.round((session.access.expiresAt.getTime() - now) / 1000)),
      user: userJson(session.user),
    };
  }

  app.get(
    "/discord/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Start a Discord login: redirects to Discord's consent page",
        querystring: z.object({
          returnTo: z
            .string()
            .max(2000)
            .optional()
            .describe("Where to go after login: a local path or a URL on an allowed origin"),
        }),
        response: { 302: z.null().describe("To Discord"), ...errors, 503: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const discord = auth.discord();
      const returnTo = checkReturnTo(request.query.returnTo, app.config.http.corsOrigins);
      const { authorizationUrl, pendingCookie } = await discord.begin(returnTo);
      reply.setCookie(PENDING_LOGIN_COOKIE_NAME, pendingCookie, {
        httpOnly: true,
        secure: secure(request),
        sameSite: "lax",
        path: PENDING_LOGIN_COOKIE_PATH,
        maxAge: PENDING_LOGIN_TTL_SECONDS,
      });
      return reply.redirect(authorizationUrl.toString(), 302);
    },
  );

  app.get(
    "/discord/callback",
    {
      schema: {
        tags: ["auth"],
        summary: "Discord's redirect back: finishes the login",
        description:
          "Sets the refresh cookie. Redirects to the login's returnTo, or answers the session as " +
          "JSON when the Accept header prefers application/json.",
        querystring: CallbackQuerySchema,
        response: {
          200: SessionSchema,
          302: z.null().describe("To returnTo"),
          ...errors,
          502: ErrorBodySchema,
          503: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const pending = request.cookies[PENDING_LOGIN_COOKIE_NAME];
      // One callback per login attempt, whatever its outcome.
      reply.clearCookie(PENDING_LOGIN_COOKIE_NAME, {
        httpOnly: true,
        secure: secure(request),
        sameSite: "lax",
        path: PENDING_LOGIN_COOKIE_PATH,
      });
      const session = await auth.loginWithDiscord(request.query, pending);
      setRefreshCookie(request, reply, session);
      request.log.info({ userId: session.user.id }, "discord login");
      if (prefersJson(request)) return reply.code(200).send(sessionJson(session));
      return reply.redirect(session.returnTo, 302);
    },
  );

  app.post(
    "/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Trade the refresh cookie for a new access token (the cookie is rotated)",
        response: { 200: SessionSchema, 401: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      try {
        const session = await auth.refresh(request.cookies[REFRESH_COOKIE_NAME]);
        setRefreshCookie(request, reply, session);
        return sessionJson(session);
      } catch (error) {
        clearRefreshCookie(request, reply);
        throw error;
      }
    },
  );

  app.post(
    "/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Revoke the refresh cookie and clear it",
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { revoked } = await auth.logout(request.cookies[REFRESH_COOKIE_NAME]);
      clearRefreshCookie(request, reply);
      request.log.info({ revoked }, "logout");
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["auth"],
        summary: "Who I am, and the teams I manage",
        security: [{ bearerAuth: [] }],
        response: { 200: MeSchema, 401: ErrorBodySchema },
      },
    },
    async (request) => {
      const { user, teams } = await auth.me(request.user!.id);
      return { user: userJson(user), teams };
    },
  );

  app.post(
    "/dev-login",
    {
      schema: {
        tags: ["auth"],
        summary: "Local play without Discord (DUGOUT_DEV_LOGIN=1; never in production)",
        body: DevLoginBodySchema,
        response: { 200: SessionSchema, 400: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const session = await auth.devLogin(request.body);
      setRefreshCookie(request, reply, session);
      request.log.info({ userId: session.user.id }, "dev login");
      return sessionJson(session);
    },
  );
};

/** Does the request's Accept header rank JSON above HTML? */
function prefersJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? "";
  const quality = (type: string) => {
    let best = -1;
    for (const part of accept.split(",")) {
      const [media, ...params] = part.trim().split(";");
      if (media?.trim().toLowerCase() !== type) continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
    }
    return best;
  };
  return (
    quality("application/json") > Math.max(quality("text/html"), -1) &&
    quality("application/json") > 0
  );
}

export default authRoutes;
