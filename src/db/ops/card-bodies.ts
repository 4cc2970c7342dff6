// Content-addressed card bodies (the card_bodies table): a card is stored once, under the sha256
// of its canonical JSON, and a start action names its cards by that hash instead of carrying both
// rosters (~1 MB of JSON per game for the bundled league).
//
// The hash is taken over CANONICAL JSON (object keys sorted, JSON.stringify's values otherwise),
// so the same card hashes alike whatever order its keys were built in, and a card read back from
// jsonb (which reorders keys) hashes to the hash it was stored under: that is how a body changed
// after it was written is caught on read.

import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { CardBodyMismatchError, CardBodyMissingError, InvalidInputError } from "../errors.js";
import { rowsOf } from "../rows.js";
import { cardBodies, LEAGUE_IDS, type LeagueId } from "../schema/index.js";
import type { JsonObject } from "../schema/json.js";
import { type DbHandle, oneStatement, ormOf } from "./shared.js";

/** A card to store: its hash (cardHash of `body`), its league and id, and the card itself. */
export interface CardBodyInput {
  hash: string;
  league: LeagueId;
  cardId: number;
  body: JsonObject;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isCardHash(value: unknown): value is string {
  return typeof value === "string" && SHA256_HEX.test(value);
}

/**
 * `value` as JSON.stringify writes it, but with every object's keys in sorted order (UTF-16 code
 * units, as Array.prototype.sort): equal data gives equal text whatever order its keys were
 * added in. Integer-like keys too ("10" before "2"), which a plain object would enumerate first.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      // JSON.stringify writes a finite number as String does.
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("a bigint has no JSON form");
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          out += isOmitted(value[i]) ? "null" : canonicalJson(value[i]);
        }
        return `${out}]`;
      }
      const keys = Object.keys(value);
      if (!inOrder(keys)) keys.sort();
      let out = "{";
      for (const key of keys) {
        const field = (value as Record<string, unknown>)[key];
        if (isOmitted(field)) continue;
        if (out.length > 1) out += ",";
        out += `${quoted(key)}:${canonicalJson(field)}`;
      }
      return `${out}}`;
    }
    default:
      return "null";
  }
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** Cards repeat the same few hundred keys: each is quoted once. */
const QUOTED = new Map<string, string>();

function quoted(key: string): string {
  let text = QUOTED.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (QUOTED.size < 10_000) QUOTED.set(key, text);
  }
  return text;
}

/**
 * Cards are immutable and shared between games (src/games/card-interning.ts), so a card object is
 * hashed once: ~1 MB of canonical JSON per game setup otherwise.
 */
const hashOf = new WeakMap<object, string>();

/** The sha256 (lowercase hex) of a card's canonical JSON: its key in card_bodies. */
export function cardHash(card: object): string {
  let hash = hashOf.get(card);
  if (hash === undefined) {
    hash = createHash("sha256").update(canonicalJson(card)).digest("hex");
    hashOf.set(card, hash);
  }
  return hash;
}

/** Refuses a body whose hash is not cardHash(body), or whose league or id is not one. */
export function checkCardBody(input: CardBodyInput, what: string): void {
  const issues: string[] = [];
  if (!isCardHash(input.hash)) issues.push(`hash ${String(input.hash)} is not a sha256 in hex`);
  else if (cardHash(input.body) !== input.hash) {
    issues.push(`hash ${input.hash} is not the hash of its body (${cardHash(input.body)})`);
  }
  if (!LEAGUE_IDS.includes(input.league)) issues.push(`league ${String(input.league)} is unknown`);
  if (!Number.isSafeInteger(input.cardId)) issues.push(`card id ${input.cardId} is no integer`);
  if (issues.length > 0) throw new InvalidInputError(what, issues);
}

/**
 * Stores these bodies in one statement; a hash already stored keeps its row (equal hash, equal
 * card). Rows go in hash order, so two transactions storing the same new cards lock them in the
 * same order and never deadlock. Callers check the bodies first (checkCardBody).
 */
export async function writeCardBodies(
  db: DbHandle,
  bodies: readonly CardBodyInput[],
): Promise<void> {
  if (bodies.length === 0) return;
  const rows = [...new Map(bodies.map((b) => [b.hash, b])).values()]
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .map((b) => ({ hash: b.hash, league_id: b.league, card_id: b.cardId, body: b.body }));
  await oneStatement(ormOf(db), (orm) =>
    orm.execute(sql`insert into ${cardBodies} ("hash", "league_id", "card_id", "body")
      select r.hash, r.league_id, r.card_id, r.body
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(hash text, league_id text, card_id int, body jsonb)
      order by r.hash
      on conflict ("hash") do nothing`),
  );
}

/**
 * Throws CardBodyMissingError naming every hash of `hashes` that has no stored body. The rows
 * found are locked against deletion (FOR KEY SHARE) until the caller's transaction ends, so an
 * action written in it never names a body that is gone by its commit.
 */
export async function assertCardBodiesStored(
  db: DbHandle,
  hashes: readonly string[],
): Promise<void> {
  const wanted = [...new Set(hashes)];
  if (wanted.length === 0) return;
  const found = new Set(
    rowsOf<{ hash: string }>(
      await ormOf(db).execute(sql`select "hash" from ${cardBodies}
        where "hash" = any(string_to_array(${wanted.join(",")}, ',')) for key share`),
    ).map((row) => row.hash),
  );
  const missing = wanted.filter((hash) => !found.has(hash));
  if (missing.length > 0) throw new CardBodyMissingError(missing);
}

/**
 * The stored bodies of these hashes, in one query, each checked against its hash: a hash with no
 * row throws CardBodyMissingError (naming every such hash), a body that no longer hashes to its
 * key throws CardBodyMismatchError. Never a partial answer.
 */
export async function readCardBodies(
  db: DbHandle,
  hashes: readonly string[],
): Promise<Map<string, JsonObject>> {
  const wanted = [...new Set(hashes)];
  const bodies = new Map<string, JsonObject>();
  if (wanted.length === 0) return bodies;
  const bad = wanted.filter((hash) => !isCardHash(hash));
  if (bad.length > 0) throw new CardBodyMissingError(bad);
  const rows = rowsOf<{ hash: string; body: JsonObject }>(
    await ormOf(db).execute(sql`select "hash", "body" from ${cardBodies}
      where "hash" = any(string_to_array(${wanted.join(",")}, ','))`),
  );
  for (const row of rows) {
    const body = typeof row.body === "string" ? (JSON.parse(row.body) as JsonObject) : row.body;
    const actual = cardHash(body);
    if (actual !== row.hash) throw new CardBodyMismatchError(row.hash, actual);
    bodies.set(row.hash, body);
  }
  const missing = wanted.filter((hash) => !bodies.has(hash));
  if (missing.length > 0) throw new CardBodyMissingError(missing);
  return bodies;
}
