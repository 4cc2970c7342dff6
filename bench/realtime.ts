/**
 * The real-time server end to end, on PostgreSQL, each figure next to its floor measured in the
 * same run:
 *
 *   npm run bench:realtime      (BENCH_DATABASE_URL or TEST_DATABASE_URL, default
 *                                postgres://postgres@127.0.0.1:5432/test; BENCH_BIG_GAMES=1000,
 *                                BENCH_BIG_ACTIONS=20 actions per game in the big round's
 *                                saturated part, BENCH_PACED_ACTIONS=10 in its paced part,
 *                                BENCH_THINK_MS=2000: the mean thinking time there;
 *                                BENCH_BGIO_MOVES=20000 moves of the boardgame.io baseline;
 *                                BENCH_SERVER_PROF=<file.cpuprofile>: the server's CPU profile
 *                                of the 100-game round's play, once its clients have joined)
 *
 * - Floors: a bare Socket.IO echo round trip (a plain server in the server process), and a
 *   single-row INSERT + COMMIT on the same database.
 * - The action round trip: from sending a decision to seeing the broadcast state it produced
 *   (the issue's measure), and to its ack, which comes right after that state; both only after
 *   the commit (write-through). p50 and p99 with 1, 100 and 1,000 concurrent
 *   games, every action a real socket round trip: both sides of each game are SDK clients
 *   (DugoutClient + autoplay) deciding with the engine's default decisions (the
 *   AI managers of src/ai need the bench players' cards, which the client's view leaves out).
 *   The 1,000 games are played twice over: paced, each side thinking 1-3 s (seeded) before each
 *   decision, as people do, which is the latency the goal is about; then saturated, every side
 *   deciding at once, which is the server's throughput limit: there the round trip is the queue
 *   behind the other 999 games' actions (Little's law: games / actions per second).
 *   The 1-game round trip is split at the commit (the server's group-commit transactions,
 *   timed by the GroupCommitter), and next to it the unit's own floors: the same write of one
 *   action with no server around it, and again into copies of its three tables without their
 *   CHECK constraints and foreign keys (see unitFloors). The paced round has a floor of its own:
 *   a raw single-row commit sent at the same moment as each action, on a pool of 10
 *   connections, so it meets the same arrivals and the same moments of the disk.
 * - Server CPU per action (process.cpuUsage in the server process, durability included) with 100
 *   games, against a boardgame.io server's CPU per in-memory tic-tac-toe move with 100 games,
 *   measured right after our round (bench/baselines/boardgameio.ts). Next to it, the transport's
 *   own share: a bare Socket.IO server in the same process carrying the same messages (a decision
 *   in with its ack id, an update of the average size our clients received to both sides of the
 *   room, the ack) for 100 rooms at once.
 * - Durable actions per second with 100 and 1,000 games, against the raw single-row commit rate
 *   over 10 connections.
 * - Memory per live game: heapUsed (after a forced GC) with the big round's games live, minus
 *   heapUsed before they were created, divided by their number; and, once they are evicted, the
 *   heap they take again when all are rebuilt from the database (recovery).
 * - Recovery of an 80-play game against the plain SELECT of the rows it reads.
 *
 * The server runs in a child process (this file with the argument "server"), so its CPU and heap
 * are its own; the clients run here. A throwaway database is created and dropped.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import pg from "pg";
import { pino } from "pino";
import { Server } from "socket.io";
import { io as connectIo } from "socket.io-client";
import { mulberry32 } from "../scripts/mulberry32.js";
import { accessTokenKey, issueAccessToken, verifyAccessToken } from "../src/auth/jwt.js";
import { autoplay } from "../src/client/autoplay.js";
import { DugoutClient } from "../src/client/index.js";
import { openDatabase } from "../src/db/client.js";
import { commitActionUnits } from "../src/db/operations.js";
import { teamManagers, users } from "../src/db/schema/index.js";
import { createTestGame, createThrowawayDatabase, makeTestActionUnit } from "../src/db/testing.js";
import { CARDS } from "../src/games/card-interning.js";
import { DbGameStore } from "../src/games/db-store.js";
import { defaultDecisionsAi, engineRules } from "../src/games/engine-rules.js";
import { LeagueSetups } from "../src/games/league-setups.js";
import { GameService } from "../src/games/service.js";
import { bundledSource } from "../src/leagues/bundled/index.js";
import gameSocket from "../src/realtime/game-socket.js";
import { clientParser, serverParser } from "../src/realtime/parser.js";
import realtime from "../src/realtime/server.js";

const SECRET = "bench-realtime-secret-key-at-least-32-characters";
const KEY = accessTokenKey(SECRET);
const HOME_TEAM = 101;
/** The length of the game whose recovery is measured (issue #7: an 80-play game). */
const RECOVERY_PLAYS = 80;
/** Whole games played before the first measurement. */
const WARM_UP_GAMES = 48;
const AWAY_TEAM = 102;

// ---------------------------------------------------------------------------------------------
// The server process

type Command =
  | { id: number; kind: "createGames"; count: number }
  | { id: number; kind: "cpu" }
  | { id: number; kind: "commitMillis"; count: number }
  | { id: number; kind: "stats" }
  | { id: number; kind: "heap" }
  | { id: number; kind: "memory"; gameIds: string[] }
  | { id: number; kind: "recovery"; gameId: string; rounds: number }
  | { id: number; kind: "playCounts"; gameIds: string[] }
  | { id: number; kind: "profile"; start: boolean; file?: string }
  | { id: number; kind: "close" };

