import { createHash } from "node:crypto";
import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import { type PgColumn, PgDialect, PgJson, PgJsonb, type PgTable } from "drizzle-orm/pg-core";
import type { Orm } from "../client.js";

/**
 * Rows to write, as ONE jsonb parameter read back by jsonb_to_recordset, instead of one bind
 * parameter per column per row: drizzle's per-parameter typing cost ~90 µs of server CPU per
 * action on the plays' ~80 columns, and the statement text stays the same whatever the number
 * of rows.
 *
 * The values are what drizzle would write: each through its column's mapToDriverValue (JSON
 * columns as they are), a missing value as the column's JS default or default function, else
 * null. A column whose database default is an SQL expression (an identity, now()) is left out
 * when no row names it, so the database fills it; when only some rows name it, the rows cannot
 * be written this way and recordsetOf answers undefined (the caller uses drizzle's insert).
 */
export interface Recordset {
  /** The columns written, in order. */
  columns: PgColumn[];
  /** One object per row, keyed by column name; callers may add their own keys (see extra). */
  values: Record<string, unknown>[];
}

export function recordsetOf<
  T extends PgTable,
  Supplied extends keyof T["$inferInsert"] & string = never,
>(
  table: T,
  rows: readonly Omit<T["$inferInsert"], Supplied>[],
  /** Columns (by key) the statement fills itself: never read from the rows. */
  supplied: readonly Supplied[] = [],
): Recordset | undefined {
  const columns: PgColumn[] = [];
  const values = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = {};
  for (const plan of planOf(table)) {
    if ((supplied as readonly string[]).includes(plan.key)) continue;
    if (plan.databaseDefault && rows.every((row) => (row as Row)[plan.key] === undefined)) continue;
    for (let i = 0; i < rows.length; i++) {
      let value = (rows[i] as Row)[plan.key];
      if (value === undefined) {
        // As drizzle does for a missing value: the default function, else the default.
        if (plan.databaseDefault) return undefined;
        value = plan.fill();
      }
      values[i]![plan.name] = value === null || plan.json ? value : plan.toDriver(value);
    }
    columns.push(plan.column);
  }
  return { columns, values };
}

type Row = Record<string, unknown>;

/** What recordsetOf needs to know of a column, worked out once per table. */
interface ColumnPlan {
  key: string;
  name: string;
  column: PgColumn;
  /** A JSON column: its values go into the recordset as they are. */
  json: boolean;
  /** Filled by the database (an identity, an SQL default such as now()) when no row names it. */
  databaseDefault: boolean;
  /** The value drizzle writes for a row that does not name the column. */
  fill(): unknown;
  toDriver(value: unknown): unknown;
}

const PLANS = new WeakMap<PgTable, readonly ColumnPlan[]>();

function planOf(table: PgTable): readonly ColumnPlan[] {
  let plans = PLANS.get(table);
  if (plans === undefined) {
    plans = Object.entries(getTableColumns(table)).map(([key, column]: [string, PgColumn]) => {
      const byFunction = column.defaultFn !== undefined || column.onUpdateFn !== undefined;
      const fill = (): unknown => {
        if (column.defaultFn !== undefined) return column.defaultFn();
        if (!column.default && column.onUpdateFn !== undefined) return column.onUpdateFn();
        return column.hasDefault ? column.default : null;
      };
      return {
        key,
        name: column.name,
        column,
        json: is(column, PgJsonb) || is(column, PgJson),
        databaseDefault:
          column.hasDefault &&
          !byFunction &&
          (column.default === undefined || is(column.default, SQL)),
        fill,
        toDriver: (value: unknown) => column.mapToDriverValue(value),
      };
    });
    PLANS.set(table, plans);
  }
  return plans;
}

/** An extra key of each record (not a table column): its name and SQL type. */
export type ExtraField = [name: string, type: string];

/** `"a", "b", ...`: the record's columns, optionally qualified by a table alias. */
export function columnList(set: Recordset, alias?: string): SQL {
  return sql.join(
    set.columns.map((c) =>
      alias === undefined
        ? sql.identifier(c.name)
        : sql`${sql.identifier(alias)}.${sql.identifier(c.name)}`,
    ),
    sql`, `,
  );
}

/**
 * `jsonb_to_recordset(<json>::jsonb) as alias("a" int, ...)`: the rows as a table in FROM.
 * `json` is the parameter (JSON.stringify of the values), or a template's placeholder.
 */
export function recordsetSource(
  set: Recordset,
  alias: string,
  json: SQL,
  extra: ExtraField[] = [],
): SQL {
  const definitions = [
    ...extra.map(([name, type]) => sql`${sql.identifier(name)} ${sql.raw(type)}`),
    ...set.columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`),
  ];
  return sql`jsonb_to_recordset(${json}::jsonb) as ${sql.identifier(alias)}(${sql.join(definitions, sql`, `)})`;
}

const dialect = new PgDialect();

/**
 * A statement whose text depends only on its shape (which columns its recordsets carry), not
 * on its values, run as a NAMED prepared statement. Drizzle renders the text once per shape
 * `key`; each later run only binds the values (rendering ~200 identifiers cost ~0.5 ms of
 * JS a write), and PostgreSQL parses and plans it once per connection (parse and plan were
 * ~1.2 ms of the ~2.3 ms the unit statement took to run). Still one round trip: pg sends
 * Parse (first time on a connection), Bind, Execute and Sync together. `build` (called once
 * per key) gets one placeholder ($1, $2...) per value; every value must come through them.
 */
export class StatementTemplate {
  private readonly texts = new Map<string, { sql: string; name: string }>();

  constructor(private readonly prefix: string) {}

  run(
    orm: Orm,
    key: string,
    values: readonly unknown[],
    build: (params: SQL[]) => SQL,
  ): Promise<unknown> {
    let text = this.texts.get(key);
    if (text === undefined) {
      const rendered = dialect.sqlToQuery(build(values.map((_, i) => sql.raw(`$${i + 1}`))));
      if (rendered.params.length > 0) {
        throw new Error(`statement template ${key}: values must come through the placeholders`);
      }
      const hash = createHash("sha1").update(rendered.sql).digest("hex").slice(0, 16);
      text = { sql: rendered.sql, name: `${this.prefix}_${hash}` };
      this.texts.set(key, text);
    }
    return orm._.session
      .prepareQuery({ sql: text.sql, params: [...values] }, undefined, text.name, false)
      .execute();
  }
}

/**
 * A row read from a raw statement (keys are column names, values as the driver returned them)
 * as drizzle's select would type it: keys by column key, each value through mapFromDriverValue.
 * `prefix` selects the keys named prefix + column name (two tables' rows in one result row).
 */
export function rowFromDriver<T extends PgTable>(
  table: T,
  raw: Record<string, unknown>,
  prefix = "",
): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    const value = raw[prefix + column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

/** `alias."a" as "prefixa", ...`: every column of the table, renamed for rowFromDriver. */
export function prefixedColumns(table: PgTable, alias: string, prefix: string): SQL {
  return sql.join(
    Object.values(getTableColumns(table)).map(
      (c) =>
        sql`${sql.identifier(alias)}.${sql.identifier(c.name)} as ${sql.identifier(prefix + c.name)}`,
    ),
    sql`, `,
  );
}
