// The database as the auth room sees it: the Drizzle handle and a transaction on it, both of
// which run the same queries (PGlite in tests and development, PostgreSQL in production).

import type { Orm } from "../db/client.js";

export type { Orm } from "../db/client.js";
export type Tx = Parameters<Parameters<Orm["transaction"]>[0]>[0];
/** Something queries can run on: the database itself, or an open transaction. */
export type Executor = Orm | Tx;
