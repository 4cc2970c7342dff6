// Kill -9: the real server (`node --import tsx src/cli/server.ts`) runs in a child process on a
// DATA_DIR (PGlite; and on a throwaway PostgreSQL database when TEST_DATABASE_URL is set) while
// clients play games over sockets through the SDK. At seeded-random moments it is killed with
// SIGKILL, three times, and restarted on the same data. While it is down, the database is read
// directly:
//   - every acknowledged decision is in the action log, at the version its ack named, unchanged;
//   - every play a client was shown is stored, identical;
//   - the log replays through the engine from scratch to the game row's version.
// After each restart, fresh clients join and the snapshot the server sends equals the view of that
// replay. The games the server drives itself resume at boot: an AI-vs-AI game left mid-game ends,
// and a live game whose home manager never answers keeps getting timeouts (its timer re-armed).
// Finally the human games are played to the end and replay to their final state.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import pg from "pg";
import { mulberry32 } from "../../scripts/mulberry32.js";
import { createManager } from "../../src/ai/index.js";
import { issueAccessToken } from "../../src/auth/jwt.js";
import { autoplay } from "../../src/client/autoplay.js";
import { DugoutClient } from "../../src/client/index.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { games, teamManagers, users } from "../../src/db/schema/index.js";
import type { GameState } from "../../src/engine/index.js";
import type { PlayRecord } from "../../src/engine/play-record.js";
import { aiManagers } from "../../src/games/ai-managers.js";
import { createGameService } from "../../src/games/create.js";
import { DbGameStore } from "../../src/games/db-store.js";
import { type EngineGame, engineRules } from "../../src/games/engine-rules.js";
import type { StoredGame } from "../../src/games/ports.js";
import type { Side } from "../../src/games/types.js";
import { testConfig } from "../../src/http/testing.js";
import { bundledSource } from "../../src/leagues/bundled/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER_ENTRY = join(ROOT, "src", "cli", "server.ts");
const SECRET_KEY = "kill9-test-secret-key-at-least-32-characters";
const KILLS = 3;
/** The seed of the kill moments (printed, so a failing run can be repeated). */
const SEED = Number(process.env.KILL9_SEED ?? 20261125);

interface HumanGame {
  id: string;
  league: "pd" | "sba";
  users: Record<Side, string>;
}

