import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getTableColumns, is, SQL } from "drizzle-orm";
import { type PgColumn, PgJson, PgJsonb, type PgTable } from "drizzle-orm/pg-core";
import fc from "fast-check";
import { gameActions, plays } from "../schema/index.js";
import { recordsetOf } from "./recordset.js";

/**
 * What drizzle would write for these rows, as plain objects: every column in table order but
 * the supplied ones and those the database fills (named by no row); a missing value as the
 * column's default function, else its default, else null; each value through its column's
 * mapToDriverValue (JSON columns as they are). recordsetOf must write exactly these records, or
 * refuse (undefined) when a column the database fills is named by some rows but not all.
 */
function drizzleRecords(
  table: PgTable,
  rows: readonly Record<string, unknown>[],
  supplied: readonly string[],
  extras: Record<string, readonly number[]>,
): Record<string, unknown>[] | undefined {
  const columns: [string, PgColumn][] = [];
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    if (supplied.includes(key)) continue;
    const filledByDatabase =
      column.hasDefault &&
      column.defaultFn === undefined &&
      (column.default === undefined || is(column.default, SQL));
    const naming = rows.filter((row) => row[key] !== undefined).length;
    if (filledByDatabase && naming === 0) continue;
    if (filledByDatabase && naming < rows.length) return undefined;
    columns.push([key, column]);
  }
  return rows.map((row, i) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      let value = row[key];
      if (value === undefined) {
        if (column.defaultFn !== undefined) value = column.defaultFn();
        else value = column.hasDefault ? column.default : null;
      }
      const json = is(column, PgJsonb) || is(column, PgJson);
      record[column.name] = value === null || json ? value : column.mapToDriverValue(value);
    }
    for (const [name, values] of Object.entries(extras)) record[name] = values[i];
    return record;
  });
}

const jsonValue = fc.jsonValue({ maxDepth: 2 });
/** Any text, quotes, backslashes and control characters included. */
const text = fc.string({ unit: "binary", maxLength: 12 });
const int = fc.integer({ min: -1000, max: 100_000 });

const playRow = fc.record(
  {
    playNumber: int,
    inning: int,
    half: fc.constantFrom("top", "bottom"),
    outsBefore: int,
    batterId: int,
    pitcherId: int,
    onFirstId: fc.option(int),
    resultDescription: fc.option(text),
    hitType: fc.option(text),
    diceRoll: fc.option(jsonValue),
    runners: jsonValue,
    wpa: fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0)),
    re24: fc.double({ noNaN: true, noDefaultInfinity: true }),
    isTied: fc.boolean(),
    clientActionId: fc.option(text),
  },
  { requiredKeys: ["playNumber", "inning", "half", "outsBefore", "batterId", "pitcherId"] },
);

const actionRow = fc.record(
  {
    version: int,
    actor: text,
    kind: text,
    payload: jsonValue,
    clientActionId: fc.option(text),
    createdAt: fc.date({ noInvalidDate: true }),
  },
  { requiredKeys: ["version", "actor", "kind"] },
);

/** The same records (JSON text compares as parsed), or both refused. */
function assertSameRecords(
  actual: { json: string } | undefined,
  expected: Record<string, unknown>[] | undefined,
): void {
  if (expected === undefined) {
    assert.equal(actual, undefined);
    return;
  }
  assert.ok(actual !== undefined);
  assert.deepEqual(JSON.parse(actual.json), JSON.parse(JSON.stringify(expected)));
}

describe("recordsetOf", () => {
  test("writes the records drizzle would, plays with their extras", () => {
    fc.assert(
      fc.property(fc.array(playRow, { minLength: 1, maxLength: 4 }), (rows) => {
        const extras = { "#unit": rows.map((_, i) => i) };
        const set = recordsetOf(plays, rows as never, ["gameId"], extras);
        assertSameRecords(set, drizzleRecords(plays, rows, ["gameId"], extras));
        assert.ok(set !== undefined);
        const names = JSON.parse(set.json)[0] as Record<string, unknown>;
        assert.deepEqual(
          set.columns.map((c) => c.name),
          Object.keys(names).filter((name) => name !== "#unit"),
        );
        assert.equal(set.names, set.columns.map((c) => c.name).join(","));
      }),
    );
  });

  test("writes the action log's rows: timestamps as the driver takes them, or refuses as drizzle must", () => {
    fc.assert(
      fc.property(fc.array(actionRow, { minLength: 1, maxLength: 4 }), (rows) => {
        const extras = { "#unit": rows.map(() => 0), "#ordinal": rows.map((_, i) => i + 1) };
        const set = recordsetOf(gameActions, rows as never, ["gameId", "seq"], extras);
        assertSameRecords(set, drizzleRecords(gameActions, rows, ["gameId", "seq"], extras));
      }),
    );
  });

  test("a column the database fills is left out when no row names it, refused when some do", () => {
    const row = { playNumber: 1, inning: 1, half: "top", outsBefore: 0, batterId: 1, pitcherId: 2 };
    const without = recordsetOf(plays, [row] as never, ["gameId"]);
    assert.ok(without !== undefined);
    assert.ok(!without.columns.some((c) => c.name === "id"));
    const named = recordsetOf(plays, [{ ...row, id: 7 }] as never, ["gameId"]);
    assert.equal((JSON.parse(named!.json) as { id: number }[])[0]!.id, 7);
    assert.equal(recordsetOf(plays, [row, { ...row, id: 7 }] as never, ["gameId"]), undefined);
  });
});