async function serve(): Promise<void> {
  const url = process.env.BENCH_DB_URL!;
  const db = await openDatabase({ url, poolSize: 10 });
  // Warnings and errors (a failed commit, a refused AI move, a failed join) on stderr: a benchmark
  // that hides them measures something else.
  const logger = pino({ level: "warn" }, pino.destination(2));
  const store = new DbGameStore(db.orm);
  const service = new GameService({
    store,
    teams: store,
    rules: engineRules,
    ai: defaultDecisionsAi,
    setups: new LeagueSetups((league) => bundledSource(league)),
    idleEvictMs: 0,
    snapshotEvery: 50,
    logger,
  });
  const homeUser = process.env.BENCH_HOME_USER!;
  const awayUser = process.env.BENCH_AWAY_USER!;

  const app = Fastify({ loggerInstance: logger });
  await app.register(realtime, { corsOrigins: [] });
  await app.register(gameSocket, {
    service,
    verifyToken: (token) => verifyAccessToken(token, KEY),
    ratePerSecond: 1_000_000,
    rateBurst: 1_000_000,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const gamePort = (app.server.address() as AddressInfo).port;

  // The floor: a bare Socket.IO server that acks what it gets.
  const echo = new Server({ serveClient: false, parser: serverParser });
  echo.on("connection", (socket) => {
    socket.on("echo", (payload: unknown, ack: (reply: unknown) => void) => ack(payload));
  });
  // The CPU floor: Socket.IO alone carrying Dugout's messages. Each "game" is a room of two
  // sockets; a decision comes in with an ack id, an update of the size the real server sends goes
  // to the room, then the ack: the transport's whole share of an action, and nothing else.
  const relay = echo.of("/relay");
  const relayVersions = new Map<string, number>();
  relay.on("connection", (socket) => {
    socket.on("join", (room: string, ack: (reply: unknown) => void) => {
      void socket.join(room);
      ack({ ok: true });
    });
    socket.on("act", (action: { room: string; filler: string }, ack: (reply: unknown) => void) => {
      const version = (relayVersions.get(action.room) ?? 0) + 1;
      relayVersions.set(action.room, version);
      relay.to(action.room).emit("game_state_update", { version, filler: action.filler });
      ack({ ok: true, version });
    });
  });
  const echoHttp = (await import("node:http")).createServer();
  echo.attach(echoHttp);
  await new Promise<void>((resolve) => echoHttp.listen(0, "127.0.0.1", resolve));
  const echoPort = (echoHttp.address() as AddressInfo).port;

  const roster = async (teamId: number) => {
    const r = (await bundledSource("sba").getRoster(teamId))!;
    return {
      lineup: r.depth.lineup.map((slot) => ({ playerId: slot.id, position: slot.position })),
      pitcher: r.depth.rotation[0],
    };
  };
  const lineups = { home: await roster(HOME_TEAM), away: await roster(AWAY_TEAM) };

  const inspector = new Session();
  inspector.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      inspector.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );

  const handle = async (command: Command): Promise<unknown> => {
    switch (command.kind) {
      case "createGames": {
        const ids: string[] = [];
        const one = async () => {
          const game = await service.createGame({
            league: "sba",
            homeTeamId: HOME_TEAM,
            awayTeamId: AWAY_TEAM,
            mode: "friendly",
            pace: "live",
            visibility: "public",
            homeIsAi: false,
            awayIsAi: false,
            aiDifficulty: "balanced",
            turnTimerSeconds: null,
            createdBy: homeUser,
          });
          await service.submitLineup(game.id, { userId: homeUser }, "home", lineups.home);
          await service.submitLineup(game.id, { userId: awayUser }, "away", lineups.away);
          await service.startGame(game.id, { userId: homeUser });
          ids.push(game.id);
        };
        for (let i = 0; i < command.count; i += 20) {
          await Promise.all(Array.from({ length: Math.min(20, command.count - i) }, one));
        }
        return ids;
      }
      case "cpu":
        return {
          cpu: process.cpuUsage(),
          applied: service.stats.applied,
          commits: service.commitStats.batches,
        };
      case "commitMillis":
        return service.recentCommitMillis(command.count);
      case "profile": {
        // The server's CPU profile of one round (BENCH_SERVER_PROF), written as a .cpuprofile.
        if (command.start) {
          await post("Profiler.enable");
          await post("Profiler.start");
          return null;
        }
        const { profile } = (await post("Profiler.stop")) as { profile: unknown };
        await writeFile(command.file!, JSON.stringify(profile));
        return command.file;
      }
      case "heap":
        await service.drain();
        for (let i = 0; i < 4; i++) global.gc?.();
        return process.memoryUsage().heapUsed;
      case "stats":
        return { stats: service.stats, commits: service.commitStats, live: service.liveCount };
      case "memory": {
        // With the games live, then evicted, then rebuilt from the database.
        const heap = () => {
          for (let i = 0; i < 4; i++) global.gc?.();
          return process.memoryUsage().heapUsed;
        };
        await service.drain();
        const live = heap();
        const evicted = service.evictIdle(Date.now() + 1e12);
        // Eviction writes each game's snapshot: weigh once those writes are done (the heap settles).
        let none = heap();
        for (let i = 0; i < 120; i++) {
          await new Promise((r) => setTimeout(r, 1000));
          const now = heap();
          const settled = Math.abs(now - none) < 0.01 * none;
          none = now;
          if (settled) break;
        }
        const started = performance.now();
        for (let i = 0; i < command.gameIds.length; i += 50) {
          await Promise.all(
            command.gameIds.slice(i, i + 50).map((id) => service.snapshot(id, "spectator")),
          );
        }
        const recoveredMs = performance.now() - started;
        const rebuilt = heap();
        return {
          games: command.gameIds.length,
          evicted,
          live,
          none,
          rebuilt,
          recoveredMs,
          interner: CARDS.stats,
        };
      }
      case "playCounts": {
        const counts: number[] = [];
        for (const gameId of command.gameIds) {
          counts.push((await service.snapshot(gameId, "spectator"))?.playCount ?? 0);
        }
        return counts;
      }
      case "recovery": {
        // Rebuilding the game (its rows read + replayed), against the plain SELECT of those rows.
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const recover: number[] = [];
        const select: number[] = [];
        let plays = 0;
        for (let round = 0; round < command.rounds; round++) {
          let t = performance.now();
          const head = await client.query("select * from games where id = $1", [command.gameId]);
          const session = await client.query(
            "select state_snapshot->'snapshot' as snapshot from game_sessions where game_id = $1",
            [command.gameId],
          );
          const rows = await client.query(
            "select * from game_actions where game_id = $1 order by seq",
            [command.gameId],
          );
          select.push(performance.now() - t);
          if (head.rowCount !== 1 || session.rowCount !== 1 || (rows.rowCount ?? 0) < 2) {
            throw new Error("the game's rows are missing");
          }
          service.evictIdle(Date.now() + 1e12);
          t = performance.now();
          const snapshot = await service.snapshot(command.gameId, "spectator");
          recover.push(performance.now() - t);
          plays = snapshot?.playCount ?? 0;
        }
        await client.end();
        return { recover, select, plays };
      }
      case "close":
        await service.close();
        await app.close();
        echo.close();
        await db.close();
        return null;
    }
  };

  process.on("message", (command: Command) => {
    handle(command).then(
      (result) => process.send!({ id: command.id, ok: true, result }),
      (error: Error) =>
        process.send!({ id: command.id, ok: false, error: String(error.stack ?? error) }),
    );
  });
  process.send!({ ready: true, gamePort, echoPort });
}

// ---------------------------------------------------------------------------------------------
// The clients (this process)

class ServerProcess {
  private next = 1;
  private readonly waiting = new Map<
    number,
    (reply: { ok: boolean; result?: unknown; error?: string }) => void
  >();
  constructor(readonly child: ChildProcess) {
    child.on(
      "message",
      (message: { id?: number; ok: boolean; result?: unknown; error?: string }) => {
        if (message.id !== undefined) this.waiting.get(message.id)?.(message);
      },
    );
  }
  async call<T>(command: Record<string, unknown> & { kind: Command["kind"] }): Promise<T> {
    const id = this.next++;
    const reply = await new Promise<{ ok: boolean; result?: unknown; error?: string }>(
      (resolve) => {
        this.waiting.set(id, resolve);
        this.child.send({ ...command, id });
      },
    );
    this.waiting.delete(id);
    if (!reply.ok) throw new Error(`server: ${reply.error}`);
    return reply.result as T;
  }
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (v: number) => `${v.toFixed(2)} ms`;
const median = (v: readonly number[]) => percentile(v, 50);
/** Both measures of a round's action round trip. */
const trip = (r: Round) =>
  `to the broadcast state p50 ${ms(median(r.toState))}, p99 ${ms(percentile(r.toState, 99))}; to the ack p50 ${ms(median(r.latencies))}, p99 ${ms(percentile(r.latencies, 99))}`;

/** The server's counters at the start and end of a round. */
interface ServerTally {
  cpu: NodeJS.CpuUsage;
  applied: number;
  commits: number;
}

interface Round {
  games: number;
  actions: number;
  /** Send -> ack (after the broadcast and the commit), per action. */
  latencies: number[];
  /** Send -> the acting client sees the broadcast state of its action. */
  toState: number[];
  /** The server's group-commit transactions of the round, each one's duration. */
  commitMillis: number[];
  seconds: number;
  cpuMicros: number;
  /** The part of cpuMicros spent in the kernel (socket and database I/O). */
  cpuSystemMicros: number;
  serverApplied: number;
}

/**
 * One side's client, with what it sent last: the round trip to "seeing the broadcast state" (the
 * issue's measure) ends when the update past that version reaches this client, and is written to
 * the running round's `toState`.
 */
interface SideClient {
  client: DugoutClient;
  sent: { version: number; at: number } | null;
  toState: number[] | null;
}

interface Pair {
  gameId: string;
  home: SideClient;
  away: SideClient;
}

/** Connects an SDK client for each side of each game and joins it. */
async function joinGames(
  gameUrl: string,
  tokens: { home: string; away: string },
  gameIds: readonly string[],
): Promise<Pair[]> {
  const connect = (token: string) =>
    DugoutClient.connect({ url: gameUrl, token, reconnection: false, ackTimeoutMs: 60_000 });
  const pairs: Pair[] = [];
  for (let i = 0; i < gameIds.length; i += 50) {
    const batch = await Promise.all(
      gameIds.slice(i, i + 50).map(async (gameId) => {
        const [home, away] = await Promise.all([connect(tokens.home), connect(tokens.away)]);
        const joined = await Promise.all([home.join(gameId), away.join(gameId)]);
        if (!joined.every((j) => j.ok)) throw new Error(`join refused: ${JSON.stringify(joined)}`);
        return { gameId, home: watchUpdates(home, gameId), away: watchUpdates(away, gameId) };
      }),
    );
    pairs.push(...batch);
  }
  return pairs;
}

/** How many updates are weighed for the relay floor's payload size. */
const SIZE_SAMPLE = 5_000;
/** The updates the bench's clients received, and their JSON size (for the relay floor). */
const received = { updates: 0, bytes: 0 };

function watchUpdates(client: DugoutClient, gameId: string): SideClient {
  const side: SideClient = { client, sent: null, toState: null };
  client.socket.on("game_state_update", (update) => {
    if (received.updates >= SIZE_SAMPLE) return;
    received.updates += 1;
    received.bytes += JSON.stringify(update).length;
  });
  client.on("game_state_update", (update) => {
    if (side.sent !== null && update.gameId === gameId && update.version > side.sent.version) {
      side.toState?.push(performance.now() - side.sent.at);
      side.sent = null;
    }
  });
  return side;
}

const closeAll = (pairs: readonly Pair[]) => {
  for (const { home, away } of pairs) {
    home.client.close();
    away.client.close();
  }
};

interface RoundOptions {
  /** Called once every client has joined, right before the measured play starts. */
  onJoined?: () => Promise<unknown>;
  /**
   * A paced round: each side thinks this long (ms) before each decision, as a person does, so the
   * server is offered a steady load instead of every game's next action at once. The round trip
   * is measured from the send, so the thinking is not in it.
   */
  thinkMs?: () => number;
  /** Called as each decision is sent. */
  onSend?: () => void;
}

/**
 * Plays the games of `pairs` over sockets, every side an SDK client; at most `limit` more actions
 * per game.
 */
async function playRound(
  server: ServerProcess,
  pairs: readonly Pair[],
  limit: number,
  options: RoundOptions = {},
): Promise<Round> {
  const latencies: number[] = [];
  const toState: number[] = [];
  for (const pair of pairs) {
    for (const side of [pair.home, pair.away]) {
      side.sent = null;
      side.toState = toState;
    }
  }
  await options.onJoined?.();
  const before = await server.call<ServerTally>({ kind: "cpu" });
  const started = performance.now();
  let actions = 0;
  const think = options.thinkMs;
  await Promise.all(
    pairs.map(
      ({ gameId, home, away }) =>
        new Promise<void>((resolve, reject) => {
          let played = 0;
          const side = (sideClient: SideClient, name: "home" | "away") =>
            autoplay(
              sideClient.client,
              gameId,
              name,
              async (view, decision) => {
                if (think) await new Promise((r) => setTimeout(r, think()));
                if (played >= limit) {
                  resolve();
                  return new Promise(() => undefined); // this game is done: stop deciding
                }
                const chosen = defaultDecisionsAi.decide(
                  view,
                  { side: decision.side, decision: decision.decision, details: decision.details },
                  "balanced",
                );
                // autoplay sends it as soon as this returns.
                sideClient.sent = { version: decision.version, at: performance.now() };
                options.onSend?.();
                return chosen;
              },
              {
                onAck: (ack, sentAt) => {
                  latencies.push(performance.now() - sentAt);
                  if (ack.ok) {
                    played += 1;
                    actions += 1;
                  }
                },
              },
            );
          Promise.race([side(home, "home"), side(away, "away")]).then(() => resolve(), reject);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await server.call<ServerTally>({ kind: "cpu" });
  const cpuSystemMicros = after.cpu.system - before.cpu.system;
  const cpuMicros = after.cpu.user - before.cpu.user + cpuSystemMicros;
  const commitMillis = await server.call<number[]>({
    kind: "commitMillis",
    count: after.commits - before.commits,
  });
  return {
    commitMillis,
    games: pairs.length,
    actions,
    latencies,
    toState,
    seconds,
    cpuMicros,
    cpuSystemMicros,
    serverApplied: after.applied - before.applied,
  };
}

/** A bare Socket.IO client of the floors' server (namespace "" or "/relay"), once connected. */
function bareSocket(port: number, namespace = ""): Promise<ReturnType<typeof connectIo>> {
  return new Promise((resolve) => {
    const socket = connectIo(`http://127.0.0.1:${port}${namespace}`, {
      transports: ["websocket"],
      parser: clientParser,
    });
    socket.once("connect", () => resolve(socket));
  });
}

async function echoFloor(port: number, count: number): Promise<number[]> {
  const socket = await bareSocket(port);
  const payload = {
    gameId: randomUUID(),
    version: 12,
    clientActionId: randomUUID(),
    decision: { type: "setOffense", side: "away" },
  };
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await socket.emitWithAck("echo", payload);
    times.push(performance.now() - t);
  }
  socket.disconnect();
  return times;
}

/**
 * Socket.IO alone carrying an action's messages (see "The CPU floor" in serve): `games` rooms of
 * two clients playing `actions` each, all at once, every update `updateBytes` of JSON. Returns the
 * relay server's CPU per action (user and system), measured as the real server's is.
 */
async function relayFloor(
  server: ServerProcess,
  port: number,
  games: number,
  actions: number,
  updateBytes: number,
): Promise<{ user: number; system: number; perSecond: number }> {
  const connect = () => bareSocket(port, "/relay");
  const filler = "x".repeat(Math.max(0, updateBytes - 40));
  const pairs = await Promise.all(
    Array.from({ length: games }, async (_, g) => {
      const [a, b] = await Promise.all([connect(), connect()]);
      await Promise.all([a.emitWithAck("join", `r${g}`), b.emitWithAck("join", `r${g}`)]);
      return { room: `r${g}`, a, b };
    }),
  );
  const before = await server.call<{ cpu: NodeJS.CpuUsage }>({ kind: "cpu" });
  const started = performance.now();
  await Promise.all(
    pairs.map(async ({ room, a, b }) => {
      for (let i = 0; i < actions; i++) {
        const [actor, other] = i % 2 === 0 ? [a, b] : [b, a];
        const seen = new Promise<void>((resolve) =>
          other.once("game_state_update", () => resolve()),
        );
        await actor.emitWithAck("act", { room, filler });
        await seen;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await server.call<{ cpu: NodeJS.CpuUsage }>({ kind: "cpu" });
  for (const { a, b } of pairs) {
    a.disconnect();
    b.disconnect();
  }
  const count = games * actions;
  return {
    user: (after.cpu.user - before.cpu.user) / count,
    system: (after.cpu.system - before.cpu.system) / count,
    perSecond: count / seconds,
  };
}

/** The commit floors' table and their one statement: a single-row INSERT, committed on its own. */
const CREATE_COMMIT_TABLE =
  "create table if not exists bench_commit (id bigserial primary key, v int)";
const INSERT_ONE_ROW = "insert into bench_commit (v) values ($1)";

async function commitFloor(url: string, count: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(CREATE_COMMIT_TABLE);
  const times: number[] = [];
  await timeOneRowCommits(client, count, times);
  await client.end();
  return times;
}

/** `count` single-row commits one after another on `client`, each one's latency into `times`. */
async function timeOneRowCommits(client: pg.Client, count: number, times: number[]) {
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await client.query(INSERT_ONE_ROW, [i]);
    times.push(performance.now() - t);
  }
}

/**
 * What the rows the issue asks for cost by themselves: the unit the game service writes for one
 * action (the version-checked games row, the action log row, the play), written by the same
 * statement, one at a time, with no server around it; and the same unit written into copies of
 * those three tables that keep their columns, defaults and indexes but no CHECK constraint or
 * foreign key (schema `bare`): the rows before any validation. Rounds of the single-row commit,
 * the unit and the bare unit take turns, so a moment of the disk falls on all three alike. This
 * process's event-loop busy time over the unit writes is the write path's own share of them
 * (our JS and the driver's), so what is left of a write's latency is the database's part.
 */
async function unitFloors(
  url: string,
  rounds: number,
  perRound: number,
): Promise<{
  commit: number[];
  unit: number[];
  bare: number[];
  /** This process's event loop busy time per unit write, in ms (our write path's own share). */
  busyPerUnit: number;
}> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(CREATE_COMMIT_TABLE);
  await setup.query("create schema bare");
  for (const table of ["games", "game_actions", "plays"]) {
    await setup.query(
      `create table bare.${table} (like public.${table} including all excluding constraints)`,
    );
  }
  const db = await openDatabase({ url, migrate: false, poolSize: 1 });
  const bareUrl = new URL(url);
  bareUrl.searchParams.set("options", "-c search_path=bare,public");
  const bareDb = await openDatabase({ url: bareUrl.href, migrate: false, poolSize: 1 });
  try {
    const fixture = await createTestGame(db);
    await setup.query(
      "insert into bare.games overriding system value select * from public.games where id = $1",
      [fixture.game.id],
    );
    const times = { commit: [] as number[], unit: [] as number[], bare: [] as number[] };
    const versions = { unit: 0, bare: 0 };
    const writeUnit = async (which: "unit" | "bare") => {
      const t = performance.now();
      const [result] = await commitActionUnits(
        which === "unit" ? db : bareDb,
        [makeTestActionUnit(fixture, versions[which])],
        { readBack: false },
      );
      times[which].push(performance.now() - t);
      if (!result?.ok) throw new Error(`the ${which} write failed: ${result?.error.message}`);
      versions[which] += 1;
    };
    let busy = 0;
    for (let round = 0; round <= rounds; round++) {
      if (round === 1) for (const list of Object.values(times)) list.length = 0; // round 0 warms up
      await timeOneRowCommits(setup, perRound, times.commit);
      const loop = performance.eventLoopUtilization();
      for (let i = 0; i < perRound; i++) await writeUnit("unit");
      for (let i = 0; i < perRound; i++) await writeUnit("bare");
      if (round > 0) busy += performance.eventLoopUtilization(loop).active;
    }
    return { ...times, busyPerUnit: busy / (2 * rounds * perRound) };
  } finally {
    await Promise.all([db.close(), bareDb.close()]);
    await setup.end();
  }
}

/**
 * The paced round's floor: a raw single-row INSERT+COMMIT on a pool of its own, sent at the same
 * moment as each action of the round, so it meets the same arrival pattern and the same moments
 * of the disk (a commit waits for its WAL flush; an fsync on these machines now and then takes
 * 50-300 ms, and every commit arriving meanwhile waits with it). Its latency counts from the
 * send, its wait for a free connection included, as an action's does.
 */
class SameMomentCommits {
  private readonly pool: pg.Pool;
  private readonly inFlight = new Set<Promise<void>>();
  readonly latencies: number[] = [];

  constructor(url: string, connections: number) {
    this.pool = new pg.Pool({ connectionString: url, max: connections });
  }

  /** Opens the connections and readies the table, so the first commits wait for neither. */
  async warm(connections: number): Promise<void> {
    const clients = await Promise.all(
      Array.from({ length: connections }, () => this.pool.connect()),
    );
    await clients[0]!.query(CREATE_COMMIT_TABLE);
    for (const client of clients) client.release();
  }

  send(): void {
    const at = performance.now();
    const done: Promise<void> = this.pool
      .query(INSERT_ONE_ROW, [this.latencies.length])
      .then(() => {
        this.latencies.push(performance.now() - at);
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight);
    await this.pool.end();
  }
}

async function commitRate(url: string, connections: number, seconds: number): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < until) {
        await c.query(INSERT_ONE_ROW, [done]);
        done += 1;
      }
    }),
  );
  const rate = done / ((performance.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.end()));
  return rate;
}

async function main(): Promise<void> {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/test";
  const bigGames = Number(process.env.BENCH_BIG_GAMES ?? 1000);
  const bigActions = Number(process.env.BENCH_BIG_ACTIONS ?? 20);
  const pacedActions = Number(process.env.BENCH_PACED_ACTIONS ?? 10);
  const thinkMs = Number(process.env.BENCH_THINK_MS ?? 2000);
  const benchStarted = performance.now();
  console.log(`# bench:realtime ${new Date().toISOString()}`);
  console.log(`# node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})`);
  const throwaway = await createThrowawayDatabase(adminUrl, "dugout_bench");
  let child: ChildProcess | null = null;
  try {
    const db = await openDatabase({ url: throwaway.url });
    const homeUser = randomUUID();
    const awayUser = randomUUID();
    await db.orm.insert(users).values([
      { id: homeUser, discordId: `d-${homeUser}`, username: "bench-home" },
      { id: awayUser, discordId: `d-${awayUser}`, username: "bench-away" },
    ]);
    await db.orm.insert(teamManagers).values([
      { leagueId: "sba", teamId: HOME_TEAM, userId: homeUser },
      { leagueId: "sba", teamId: AWAY_TEAM, userId: awayUser },
    ]);
    await db.close();
    const tokenOf = async (id: string) =>
      (
        await issueAccessToken({ id, discordId: `d-${id}`, name: "bench" }, KEY, {
          ttlSeconds: 3600,
        })
      ).token;
    const tokens = { home: await tokenOf(homeUser), away: await tokenOf(awayUser) };

    child = fork(fileURLToPath(import.meta.url), ["server"], {
      // The server's V8 flags as `npm start` gives them (package.json), and gc() for the memory
      // figures.
      execArgv: ["--max-semi-space-size=64", "--import", "tsx", "--expose-gc"],
      env: {
        ...process.env,
        BENCH_DB_URL: throwaway.url,
        BENCH_HOME_USER: homeUser,
        BENCH_AWAY_USER: awayUser,
      },
    });
    const ready = await new Promise<{ gamePort: number; echoPort: number }>((resolve, reject) => {
      child!.once("message", (m) => resolve(m as { gamePort: number; echoPort: number }));
      child!.once("exit", (code) => reject(new Error(`the server exited with ${code}`)));
    });
    const server = new ServerProcess(child);
    const gameUrl = `http://127.0.0.1:${ready.gamePort}`;

    // Floors.
    await echoFloor(ready.echoPort, 200); // warm-up
    const echo = await echoFloor(ready.echoPort, 2000);
    await commitFloor(throwaway.url, 200);
    const commit = await commitFloor(throwaway.url, 2000);
    const rate10 = await commitRate(throwaway.url, 10, 3);
    const units = await unitFloors(throwaway.url, 5, 200);
    const floor = median(echo) + median(commit);
    console.log("\n## Floors");
    console.log(
      `echo round trip (bare Socket.IO): p50 ${ms(median(echo))}, p99 ${ms(percentile(echo, 99))}`,
    );
    console.log(
      `single-row INSERT+COMMIT: p50 ${ms(median(commit))}, p99 ${ms(percentile(commit, 99))}`,
    );
    console.log(`raw single-row commits/s over 10 connections: ${rate10.toFixed(0)}`);
    console.log(`echo p50 + commit p50 = ${ms(floor)}`);

    // Warm-up: whole games played at once (~12,000 actions), so the 1-game figure is a warm
    // server's, as a server that has been up for a while is: V8 optimises a function only after
    // thousands of calls, and the first thousands of actions of a process run the engine and the
    // write path in its unoptimised tiers, several times slower (an engine step took ~150 µs in
    // the first game, ~3 µs once optimised).
    const warm = await server.call<string[]>({ kind: "createGames", count: WARM_UP_GAMES });
    const warmPairs = await joinGames(gameUrl, tokens, warm);
    await playRound(server, warmPairs, Number.POSITIVE_INFINITY);
    closeAll(warmPairs);

    // 1 game, played to the end (it is also the 80-play game recovered below).
    const [single] = await server.call<string[]>({ kind: "createGames", count: 1 });
    const onePair = await joinGames(gameUrl, tokens, [single!]);
    const one = await playRound(server, onePair, Number.POSITIVE_INFINITY);
    closeAll(onePair);
    console.log(
      "\n## Action round trip (send decision -> the broadcast state reaches the sender -> its ack; committed before either)",
    );
    const p50one = median(one.toState);
    console.log(
      `1 game: ${one.actions} actions; ${trip(one)}; to the state ${(p50one / floor).toFixed(2)}x echo+commit (goal p50 <= 1.3x)`,
    );
    const commitOne = median(one.commitMillis);
    console.log(
      `  its commit (the server's transaction writing the action's unit): p50 ${ms(commitOne)} = ${(commitOne / median(commit)).toFixed(2)}x the single-row commit; the rest (round trip p50 - commit p50: transport, rules, views, the client) ${ms(p50one - commitOne)} = ${((p50one - commitOne) / median(echo)).toFixed(2)}x the echo`,
    );

    const [unitCommit, unitP50, bareP50] = [units.commit, units.unit, units.bare].map(median) as [
      number,
      number,
      number,
    ];
    const echoPlusDatabase = (p50: number) => median(echo) + p50 - units.busyPerUnit;
    console.log(
      `  the unit by itself (the same statement with no server around it, one at a time, in rounds taking turns with single-row commits): p50 ${ms(unitP50)} = ${(unitP50 / unitCommit).toFixed(2)}x the single-row commit (p50 ${ms(unitCommit)} in the same rounds); into the three tables with no CHECK or foreign key: p50 ${ms(bareP50)} = ${(bareP50 / unitCommit).toFixed(2)}x; this process was busy ${ms(units.busyPerUnit)} per unit write (our write path and the driver). Echo p50 + the database's part of the unit (its p50 - this process's share): ${ms(echoPlusDatabase(unitP50))} = ${(echoPlusDatabase(unitP50) / (median(echo) + unitCommit)).toFixed(2)}x echo+commit with the constraints, ${ms(echoPlusDatabase(bareP50))} = ${(echoPlusDatabase(bareP50) / (median(echo) + unitCommit)).toFixed(2)}x without`,
    );

    // 100 games, played to the end.
    const hundredIds = await server.call<string[]>({ kind: "createGames", count: 100 });
    const profileTo = process.env.BENCH_SERVER_PROF;
    const hundredPairs = await joinGames(gameUrl, tokens, hundredIds);
    const hundred = await playRound(server, hundredPairs, Number.POSITIVE_INFINITY, {
      ...(profileTo ? { onJoined: () => server.call({ kind: "profile", start: true }) } : {}),
    });
    if (profileTo) {
      const file = await server.call({ kind: "profile", start: false, file: profileTo });
      console.log(`(server CPU profile of the 100-game round: ${file})`);
    }
    closeAll(hundredPairs);
    console.log(`100 games: ${hundred.actions} actions; ${trip(hundred)}`);

    // The CPU goal's baseline, next to our 100-game round (imported here: the server child never
    // loads boardgame.io).
    const { measureBoardgameioMoveCpu } = await import("./baselines/boardgameio.js");
    const bgio = await measureBoardgameioMoveCpu({
      games: 100,
      moves: Number(process.env.BENCH_BGIO_MOVES ?? 20_000),
    });

    // 1,000 games: first paced (each side thinks before it decides, as people do), then saturated
    // (every side decides at once: the server's throughput limit, where the round trip is mostly
    // queueing behind the other games' actions).
    const heapBefore = await server.call<number>({ kind: "heap" });
    const t0 = performance.now();
    const bigIds = await server.call<string[]>({ kind: "createGames", count: bigGames });
    const createSeconds = (performance.now() - t0) / 1000;
    const bigPairs = await joinGames(gameUrl, tokens, bigIds);
    const random = mulberry32(20261125);
    const sameMoment = new SameMomentCommits(throwaway.url, 10);
    await sameMoment.warm(10);
    const paced = await playRound(server, bigPairs, pacedActions, {
      thinkMs: () => thinkMs * (0.5 + random()),
      onSend: () => sameMoment.send(),
    });
    await sameMoment.close();
    const floorPaced = sameMoment.latencies;
    console.log(
      `${bigGames} games, paced (each side thinks ${thinkMs / 2}-${(thinkMs * 3) / 2} ms before a decision; ${pacedActions} actions each): ${paced.actions} actions at ${(paced.actions / paced.seconds).toFixed(0)}/s; ${trip(paced)} (goal p99 < 25 ms) [created and started in ${createSeconds.toFixed(1)} s]`,
    );
    console.log(
      `  its floor, a raw single-row INSERT+COMMIT sent with each action (10 connections): p50 ${ms(median(floorPaced))}, p99 ${ms(percentile(floorPaced, 99))}, max ${ms(percentile(floorPaced, 100))}; the round trip's p99 = ${(percentile(paced.toState, 99) / percentile(floorPaced, 99)).toFixed(1)}x the floor's`,
    );
    console.log(
      `  the server's commits in it (${paced.commitMillis.length} transactions): p50 ${ms(median(paced.commitMillis))}, p99 ${ms(percentile(paced.commitMillis, 99))}, max ${ms(percentile(paced.commitMillis, 100))}`,
    );
    const big = await playRound(server, bigPairs, bigActions);
    console.log(
      `${bigGames} games, saturated (${bigActions} more actions each, no thinking): ${big.actions} actions; ${trip(big)}`,
    );

    console.log(
      "\n## Server CPU per action (100 games, process.cpuUsage of the server, durability included)",
    );
    const perAction = hundred.cpuMicros / hundred.actions;
    console.log(
      `${perAction.toFixed(0)} µs per manager action (${(hundred.cpuSystemMicros / hundred.actions).toFixed(0)} µs of it in the kernel; ${(hundred.cpuMicros / hundred.serverApplied).toFixed(0)} µs per engine step incl. server rolls; ${hundred.serverApplied} steps) = ${(perAction / bgio.cpuMicrosPerMove).toFixed(2)}x a boardgame.io server's ${bgio.cpuMicrosPerMove.toFixed(0)} µs per in-memory tic-tac-toe move, measured here (goal <= 0.5x)`,
    );
    console.log(
      `boardgame.io, 100 games: ${bgio.moves} moves in ${bgio.gamesPlayed} games, ${bgio.movesPerSecond.toFixed(0)} moves/s; ${bgio.cpuMicrosPerGameStart.toFixed(0)} µs per game start, left out (${bgio.cpuMicrosPerMoveWithStarts.toFixed(0)} µs per move with them)`,
    );
    const updateBytes = Math.round(received.bytes / Math.max(1, received.updates));
    const transport = await relayFloor(server, ready.echoPort, 100, 200, updateBytes);
    const transportMicros = transport.user + transport.system;
    console.log(
      `Socket.IO alone carrying the same messages (a decision in, a ${updateBytes}-byte update to both sides, the ack; 100 rooms at once): ${transportMicros.toFixed(0)} µs per action (${transport.system.toFixed(0)} in the kernel), ${transport.perSecond.toFixed(0)} actions/s = ${(transportMicros / bgio.cpuMicrosPerMove).toFixed(2)}x boardgame.io; the rest of the server (rules, storage, views) ${(perAction - transportMicros).toFixed(0)} µs`,
    );

    console.log("\n## Durable actions per second (every one committed before its ack)");
    const r100 = hundred.actions / hundred.seconds;
    const r1000 = big.actions / big.seconds;
    console.log(
      `100 games: ${r100.toFixed(0)}/s = ${(r100 / rate10).toFixed(2)}x raw commits/s over 10 connections (goal >= 1x)`,
    );
    console.log(
      `${bigGames} games: ${r1000.toFixed(0)}/s = ${(r1000 / rate10).toFixed(2)}x raw commits/s over 10 connections`,
    );
    const stats = await server.call<{
      commits: { batches: number; units: number; largestBatch: number };
    }>({ kind: "stats" });
    console.log(
      `group commit: ${stats.commits.units} units in ${stats.commits.batches} transactions (${(stats.commits.units / stats.commits.batches).toFixed(1)} per commit, largest ${stats.commits.largestBatch})`,
    );

    // Memory: the big round's games live (their sockets closed first), evicted, rebuilt.
    closeAll(bigPairs);
    await new Promise((r) => setTimeout(r, 500));
    const memory = await server.call<{
      games: number;
      evicted: number;
      live: number;
      none: number;
      rebuilt: number;
      recoveredMs: number;
      interner: { lookups: number; hits: number; keys: number };
    }>({ kind: "memory", gameIds: bigIds });
    const perLive = (memory.live - heapBefore) / memory.games;
    const perRebuilt = (memory.rebuilt - memory.none) / memory.games;
    console.log("\n## Memory per live game (heapUsed after GC, --expose-gc)");
    console.log(
      `${(perLive / 1024).toFixed(1)} KB per live game (heap ${(heapBefore / 2 ** 20).toFixed(1)} MB before the ${memory.games} games, ${(memory.live / 2 ** 20).toFixed(1)} MB with them live, sockets closed); goal <= 50 KB`,
    );
    console.log(
      `${(perRebuilt / 1024).toFixed(1)} KB per game rebuilt from the database (${memory.games} games in ${(memory.recoveredMs / 1000).toFixed(1)} s); card interner: ${memory.interner.keys} cards, ${memory.interner.hits}/${memory.interner.lookups} lookups shared`,
    );

    // The issue's yardstick is an 80-play game: of the games played to the end, the one closest.
    const finished = [single!, ...hundredIds];
    const counts = await server.call<number[]>({ kind: "playCounts", gameIds: finished });
    const closest = counts.reduce(
      (best, plays, i) =>
        Math.abs(plays - RECOVERY_PLAYS) < Math.abs(counts[best]! - RECOVERY_PLAYS) ? i : best,
      0,
    );
    const recovery = await server.call<{ recover: number[]; select: number[]; plays: number }>({
      kind: "recovery",
      gameId: finished[closest]!,
      rounds: 30,
    });
    const rec = median(recovery.recover.slice(5));
    const sel = median(recovery.select.slice(5));
    console.log(`\n## Recovery of a ${recovery.plays}-play game (median of 25, after 5 warm-up)`);
    console.log(
      `rebuild ${ms(rec)} vs plain SELECT of its rows ${ms(sel)} = ${(rec / sel).toFixed(2)}x (goal <= 2x)`,
    );

    await server.call({ kind: "close" });
    console.log(`\n# total ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
  } finally {
    child?.kill();
    await throwaway.drop();
  }
}

if (process.argv[2] === "server") {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