/** One acknowledged decision: what the client sent and the version the ack named. */
interface Acked {
  gameId: string;
  side: Side;
  version: number;
  decision: unknown;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A fresh PostgreSQL database for this run, dropped at the end; or null on PGlite. */
async function throwawayPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const name = `dugout_kill9_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: base });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

class ServerProcess {
  private child: ChildProcess | null = null;
  private stderr = "";
  startedAt = 0;
  /** The ids of the games whose turn timer ran out in this life, as the server logged them. */
  timedOut = new Set<string>();

  constructor(private readonly env: Record<string, string>) {}

  /** Start and resolve once it listens (it logs one JSON line saying so). */
  start(): Promise<void> {
    this.stderr = "";
    this.timedOut = new Set();
    const child = spawn(process.execPath, ["--import", "tsx", SERVER_ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    children.add(child);
    child.once("exit", () => children.delete(child));
    child.stderr!.setEncoding("utf8").on("data", (c: string) => {
      this.stderr += c;
    });
    return new Promise((resolve, reject) => {
      let partial = "";
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          if (line.includes('"Dugout listening on ')) {
            this.startedAt = Date.now();
            resolve();
          } else if (line.includes('"the turn timer ran out')) {
            this.timedOut.add(JSON.parse(line).gameId);
          }
        }
      });
      child.once("exit", (code, signal) =>
        reject(new Error(`the server exited (${code ?? signal}) before listening: ${this.stderr}`)),
      );
    });
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

/** Replay a stored log from scratch through the engine, as the server does on a load. */
function replayLog(stored: StoredGame): EngineGame {
  let state: EngineGame | null = null;
  for (const entry of stored.actions) {
    if (entry.kind === "start") {
      const started = engineRules.start(entry.payload, stored.seed);
      assert.ok(started.ok, `seq ${entry.seq}: the start replays`);
      state = started.value;
    } else if (entry.kind === "decision") {
      const parsed = engineRules.parse(entry.payload);
      assert.ok(parsed.ok, `seq ${entry.seq}: the action parses`);
      const applied = engineRules.apply(state!, parsed.value);
      assert.ok(applied.ok, `seq ${entry.seq}: the action replays`);
      state = applied.value.state;
      assert.equal(state.game.version, entry.version, `seq ${entry.seq}: the version it recorded`);
    }
  }
  assert.ok(state !== null);
  assert.equal(
    state.game.version,
    stored.game.version,
    "the replay reaches the game row's version",
  );
  return state;
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value));
const debug = (line: string) => {
  if (process.env.KILL9_DEBUG) process.stderr.write(`kill9: ${line}\n`);
};
/** Every server child, killed when this process exits however it exits (a test timeout too). */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

const CLAIM =
  "loses no acknowledged play; each resumed game equals its replay; AI games and timers resume";

describe("kill -9 during games over sockets", () => {
  it(`${CLAIM} (PGlite)`, { timeout: 240_000 }, () => scenario(false));
  it(
    `${CLAIM} (PostgreSQL)`,
    {
      timeout: 240_000,
      skip: process.env.TEST_DATABASE_URL ? false : "TEST_DATABASE_URL is not set",
    },
    () => scenario(true),
  );
});

async function scenario(onPostgres: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), "dugout-kill9-"));
  const postgres = onPostgres ? await throwawayPostgres() : null;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = new ServerProcess({
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_DIR: join(dataDir, "logs"),
    LOG_LEVEL: "info",
    SECRET_KEY,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
  });
  const openDb = () =>
    openDatabase(
      postgres ? { url: postgres.url, poolSize: 2 } : { dataDir: join(dataDir, "pglite") },
    );
  const tokenOf = async (id: string) =>
    (await issueAccessToken({ id, discordId: `d-${id}`, name: id.slice(0, 6) }, SECRET_KEY)).token;
  const random = mulberry32(SEED);
  const acked: Acked[] = [];
  const failures: string[] = [];
  const shownPlays = new Map<string, Map<number, PlayRecord>>();
  let clients: DugoutClient[] = [];

  try {
    // ---- Seed the database, and leave two games the server must drive after its boot.
    const people = Array.from({ length: 6 }, () => randomUUID());
    const timedHome = people[4]!;
    let db: Database = await openDb();
    await db.orm
      .insert(users)
      .values(people.map((id) => ({ id, discordId: `d-${id}`, username: id.slice(0, 6) })));
    await db.orm.insert(teamManagers).values([
      { leagueId: "pd", teamId: 201, userId: people[0]! },
      { leagueId: "pd", teamId: 202, userId: people[1]! },
      { leagueId: "sba", teamId: 101, userId: people[2]! },
      { leagueId: "sba", teamId: 102, userId: people[3]! },
      { leagueId: "sba", teamId: 104, userId: timedHome },
    ]);
    const { aiGame, timedGame } = await seedServerDrivenGames(db, timedHome);
    debug("seeded");
    await db.close();

    // ---- The first boot resumes them; the people's games are created over REST.
    await server.start();
    const rest = async (method: string, path: string, user: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await tokenOf(user)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    const humanGames: HumanGame[] = [];
    for (const [league, home, away, homeUser, awayUser] of [
      ["pd", 201, 202, people[0]!, people[1]!],
      ["sba", 101, 102, people[2]!, people[3]!],
    ] as const) {
      const game = await rest("POST", "/games", homeUser, {
        league,
        homeTeamId: home,
        awayTeamId: away,
        pace: "async",
      });
      for (const [side, teamId, user] of [
        ["home", home, homeUser],
        ["away", away, awayUser],
      ] as const) {
        const roster = (await bundledSource(league).getRoster(teamId))!;
        await rest("PUT", `/games/${game.id}/lineups/${side}`, user, {
          lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
          pitcher: roster.depth.rotation[0],
        });
      }
      await rest("POST", `/games/${game.id}/start`, homeUser);
      humanGames.push({ id: game.id, league, users: { home: homeUser, away: awayUser } });
      shownPlays.set(game.id, new Map());
    }

    const managers = { home: createManager("balanced"), away: createManager("yolo") };
    /** Connect fresh clients for every human side, join, and play until `stop` resolves. */
    const playUntil = async (
      expectSnapshots: Map<string, EngineGame> | null,
    ): Promise<Promise<unknown>[]> => {
      clients = [];
      const runs: Promise<unknown>[] = [];
      for (const game of humanGames) {
        for (const side of ["home", "away"] as const) {
          const client = await DugoutClient.connect({
            url,
            token: await tokenOf(game.users[side]),
            reconnection: false,
            ackTimeoutMs: 4000,
            retries: 0,
          });
          clients.push(client);
          client.on("play_result", ({ gameId, play }) => {
            shownPlays.get(gameId)?.set(play.playNumber, json(play));
          });
          const joined = await client.join(game.id);
          assert.ok(joined.ok && joined.role === side, JSON.stringify(joined));
          for (const play of joined.missedPlays) {
            shownPlays.get(game.id)!.set(play.playNumber, json(play));
          }
          const replayed = expectSnapshots?.get(game.id);
          if (replayed !== undefined && joined.snapshot.status === "active") {
            assert.equal(joined.snapshot.version, replayed.game.version);
            assert.deepEqual(
              json(joined.snapshot.state),
              json(engineRules.view(replayed, side)),
              `the ${side} snapshot of resumed game ${game.league} equals its replay`,
            );
            assert.equal(joined.snapshot.playCount, replayed.game.playNumber);
          }
        }
      }
      for (const [i, game] of humanGames.entries()) {
        for (const side of ["home", "away"] as const) {
          const client = clients[i * 2 + (side === "home" ? 0 : 1)]!;
          let last: unknown = null;
          runs.push(
            autoplay(
              client,
              game.id,
              side,
              (view) => {
                const state = view as GameState;
                last = managers[side].decide(state, state.pending, { side });
                return last;
              },
              {
                onAck: (ack) => {
                  if (ack.ok && !ack.duplicate) {
                    acked.push({
                      gameId: game.id,
                      side,
                      version: ack.version,
                      decision: json(last),
                    });
                  }
                },
              },
            ).catch((error: Error) => {
              if (client.connected) failures.push(`${game.league} ${side}: ${error.message}`);
            }),
          );
        }
      }
      return runs;
    };

    /** With the server down: the database holds everything acknowledged; the logs replay. */
    const checkWhileDown = async () => {
      db = await openDb();
      const store = new DbGameStore(db.orm);
      const replays = new Map<string, EngineGame>();
      try {
        for (const game of humanGames) {
          const stored = (await store.loadGame(game.id))!;
          const byVersion = new Map(stored.actions.map((a) => [a.version, a]));
          for (const ack of acked.filter((a) => a.gameId === game.id)) {
            const entry = byVersion.get(ack.version);
            assert.ok(entry, `acked version ${ack.version} of ${game.league} is in the log`);
            assert.equal(entry.actor, `manager:${ack.side}`);
            assert.deepEqual(
              entry.payload,
              ack.decision,
              `version ${ack.version}: the same decision`,
            );
          }
          const stored_plays = new Map(
            (await store.playsSince(game.id, 0)).map((p) => [p.playNumber, json(p)]),
          );
          for (const [n, play] of shownPlays.get(game.id)!) {
            assert.deepEqual(stored_plays.get(n), play, `play ${n} of ${game.league} as shown`);
          }
          const replayed = replayLog(stored);
          assert.equal(replayed.game.playNumber, stored_plays.size);
          replays.set(game.id, replayed);
        }
        return { replays, store };
      } catch (error) {
        await db.close();
        throw error;
      }
    };

    let timeoutsBefore = 0;
    let aiVersion = 0;
    let runs = await playUntil(null);
    debug("playing");
    for (let kill = 1; kill <= KILLS; kill++) {
      // A seeded-random moment: after 8 to 40 more acknowledged decisions, plus 0-40 ms.
      const target = acked.length + 8 + Math.floor(random() * 33);
      const waitStart = Date.now();
      // ...and not before the re-armed timer of the timed game has fired in this life.
      while (acked.length < target || !server.timedOut.has(timedGame)) {
        assert.deepEqual(failures, [], "a client's play stopped");
        assert.ok(
          Date.now() - waitStart < 60_000,
          `no progress: ${acked.length}/${target} acks, timer fired: ${server.timedOut.has(timedGame)}`,
        );
        await new Promise((r) => setTimeout(r, 5));
      }
      debug(`life ${kill}: ${acked.length} acks, killing`);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 40)));
      const life = server.startedAt;
      await server.kill();
      // The clients' autoplay runs end with their sockets; the next life starts new ones.
      for (const c of clients) c.close();

      const { replays, store } = await checkWhileDown();
      try {
        const ai = (await store.loadGame(aiGame))!;
        replayLog(ai);
        assert.ok(
          ai.game.status === "completed" || ai.game.version > aiVersion,
          `life ${kill}: the AI-vs-AI game played on after the boot`,
        );
        aiVersion = ai.game.version;
        const timed = (await store.loadGame(timedGame))!;
        replayLog(timed);
        const timeouts = timed.actions.filter((a) => a.actor === "timeout:home");
        const sinceBoot = timeouts.filter((a) => a.at >= life - 50);
        assert.ok(sinceBoot.length > 0, `life ${kill}: the re-armed timer fired`);
        assert.ok(timeouts.length > timeoutsBefore);
        timeoutsBefore = timeouts.length;
      } finally {
        await db.close();
      }
      await server.start();
      runs = await playUntil(replays);
    }

    // ---- The last life: play both games to the end.
    const ends = await Promise.all(
      clients.map((client, i) => {
        const game = humanGames[Math.floor(i / 2)]!;
        return client.waitForSnapshot(game.id, (s) => s.status === "completed", 120_000);
      }),
    );
    await Promise.all(runs);
    const finalPlays = new Map(humanGames.map((g) => [g.id, shownPlays.get(g.id)!.size]));
    for (const c of clients) c.close();
    await server.stop();
    const { replays, store } = await checkWhileDown();
    const ai = (await store.loadGame(aiGame))!;
    await db.close();
    assert.equal(ai.game.status, "completed", "the AI-vs-AI game ended");
    for (const [i, end] of ends.entries()) {
      const game = humanGames[Math.floor(i / 2)]!;
      const replayed = replays.get(game.id)!;
      assert.equal(replayed.game.pending.kind, "gameOver");
      assert.equal(end.version, replayed.game.version);
      assert.equal(end.playCount, finalPlays.get(game.id));
    }
    debug(
      `kill9 (seed ${SEED}, ${postgres ? "PostgreSQL" : "PGlite"}): ${KILLS} kills, ${acked.length} acked decisions, plays ${[...finalPlays.values()].join("/")}, timeouts ${timeoutsBefore}`,
    );
  } finally {
    for (const c of clients) c.close();
    await server.kill();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Games the server drives by itself, left as a crashed server would leave them: an AI-vs-AI game
 * stopped mid-game (its AI "dies" after 40 moves), and a live game with a 1 s turn timer whose home
 * manager never answers (the away side is the AI).
 */
async function seedServerDrivenGames(db: Database, timedHome: string) {
  const real = aiManagers();
  let moves = 0;
  const dying = {
    decide: (
      view: unknown,
      decision: Parameters<typeof real.decide>[1],
      difficulty: Parameters<typeof real.decide>[2],
    ) => (++moves <= 40 ? real.decide(view, decision, difficulty) : { type: "the AI stopped" }),
  };
  const service = createGameService({
    config: testConfig(),
    db,
    ai: dying,
    options: { idleEvictMs: 0 },
  });
  const system = { userId: timedHome };
  const aiGame = await service.createGame({
    league: "sba",
    homeTeamId: 103,
    awayTeamId: 104,
    mode: "friendly",
    pace: "async",
    visibility: "public",
    homeIsAi: true,
    awayIsAi: true,
    aiDifficulty: "balanced",
    turnTimerSeconds: null,
    createdBy: timedHome,
  });
  await service.startGame(aiGame.id, system);
  debug("AI game started");
  while (moves <= 40) await new Promise((r) => setTimeout(r, 5));
  const timedGame = await service.createGame({
    league: "sba",
    homeTeamId: 104,
    awayTeamId: 103,
    mode: "friendly",
    pace: "live",
    visibility: "public",
    homeIsAi: false,
    awayIsAi: true,
    aiDifficulty: "safe",
    turnTimerSeconds: 3600,
    createdBy: timedHome,
  });
  const roster = (await bundledSource("sba").getRoster(104))!;
  await service.submitLineup(timedGame.id, system, "home", {
    lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
    pitcher: roster.depth.rotation[0],
  });
  await service.startGame(timedGame.id, system);
  await service.close();
  // The timer is set on the row to 1 s only now, so this process never plays a timeout itself.
  await db.orm.update(games).set({ turnTimerSeconds: 1 }).where(eq(games.id, timedGame.id));
  return { aiGame: aiGame.id, timedGame: timedGame.id };
}
