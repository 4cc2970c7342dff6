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
import type { LineupEntry, PlayRecord } from "../engine/play-record.js";
import type { GameCards } from "../games/ports.js";
import type {
  ActionAck,
  DecisionRequest,
  GameOverInfo,
  GameSnapshot,
  Side,
  ViewChanges,
  Viewer,
} from "../games/types.js";

export type { ActionAck, DecisionRequest, GameCards, GameOverInfo, GameSnapshot, Side, Viewer };

/** Bumped whenever an event or payload changes incompatibly. */
export const PROTOCOL_VERSION = 3;

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
  /** Join a game as the manager of your team in it, or as a spectator; get the snapshot. */
  join_game: (payload: JoinGamePayload, ack: (reply: JoinGameAck) => void) => void;
  /** Stop receiving a game's events. */
  leave_game: (payload: GameRefPayload, ack: (reply: SimpleAck) => void) => void;
  /** A manager's decision (defense, offense, runner decision...), made against a state version. */
  submit_decision: (payload: SubmitDecisionPayload, ack: (reply: ActionAck) => void) => void;
  /** An SBA card result read off the printed card, made against a state version. */
  submit_sba_result: (payload: SubmitSbaResultPayload, ack: (reply: ActionAck) => void) => void;
  /** The current snapshot and every play after `sincePlay` (after a reconnection or a gap). */
  sync: (payload: SyncPayload, ack: (reply: SyncAck) => void) => void;
}

/** Events the server emits to clients, to everyone in a game's rooms (each viewer its own view). */
export interface ServerToClientEvents {
  /**
   * Everything one committed change brings a viewer, in one message: its plays, its
   * substitutions, the new version's head (status, pending decision, play count, game over) and
   * what changed in the viewer's state.
   */
  game_state_update: (payload: GameUpdate) => void;
  /** A refusal that has no ack to travel in (an unknown event, a flood), sometimes before a disconnect. */
  error: (payload: SocketErrorPayload) => void;
}

/** Events between server instances (through an adapter). None yet. */
// biome-ignore lint/suspicious/noEmptyInterface: reserved for a multi-instance adapter.
export interface InterServerEvents {}

/** Per-connection data the server keeps on `socket.data`. */
export interface SocketData {
  /** Set by the auth middleware once a connection proves who it is; null until then. */
  userId: string | null;
  /** Epoch ms when the connection was accepted. */
  connectedAt: number;
  /** The games this socket joined, and as whom. */
  games?: Map<string, Viewer>;
}

// ---------------------------------------------------------------------------------------------
// Game events (see docs/protocol.md for the sequence of one plate appearance)

/** Largest JSON payload a client may send in one event; bigger ones get payload/too_large. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** At most this many card hashes in a join's `knownCards` (a game has about fifty cards). */
export const MAX_KNOWN_CARDS = 128;

/** Per socket: this many events a second on average, in bursts of up to RATE_BURST. */
export const RATE_PER_SECOND = 50;
export const RATE_BURST = 100;
/** A socket refused this many times in a row for flooding is disconnected. */
export const RATE_DISCONNECT_AFTER = 40;

const GameIdSchema = z.uuid();
/** A client's own id for one action: a repeat is answered with the first ack, never applied twice. */
const ClientActionIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/);
const SideSchema = z.enum(["home", "away"]);

export const GameRefSchema = z.strictObject({ gameId: GameIdSchema });
export type GameRefPayload = z.infer<typeof GameRefSchema>;

export const JoinGameSchema = z.strictObject({
  gameId: GameIdSchema,
  /** "manager" (the default when you manage a team in the game) or "spectator". */
  as: z.enum(["manager", "spectator"]).optional(),
  /** When you manage both teams: which one this socket plays. */
  side: SideSchema.optional(),
  /** The last play number you have: the ack brings every play after it. */
  sincePlay: z.number().int().nonnegative().optional(),
  /** Hashes of card bodies you hold: the ack names those cards without sending them again. */
  knownCards: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, "a card hash is a sha256 in lowercase hex"))
    .max(MAX_KNOWN_CARDS)
    .optional(),
});
export type JoinGamePayload = z.infer<typeof JoinGameSchema>;

