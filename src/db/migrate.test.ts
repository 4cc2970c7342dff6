import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { type Database, type DatabaseKind, openDatabase } from "./client.js";
import { DatabaseUnreachableError, DbError, MigrationFailedError } from "./errors.js";
import { applyMigrations, DEFAULT_MIGRATIONS_FOLDER, readMigrationFiles } from "./migrate.js";
import { rowsOf } from "./rows.js";
import { createThrowawayDatabase, POSTGRES_SKIP_REASON, TEST_BACKENDS } from "./testing.js";

const GAME_RECORD_TABLES = [
  "card_bodies",
  "game_actions",
  "game_cardset_links",
  "game_sessions",
  "games",
  "lineups",
  "plays",
  "refresh_tokens",
  "roster_links",
  "team_managers",
  "users",
];

async function publicTables(db: Database): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.orm.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    ),
  );
  return rows.map((row) => row.name);
}

async function columnsOf(db: Database, table: string): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.orm.execute(
      sql`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = ${table}`,
    ),
  );
  return rows.map((row) => row.name);
}

/** A copy of the committed migrations plus one more file whose last statement fails. */
async function migrationsWithBrokenFile(): Promise<{ folder: string; brokenTag: string }> {
  const folder = await mkdtemp(join(tmpdir(), "dugout-migrations-"));
  await cp(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
  };
  const last = journal.entries.at(-1)!;
  const brokenTag = `${String(last.idx + 1).padStart(4, "0")}_deliberately_broken`;
  journal.entries.push({
    idx: last.idx + 1,
    version: last.version,
    when: last.when + 1000,
    tag: brokenTag,
    breakpoints: true,
  });
  await writeFile(journalPath, JSON.stringify(journal, null, 2));
  await writeFile(
    join(folder, `${brokenTag}.sql`),
    [
      `CREATE TABLE "half_applied" ("id" integer);`,
      `ALTER TABLE "games" ADD COLUMN "half_applied_column" integer;`,
      `INSERT INTO "no_such_table" VALUES (1);`,
    ].join("\n--> statement-breakpoint\n"),
  );
  return { folder, brokenTag };
}

