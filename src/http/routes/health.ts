// Route plugin: liveness and readiness.
//
//   GET /health        the process is up and serving HTTP.
//   GET /health/ready  it can do real work: the database answers and its migrations are at head,
//                      Redis answers (when REDIS_URL is set), and it is not shutting down.
//                      Otherwise 503 with the standard error body, code "health/not_ready",
//                      naming each check that failed.

import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorBodySchema, HttpError } from "../errors.js";

/** How long each readiness probe may take before it counts as failed. */
export const READY_CHECK_TIMEOUT_MS = 2000;

const CheckSchema = z.object({
  ok: z.boolean(),
  problem: z.string().optional().describe("What is wrong, when ok is false"),
});

const DatabaseCheckSchema = CheckSchema.extend({
  kind: z.enum(["pglite", "postgres"]),
  migrations: z.object({ applied: z.number().int(), expected: z.number().int() }).optional(),
});

const ChecksSchema = z.object({
  database: DatabaseCheckSchema,
  redis: CheckSchema.optional().describe("Present when REDIS_URL is set"),
  shutdown: CheckSchema,
});
type Checks = z.infer<typeof ChecksSchema>;

const LiveSchema = z.object({ status: z.literal("ok"), uptimeSeconds: z.number() });
const ReadySchema = z.object({ status: z.literal("ready"), checks: ChecksSchema });

const healthRoutes: FastifyPluginAsync = async (fastify) => {
  // Type providers do not carry into registered plugins: each route plugin sets its own.
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/health",
    {
      schema: {
        tags: ["health"],
        summary: "Liveness: the process is up",
        response: { 200: LiveSchema },
      },
    },
    async () => ({ status: "ok" as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    "/health/ready",
    {
      schema: {
        tags: ["health"],
        summary: "Readiness: database reachable with migrations at head, Redis too when configured",
        response: { 200: ReadySchema, 503: ErrorBodySchema },
      },
    },
    async () => {
      const checks = await runReadinessChecks(fastify);
      const failed = Object.entries(checks).filter(([, check]) => check && !check.ok);
      if (failed.length > 0) {
        const summary = failed.map(([name, check]) => `${name}: ${check?.problem}`).join("; ");
        throw HttpError.unavailable("health/not_ready", `Not ready: ${summary}`, { checks });
      }
      return { status: "ready" as const, checks };
    },
  );
};

async function runReadinessChecks(app: FastifyInstance): Promise<Checks> {
  const [database, redis] = await Promise.all([
    checkDatabase(app),
    app.redis ? checkRedis(app) : Promise.resolve(undefined),
  ]);
  const shutdown = app.isShuttingDown() ? { ok: false, problem: "shutting down" } : { ok: true };
  return redis ? { database, redis, shutdown } : { database, shutdown };
}

async function checkDatabase(app: FastifyInstance): Promise<Checks["database"]> {
  const kind = app.db.kind;
  try {
    await withTimeout(app.db.ping(), "database ping");
  } catch (err) {
    return { ok: false, kind, problem: `unreachable (${describe(err)})` };
  }
  try {
    const status = await withTimeout(app.db.migrationStatus(), "migration status");
    const migrations = { applied: status.applied, expected: status.expected };
    if (!status.atHead) {
      return {
        ok: false,
        kind,
        migrations,
        problem: `migrations not at head (${status.applied} of ${status.expected} applied)`,
      };
    }
    return { ok: true, kind, migrations };
  } catch (err) {
    return { ok: false, kind, problem: `cannot read migration status (${describe(err)})` };
  }
}

async function checkRedis(app: FastifyInstance): Promise<Checks["redis"]> {
  const redis = app.redis!;
  if (redis.status !== "ready") return { ok: false, problem: `not connected (${redis.status})` };
  try {
    const answer = await withTimeout(redis.ping(), "redis ping");
    return answer === "PONG" ? { ok: true } : { ok: false, problem: `unexpected answer ${answer}` };
  } catch (err) {
    return { ok: false, problem: `unreachable (${describe(err)})` };
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${READY_CHECK_TIMEOUT_MS} ms`)),
      READY_CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export default healthRoutes;
