// The Socket.IO protocol between Dugout and its clients: namespaces, typed event maps and the
// zod schemas of every payload.
//
// Import-safe for a browser or the client SDK: this module holds types, constants and zod schemas
// only. It must never import server code (socket.io, fastify, node:*, the db...).
//
//   import { io, type Socket } from "socket.io-client";
//   import { GAME_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from ".../protocol.js";
//   const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}${GAME_NAMESPACE}`);
//   const reply = await socket.timeout(5000).emitWithAck("ping");   // { pong: true, serverTime }

import { z } from "zod";

/** Bumped whenever an event or payload changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/** The namespace games are played on. */
export const GAME_NAMESPACE = "/game";

// ---------------------------------------------------------------------------------------------
// Payloads

/** The answer to `ping`: proof of a live round trip, and the server clock (epoch ms) for offset. */
export const PingReplySchema = z.object({
  pong: z.literal(true),
  serverTime: z.number().int().nonnegative(),
  protocolVersion: z.number().int().positive(),
});
export type PingReply = z.infer<typeof PingReplySchema>;

/**
 * A refusal, in the same words as the HTTP error body's `error` object: a namespaced code (the
 * same string a REST answer or a test asserts on), a message for people, and details or null.
 */
export const RefusalSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown(),
});
export type Refusal = z.infer<typeof RefusalSchema>;

// ---------------------------------------------------------------------------------------------
// Event maps (socket.io generics: Server<ClientToServerEvents, ServerToClientEvents, ...>)

/** Events a client emits to the server. Every one takes an ack, so nothing is refused silently. */
export interface ClientToServerEvents {
  ping: (ack: (reply: PingReply) => void) => void;
}

/** Events the server emits to clients. None yet: game events arrive with the game service. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the realtime game handlers.
export interface ServerToClientEvents {}

/** Events between server instances (through an adapter). None yet. */
// biome-ignore lint/suspicious/noEmptyInterface: reserved for a multi-instance adapter.
export interface InterServerEvents {}

/** Per-connection data the server keeps on `socket.data`. */
export interface SocketData {
  /** Set by the auth middleware once a connection proves who it is; null until then. */
  userId: string | null;
  /** Epoch ms when the connection was accepted. */
  connectedAt: number;
}