/** Opens a migrated-from-empty database of the given kind; `reopen` opens the same one again. */
async function emptyDatabase(kind: DatabaseKind): Promise<{
  url?: string;
  dataDir?: string;
  cleanup(): Promise<void>;
}> {
  if (kind === "pglite") {
    const dataDir = await mkdtemp(join(tmpdir(), "dugout-pglite-"));
    return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const created = await createThrowawayDatabase(
    process.env.TEST_DATABASE_URL!,
    "dugout_test_migrate",
  );
  return { url: created.url, cleanup: created.drop };
}

for (const kind of TEST_BACKENDS) {
  const skip = kind === "postgres" && !process.env.TEST_DATABASE_URL ? POSTGRES_SKIP_REASON : false;
  describe(`migrations [${kind}]`, { skip }, () => {
    let target: Awaited<ReturnType<typeof emptyDatabase>>;
    before(async () => {
      target = await emptyDatabase(kind);
    });
    after(async () => {
      await target?.cleanup();
    });

    it("an empty database is migrated to the head at open, and a second open applies nothing", async () => {
      const logged: string[] = [];
      const logger = {
        info: (obj: object, msg?: string) => logged.push(`${msg} ${JSON.stringify(obj)}`),
        warn: (obj: object, msg?: string) => logged.push(`WARN ${msg} ${JSON.stringify(obj)}`),
      };
      const db = await openDatabase({ url: target.url, dataDir: target.dataDir, logger });
      try {
        assert.equal(db.kind, kind);
        await db.ping();
        const expected = readMigrationFiles().length;
        assert.deepEqual(await db.migrationStatus(), { atHead: true, applied: expected, expected });
        assert.deepEqual(await publicTables(db), GAME_RECORD_TABLES);
        assert.ok(logged.some((line) => line.startsWith("migration applied")));
      } finally {
        await db.close();
      }
      const again = await openDatabase({ url: target.url, dataDir: target.dataDir });
      try {
        const { applied } = await applyMigrations(again.orm);
        assert.deepEqual(applied, []);
        assert.equal((await again.migrationStatus()).atHead, true);
      } finally {
        await again.close();
      }
    });

    it("a failing migration is one clear error and leaves nothing of itself applied", async () => {
      const { folder, brokenTag } = await migrationsWithBrokenFile();
      try {
        const error = await openDatabase({
          url: target.url,
          dataDir: target.dataDir,
          migrationsFolder: folder,
        }).then(
          () => assert.fail("the broken migration was applied"),
          (caught: unknown) => caught,
        );
        assert.ok(error instanceof MigrationFailedError, String(error));
        assert.equal(error.code, "db/migration_failed");
        assert.equal(error.migration, brokenTag);
        assert.match(
          error.message,
          new RegExp(`migration ${brokenTag} failed at statement 3 of 3`),
        );
        assert.match(error.message, /no_such_table/);
        assert.match(error.message, /rolled back as a whole/);

        const db = await openDatabase({
          url: target.url,
          dataDir: target.dataDir,
          migrationsFolder: folder,
          migrate: false,
        });
        try {
          const tables = await publicTables(db);
          assert.ok(!tables.includes("half_applied"), "the broken file's first statement was kept");
          assert.ok(!(await columnsOf(db, "games")).includes("half_applied_column"));
          const expected = readMigrationFiles(folder).length;
          assert.deepEqual(await db.migrationStatus(), {
            atHead: false,
            applied: expected - 1,
            expected,
          });
        } finally {
          await db.close();
        }

        // Fix the file: the next start applies it, and only it.
        await writeFile(
          join(folder, `${brokenTag}.sql`),
          `CREATE TABLE "half_applied" ("id" integer);`,
        );
        const fixed = await openDatabase({
          url: target.url,
          dataDir: target.dataDir,
          migrationsFolder: folder,
        });
        try {
          assert.ok((await publicTables(fixed)).includes("half_applied"));
          assert.equal((await fixed.migrationStatus()).atHead, true);
          await fixed.orm.execute(sql`drop table "half_applied"`);
          await fixed.orm.execute(
            sql`delete from drizzle.__drizzle_migrations where created_at = ${readMigrationFiles(folder).at(-1)!.when}`,
          );
        } finally {
          await fixed.close();
        }
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  });
}

describe("migrations [postgres, concurrent starters]", {
  skip: process.env.TEST_DATABASE_URL ? false : POSTGRES_SKIP_REASON,
}, () => {
  it("two servers starting at once both come up and apply each migration once", async () => {
    const created = await createThrowawayDatabase(
      process.env.TEST_DATABASE_URL!,
      "dugout_test_race",
    );
    try {
      const [a, b] = await Promise.all([
        openDatabase({ url: created.url, poolSize: 2 }),
        openDatabase({ url: created.url, poolSize: 2 }),
      ]);
      try {
        const rows = rowsOf<{ n: number }>(
          await a.orm.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
        );
        assert.equal(rows[0]!.n, readMigrationFiles().length);
        assert.equal((await b.migrationStatus()).atHead, true);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await created.drop();
    }
  });
});

describe("unreachable PostgreSQL", () => {
  it("retries with backoff for the bounded time, then fails with a typed error", async () => {
    const warnings: object[] = [];
    const startedAt = Date.now();
    const error = await openDatabase({
      // Nothing listens on port 1; the password must not leak into the message.
      url: "postgres://dugout:hunter2@127.0.0.1:1/dugout",
      connectTimeoutMs: 700,
      logger: { info() {}, warn: (obj) => warnings.push(obj) },
    }).then(
      () => assert.fail("connected to nothing"),
      (caught: unknown) => caught,
    );
    const elapsed = Date.now() - startedAt;
    assert.ok(error instanceof DatabaseUnreachableError, String(error));
    assert.equal(error.code, "db/unreachable");
    assert.match(
      error.message,
      /PostgreSQL at postgres:\/\/dugout:\*\*\*@127\.0\.0\.1:1\/dugout unreachable after \d+ attempt/,
    );
    assert.match(error.message, /ECONNREFUSED/);
    assert.ok(!error.message.includes("hunter2"));
    assert.ok(warnings.length >= 2, `expected several retries, saw ${warnings.length}`);
    assert.ok(elapsed >= 650, `gave up after ${elapsed} ms, before the bound`);
  });

  it("does not retry a refusal that waiting cannot fix (a database that does not exist)", {
    skip: process.env.TEST_DATABASE_URL ? false : POSTGRES_SKIP_REASON,
  }, async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = "/dugout_no_such_database";
    const warnings: object[] = [];
    const error = await openDatabase({
      url: url.toString(),
      connectTimeoutMs: 20_000,
      logger: { info() {}, warn: (obj) => warnings.push(obj) },
    }).then(
      () => assert.fail("opened a database that does not exist"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof DbError && error.code === "db/unreachable", String(error));
    assert.match(error.message, /refused the connection/);
    assert.match(error.message, /3D000/);
    assert.equal(warnings.length, 0);
  });
});
