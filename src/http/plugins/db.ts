// App plugin: the database, shared as `fastify.db`. The app owns it: closing the app closes the
// database, after everything registered later (services, socket.io) has closed.

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Database } from "../../db/client.js";

declare module "fastify" {
  interface FastifyInstance {
    db: Database;
  }
}

const dbPlugin: FastifyPluginAsync<{ db: Database }> = async (fastify, { db }) => {
  fastify.decorate("db", db);
  fastify.addHook("onClose", async (instance) => {
    instance.log.info({ database: db.kind }, "closing database");
    await db.close();
  });
};

export default fp(dbPlugin, { name: "dugout-db", fastify: "5.x", dependencies: ["dugout-config"] });
