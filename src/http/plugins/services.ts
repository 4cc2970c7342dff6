// App plugin: long-lived services from other rooms (the game service, the league source cache…).
// On close they are closed in reverse order of the list, after socket.io has stopped and before
// the database closes, so a service can finish its in-flight writes.

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";

/** Anything the app must close on shutdown. */
export interface AppService {
  name: string;
  close(): Promise<void> | void;
}

const servicesPlugin: FastifyPluginAsync<{ services: ReadonlyArray<AppService> }> = async (
  fastify,
  { services },
) => {
  fastify.addHook("onClose", async (instance) => {
    for (const service of [...services].reverse()) {
      instance.log.info({ service: service.name }, "closing service");
      try {
        await service.close();
      } catch (err) {
        // Keep closing the others; the database must still be closed cleanly.
        instance.log.error({ err, service: service.name }, "service failed to close");
      }
    }
  });
};

export default fp(servicesPlugin, {
  name: "dugout-services",
  fastify: "5.x",
  dependencies: ["dugout-db"],
});
