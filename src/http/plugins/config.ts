// App plugin: the validated configuration, shared with every plugin as `fastify.config`.

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../../config.js";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
  }
}

const configPlugin: FastifyPluginAsync<{ config: Config }> = async (fastify, { config }) => {
  fastify.decorate("config", config);
};

export default fp(configPlugin, { name: "dugout-config", fastify: "5.x" });
