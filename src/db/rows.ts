/**
 * The rows of a raw `orm.execute(sql...)` result. pg answers a QueryResult and PGlite a
 * Results object; both carry `rows`. The shared Orm type leaves the result `unknown`.
 */
export function rowsOf<Row = Record<string, unknown>>(result: unknown): Row[] {
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new TypeError("query result has no rows array");
  return rows as Row[];
}
