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

const redisPlugin: FastifyPluginAsync<{ redis: Redis | null }> = async (fastify, { redis }) => {
  fastify.decorate("redis", redis);
  if (!redis) return;
  fastify.addHook("onClose", async (instance) => {
    instance.log.info("closing redis");
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
  });
};

export default fp(redisPlugin, { name: "dugout-redis", fastify: "5.x" });
