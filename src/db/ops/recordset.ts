import { createHash } from "node:crypto";
import { Column, getTableColumns, is, SQL, sql } from "drizzle-orm";
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
 *
 * The JSON text is written here, value by value, rather than built as one object per row and
 * handed to JSON.stringify: a play's ~80 keys made each row a dictionary-mode object, slow to
 * build and slow to stringify (~19 µs a play, against ~9 µs written directly), on the path of
 * every action the server commits.
 */
export interface Recordset {
  /** The columns written, in order. */
  columns: readonly PgColumn[];
  /** Their names, comma-separated: the shape of the rows, as a statement template's key. */
  names: string;
  /** The rows, as the text of one JSON array of objects keyed by column name (and extras). */
  json: string;
}

export function recordsetOf<
  T extends PgTable,
  Supplied extends keyof T["$inferInsert"] & string = never,
>(
  table: T,
  rows: readonly Omit<T["$inferInsert"], Supplied>[],
  /** Columns (by key) the statement fills itself: never read from the rows. */
  supplied: readonly Supplied[] = [],
  /** Keys of each record that are not table columns (see ExtraField): integers, one per row. */
  extras: Readonly<Record<string, readonly number[]>> = {},
): Recordset | undefined {
  const plans = planOf(table);
  const written: ColumnPlan[] = [];
  let skipped = "";
  for (let c = 0; c < plans.length; c++) {
    const plan = plans[c]!;
    if ((supplied as readonly string[]).includes(plan.key)) {
      skipped += `${c},`;
      continue;
    }
    if (plan.databaseDefault) {
      const named = rows.filter((row) => (row as Row)[plan.key] !== undefined).length;
      if (named === 0) {
        skipped += `${c},`;
        continue;
      }
      if (named < rows.length) return undefined; // as drizzle would need DEFAULT in some rows
    }
    written.push(plan);
  }
  const shape = shapeOf(table, skipped, written);
  const extraKeys = Object.keys(extras).map(
    (name) => [JSON.stringify(name), extras[name]!] as const,
  );
  let json = "[";
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    let record = ""; // ",key:value" for each key
    for (const plan of written) {
      let value = row[plan.key];
      if (value === undefined) {
        if (plan.fillJson !== undefined) {
          record += `,${plan.jsonKey}${plan.fillJson}`;
          continue;
        }
        value = plan.fill();
      }
      const driverValue =
        value === null || plan.jsonColumn || plan.toDriver === undefined
          ? value
          : plan.toDriver(value);
      record += `,${plan.jsonKey}${jsonOf(driverValue)}`;
    }
    for (const [key, values] of extraKeys) record += `,${key}:${jsonOf(values[i])}`;
    json += `${i === 0 ? "" : ","}{${record.slice(1)}}`;
  }
  return { columns: shape.columns, names: shape.names, json: `${json}]` };
}

type Row = Record<string, unknown>;

/** One value as JSON text; undefined (a key JSON.stringify would leave out) reads as null. */
function jsonOf(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? `${value}` : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value) ?? "null";
}

/** What recordsetOf needs to know of a column, worked out once per table. */
interface ColumnPlan {
  key: string;
  name: string;
  /** `"name":`, the record key's JSON text. */
  jsonKey: string;
  column: PgColumn;
  /** A JSON column: its values go into the recordset as they are. */
  jsonColumn: boolean;
  /** Filled by the database (an identity, an SQL default such as now()) when no row names it. */
  databaseDefault: boolean;
  /** The value drizzle writes for a row that does not name the column. */
  fill(): unknown;
  /** That value's JSON text, when it is always the same (no default function). */
  fillJson: string | undefined;
  /** The column's mapToDriverValue; undefined when it hands values over as they are. */
  toDriver: ((value: unknown) => unknown) | undefined;
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
      const jsonColumn = is(column, PgJsonb) || is(column, PgJson);
      const databaseDefault =
        column.hasDefault &&
        !byFunction &&
        (column.default === undefined || is(column.default, SQL));
      const toDriver =
        column.mapToDriverValue === Column.prototype.mapToDriverValue
          ? undefined
          : (value: unknown) => column.mapToDriverValue(value);
      const staticFill = byFunction || databaseDefault ? undefined : fill();
      return {
        key,
        name: column.name,
        jsonKey: `${JSON.stringify(column.name)}:`,
        column,
        jsonColumn,
        databaseDefault,
        fill,
        fillJson:
          staticFill === undefined
            ? undefined
            : jsonOf(
                staticFill === null || jsonColumn || toDriver === undefined
                  ? staticFill
                  : toDriver(staticFill),
              ),
        toDriver,
      };
    });
    PLANS.set(table, plans);
  }
  return plans;
}

/** A table's written columns for one choice of skipped ones, worked out once. */
const SHAPES = new WeakMap<PgTable, Map<string, { columns: PgColumn[]; names: string }>>();

function shapeOf(table: PgTable, skipped: string, written: readonly ColumnPlan[]) {
  let shapes = SHAPES.get(table);
  if (shapes === undefined) {
    shapes = new Map();
    SHAPES.set(table, shapes);
  }
  let shape = shapes.get(skipped);
  if (shape === undefined) {
    shape = {
      columns: written.map((plan) => plan.column),
      names: written.map((plan) => plan.name).join(","),
    };
    shapes.set(skipped, shape);
  }
  return shape;
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
 * `json` is the parameter (a Recordset's json text), or a template's placeholder.
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
