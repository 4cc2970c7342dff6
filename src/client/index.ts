// The typed client SDK for Dugout's real-time protocol. The tests, the `bot` command and a web
// client all play through it; it is the only way in that a person's client takes.
//
//   const client = await DugoutClient.connect({ url: "http://localhost:8000", token });
//   const joined = await client.join(gameId);                 // snapshot + plays so far
//   client.on("decision_required", (d) => ...);
//   const ack = await client.submitDecision(gameId, { type: "setDefense", ... });
//
// What it does for you:
// - tracks each joined game: the newest snapshot (by version) and the plays by play number;
// - fills in the state version you last saw and a fresh client action id for every submission,
//   and on a timeout re-sends the SAME id, so a retry can never apply an action twice;
// - on a stale-version refusal, takes the fresh snapshot that comes with it;
// - after a reconnection, joins its games again asking for every play after the last one it has;
// - when a play number is skipped, asks for the missing plays (sync).
//
// Import-safe for browsers: socket.io-client and type-only imports of the protocol.

import { io, type Socket } from "socket.io-client";
import type { PlayRecord } from "../engine/play-record.js";
import type {
  ActionAck,
  ClientToServerEvents,
  GameSnapshot,
  JoinGameAck,
  JoinGamePayload,
  Refusal,
  ServerToClientEvents,
  SimpleAck,
  SyncAck,
  Viewer,
} from "../realtime/protocol.js";

export type { ActionAck, GameSnapshot, JoinGameAck, Refusal, SyncAck };
export type DugoutSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const GAME_NAMESPACE = "/game";

export interface ClientOptions {
  /** The server's base URL, e.g. http://localhost:8000. */
  url: string;
  /** An access token, or a function giving a fresh one (called again on each reconnection). */
  token: string | (() => string | Promise<string>);
  /** How long to wait for an ack before re-sending (ms). Default 10 s. */
  ackTimeoutMs?: number;
  /** How many times a submission is re-sent after a timeout (with the same client action id). */
  retries?: number;
  /** Reconnect automatically after a drop (default true). */
  reconnection?: boolean;
  /** "websocket" only by default; pass ["polling", "websocket"] for restrictive networks. */
  transports?: ("websocket" | "polling")[];
}

/** The server refused the connection (auth/token_missing, auth/token_invalid, auth/token_expired). */
export class ConnectionRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ConnectionRefused";
  }
}

/** What the client knows about one joined game. */
export interface TrackedGame {
  gameId: string;
  role: Viewer;
  snapshot: GameSnapshot;
  /** Plays by play number (index 0 = play 1). */
  plays: PlayRecord[];
  /** The players' cards, from the join (snapshots leave them out). */
  cards: unknown;
  options: Omit<JoinGamePayload, "gameId" | "sincePlay">;
}