export const SubmitDecisionSchema = z.strictObject({
  gameId: GameIdSchema,
  /** The state version the decision was made against. */
  version: z.number().int().nonnegative(),
  clientActionId: ClientActionIdSchema,
  /** The decision itself, in the engine's action schema (parsed by the engine). */
  decision: z.unknown(),
  side: SideSchema.optional(),
});
export type SubmitDecisionPayload = z.infer<typeof SubmitDecisionSchema>;

export const SubmitSbaResultSchema = z.strictObject({
  gameId: GameIdSchema,
  version: z.number().int().nonnegative(),
  clientActionId: ClientActionIdSchema,
  /** The result read off the card, in the engine's read-card action schema. */
  result: z.unknown(),
  side: SideSchema.optional(),
});
export type SubmitSbaResultPayload = z.infer<typeof SubmitSbaResultSchema>;

export const SyncSchema = z.strictObject({
  gameId: GameIdSchema,
  sincePlay: z.number().int().nonnegative(),
});
export type SyncPayload = z.infer<typeof SyncSchema>;

export type SimpleAck = { ok: true } | { ok: false; error: Refusal };

export type JoinGameAck =
  | {
      ok: true;
      /** "home" or "away" when you manage that side here; otherwise "spectator". */
      role: Viewer;
      /** Every side you may act for in this game. */
      sides: Side[];
      snapshot: GameSnapshot;
      /** The plays after `sincePlay` (all of them when it was not given), by play number. */
      missedPlays: PlayRecord[];
      /**
       * The players' cards: static, so snapshots leave them out; each body once, by hash, without
       * those in `knownCards`. Null before the start.
       */
      cards: GameCards | null;
    }
  | { ok: false; error: Refusal };

export type SyncAck =
  | { ok: true; snapshot: GameSnapshot; missedPlays: PlayRecord[] }
  | { ok: false; error: Refusal };

/**
 * One committed change, as one viewer sees it. It carries either the whole `state` (the first
 * update of a game, and whenever the server has no state to compare with) or `delta`: what
 * changed in the state since version `delta.base`, which is the version of the update before it.
 * A client holding version `base` applies it with applyDelta (delta.ts); one that does not (it
 * joined late or missed an update) asks for a `sync`.
 */
export interface GameUpdate extends Omit<GameSnapshot, "state"> {
  /** Who made the action that produced this version ("manager:home", "ai:away", "timeout:home"...). */
  actor: string;
  /** The plays this change recorded, in order; each carries its dice (`play.diceRoll`). */
  plays: readonly PlayRecord[];
  /** The lineup entries that came in (pinch hitter, reliever, defensive change). */
  substitutions: readonly LineupEntry[];
  /** The whole view (null before the start), when there is no delta. */
  state?: unknown;
  delta?: StateDelta;
}

/**
 * What changed in a view since version `base`: top-level fields, and the objects of which only
 * some fields changed (a team, the pitchers' tallies). Apply it with applyDelta (delta.ts). The
 * service's ViewChanges, as it goes on the wire.
 */
export type StateDelta = ViewChanges;

// The SDK (src/client) raises these events for its listeners from each game_state_update, whose
// fields carry them (its own game_state_update listeners get the whole new snapshot).

export interface GameStateUpdate extends GameSnapshot {
  /** Who made the action that produced this version ("manager:home", "ai:away", "timeout:home"...). */
  actor: string;
}

export interface PlayResult {
  gameId: string;
  version: number;
  play: PlayRecord;
  /** Every roll of the play, in order: the dice shown. */
  dice: PlayRecord["diceRoll"];
}

export interface SubstitutionNotice {
  gameId: string;
  version: number;
  entry: LineupEntry;
}

export interface GameOverNotice extends GameOverInfo {
  gameId: string;
  version: number;
}

export interface SocketErrorPayload extends Refusal {
  /** The event that was refused, when there was one. */
  event: string | null;
}

/** Every event a client may send, for the server's allow-list. */
export const CLIENT_EVENTS = [
  "ping",
  "join_game",
  "leave_game",
  "submit_decision",
  "submit_sba_result",
  "sync",
] as const satisfies ReadonlyArray<keyof ClientToServerEvents>;
