// Fastify plugin: a Socket.IO 4 server on the app's own HTTP server, shared as `fastify.io`.
//
// Games are played on the `/game` namespace (see protocol.ts for the typed event maps). For now it
// answers `ping`; the auth middleware and the game handlers register on `fastify.io.of(GAME_NAMESPACE)`
// in their own plugins, after this one.
//
// On close, socket.io goes first (preClose): every client is disconnected so the HTTP server can
// stop, then the services and finally the database close (see src/http/app.ts).

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { type Namespace, Server } from "socket.io";
import { serverParser } from "./parser.js";
import {
  type ClientToServerEvents,
  GAME_NAMESPACE,
  type InterServerEvents,
  type PingReply,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  type SocketData,
} from "./protocol.js";

export type DugoutIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type GameNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

declare module "fastify" {
  interface FastifyInstance {
    io: DugoutIo;
  }
}

export interface RealtimeOptions {
  /** Browser origins allowed to connect (CORS_ORIGINS). */
  corsOrigins: string[];
}

const realtimePlugin: FastifyPluginAsync<RealtimeOptions> = async (fastify, { corsOrigins }) => {
  const io: DugoutIo = new Server(fastify.server, {
    cors: { origin: corsOrigins, credentials: true },
    serveClient: false,
    // The default wire format without the binary walk of every outgoing payload (see parser.ts).
    parser: serverParser,
  });
  fastify.decorate("io", io);

  const games: GameNamespace = io.of(GAME_NAMESPACE);
  games.on("connection", (socket) => {
    socket.data.userId ??= null;
    socket.data.connectedAt = Date.now();
    const log = fastify.log.child({ socketId: socket.id });
    log.debug("socket connected");

    socket.on("ping", (...args: unknown[]) => {
      // The ack is the last argument, whatever a client sent before it.
      const ack = args.at(-1);
      if (typeof ack !== "function") return; // A client that wants no answer gets none.
      const reply: PingReply = {
        pong: true,
        serverTime: Date.now(),
        protocolVersion: PROTOCOL_VERSION,
      };
      ack(reply);
    });

    socket.on("disconnect", (reason) => log.debug({ reason }, "socket disconnected"));
  });

  fastify.addHook("preClose", async () => {
    fastify.log.info({ sockets: io.engine.clientsCount }, "closing socket.io");
    io.disconnectSockets(true);
    for (const namespace of [games]) namespace.disconnectSockets(true);
    // Close the engine only: io.close() would also close the HTTP server, which Fastify owns.
    io.engine.close();
  });
};

export default fp(realtimePlugin, { name: "dugout-realtime", fastify: "5.x" });
