// Card interning: one object per (league, id, content) for the whole process, whether a game is
// created from the league source or rebuilt from its stored start action (fresh JSON).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GameSetup } from "../engine/index.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { CardInterner, sameJson } from "./card-interning.js";
import { engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import type { GameRecord } from "./types.js";

async function setupOf(league: "sba" | "pd"): Promise<GameSetup> {
  const setups = new LeagueSetups((l) => bundledSource(l));
  const [homeTeamId, awayTeamId] = league === "sba" ? [101, 102] : [201, 202];
  const record = { league, homeTeamId, awayTeamId } as GameRecord;
  const built = await setups.buildSetup(record, {
    home: await setups.aiLineup(record, "home"),
    away: await setups.aiLineup(record, "away"),
  });
  assert.ok(built.ok);
  return built.value as GameSetup;
}

/** What the database gives back: the same content, all new objects. */
const fromStorage = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("card interning", () => {
  for (const league of ["sba", "pd"] as const) {
    it(`${league}: a game rebuilt from stored JSON shares every card with a game created fresh`, async () => {
      const setup = await setupOf(league);
      const cards = new CardInterner();
      const fresh = cards.setup(setup);
      const stored = cards.setup(fromStorage(setup));
      assert.deepEqual(stored, fresh);
      for (const side of ["home", "away"] as const) {
        fresh[side].lineup.forEach((slot, i) => {
          assert.equal(stored[side].lineup[i]!.player, slot.player, "the same object");
        });
        fresh[side].bench?.forEach((player, i) => {
          assert.equal(stored[side].bench![i], player);
        });
      }
      assert.equal(stored.rules, fresh.rules);
      assert.ok(cards.stats.hits >= cards.stats.keys);
    });
  }

  it("the engine states of two games hold the same card objects", async () => {
    const setup = await setupOf("sba");
    const one = engineRules.start(fromStorage(setup), "00".repeat(32));
    const two = engineRules.start(fromStorage(setup), "11".repeat(32));
    assert.ok(one.ok && two.ok);
    const ids = Object.keys(one.value.game.players).map(Number);
    assert.ok(ids.length >= 18);
    for (const id of ids) assert.equal(two.value.game.players[id], one.value.game.players[id]);
    assert.equal(two.value.game.home.bench[0], one.value.game.home.bench[0]);
  });

  it("a card whose content changed is a second object, never a silent swap", async () => {
    const setup = await setupOf("sba");
    const cards = new CardInterner();
    const player = setup.home.lineup[0]!.player;
    const first = cards.player(player);
    const faster = { ...fromStorage(player), batting: { ...player.batting, speed: 20 } };
    const second = cards.player(faster);
    assert.equal(second, faster);
    assert.notEqual(second, first);
    assert.equal(cards.player(fromStorage(player)), first);
    assert.equal(cards.player(fromStorage(faster)), faster);
  });

  it("sameJson is structural equality of JSON data", () => {
    assert.ok(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
    assert.ok(!sameJson({ a: [1, 2] }, { a: [1, 2, 3] }));
    assert.ok(!sameJson({ a: 1 }, { b: 1 }));
    assert.ok(!sameJson({ a: undefined }, { b: undefined }));
    assert.ok(!sameJson([], {}));
    assert.ok(!sameJson(null, {}));
  });
});
