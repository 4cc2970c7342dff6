// Test databases for the auth room: a fresh in-memory PGlite always, and a fresh PostgreSQL
// database (created on TEST_DATABASE_URL's server, dropped afterwards) when TEST_DATABASE_URL is
// set, so the same tests run on both storages without disturbing each other.

import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../db/client.js";

export type TestDatabaseKind = "pglite" | "postgres";

/** The storages to run on, and why PostgreSQL is skipped when it is. */
export const TEST_DATABASE_KINDS: ReadonlyArray<{ kind: TestDatabaseKind; skip: string | false }> =
  [
    { kind: "pglite", skip: false },
    {
      kind: "postgres",
      skip: process.env.TEST_DATABASE_URL ? false : "TEST_DATABASE_URL is not set",
    },
  ];

/** A migrated, empty database of that kind. Closing it drops a PostgreSQL database too. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Database> {
  if (kind === "pglite") return openDatabase({});
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `dugout_auth_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 4 });
  const close = db.close.bind(db);
  return {
    ...db,
    close: async () => {
      await close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
