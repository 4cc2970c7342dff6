// Content-addressed card bodies: the canonical hash (key order does not count, every rating
// does), the table (one row per card, read back whole and checked against its hash), and the
// write unit's guarantee that a committed action never names a card the table lacks.

import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { bundledSource } from "../leagues/bundled/index.js";
import {
  type CardBodyInput,
  canonicalJson,
  cardHash,
  commitActionUnits,
  getActions,
  getGame,
  readCardBodies,
  writeCardBodies,
} from "./operations.js";
import { rowsOf } from "./rows.js";
import type { JsonObject } from "./schema/json.js";
import { createTestGame, describeEachBackend, dbRefusal as refusal } from "./testing.js";

/** The same data with every object's keys in another order (`order` picks the permutation). */
function reordered(value: unknown, order: number): unknown {
  if (Array.isArray(value)) return value.map((v) => reordered(v, order));
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value);
  const rotated = keys.map((_, i) => keys[(i + order) % keys.length]!);
  if (order % 2 === 1) rotated.reverse();
  return Object.fromEntries(
    rotated.map((k) => [k, reordered((value as Record<string, unknown>)[k], order)]),
  );
}

/** Every path to a number in `value`. */
function numberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "number") return [path];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    numberPaths(v, [...path, Array.isArray(value) ? Number(k) : k]),
  );
}

function withNumberAt(value: unknown, path: (string | number)[], number: number): unknown {
  if (path.length === 0) return number;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = withNumberAt(copy[head!], rest, number);
  return copy;
}

const json = fc.jsonValue({ maxDepth: 4 });

async function sbaCards(): Promise<CardBodyInput[]> {
  const roster = await bundledSource("sba").getRoster(101);
  assert.ok(roster);
  return roster.players.slice(0, 6).map((card) => ({
    hash: cardHash(card),
    league: card.league,
    cardId: card.id,
    body: card as unknown as JsonObject,
  }));
}

it("the canonical hash does not depend on key order", () => {
  fc.assert(
    fc.property(json, fc.nat(7), (value, order) => {
      const other = reordered(value, order);
      assert.equal(canonicalJson(other), canonicalJson(value));
      assert.equal(
        cardHash({ card: other }),
        cardHash({ card: JSON.parse(JSON.stringify(value)) }),
      );
    }),
  );
});

it("canonical JSON is JSON.stringify's text with sorted keys, so it parses back to the value", () => {
  fc.assert(
    fc.property(json, (value) => {
      assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
    }),
  );
});

it("changing any rating of a real card changes its hash", async () => {
  const [card] = await sbaCards();
  const paths = numberPaths(card!.body);
  assert.ok(paths.length > 50, `only ${paths.length} numbers on the card`);
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.integer({ min: 1, max: 1000 }), (path, delta) => {
      const changed = withNumberAt(card!.body, path, (lookup(card!.body, path) as number) + delta);
      assert.notEqual(cardHash(changed as object), card!.hash, `changed ${path.join(".")}`);
    }),
  );
});

function lookup(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

describeEachBackend("card bodies", (getDb) => {
  it("a card is stored once, and read back whole under the hash of what was written", async () => {
    const db = getDb();
    const cards = await sbaCards();
    await writeCardBodies(db, cards);
    await writeCardBodies(db, [...cards].reverse());
    const [count] = rowsOf<{ n: number }>(
      await db.orm.execute(sql`select count(*)::int as n from card_bodies`),
    );
    assert.equal(count!.n, cards.length);
    const read = await readCardBodies(
      db,
      cards.map((c) => c.hash),
    );
    for (const card of cards) {
      // jsonb reorders keys: the canonical hash of what comes back is still the card's.
      assert.deepEqual(read.get(card.hash), card.body);
      assert.equal(cardHash(read.get(card.hash)!), card.hash);
    }
  });

  it("a missing body and a changed body are typed errors naming the hash", async () => {
    const db = getDb();
    const [first, second] = await sbaCards();
    await writeCardBodies(db, [first!, second!]);
    const absent = "0".repeat(64);
    const missing = await refusal(
      readCardBodies(db, [first!.hash, absent]),
      "db/card_body_missing",
    );
    assert.match(missing.message, new RegExp(absent));
    await db.orm.execute(
      sql`update card_bodies set body = jsonb_set(body, '{name}', '"Somebody Else"') where hash = ${second!.hash}`,
    );
    const changed = await refusal(readCardBodies(db, [second!.hash]), "db/card_body_mismatch");
    assert.match(changed.message, new RegExp(second!.hash));
  });

  it("a unit naming a card with no body is refused whole; one that brings it commits", async () => {
    const db = getDb();
    const [card] = await sbaCards();
    const absent = "f".repeat(64);
    const a = await createTestGame(db);
    const b = await createTestGame(db);
    const start = (gameId: string, refs: string[], bodies: CardBodyInput[] = []) => ({
      gameId,
      expectedVersion: 0,
      actions: [{ version: 1, actor: "system", kind: "start", payload: { cards: refs } }],
      game: { status: "active" as const },
      cardRefs: refs,
      cardBodies: bodies,
    });
    const [refused, committed] = await commitActionUnits(db, [
      start(a.game.id, [card!.hash, absent]),
      start(b.game.id, [card!.hash], [card!]),
    ]);
    assert.equal(refused!.ok, false);
    assert.equal(!refused!.ok && refused!.error.code, "db/card_body_missing");
    assert.match(!refused!.ok ? refused!.error.message : "", new RegExp(absent));
    assert.doesNotMatch(!refused!.ok ? refused!.error.message : "", new RegExp(card!.hash));
    assert.equal((await getActions(db, a.game.id)).length, 0);
    assert.equal((await getGame(db, a.game.id)).version, 0);
    assert.equal(committed!.ok, true);
    assert.equal((await getActions(db, b.game.id)).length, 1);
    // Now stored, the card can be named alone.
    const [again] = await commitActionUnits(db, [start(a.game.id, [card!.hash])]);
    assert.equal(again!.ok, true);
  });

  it("a body whose hash is not its own is refused before anything is written", async () => {
    const db = getDb();
    const [card, other] = await sbaCards();
    const unseen = { ...card!.body, name: "Not Yet Stored" };
    const game = await createTestGame(db);
    const [result] = await commitActionUnits(db, [
      {
        gameId: game.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "system", kind: "start" }],
        cardRefs: [cardHash(unseen)],
        cardBodies: [{ ...card!, hash: cardHash(unseen), body: other!.body }],
      },
    ]);
    assert.equal(!result!.ok && result!.error.code, "db/invalid_input");
    await refusal(readCardBodies(db, [cardHash(unseen)]), "db/card_body_missing");
    assert.equal((await getActions(db, game.game.id)).length, 0);
  });
});
