// Fastify plugin: the game events on the /game namespace, over the game service.
//
// - Auth on connect: every connection presents a JWT in the handshake (`auth: { token }`), verified
//   with jose. No token, a bad one or an expired one: the connection is refused with a reason
//   (connect_error with `data: { code, message }`). A connection whose token expires later is
//   told so (`error` auth/token_expired) and disconnected.
// - Every incoming event goes through one gate first: the allow-list of events, the per-socket rate
//   limit (a token bucket; a socket that keeps flooding is disconnected with a reason) and the size
//   limit. A refused event is answered in its ack when it has one, otherwise with an `error` event.
// - Each game has three rooms, `<gameId>:home`, `<gameId>:away` and `<gameId>:spectator`, so each
//   broadcast is computed once per kind of viewer and never shows a side the other's secrets. A
//   change is one `game_state_update` per room (see SocketBroadcaster).
// - The submitter of an action gets the change's update and the ack in one write (one-write.ts).

import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { ExtendedError, Socket } from "socket.io";
import type { z } from "zod";
import { type Refusal, refusal } from "../games/errors.js";
import type { Broadcaster } from "../games/ports.js";
import type { GameService } from "../games/service.js";
import type { GameChange, Viewer } from "../games/types.js";
import { OneWrite } from "./one-write.js";
import {
  type ActionAck,
  CLIENT_EVENTS,
  type ClientToServerEvents,
  GAME_NAMESPACE,
  GameRefSchema,
  type GameUpdate,
  type InterServerEvents,
  JoinGameSchema,
  MAX_PAYLOAD_BYTES,
  RATE_BURST,
  RATE_DISCONNECT_AFTER,
  RATE_PER_SECOND,
  type ServerToClientEvents,
  type SocketData,
  SubmitDecisionSchema,
  SubmitSbaResultSchema,
  SyncSchema,
} from "./protocol.js";
import type { GameNamespace } from "./server.js";

type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Who a token speaks for, and until when. */
export interface VerifiedToken {
  id: string;
  expiresAt: Date;
}

export interface GameSocketOptions {
  service: GameService;
  /** Verify an access token; throws an error with a namespaced `code` (auth/...) when it is not good. */
  verifyToken(token: string | undefined): Promise<VerifiedToken>;
  /** Override the rate limit (tests, benchmarks). */
  ratePerSecond?: number;
  rateBurst?: number;
}

export const roomOf = (gameId: string, viewer: Viewer) => `${gameId}:${viewer}`;
const VIEWERS: readonly Viewer[] = ["home", "away", "spectator"];

/** The Broadcaster port over Socket.IO rooms. */
export class SocketBroadcaster implements Broadcaster {
  constructor(
    private readonly nsp: GameNamespace,
    private readonly oneWrite?: OneWrite,
  ) {}

  /**
   * One `game_state_update` per change and per group of viewers who see the same: the sides and the
   * spectators see the same state except while the offense's declared play is hidden from the
   * others, so most changes are one emit to all the game's rooms, which Socket.IO encodes once
   * for every socket it reaches (one WebSocket frame each). A socket is in one room of a game,
   * so each still gets each update once, in order.
   */
  publish(change: GameChange): void {
    const rooms = this.nsp.adapter.rooms;
    const groups = new Map<unknown, { rooms: string[]; update: GameUpdate }>();
    for (const viewer of VIEWERS) {
      const room = roomOf(change.gameId, viewer);
      if (!rooms.get(room)?.size) continue;
      const delta = change.changesFor(viewer);
      const state = delta === null ? change.viewFor(viewer).state : undefined;
      // Viewers who see the same get the same delta (or view) object: group by it.
      const key = delta ?? state ?? viewer;
      const group = groups.get(key);
      if (group !== undefined) {
        group.rooms.push(room);
        continue;
      }
      const update: GameUpdate = {
        gameId: change.gameId,
        version: change.version,
        status: change.status,
        actor: change.actor,
        plays: change.plays,
        substitutions: change.substitutions,
        pending: change.pending,
        playCount: change.playCount,
        gameOver: change.gameOver,
        ...(delta === null ? { state } : { delta }),
      };
      groups.set(key, { rooms: [room], update });
    }
    if (groups.size === 0) return;
    // The submitter's update waits for its ack, to leave in the same write (see one-write.ts).
    this.oneWrite?.publishing(change.gameId);
    for (const { rooms: to, update } of groups.values())
      this.nsp.to(to).emit("game_state_update", update);
  }
}

