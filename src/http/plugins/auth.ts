// App plugin: who is calling. Shared with every scope (fastify-plugin), so any route plugin can
// require a logged-in user:
//
//   app.get("/games/:id", { preHandler: app.authenticate }, async (request) => {
//     const user = request.user!;          // set by authenticate; null on routes without it
//     await assertManagesTeam(app.db, user.id, "sba", teamId);
//   });
//
// `authenticate` reads "Authorization: Bearer <access token>" and refuses with 401
// auth/token_missing, auth/token_invalid or auth/token_expired in the standard error body.
// `fastify.auth` is the AuthService (login, refresh, logout, ownership); the Socket.IO handshake
// calls `fastify.auth.verifyAccessToken(token)` with the same refusals.

import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { AccessTokenClaims } from "../../auth/jwt.js";
import { readBearerToken } from "../../auth/jwt.js";
import { AuthService } from "../../auth/service.js";

declare module "fastify" {
  interface FastifyInstance {
    auth: AuthService;
    /** preHandler: refuse the request unless it carries a valid access token; sets request.user. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    /** The caller, once `authenticate` has run; null before (and on public routes). */
    user: AccessTokenClaims | null;
  }
}

/** How often expired refresh tokens are deleted (and once at start). */
export const REFRESH_TOKEN_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const authPlugin: FastifyPluginAsync<{ auth?: AuthService }> = async (fastify, options) => {
  const auth = options.auth ?? AuthService.fromConfig({ config: fastify.config, db: fastify.db });
  fastify.decorate("auth", auth);

  // Several servers on one database may sweep at once: the DELETE is idempotent.
  const sweep = async () => {
    try {
      const deleted = await auth.sweepExpiredRefreshTokens();
      if (deleted > 0) fastify.log.info({ deleted }, "expired refresh tokens deleted");
    } catch (error) {
      fastify.log.warn({ err: error }, "the refresh token sweep failed; it runs again later");
    }
  };
  const sweeper = setInterval(sweep, REFRESH_TOKEN_SWEEP_INTERVAL_MS).unref();
  fastify.addHook("onReady", sweep);
  fastify.addHook("onClose", async () => clearInterval(sweeper));

  fastify.decorateRequest("user", null);
  fastify.decorate("authenticate", async (request: FastifyRequest) => {
    const token = readBearerToken(request.headers.authorization);
    request.user = await auth.verifyAccessToken(token);
  });
};

export default fp(authPlugin, {
  name: "dugout-auth",
  fastify: "5.x",
  dependencies: ["dugout-config", "dugout-db"],
});
