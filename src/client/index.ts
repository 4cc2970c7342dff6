// The typed client SDK for Dugout's real-time protocol. The tests, the `bot` command and a web
// client all play through it; it is the only way in that a person's client takes.
//
//   const client = await DugoutClient.connect({ url: "http://localhost:8000", token });
//   const joined = await client.join(gameId);                 // snapshot + plays so far
//   client.on("decision_required", (d) => ...);
//   const ack = await client.submitDecision(gameId, { type: "setDefense", ... });
//
// What it does for you:
// - tracks each joined game: the newest snapshot (by version) and the plays by play number; each
//   game_state_update brings a delta of the state, applied to the snapshot it was made from;
// - fills in the state version you last saw and a fresh client action id for every submission,
//   and on a timeout re-sends the SAME id, so a retry can never apply an action twice;
// - on a stale-version refusal, takes the fresh snapshot that comes with it;
// - after a reconnection, joins its games again asking for every play after the last one it has;
// - when a play number is skipped, or a delta is from a version it does not hold, syncs;
// - raises play_result, substitution, game_state_update, decision_required and game_over for its
//   listeners from each update (see DugoutEvents).
//
// Import-safe for browsers: socket.io-client and type-only imports of the protocol.

import { io, type Socket } from "socket.io-client";
import type { PlayRecord } from "../engine/play-record.js";
import { applyDelta } from "../realtime/delta.js";
import { clientParser } from "../realtime/parser.js";
import type {
  ActionAck,
  ClientToServerEvents,
  DecisionRequest,
  GameCards,
  GameOverNotice,
  GameSnapshot,
  GameStateUpdate,
  GameUpdate,
  JoinGameAck,
  JoinGamePayload,
  PlayResult,
  Refusal,
  ServerToClientEvents,
  SimpleAck,
  SocketErrorPayload,
  SubstitutionNotice,
  SyncAck,
  Viewer,
} from "../realtime/protocol.js";

export type { ActionAck, GameSnapshot, JoinGameAck, Refusal, SyncAck };
export type DugoutSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * What the client tells its listeners, from each `game_state_update` (in this order) and each `error`.
 * An update whose delta the client cannot apply (it missed the one before) raises no
 * `game_state_update`: the client syncs, and the snapshot reaches `onSnapshot` listeners.
 */
export interface DugoutEvents {
  /** One play, with the dice shown. */
  play_result: (payload: PlayResult) => void;
  /** A player entered the game (pinch hitter, reliever, defensive change). */
  substitution: (payload: SubstitutionNotice) => void;
  /** The newest snapshot, with who made the action that produced it. */
  game_state_update: (payload: GameStateUpdate) => void;
  /** Who must decide what next, with a deadline when the game has a timer. */
  decision_required: (payload: DecisionRequest) => void;
  /** The game ended: played out, forfeited or abandoned. */
  game_over: (payload: GameOverNotice) => void;
  /** A refusal that had no ack to travel in, sometimes before a disconnect. */
  error: (payload: SocketErrorPayload) => void;
}

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
  cards: TrackedCards | null;
  options: Omit<JoinGamePayload, "gameId" | "sincePlay" | "knownCards">;
}

/** A joined game's cards: who holds which (by hash, as the join named them) and every body. */
export interface TrackedCards {
  refs: GameCards["refs"];
  bodies: Record<string, object>;
}

/** How many card hashes a first join names from the shelf (the protocol takes up to 128). */
const KNOWN_CARDS_SENT = 64;

/**
 * Card bodies by hash, shared by every client of this process: a game with the same players as
 * another (or the same game joined again) holds the same objects, and a join names the hashes on
 * the shelf so that the server does not send those bodies again. Weak: a body no game holds any
 * more can be collected.
 */
class CardShelf {
  private readonly held = new Map<string, WeakRef<object>>();

  /** The body on the shelf for `hash`, if it is still alive. */
  get(hash: string): object | undefined {
    return this.held.get(hash)?.deref();
  }

  /** The body the shelf keeps for `hash`: the one it holds, else `body`, kept from now on. */
  put(hash: string, body: object): object {
    const held = this.get(hash);
    if (held !== undefined) return held;
    this.held.set(hash, new WeakRef(body));
    return body;
  }

