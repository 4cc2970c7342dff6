// Test databases for the auth room, on top of src/db/testing.ts: a fresh migrated in-memory
// PGlite always, and a throwaway PostgreSQL database when TEST_DATABASE_URL is set. The Database
// returned here cleans up on close() (dropping the PostgreSQL database), so it can be handed to
// buildTestApp, whose close() closes it.

import type { Database } from "../../db/client.js";
import { openTestDatabase as openDbTestDatabase, POSTGRES_SKIP_REASON } from "../../db/testing.js";

export type TestDatabaseKind = "pglite" | "postgres";

/** The storages to run on, and why PostgreSQL is skipped when it is. */
export const TEST_DATABASE_KINDS: ReadonlyArray<{ kind: TestDatabaseKind; skip: string | false }> =
  [
    { kind: "pglite", skip: false },
    { kind: "postgres", skip: process.env.TEST_DATABASE_URL ? false : POSTGRES_SKIP_REASON },
  ];

/** A migrated, empty database of that kind. Closing it drops a PostgreSQL database too. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Database> {
  const { db, cleanup } = await openDbTestDatabase(kind);
  return { ...db, close: cleanup };
}
