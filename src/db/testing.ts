/**
 * Test helpers for anything that stores games: a migrated database on every available
 * backend, and a ready-to-play game fixture.
 *
 *   describeEachBackend("plays", (getDb) => {
 *     it("saves a play", async () => { const db = getDb(); ... });
 *   });
 *
 * PGlite (in memory) always runs. PostgreSQL runs when TEST_DATABASE_URL is set: each suite
 * gets its own throwaway DATABASE (dugout_test_<random>), dropped at the end, so parallel test
 * files never collide. Without it the PostgreSQL suite is skipped and says why.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import {
  type Database,
  type DatabaseKind,
  type OpenDatabaseOptions,
  openDatabase,
} from "./client.js";
import { DbError } from "./errors.js";
import { DEFAULT_MIGRATIONS_FOLDER, readMigrationFiles } from "./migrate.js";
import {
  type ActionUnit,
  type CreateGameInput,
  createGame,
  createLineupEntries,
} from "./operations.js";
import type { PlayInput } from "./ops/plays.js";
import type { Game, LineupEntry, LineupPosition } from "./schema/index.js";

export const POSTGRES_SKIP_REASON =
  "TEST_DATABASE_URL is not set: PostgreSQL variant skipped (set it, e.g. postgres://postgres@127.0.0.1:5432/test)";

export interface TestDatabase {
  db: Database;
  /** Closes the database; for PostgreSQL also drops the throwaway database. */
  cleanup(): Promise<void>;
}

type TestOpenOptions = Pick<OpenDatabaseOptions, "onQuery" | "logger">;

/** A migrated database of the given kind, fresh and private to the caller. */
export async function openTestDatabase(
  kind: DatabaseKind = "pglite",
  options: TestOpenOptions = {},
): Promise<TestDatabase> {
  return kind === "pglite" ? openTestPglite(options) : openTestPostgres(options);
}

/**
 * A fresh in-memory PGlite at the migration head. Starting PGlite and migrating takes
 * seconds; a migrated data directory is dumped once and cached (in this process, and on disk
 * keyed by the migration files), and each database after the first starts from that dump.
 */
export async function openTestPglite(options: TestOpenOptions = {}): Promise<TestDatabase> {
  const dump = await migratedPgliteDump();
  const db = await openDatabase({ ...options, pgliteLoadDataDir: dump });
  return { db, cleanup: () => db.close() };
}

let dumpPromise: Promise<Blob> | undefined;

function migratedPgliteDump(): Promise<Blob> {
  dumpPromise ??= loadOrBuildDump().catch((error) => {
    dumpPromise = undefined;
    throw error;
  });
  return dumpPromise;
}

