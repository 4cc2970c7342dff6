// App plugin: request ids and shutdown.
//
// - Every answer carries x-request-id: the caller's own (when it sent a sane one) or ours. The
//   same id is bound as `reqId` on every log line of the request (see genRequestId).
// - From the moment the app starts closing, new requests get 503 "server/shutting_down" in the
//   standard error body while requests already running finish, each closing its connection.

import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { ErrorBody } from "../errors.js";

declare module "fastify" {
  interface FastifyInstance {
    /** True once close() has begun: readiness fails and new requests are refused. */
    isShuttingDown(): boolean;
  }
}

export const REQUEST_ID_HEADER = "x-request-id";
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's genReqId: honour an incoming x-request-id when it is sane, else a fresh UUID. */
export function genRequestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  if (typeof incoming === "string" && SANE_REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}

const lifecyclePlugin: FastifyPluginAsync = async (fastify) => {
  let shuttingDown = false;
  fastify.decorate("isShuttingDown", () => shuttingDown);

  fastify.addHook("preClose", async () => {
    shuttingDown = true;
  });

  // A request still running when shutdown begins ends its connection with its answer, so a
  // keep-alive client cannot hold the server open until its keep-alive timeout.
  fastify.addHook("onSend", async (_request, reply) => {
    if (shuttingDown) reply.header("connection", "close");
  });

  fastify.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (shuttingDown) {
      reply.header("connection", "close");
      return reply.code(503).send({
        error: {
          code: "server/shutting_down",
          message: "The server is shutting down; retry on another instance or in a moment",
          details: null,
        },
      } satisfies ErrorBody);
    }
  });
};

export default fp(lifecyclePlugin, { name: "dugout-lifecycle", fastify: "5.x" });
