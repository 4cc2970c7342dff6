// A start action stores its setup's cards by reference (card_bodies): the stored payload is a few
// KB of hashes, games with the same teams share the card rows, a game reloads to the same setup
// and the same state, a start stored with its cards inline (before references) still loads, and
// a missing or changed card body fails the load with a typed error naming the hash.

import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { cardHash } from "../db/ops/card-bodies.js";
import { rowsOf } from "../db/rows.js";
import { describeEachBackend } from "../db/testing.js";
import type { GameSetup } from "../engine/index.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { DbGameStore } from "./db-store.js";
import { defaultDecisionsAi, engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import { GameService } from "./service.js";
import { cardRefsOf, isCardRef, withCardsReplaced, withCardsResolved } from "./stored-setup.js";
import type { GameRecord } from "./types.js";

const setups = new LeagueSetups((league) => bundledSource(league));
const caller = { userId: "manager" };

function serviceOn(db: Database) {
  const store = new DbGameStore(db.orm);
  const service = new GameService({
    store,
    teams: { managesTeam: async () => true },
    rules: engineRules,
    ai: defaultDecisionsAi,
    setups,
    idleEvictMs: 0,
    snapshotEvery: 1,
  });
  return { store, service };
}

/** A started SBA game between 101 and 102, both lineups the teams' depth charts. */
async function startedGame(service: GameService): Promise<GameRecord> {
  const game = await service.createGame({
    league: "sba",
    homeTeamId: 101,
    awayTeamId: 102,
    mode: "friendly",
    pace: "async",
    visibility: "public",
    homeIsAi: false,
    awayIsAi: false,
    aiDifficulty: "balanced",
    turnTimerSeconds: null,
    createdBy: "",
  });
  for (const side of ["home", "away"] as const) {
    await service.submitLineup(game.id, caller, side, await setups.aiLineup(game, side));
  }
  await service.startGame(game.id, caller);
  return game;
}

/** The setup the game was started with, built again from the league. */
async function builtSetup(game: GameRecord): Promise<GameSetup> {
  const lineups = {
    home: await setups.aiLineup(game, "home"),
    away: await setups.aiLineup(game, "away"),
  };
  const built = await setups.buildSetup(game, lineups);
  assert.ok(built.ok);
  return built.value as GameSetup;
}

async function storedStart(db: Database, gameId: string) {
  const [row] = rowsOf<{ bytes: number; payload: unknown }>(
    await db.orm.execute(sql`select octet_length(payload::text) as bytes, payload
      from game_actions where game_id = ${gameId}::uuid and kind = 'start'`),
  );
  assert.ok(row);
  return row;
}

async function cardRows(db: Database): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.orm.execute(sql`select count(*)::int as n from card_bodies`),
  );
  return row!.n;
}

it("a setup's cards replaced by references and resolved again give the same setup", async () => {
  const game = { id: "g", league: "sba", homeTeamId: 101, awayTeamId: 102 } as GameRecord;
  const setup = await builtSetup(game);
  const stored = withCardsReplaced(setup, (card) => ({ $card: cardHash(card) }));
  const refs = cardRefsOf(stored);
  const players = [setup.away, setup.home].flatMap((t) => [
    ...t.lineup.map((s) => s.player),
    ...(t.pitcher ? [t.pitcher] : []),
    ...(t.bench ?? []),
  ]);
  assert.equal(refs.length, new Set(players.map((p) => cardHash(p))).size);
  const byHash = new Map(players.map((p) => [cardHash(p), p]));
  assert.deepEqual(
    withCardsResolved(stored, (hash) => byHash.get(hash)!),
    setup,
  );
  // A setup with its cards inline (stored before references) is read as it is.
  assert.equal(
    withCardsResolved(setup, () => assert.fail("no reference to resolve")),
    setup,
  );
  assert.deepEqual(cardRefsOf({ away: "not a team" }), []);
  assert.equal(isCardRef({ $card: "ab", name: "x" }), false);
});