  /** Up to `limit` bodies still alive, by hash, the newest put first. */
  newest(limit: number): Map<string, object> {
    const found = new Map<string, object>();
    const hashes = [...this.held.keys()];
    for (let i = hashes.length - 1; i >= 0 && found.size < limit; i--) {
      const body = this.get(hashes[i]!);
      if (body === undefined) this.held.delete(hashes[i]!);
      else found.set(hashes[i]!, body);
    }
    return found;
  }
}

const SHELF = new CardShelf();

/**
 * A join's cards with every body in hand: those the ack sent, else those this client named as
 * held. The shelf's object when it has one, so games with the same players share them. Null when a
 * body is in neither (then the client joins again without naming any).
 */
function resolveCards(cards: GameCards, holding: ReadonlyMap<string, object>): TrackedCards | null {
  const bodies: Record<string, object> = {};
  for (const group of Object.values(cards.refs)) {
    for (const hash of Object.values(group)) {
      if (hash in bodies) continue;
      const body = (cards.bodies[hash] as object | undefined) ?? holding.get(hash);
      if (body === undefined) return null;
      bodies[hash] = SHELF.put(hash, body);
    }
  }
  return { refs: cards.refs, bodies };
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  const mapped: Record<string, U> = {};
  for (const key of Object.keys(record)) mapped[key] = f(record[key]!);
  return mapped;
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
  private readonly listeners = new Map<keyof DugoutEvents, Set<DugoutEvents[keyof DugoutEvents]>>();

  private constructor(
    readonly socket: DugoutSocket,
    options: ClientOptions,
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    socket.on("game_state_update", (update) => this.takeUpdate(update));
    socket.on("error", (payload) => this.raise("error", payload));
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
      // The default wire format, without the default encoder's search for binary in every payload.
      parser: clientParser,
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

  on<E extends keyof DugoutEvents>(event: E, listener: DugoutEvents[E]): this {
    let listeners = this.listeners.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.listeners.set(event, listeners);
    }
    listeners.add(listener);
    return this;
  }

  off<E extends keyof DugoutEvents>(event: E, listener?: DugoutEvents[E]): this {
    if (listener === undefined) this.listeners.delete(event);
    else this.listeners.get(event)?.delete(listener);
    return this;
  }

  private raise<E extends keyof DugoutEvents>(event: E, payload: Parameters<DugoutEvents[E]>[0]) {
    const listeners = this.listeners.get(event);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) (listener as (p: typeof payload) => void)(payload);
  }

  /** A round trip with no game work: { pong, serverTime }. */
  ping() {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck("ping");
  }

  /**
   * Join a game (as its manager when you manage a team in it, else as a spectator). The join names
   * the card bodies this client already holds (the game's own when it joins again, else the
   * newest on the shelf), and the ack brings only the others.
   */
  async join(
    gameId: string,
    options: Omit<JoinGamePayload, "gameId" | "knownCards"> = {},
  ): Promise<JoinGameAck> {
    const held = this.games.get(gameId)?.cards;
    // Held here until the ack is read, so no body named in knownCards is collected meanwhile.
    const holding = held ? new Map(Object.entries(held.bodies)) : SHELF.newest(KNOWN_CARDS_SENT);
    let ack = await this.socket
      .timeout(this.ackTimeoutMs)
      .emitWithAck("join_game", { gameId, ...options, knownCards: [...holding.keys()] });
    let cards = ack.ok && ack.cards !== null ? resolveCards(ack.cards, holding) : null;
    if (ack.ok && ack.cards !== null && cards === null) {
      // A body neither sent nor held (the server would have sent it): ask for all of them.
      ack = await this.socket
        .timeout(this.ackTimeoutMs)
        .emitWithAck("join_game", { gameId, ...options });
      cards = ack.ok && ack.cards !== null ? resolveCards(ack.cards, new Map()) : null;
    }
    if (ack.ok) {
      const known = this.games.get(gameId);
      const { sincePlay: _since, ...keep } = options;
      const plays = known?.plays ?? [];
      const tracked: TrackedGame = {
        gameId,
        role: ack.role,
        snapshot: ack.snapshot,
        plays,
        cards: cards ?? known?.cards ?? null,
        options: keep,
      };
      this.games.set(gameId, tracked);
      for (const play of ack.missedPlays) this.takePlay(gameId, play, false);
      if (known && known.snapshot.version > ack.snapshot.version) tracked.snapshot = known.snapshot;
      this.fillPlayGap(tracked);
      this.catchUp(tracked);
      for (const listener of [...this.snapshotListeners]) listener(tracked.snapshot);
    }
    return ack;
  }

  async leave(gameId: string): Promise<SimpleAck> {
    this.games.delete(gameId);
    this.unapplied.delete(gameId);
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck("leave_game", { gameId });
  }

  /** The newest state of a game with its cards put back: what a decision is made from. */
  fullState(gameId: string): unknown {
    const tracked = this.games.get(gameId);
    if (!tracked || tracked.snapshot.state === null) return null;
    const state = tracked.snapshot.state as Record<string, unknown>;
    if (tracked.cards == null) return state;
    const { refs, bodies } = tracked.cards;
    const cardOf = (hash: string) => bodies[hash];
    const starters = mapValues(refs.players ?? {}, cardOf);
    const players = { ...starters, ...((state.players as object | undefined) ?? {}) };
    if (refs.bench === undefined) return { ...state, players };
    // The engine's shape: starters by lineup id, and the bench's full cards by player id.
    const bench = refs.bench;
    const withBench = (team: unknown) => {
      const t = team as { bench?: Array<{ id: number }> } | undefined;
      if (!t?.bench) return team;
      return { ...t, bench: t.bench.map((p) => (bench[p.id] ? cardOf(bench[p.id]!) : p)) };
    };
    return { ...state, players, home: withBench(state.home), away: withBench(state.away) };
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

  /**
   * One change of a game: its plays, its substitutions, then the new snapshot, built from the
   * whole state or from the one this client holds and the delta; a delta from another version
   * than the one held means an update was missed, so the client syncs instead.
   */
  private takeUpdate(update: GameUpdate): void {
    const { gameId, version } = update;
    for (const play of update.plays) {
      this.takePlay(gameId, play);
      this.raise("play_result", { gameId, version, play, dice: play.diceRoll });
    }
    for (const entry of update.substitutions)
      this.raise("substitution", { gameId, version, entry });
    const tracked = this.games.get(gameId);
    const { actor, plays: _plays, substitutions: _subs, delta, state: whole, ...head } = update;
    let state: unknown;
    if (delta === undefined) state = whole ?? null;
    else if (tracked?.snapshot.version === delta.base && tracked.snapshot.state != null) {
      state = applyDelta(tracked.snapshot.state as Record<string, unknown>, delta);
    }
    if (state !== undefined) {
      const snapshot: GameSnapshot = { ...head, state };
      this.takeSnapshot(snapshot);
      this.raise("game_state_update", { ...snapshot, actor });
    } else if (tracked !== undefined && version > tracked.snapshot.version) {
      this.unapplied.set(gameId, Math.max(version, this.unapplied.get(gameId) ?? 0));
      this.syncNow(tracked);
    }
    if (update.pending !== null) this.raise("decision_required", update.pending);
    if (update.gameOver !== null) this.raise("game_over", { gameId, version, ...update.gameOver });
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
    if (tracked.snapshot.playCount > tracked.plays.length) this.syncNow(tracked);
  }

  /**
   * The newest version an update announced whose delta this client could not apply, by game. A
   * join or sync ack may bring an older snapshot than that (the server reads the snapshot, then
   * the plays; an update can go out in between), so the client syncs again until it has caught up.
   */
  private readonly unapplied = new Map<string, number>();

  /**
   * One sync at a time per game. A need that arises while one is out (a play past a gap, an
   * update it cannot apply) is not lost: when the answer comes, the game as tracked then (a join
   * may have replaced the object meanwhile) is checked again against what the answer covered.
   */
  private syncNow(tracked: TrackedGame): void {
    const { gameId } = tracked;
    if (this.syncsInFlight.has(gameId)) return;
    this.syncsInFlight.add(gameId);
    void this.sync(gameId)
      .then(
        (ack) => (ack.ok ? ack.snapshot.version : null),
        () => null,
      )
      .then((answered) => {
        this.syncsInFlight.delete(gameId);
        const current = this.games.get(gameId);
        if (answered === null || current === undefined) return;
        // A snapshot newer than the answer came in meanwhile, and its plays may not have: the
        // answer's own plays are complete up to its snapshot, so only a newer one needs another.
        if (current.snapshot.version > answered) this.fillPlayGap(current);
        this.catchUp(current);
      });
  }

  private catchUp(tracked: TrackedGame): void {
    const missed = this.unapplied.get(tracked.gameId);
    if (missed === undefined) return;
    if (tracked.snapshot.version >= missed) this.unapplied.delete(tracked.gameId);
    else this.syncNow(tracked);
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
    else if (syncOnGap) this.syncNow(tracked);
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