let idCounter = 0;
/** A client action id: unique per client, readable in logs. */
export function newClientActionId(): string {
  idCounter += 1;
  const random =
    typeof globalThis.crypto?.randomUUID === "function"
      ? globalThis.crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${random}-${idCounter}`;
}

export class DugoutClient {
  readonly games = new Map<string, TrackedGame>();
  private readonly ackTimeoutMs: number;
  private readonly retries: number;
  private everConnected = false;
  private readonly snapshotListeners = new Set<(snapshot: GameSnapshot) => void>();

  private constructor(
    readonly socket: DugoutSocket,
    options: ClientOptions,
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    socket.on("game_state_update", (update) => this.takeSnapshot(update));
    socket.on("play_result", ({ gameId, play }) => this.takePlay(gameId, play));
    socket.on("connect", () => {
      if (this.everConnected) void this.rejoinAll();
      this.everConnected = true;
    });
  }

  /** Connect and authenticate; rejects with ConnectionRefused when the server says no. */
  static connect(options: ClientOptions): Promise<DugoutClient> {
    const tokenOf = options.token;
    const socket: DugoutSocket = io(`${options.url.replace(/\/+$/, "")}${GAME_NAMESPACE}`, {
      transports: options.transports ?? ["websocket"],
      reconnection: options.reconnection ?? true,
      auth: (cb) => {
        void Promise.resolve(typeof tokenOf === "function" ? tokenOf() : tokenOf).then((token) =>
          cb({ token }),
        );
      },
    });
    const client = new DugoutClient(socket, options);
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        socket.off("connect_error", onError);
        resolve(client);
      };
      const onError = (err: Error & { data?: { code?: string; message?: string } }) => {
        socket.off("connect", onConnect);
        socket.disconnect();
        reject(
          err.data?.code
            ? new ConnectionRefused(err.data.code, err.data.message ?? err.message)
            : new ConnectionRefused("connection/failed", err.message),
        );
      };
      socket.once("connect", onConnect);
      socket.once("connect_error", onError);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): this {
    this.socket.on(event, listener as never);
    return this;
  }

  off<E extends keyof ServerToClientEvents>(event: E, listener?: ServerToClientEvents[E]): this {
    this.socket.off(event, listener as never);
    return this;
  }

  /** A round trip with no game work: { pong, serverTime }. */
  ping() {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck("ping");
  }

  /** Join a game (as its manager when you manage a team in it, else as a spectator). */
  async join(gameId: string, options: Omit<JoinGamePayload, "gameId"> = {}): Promise<JoinGameAck> {
    const ack = await this.socket
      .timeout(this.ackTimeoutMs)
      .emitWithAck("join_game", { gameId, ...options });
    if (ack.ok) {
      const known = this.games.get(gameId);
      const { sincePlay: _since, ...keep } = options;
      const plays = known?.plays ?? [];
      const tracked: TrackedGame = {
        gameId,
        role: ack.role,
        snapshot: ack.snapshot,
        plays,
        cards: ack.cards ?? known?.cards ?? null,
        options: keep,
      };
      this.games.set(gameId, tracked);
      for (const play of ack.missedPlays) this.takePlay(gameId, play, false);
      if (known && known.snapshot.version > ack.snapshot.version) tracked.snapshot = known.snapshot;
      this.fillPlayGap(tracked);
      for (const listener of [...this.snapshotListeners]) listener(tracked.snapshot);
    }
    return ack;
  }

  async leave(gameId: string): Promise<SimpleAck> {
    this.games.delete(gameId);
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck("leave_game", { gameId });
  }

  /** The newest state of a game with its cards put back: what a decision is made from. */
  fullState(gameId: string): unknown {
    const tracked = this.games.get(gameId);
    if (!tracked || tracked.snapshot.state === null) return null;
    const state = tracked.snapshot.state as Record<string, unknown>;
    if (tracked.cards == null) return state;
    const players = state.players as Record<string, unknown> | undefined;
    const cards = tracked.cards as { players?: object; bench?: Record<string, unknown> };
    if (cards.players === undefined || cards.bench === undefined) {
      return { ...state, players: { ...cards, ...(players ?? {}) } };
    }
    // The engine's shape: starters by lineup id, and the bench's full cards by player id.
    const bench = cards.bench;
    const withBench = (team: unknown) => {
      const t = team as { bench?: Array<{ id: number }> } | undefined;
      if (!t?.bench) return team;
      return { ...t, bench: t.bench.map((p) => bench[p.id] ?? p) };
    };
    return {
      ...state,
      players: { ...cards.players, ...(players ?? {}) },
      home: withBench(state.home),
      away: withBench(state.away),
    };
  }

  /** The newest snapshot seen for a game. */
  snapshot(gameId: string): GameSnapshot | undefined {
    return this.games.get(gameId)?.snapshot;
  }

  /**
   * Submit a decision. `version` defaults to the newest snapshot's; `clientActionId` to a fresh
   * id. A timed-out submission is re-sent with the same id: the server applies it at most once.
   */
  submitDecision(
    gameId: string,
    decision: unknown,
    options: { version?: number; clientActionId?: string; side?: "home" | "away" } = {},
  ): Promise<ActionAck> {
    return this.submit("submit_decision", gameId, { decision }, options);
  }

  /** Submit an SBA card result (the result the manager read off the printed card). */
  submitSbaResult(
    gameId: string,
    result: unknown,
    options: { version?: number; clientActionId?: string; side?: "home" | "away" } = {},
  ): Promise<ActionAck> {
    return this.submit("submit_sba_result", gameId, { result }, options);
  }

  private async submit(
    event: "submit_decision" | "submit_sba_result",
    gameId: string,
    body: { decision: unknown } | { result: unknown },
    options: { version?: number; clientActionId?: string; side?: "home" | "away" },
  ): Promise<ActionAck> {
    const version = options.version ?? this.games.get(gameId)?.snapshot.version ?? 0;
    const payload = {
      gameId,
      version,
      clientActionId: options.clientActionId ?? newClientActionId(),
      ...(options.side ? { side: options.side } : {}),
      ...body,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const ack: ActionAck = await this.socket
          .timeout(this.ackTimeoutMs)
          .emitWithAck(event, payload as never);
        if (!ack.ok && ack.snapshot) this.takeSnapshot(ack.snapshot);
        return ack;
      } catch (error) {
        if (attempt >= this.retries) throw error;
      }
    }
  }

  /** The current snapshot and the plays after the last one this client has. */
  async sync(gameId: string): Promise<SyncAck> {
    const sincePlay = this.games.get(gameId)?.plays.length ?? 0;
    const ack = await this.socket
      .timeout(this.ackTimeoutMs)
      .emitWithAck("sync", { gameId, sincePlay });
    if (ack.ok) {
      for (const play of ack.missedPlays) this.takePlay(gameId, play, false);
      this.takeSnapshot(ack.snapshot);
    }
    return ack;
  }

  /** Resolves with the first snapshot of a game that satisfies `predicate`. */
  waitForSnapshot(
    gameId: string,
    predicate: (snapshot: GameSnapshot) => boolean,
    timeoutMs = 30_000,
  ): Promise<GameSnapshot> {
    const current = this.snapshot(gameId);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.snapshotListeners.delete(listener);
        reject(new Error(`no matching snapshot of game ${gameId} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (snapshot: GameSnapshot) => {
        if (snapshot.gameId !== gameId || !predicate(snapshot)) return;
        clearTimeout(timer);
        this.snapshotListeners.delete(listener);
        resolve(snapshot);
      };
      this.snapshotListeners.add(listener);
    });
  }

  /** Called with every snapshot the client takes (from updates, acks, joins and syncs). */
  onSnapshot(listener: (snapshot: GameSnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  close(): void {
    this.socket.disconnect();
  }

  private takeSnapshot(snapshot: GameSnapshot): void {
    const tracked = this.games.get(snapshot.gameId);
    if (!tracked || snapshot.version < tracked.snapshot.version) return;
    tracked.snapshot = snapshot;
    if (tracked.cards == null && snapshot.state !== null) {
      // Joined before the start: the cards come with a join, so join again before anyone decides.
      this.fetchCards(tracked);
      return;
    }
    this.fillPlayGap(tracked);
    for (const listener of [...this.snapshotListeners]) listener(snapshot);
  }

  private readonly syncsInFlight = new Set<string>();

  /**
   * The snapshot counts the game's plays: when it counts more than this client holds (a play
   * broadcast lost across a reconnection), fetch the missing ones by play number.
   */
  private fillPlayGap(tracked: TrackedGame): void {
    const { gameId } = tracked;
    if (tracked.snapshot.playCount <= tracked.plays.length || this.syncsInFlight.has(gameId))
      return;
    this.syncsInFlight.add(gameId);
    void this.sync(gameId)
      .catch(() => undefined)
      .finally(() => this.syncsInFlight.delete(gameId));
  }

  private readonly cardsInFlight = new Set<string>();

  private fetchCards(tracked: TrackedGame): void {
    if (this.cardsInFlight.has(tracked.gameId)) return;
    this.cardsInFlight.add(tracked.gameId);
    void this.join(tracked.gameId, { ...tracked.options, sincePlay: tracked.plays.length })
      .catch(() => undefined)
      .finally(() => this.cardsInFlight.delete(tracked.gameId));
  }

  private takePlay(gameId: string, play: PlayRecord, syncOnGap = true): void {
    const tracked = this.games.get(gameId);
    if (!tracked) return;
    const expected = tracked.plays.length + 1;
    if (play.playNumber === expected) tracked.plays.push(play);
    else if (play.playNumber < expected) tracked.plays[play.playNumber - 1] = play;
    else if (syncOnGap) void this.sync(gameId).catch(() => undefined);
  }

  private async rejoinAll(): Promise<void> {
    for (const tracked of [...this.games.values()]) {
      try {
        await this.join(tracked.gameId, { ...tracked.options, sincePlay: tracked.plays.length });
      } catch {
        // The next reconnection tries again.
      }
    }
  }
}