async function loadOrBuildDump(): Promise<Blob> {
  const pgliteEntry = fileURLToPath(import.meta.resolve("@electric-sql/pglite"));
  const pgliteVersion = (
    JSON.parse(await readFile(join(dirname(pgliteEntry), "..", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const migrationsKey = readMigrationFiles(DEFAULT_MIGRATIONS_FOLDER)
    .map((file) => file.hash.slice(0, 12))
    .join("-");
  const key = createHashKey(`${pgliteVersion}:${migrationsKey}`);
  const path = join(tmpdir(), `dugout-pglite-migrated-${key}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch {
    // Not cached yet: build it.
  }
  const db = await openDatabase({});
  let dump: Blob;
  try {
    const client = (db.orm as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } })
      .$client;
    dump = await client.dumpDataDir("none");
  } finally {
    await db.close();
  }
  const partial = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path); // atomic: concurrent test files never read half a file
  } catch {
    // A cache we cannot write only costs time.
  }
  return dump;
}

function createHashKey(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0") + text.length.toString(16);
}

/** A fresh PostgreSQL database created for the caller (needs TEST_DATABASE_URL). */
export async function openTestPostgres(options: TestOpenOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error(POSTGRES_SKIP_REASON);
  const { url, drop } = await createThrowawayDatabase(adminUrl);
  try {
    const db = await openDatabase({ ...options, url, connectTimeoutMs: 5_000, poolSize: 4 });
    return {
      db,
      async cleanup() {
        await db.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** CREATE DATABASE dugout_test_<random> next to the admin URL's database; `drop` removes it. */
export async function createThrowawayDatabase(
  adminUrl: string,
  prefix = "dugout_test",
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export const TEST_BACKENDS: readonly DatabaseKind[] = ["pglite", "postgres"];

/**
 * Runs the suite once per backend, each with its own fresh migrated database opened in
 * `before` and closed (and dropped) in `after`. Call `getDb()` inside tests and hooks.
 */
export function describeEachBackend(
  name: string,
  fn: (getDb: () => Database, kind: DatabaseKind) => void,
  options: TestOpenOptions = {},
): void {
  for (const kind of TEST_BACKENDS) {
    const skip =
      kind === "postgres" && !process.env.TEST_DATABASE_URL ? POSTGRES_SKIP_REASON : false;
    describe(`${name} [${kind}]`, { skip }, () => {
      let opened: TestDatabase | undefined;
      before(async () => {
        opened = await openTestDatabase(kind, options);
      });
      after(async () => {
        await opened?.cleanup();
      });
      fn(() => {
        if (!opened)
          throw new Error("the test database is not open yet: call getDb() inside a test or hook");
        return opened.db;
      }, kind);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Game fixtures

/** Fielders in a conventional batting order: 1 CF, 2 SS, 3 RF, 4 1B, 5 LF, 6 3B, 7 C, 8 2B, 9 P. */
const STARTING_POSITIONS: LineupPosition[] = ["CF", "SS", "RF", "1B", "LF", "3B", "C", "2B", "P"];

export interface TestGame {
  game: Game;
  /** Home starters by batting order (index 0 bats first; index 8 is the pitcher). */
  home: LineupEntry[];
  away: LineupEntry[];
}

/**
 * A game with both starting lineups in place (nine starters per team, the pitcher batting
 * ninth). SBA lineups use player ids, PD lineups card ids (and a cardset link).
 */
export async function createTestGame(
  db: Database,
  overrides: Partial<CreateGameInput> = {},
): Promise<TestGame> {
  const leagueId = overrides.leagueId ?? "sba";
  const homeTeamId = overrides.homeTeamId ?? 1;
  const awayTeamId = overrides.awayTeamId ?? 2;
  const game = await createGame(db, {
    leagueId,
    homeTeamId,
    awayTeamId,
    cardsetLinks: leagueId === "pd" ? [{ cardsetId: 24, priority: 0 }] : [],
    ...overrides,
  });
  const lineupOf = (teamId: number, idBase: number) =>
    STARTING_POSITIONS.map((position, index) => ({
      gameId: game.id,
      teamId,
      ...(leagueId === "pd" ? { cardId: idBase + index } : { playerId: idBase + index }),
      position,
      battingOrder: index + 1,
      isStarter: true,
    }));
  const entries = await createLineupEntries(db, [
    ...lineupOf(homeTeamId, 1000 + homeTeamId * 100),
    ...lineupOf(awayTeamId, 1000 + awayTeamId * 100),
  ]);
  return {
    game,
    home: entries.filter((entry) => entry.teamId === homeTeamId),
    away: entries.filter((entry) => entry.teamId === awayTeamId),
  };
}

/**
 * A valid play of the fixture game: the away leadoff batter against the home pitcher, top of
 * the first, nobody on, a groundout. Override any column.
 */
export function makeTestPlay(fixture: TestGame, overrides: Partial<PlayInput> = {}): PlayInput {
  return {
    playNumber: 1,
    inning: 1,
    half: "top",
    outsBefore: 0,
    battingOrder: 1,
    batterId: fixture.away[0]!.id,
    pitcherId: fixture.home[8]!.id,
    catcherId: fixture.home[6]!.id,
    onBaseCode: 0,
    batterFinal: null,
    hitType: "groundout",
    resultDescription: "Groundout 6-3",
    outsRecorded: 1,
    pa: 1,
    ab: 1,
    diceRoll: { d6: 3, twoD6: 7, d20: 12 },
    ...overrides,
  };
}

/**
 * The unit the game service writes for one action of the fixture game at `version`: the action
 * log row, a play and the version-checked games row, as bench:db and bench:realtime time it.
 */
export function makeTestActionUnit(fixture: TestGame, version: number): ActionUnit {
  return {
    gameId: fixture.game.id,
    expectedVersion: version,
    actions: [
      {
        version: version + 1,
        actor: "away",
        kind: "setOffense",
        clientActionId: `c${version}`,
        createdAt: new Date(),
      },
    ],
    plays: [makeTestPlay(fixture, { playNumber: version + 1 })],
    game: { awayScore: 0, lastActionAt: new Date() },
  };
}

/** Asserts the promise rejects with a DbError of this code, and returns it. */
export async function dbRefusal(promise: Promise<unknown>, code: string): Promise<DbError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DbError, `expected a DbError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a refusal with ${code}, but it succeeded`);
}
