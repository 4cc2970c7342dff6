// App plugin: the optional Redis connection (REDIS_URL), shared as `fastify.redis` (null when not
// configured). The app owns it and quits it on close, before the database closes.

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";

declare module "fastify" {
  interface FastifyInstance {
    redis: Redis | null;
  }
}

const REDIS_END_WAIT_MS = 1000;

const redisPlugin: FastifyPluginAsync<{ redis: Redis | null }> = async (fastify, { redis }) => {
  fastify.decorate("redis", redis);
  if (!redis) return;
  fastify.addHook("onClose", async (instance) => {
    instance.log.info("closing redis");
    if (redis.status === "end") return;
    if (redis.status !== "ready") {
      // Not connected (connecting, reconnecting...): stop trying; there is nothing to flush.
      redis.disconnect();
      return;
    }
    // quit() answers before the socket is gone; wait for "end" (briefly) so nothing is left open.
    const ended = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REDIS_END_WAIT_MS);
      redis.once("end", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
    await ended;
  });
};

export default fp(redisPlugin, { name: "dugout-redis", fastify: "5.x" });