describeEachBackend("start actions store their cards by reference", (getDb) => {
  it("the start action stores references, each card once, and the game reloads to the same state", async () => {
    const db = getDb();
    const { store, service } = serviceOn(db);
    const game = await startedGame(service);
    const start = await storedStart(db, game.id);
    const refs = cardRefsOf(start.payload);
    assert.equal(refs.length, 52, "both rosters: 52 cards");
    assert.ok(start.bytes < 10_000, `the start action stores ${start.bytes} bytes`);
    assert.equal(await cardRows(db), 52);

    const before = await service.snapshot(game.id, "home");
    assert.equal(service.evictIdle(Date.now() + 1e9), 1);
    const cold = new DbGameStore(db.orm);
    const loaded = (await cold.loadGame(game.id))!;
    const setup = await builtSetup(game);
    assert.deepEqual(loaded.actions[0]!.payload, setup);
    const replayed = engineRules.start(loaded.actions[0]!.payload, loaded.seed);
    const original = engineRules.start(setup, loaded.seed);
    assert.ok(replayed.ok && original.ok);
    assert.equal(engineRules.fingerprint(replayed.value), engineRules.fingerprint(original.value));
    assert.deepEqual(await service.snapshot(game.id, "home"), before);
    assert.equal(service.stats.replayMismatches, 0);
    assert.ok((await store.loadGame(game.id))!.actions.length >= 1);
    await service.close();
  });

  it("two games with the same teams share the card rows", async () => {
    const db = getDb();
    const { service } = serviceOn(db);
    const rowsBefore = await cardRows(db);
    const a = await startedGame(service);
    const b = await startedGame(service);
    assert.equal(await cardRows(db), rowsBefore, "no card stored a second time");
    assert.deepEqual(
      cardRefsOf((await storedStart(db, a.id)).payload),
      cardRefsOf((await storedStart(db, b.id)).payload),
    );
    await service.close();
  });

  it("a start stored with its cards inline, before references, still loads and replays", async () => {
    const db = getDb();
    const { service } = serviceOn(db);
    const game = await startedGame(service);
    const setup = await builtSetup(game);
    await db.orm.execute(sql`update game_actions set payload = ${JSON.stringify(setup)}::jsonb
      where game_id = ${game.id}::uuid and kind = 'start'`);
    assert.deepEqual(cardRefsOf((await storedStart(db, game.id)).payload), []);
    const before = await service.snapshot(game.id, "away");
    service.evictIdle(Date.now() + 1e9);
    const loaded = (await new DbGameStore(db.orm).loadGame(game.id))!;
    assert.deepEqual(loaded.actions[0]!.payload, setup);
    assert.deepEqual(await service.snapshot(game.id, "away"), before);
    assert.equal(service.stats.replayMismatches, 0);
    await service.close();
  });

  it("a changed or missing card body fails the load with a typed error naming its hash", async () => {
    const db = getDb();
    const { service } = serviceOn(db);
    const game = await startedGame(service);
    const [hash] = cardRefsOf((await storedStart(db, game.id)).payload);
    await db.orm.execute(sql`update card_bodies
      set body = jsonb_set(body, '{name}', '"Somebody Else"') where hash = ${hash!}`);
    const named = (code: string) => (error: unknown) => {
      assert.equal((error as { code?: string }).code, code);
      assert.match((error as Error).message, new RegExp(hash!));
      return true;
    };
    await assert.rejects(new DbGameStore(db.orm).loadGame(game.id), named("db/card_body_mismatch"));
    await db.orm.execute(sql`delete from card_bodies where hash = ${hash!}`);
    await assert.rejects(new DbGameStore(db.orm).loadGame(game.id), named("db/card_body_missing"));
    service.evictIdle(Date.now() + 1e9);
    await assert.rejects(service.snapshot(game.id, "home"), named("db/card_body_missing"));

    // The service's store saw that card stored: its next start names it without its body, is
    // refused whole (never a committed start naming a missing card), and the one after brings
    // the body again.
    await assert.rejects(startedGame(service), (error: unknown) => {
      assert.equal((error as { code?: string }).code, "server/unavailable");
      return true;
    });
    const again = await startedGame(service);
    assert.equal(cardRefsOf((await storedStart(db, again.id)).payload).length, 52);
    assert.ok((await new DbGameStore(db.orm).loadGame(again.id))!.actions.length === 1);
    await service.close();
  });
});
