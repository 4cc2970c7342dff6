import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { findDriverError, MigrationFailedError } from "./errors.js";
import { rowsOf } from "./rows.js";

/**
 * Our own migration runner over drizzle-kit's output (meta/_journal.json + NNNN_tag.sql).
 *
 * drizzle-orm's bundled migrator runs ALL pending files in one transaction and takes no lock.
 * This runner gives each migration file its own transaction (a failing file rolls back whole,
 * the files before it stay applied), serialises concurrent starters with a transaction-level
 * advisory lock, and names the failing file and statement. It keeps drizzle's bookkeeping table
 * (drizzle.__drizzle_migrations: hash, created_at = the journal's `when`), so drizzle-kit sees
 * the same history.
 */

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

const MIGRATIONS_SCHEMA = "drizzle";
const MIGRATIONS_TABLE = "__drizzle_migrations";
/** Arbitrary constant key for pg_advisory_xact_lock: "one migrator at a time" across processes. */
const MIGRATION_LOCK_KEY = 4_017_240_529n;
const STATEMENT_BREAKPOINT = "--> statement-breakpoint";

type AnyOrm = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

export interface MigrationFile {
  tag: string;
  /** The journal's `when` (ms): the migration's identity in the bookkeeping table. */
  when: number;
  hash: string;
  statements: string[];
}

interface Journal {
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

export interface MigrationLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export function readMigrationFiles(folder: string = DEFAULT_MIGRATIONS_FOLDER): MigrationFile[] {
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as Journal;
  } catch (error) {
    throw new MigrationFailedError(
      "(journal)",
      `cannot read the migration journal ${join(folder, "meta", "_journal.json")}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const path = join(folder, `${entry.tag}.sql`);
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (error) {
        throw new MigrationFailedError(entry.tag, `cannot read migration file ${path}`, {
          cause: error,
        });
      }
      return {
        tag: entry.tag,
        when: entry.when,
        hash: createHash("sha256").update(text).digest("hex"),
        statements: text
          .split(STATEMENT_BREAKPOINT)
          .map((statement) => statement.trim())
          .filter((statement) => statement.length > 0),
      };
    });
}

const migrationsTable = sql`${sql.identifier(MIGRATIONS_SCHEMA)}.${sql.identifier(MIGRATIONS_TABLE)}`;

async function ensureBookkeepingTable(orm: AnyOrm): Promise<void> {
  await orm.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`create schema if not exists ${sql.identifier(MIGRATIONS_SCHEMA)}`);
    await tx.execute(sql`create table if not exists ${migrationsTable} (
      id serial primary key,
      hash text not null,
      created_at bigint
    )`);
  });
}

interface AppliedRow {
  hash: string;
  created_at: string | number | bigint | null;
}

async function readAppliedMigrations(orm: AnyOrm): Promise<Map<number, string>> {
  const [exists] = rowsOf<{ present: boolean }>(
    await orm.execute(
      sql`select to_regclass(${`${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`}) is not null as present`,
    ),
  );
  if (!exists?.present) return new Map();
  const rows = rowsOf<AppliedRow>(
    await orm.execute(sql`select hash, created_at from ${migrationsTable}`),
  );
  const applied = new Map<number, string>();
  for (const row of rows) {
    if (row.created_at !== null) applied.set(Number(row.created_at), row.hash);
  }
  return applied;
}

export interface MigrationStatus {
  atHead: boolean;
  applied: number;
  expected: number;
}

export async function readMigrationStatus(
  orm: AnyOrm,
  folder: string = DEFAULT_MIGRATIONS_FOLDER,
): Promise<MigrationStatus> {
  const files = readMigrationFiles(folder);
  const applied = await readAppliedMigrations(orm);
  const appliedCount = files.filter((file) => applied.has(file.when)).length;
  return { atHead: appliedCount === files.length, applied: appliedCount, expected: files.length };
}

/**
 * Applies every pending migration, each file in its own transaction. Throws
 * MigrationFailedError naming the file and statement; that file leaves nothing behind.
 */
export async function applyMigrations(
  orm: AnyOrm,
  options: { folder?: string; logger?: MigrationLogger } = {},
): Promise<{ applied: string[] }> {
  const files = readMigrationFiles(options.folder);
  try {
    await ensureBookkeepingTable(orm);
  } catch (error) {
    throw new MigrationFailedError(
      "(bookkeeping)",
      `cannot create the migrations table ${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  const alreadyApplied = await readAppliedMigrations(orm);
  for (const file of files) {
    const appliedHash = alreadyApplied.get(file.when);
    if (appliedHash !== undefined && appliedHash !== file.hash) {
      options.logger?.warn(
        { migration: file.tag },
        "an applied migration file has changed since it was applied; it is not re-run",
      );
    }
  }

  const newlyApplied: string[] = [];
  for (const file of files) {
    if (alreadyApplied.has(file.when)) continue;
    const ran = await applyOneMigration(orm, file);
    if (ran) {
      newlyApplied.push(file.tag);
      options.logger?.info({ migration: file.tag }, "migration applied");
    }
  }
  return { applied: newlyApplied };
}

/** Runs one migration file in one transaction. Returns false if another process applied it first. */
async function applyOneMigration(orm: AnyOrm, file: MigrationFile): Promise<boolean> {
  let statementIndex = -1;
  try {
    return await orm.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      const done = rowsOf(
        await tx.execute(sql`select 1 from ${migrationsTable} where created_at = ${file.when}`),
      );
      if (done.length > 0) return false;
      for (statementIndex = 0; statementIndex < file.statements.length; statementIndex++) {
        await tx.execute(sql.raw(file.statements[statementIndex]!));
      }
      statementIndex = -1;
      await tx.execute(
        sql`insert into ${migrationsTable} ("hash", "created_at") values (${file.hash}, ${file.when})`,
      );
      return true;
    });
  } catch (error) {
    const where =
      statementIndex >= 0
        ? ` at statement ${statementIndex + 1} of ${file.statements.length} (${preview(file.statements[statementIndex]!)})`
        : "";
    throw new MigrationFailedError(
      file.tag,
      `migration ${file.tag} failed${where}: ${messageOf(error)}. It was rolled back as a whole; earlier migrations stay applied.`,
      { cause: error },
    );
  }
}

function preview(statement: string): string {
  const oneLine = statement.replace(/\s+/g, " ").trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

function messageOf(error: unknown): string {
  const driver = findDriverError(error);
  if (driver) return `${driver.message} [SQLSTATE ${driver.code}]`;
  return error instanceof Error ? error.message : String(error);
}