const gameSocketPlugin: FastifyPluginAsync<GameSocketOptions> = async (fastify, options) => {
  const { service } = options;
  const nsp: GameNamespace = fastify.io.of(GAME_NAMESPACE);
  const oneWrite = new OneWrite();
  service.setBroadcaster(new SocketBroadcaster(nsp, oneWrite));
  const ratePerSecond = options.ratePerSecond ?? RATE_PER_SECOND;
  const rateBurst = options.rateBurst ?? RATE_BURST;

  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      const user = await options.verifyToken(typeof token === "string" ? token : undefined);
      socket.data.userId = user.id;
      socket.data.games = new Map();
      const msLeft = user.expiresAt.getTime() - Date.now();
      if (msLeft < 2 ** 31) {
        const expiry = setTimeout(
          () => {
            socket.emit("error", {
              ...refusalOf(
                "auth/token_expired",
                "The access token has expired: reconnect with a fresh one",
              ),
              event: null,
            });
            socket.disconnect(true);
          },
          Math.max(0, msLeft),
        );
        expiry.unref();
        socket.once("disconnect", () => clearTimeout(expiry));
      }
      next();
    } catch (error) {
      const code = codeOf(error) ?? "auth/token_invalid";
      const err = new Error((error as Error).message ?? "not authorized") as ExtendedError;
      err.data = { code, message: err.message, details: null };
      next(err);
    }
  });

  nsp.on("connection", (socket: GameSocket) => {
    const userId = socket.data.userId;
    if (userId === null) {
      socket.disconnect(true);
      return;
    }
    const caller = { userId };
    const joined = socket.data.games ?? new Map<string, Viewer>();
    socket.data.games = joined;
    const log = fastify.log.child({ socketId: socket.id, userId });

    // The gate: allow-list, rate limit, size limit.
    let tokens = rateBurst;
    let refilledAt = Date.now();
    let floodStrikes = 0;
    socket.use(([event, ...args], next) => {
      const ack = args.at(-1);
      const answer = (error: Refusal) => {
        if (typeof ack === "function") ack({ ok: false, error });
        else socket.emit("error", { ...error, event: typeof event === "string" ? event : null });
      };
      const now = Date.now();
      tokens = Math.min(rateBurst, tokens + ((now - refilledAt) / 1000) * ratePerSecond);
      refilledAt = now;
      if (tokens < 1) {
        floodStrikes += 1;
        if (floodStrikes >= RATE_DISCONNECT_AFTER) {
          socket.emit("error", {
            ...refusal("rate/limited", "Too many messages: disconnected"),
            event: null,
          });
          log.warn("socket disconnected for flooding");
          socket.disconnect(true);
          return;
        }
        answer(refusal("rate/limited", undefined, { ratePerSecond, burst: rateBurst }));
        return;
      }
      tokens -= 1;
      floodStrikes = 0;
      if (!(CLIENT_EVENTS as readonly string[]).includes(event)) {
        answer(
          refusalOf(
            "payload/unknown_event",
            `Unknown event ${JSON.stringify(String(event).slice(0, 64))}`,
            { allowed: CLIENT_EVENTS },
          ),
        );
        return;
      }
      if (event !== "ping") {
        if (typeof ack !== "function") {
          socket.emit("error", {
            ...refusalOf("payload/ack_required", `${event} needs an acknowledgement callback`),
            event,
          });
          return;
        }
        const size = sizeOf(args.length > 1 ? args[0] : undefined);
        if (size > MAX_PAYLOAD_BYTES) {
          answer(
            refusalOf(
              "payload/too_large",
              `The payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
              { limit: MAX_PAYLOAD_BYTES },
            ),
          );
          return;
        }
      }
      next();
    });

    const handle =
      <S extends z.ZodType, R>(
        event: string,
        schema: S,
        work: (payload: z.infer<S>) => Promise<R>,
        /** Called once the ack has gone out. */
        acked?: (payload: z.infer<S>) => void,
      ) =>
      async (raw: unknown, ack: unknown) => {
        if (typeof ack !== "function") return;
        const parsed = schema.safeParse(raw);
        if (!parsed.success) {
          ack({
            ok: false,
            error: refusal("payload/invalid", `The ${event} payload is not valid`, {
              issues: parsed.error.issues.map((i) => ({
                path: i.path.join("."),
                message: i.message,
              })),
            }),
          });
          return;
        }
        try {
          ack(await work(parsed.data));
        } catch (error) {
          log.error({ err: error, event }, "game event failed");
          const code = codeOf(error);
          ack({
            ok: false,
            error:
              code && code !== "server/internal"
                ? {
                    code,
                    message: (error as Error).message,
                    details: (error as { details?: unknown }).details ?? null,
                  }
                : { code: "server/internal", message: "Internal server error", details: null },
          });
        } finally {
          acked?.(parsed.data);
        }
      };

    socket.on(
      "join_game",
      handle("join_game", JoinGameSchema, async ({ gameId, as, side, sincePlay, knownCards }) => {
        const previous = joined.get(gameId);
        const result = await service.join(gameId, caller, {
          spectate: as === "spectator",
          ...(side ? { side } : {}),
          ...(knownCards ? { knownCards } : {}),
        });
        if ("error" in result) return { ok: false as const, error: result.error };
        if (previous !== undefined && previous !== result.role)
          await socket.leave(roomOf(gameId, previous));
        // Join the room before reading the snapshot, so no update falls between the two.
        await socket.join(roomOf(gameId, result.role));
        if (previous === undefined) service.watch(gameId, 1);
        joined.set(gameId, result.role);
        const snapshot = (await service.snapshot(gameId, result.role)) ?? result.snapshot;
        const missedPlays = await service.playsSince(gameId, sincePlay ?? 0);
        return {
          ok: true as const,
          role: result.role,
          sides: result.sides,
          snapshot,
          missedPlays,
          cards: result.cards,
        };
      }),
    );

    socket.on(
      "leave_game",
      handle("leave_game", GameRefSchema, async ({ gameId }) => {
        const role = joined.get(gameId);
        if (role !== undefined) {
          await socket.leave(roomOf(gameId, role));
          joined.delete(gameId);
          service.watch(gameId, -1);
        }
        return { ok: true as const };
      }),
    );

    const submit = async (
      gameId: string,
      body: { version: number; clientActionId: string; decision: unknown; side?: "home" | "away" },
    ): Promise<ActionAck> => {
      oneWrite.actionSent(gameId, socket);
      return service.submit(gameId, caller, body);
    };
    const submitted = ({ gameId }: { gameId: string }) => oneWrite.acked(gameId, socket);

    socket.on(
      "submit_decision",
      handle(
        "submit_decision",
        SubmitDecisionSchema,
        ({ gameId, version, clientActionId, decision, side }) =>
          submit(gameId, { version, clientActionId, decision, ...(side ? { side } : {}) }),
        submitted,
      ),
    );
    socket.on(
      "submit_sba_result",
      handle(
        "submit_sba_result",
        SubmitSbaResultSchema,
        ({ gameId, version, clientActionId, result, side }) =>
          submit(gameId, { version, clientActionId, decision: result, ...(side ? { side } : {}) }),
        submitted,
      ),
    );

    socket.on(
      "sync",
      handle("sync", SyncSchema, async ({ gameId, sincePlay }) => {
        const role = joined.get(gameId);
        const result = await service.join(
          gameId,
          caller,
          role
            ? { spectate: role === "spectator", ...(role !== "spectator" ? { side: role } : {}) }
            : { spectate: true },
        );
        if ("error" in result) return { ok: false as const, error: result.error };
        const missedPlays = await service.playsSince(gameId, sincePlay);
        return { ok: true as const, snapshot: result.snapshot, missedPlays };
      }),
    );

    socket.on("disconnect", () => {
      for (const gameId of joined.keys()) service.watch(gameId, -1);
      joined.clear();
    });
  });
};

function refusalOf(code: string, message: string, details: unknown = null): Refusal {
  return { code, message, details };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.includes("/") ? code : undefined;
}

function sizeOf(value: unknown): number {
  if (value === undefined) return 0;
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or otherwise unserializable: refuse
  }
}

export default fp(gameSocketPlugin, {
  name: "dugout-game-socket",
  fastify: "5.x",
  dependencies: ["dugout-realtime"],
});
