// App plugin: one error body for every 4xx and 5xx (see ../errors.ts for the mapping table),
// unknown routes included.

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { handleError, handleNotFound } from "../errors.js";

const errorsPlugin: FastifyPluginAsync = async (fastify) => {
  fastify.setErrorHandler(handleError);
  fastify.setNotFoundHandler(handleNotFound);
};

export default fp(errorsPlugin, { name: "dugout-errors", fastify: "5.x" });
