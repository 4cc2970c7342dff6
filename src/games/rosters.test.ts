// Rosters into a game, on PGlite always and on PostgreSQL when TEST_DATABASE_URL is set: SBA and
// PD from the fake league APIs and from the bundled league, the PD cardset priority rule, and
// the guarantee that a failure leaves nothing half-written.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { type Database, openDatabase } from "../db/client.js";
import { gameCardsetLinks } from "../db/schema/game-cardset-links.js";
import { games } from "../db/schema/games.js";
import { lineups } from "../db/schema/lineups.js";
import { rosterLinks } from "../db/schema/roster-links.js";
import { openTestPglite } from "../db/testing.js";
import { MemoryCache } from "../leagues/cache/memory.js";
import { pickCard } from "../leagues/source.js";
import { createLeagueSource, type LeagueSources } from "../leagues/source-factory.js";
import { FAKE_PD_API_KEY, startFakePdApi } from "../leagues/testing/fake-pd-api.js";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../leagues/testing/fake-sba-api.js";
import type { FakeApiServer } from "../leagues/testing/fake-server.js";
import { loadRostersIntoGame, RosterError } from "./rosters.js";

let sbaApi: FakeApiServer;
let pdApi: FakeApiServer;

before(async () => {
  [sbaApi, pdApi] = await Promise.all([startFakeSbaApi(), startFakePdApi()]);
});
after(async () => {
  await Promise.all([sbaApi.close(), pdApi.close()]);
});

function apiSources(): LeagueSources {
  return createLeagueSource(
    {
      leagues: {
        source: "api",
        sba: { apiUrl: sbaApi.url, apiKey: FAKE_SBA_API_KEY },
        pd: { apiUrl: pdApi.url, apiKey: FAKE_PD_API_KEY },
      },
    },
    { cache: new MemoryCache(), http: { maxAttempts: 1, sleep: async () => {} } },
  );
}

function bundledSources(): LeagueSources {
  const none = { apiUrl: undefined, apiKey: undefined };
  return createLeagueSource({ leagues: { source: "bundled", sba: none, pd: none } });
}

test("pickCard: the lowest priority number wins; unlinked cardsets never; ties to the lower id", () => {
  const cards = [
    { cardId: 30, cardsetId: 3 },
    { cardId: 20, cardsetId: 2 },
    { cardId: 10, cardsetId: 1 },
    { cardId: 11, cardsetId: 1 },
  ];
  assert.equal(
    pickCard(
      cards,
      new Map([
        [1, 0],
        [2, 1],
      ]),
    )?.cardId,
    10,
  );
  assert.equal(
    pickCard(
      cards,
      new Map([
        [1, 5],
        [2, 1],
      ]),
    )?.cardId,
    20,
  );
  assert.equal(pickCard(cards, new Map([[3, 9]]))?.cardId, 30);
  assert.equal(pickCard(cards, new Map([[4, 0]])), undefined);
});

const backends: Array<{ name: string; open: () => Promise<Database>; skip?: string }> = [
  {
    name: "PGlite",
    open: async () => {
      const { db, cleanup } = await openTestPglite();
      return { ...db, close: cleanup };
    },
  },
  {
    name: "PostgreSQL",
    open: () => openDatabase({ url: process.env.TEST_DATABASE_URL }),
    ...(process.env.TEST_DATABASE_URL
      ? {}
      : { skip: "TEST_DATABASE_URL is not set: PostgreSQL roster tests skipped" }),
  },
];

for (const backend of backends) {
  describe(`rosters into a game (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const created: string[] = [];

    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      for (const id of created) await db.orm.delete(games).where(eq(games.id, id));
      await db.close();
    });

    async function newGame(leagueId: "sba" | "pd", homeTeamId: number, awayTeamId: number) {
      const [row] = await db.orm
        .insert(games)
        .values({ leagueId, homeTeamId, awayTeamId, rngSeed: randomBytes(32).toString("hex") })
        .returning({ id: games.id });
      created.push(row!.id);
      return { id: row!.id, leagueId };
    }

    const linksOf = (gameId: string) =>
      db.orm.select().from(rosterLinks).where(eq(rosterLinks.gameId, gameId));
    const cardsetsOf = (gameId: string) =>
      db.orm.select().from(gameCardsetLinks).where(eq(gameCardsetLinks.gameId, gameId));
    const lineupOf = (gameId: string, teamId: number) =>
      db.orm
        .select()
        .from(lineups)
        .where(and(eq(lineups.gameId, gameId), eq(lineups.teamId, teamId)));

    test("SBA from the API: each active roster becomes roster_links by player_id", async () => {
      const game = await newGame("sba", 499, 502);
      const loaded = await loadRostersIntoGame(db.orm, apiSources(), game, {
        homeTeamId: 499,
        awayTeamId: 502,
      });
      assert.equal(loaded.home.team.abbrev, "WV");
      const links = await linksOf(game.id);
      assert.equal(links.length, 24);
      assert.ok(links.every((l) => l.cardId === null && l.playerId !== null));
      assert.deepEqual(
        links
          .filter((l) => l.teamId === 499)
          .map((l) => l.playerId)
          .sort(),
        Array.from({ length: 12 }, (_, i) => 1001 + i),
      );
      assert.ok(!links.some((l) => l.playerId === 1099), "the injured list stays out");
      // The API keeps no depth chart: autoDepthChart's nine (with a DH) and its first starter.
      const lineup = await lineupOf(game.id, 499);
      assert.equal(lineup.length, 10);
      assert.deepEqual(lineup.map((l) => l.position).sort(), [
        "1B",
        "2B",
        "3B",
        "C",
        "CF",
        "DH",
        "LF",
        "P",
        "RF",
        "SS",
      ]);
      assert.equal(lineup.find((l) => l.position === "C")?.playerId, 1001, "Salvador Perez");
      assert.equal(lineup.find((l) => l.position === "P")?.playerId, 1010, "Gerrit Cole: S(6)");
    });

    test("PD: the card from the highest-priority linked cardset wins", async () => {
      const game = await newGame("pd", 31, 32);
      // 2024 Season first, then 2023; the promo cardset is not linked.
      const loaded = await loadRostersIntoGame(db.orm, apiSources(), game, {
        homeTeamId: 31,
        awayTeamId: 32,
        cardsetIds: [
          { id: 2, priority: 0 },
          { id: 1, priority: 1 },
        ],
      });
      const home = (await linksOf(game.id)).filter((l) => l.teamId === 31);
      const cardIds = home.map((l) => l.cardId).sort();
      // Players 1-3 are held in 2024 too: their 2024 cards; players 4-12 only in 2023.
      assert.deepEqual(
        cardIds,
        [5004, 5005, 5006, 5007, 5008, 5009, 5010, 5011, 5012, 5101, 5102, 5103],
      );
      assert.ok(home.every((l) => l.playerId === null));
      assert.equal(
        loaded.home.picks?.find((p) => p.name === "Adley Rutschman")?.cardsetId,
        2,
        "not the unlinked promo card, not the lower-priority 2023 card",
      );
      assert.deepEqual((await cardsetsOf(game.id)).map((c) => [c.cardsetId, c.priority]).sort(), [
        [1, 1],
        [2, 0],
      ]);
      // BOB's player 13 is held in 2023 and 2024: 2024 (priority 0) wins.
      const away = (await linksOf(game.id)).filter((l) => l.teamId === 32);
      assert.ok(away.some((l) => l.cardId === 6001));
      assert.ok(!away.some((l) => l.cardId === 6101));
    });

    test("PD: reversing the priorities picks the other cardset's cards", async () => {
      const game = await newGame("pd", 31, 32);
      await loadRostersIntoGame(db.orm, apiSources(), game, {
        homeTeamId: 31,
        awayTeamId: 32,
        cardsetIds: [
          { id: 3, priority: 0 },
          { id: 1, priority: 1 },
          { id: 2, priority: 2 },
        ],
      });
      const links = await linksOf(game.id);
      const home = links.filter((l) => l.teamId === 31).map((l) => l.cardId);
      assert.ok(home.includes(5201), "player 1: the promo card, now first");
      assert.ok(home.includes(5002) && home.includes(5003), "players 2-3: 2023 over 2024");
      assert.ok(!home.includes(5101) && !home.includes(5001));
      const away = links.filter((l) => l.teamId === 32).map((l) => l.cardId);
      assert.ok(away.includes(6101), "BOB's player 13: 2023 over 2024");
    });

    test("PD: a player with no card in a linked cardset is refused by name; nothing written", async () => {
      const game = await newGame("pd", 31, 32);
      await assert.rejects(
        loadRostersIntoGame(db.orm, apiSources(), game, {
          homeTeamId: 31,
          awayTeamId: 32,
          cardsetIds: [{ id: 2, priority: 0 }],
        }),
        (err: unknown) => {
          assert.ok(err instanceof RosterError);
          assert.equal(err.code, "games/no_card_in_cardsets");
          assert.match(err.message, /Calgary Calamari: Rafael Devers has no card/);
          return true;
        },
      );
      assert.equal((await linksOf(game.id)).length, 0);
      assert.equal((await cardsetsOf(game.id)).length, 0);
    });

    test("PD: cardset links are required, and must exist", async () => {
      const game = await newGame("pd", 31, 32);
      await assert.rejects(
        loadRostersIntoGame(db.orm, apiSources(), game, { homeTeamId: 31, awayTeamId: 32 }),
        (err: unknown) => err instanceof RosterError && err.code === "games/cardsets_required",
      );
      await assert.rejects(
        loadRostersIntoGame(db.orm, apiSources(), game, {
          homeTeamId: 31,
          awayTeamId: 32,
          cardsetIds: [{ id: 77, priority: 0 }],
        }),
        (err: unknown) => err instanceof RosterError && err.code === "games/unknown_cardset",
      );
    });

    test("a failure in the middle of the writes rolls everything back", async () => {
      const game = await newGame("pd", 31, 32);
      // BOB's roster lists CAL's card 5001: the second team's insert breaks the unique
      // (game, card) rule after the cardset links and CAL's rows went in.
      pdApi.inject({
        kind: "corrupt",
        path: /\/rosters$/,
        corrupt: (body) => {
          const b = body as { rosters: Record<string, unknown>[] };
          const team = (b.rosters[0]?.team as { id: number } | undefined)?.id;
          if (team !== 32) return body;
          const cal = { ...(b.rosters[0]!.card_1 as Record<string, unknown>) };
          return { ...b, rosters: [{ ...b.rosters[0], card_1: { ...cal, id: 5001 } }] };
        },
      });
      try {
        await assert.rejects(
          loadRostersIntoGame(db.orm, apiSources(), game, {
            homeTeamId: 31,
            awayTeamId: 32,
            cardsetIds: [
              { id: 1, priority: 0 },
              { id: 2, priority: 1 },
            ],
          }),
        );
      } finally {
        pdApi.clearFaults();
      }
      assert.equal((await linksOf(game.id)).length, 0, "no roster link survived");
      assert.equal((await cardsetsOf(game.id)).length, 0, "no cardset link survived");
    });

    test("an upstream outage before the writes leaves nothing written", async () => {
      const game = await newGame("sba", 499, 502);
      sbaApi.inject({ kind: "status", status: 503 });
      try {
        await assert.rejects(
          loadRostersIntoGame(db.orm, apiSources(), game, { homeTeamId: 499, awayTeamId: 502 }),
          (err: unknown) => (err as { code?: string }).code === "league/unavailable",
        );
      } finally {
        sbaApi.clearFaults();
      }
      assert.equal((await linksOf(game.id)).length, 0);
    });

    test("bundled league: rosters and the depth chart's starting lineups", async () => {
      const sources = bundledSources();
      const [home, away] = await sources.sba.listTeams();
      const game = await newGame("sba", home!.id, away!.id);
      await loadRostersIntoGame(db.orm, sources, game, {
        homeTeamId: home!.id,
        awayTeamId: away!.id,
      });
      assert.equal((await linksOf(game.id)).length, 52);
      const lineup = await lineupOf(game.id, home!.id);
      assert.deepEqual(
        lineup
          .map((l) => l.battingOrder)
          .filter((n) => n !== null)
          .sort((a, b) => a! - b!),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      assert.ok(
        lineup.some((l) => l.position === "P"),
        "a starting pitcher",
      );
      assert.ok(lineup.every((l) => l.isStarter && l.playerId !== null));
    });

    test("bundled PD league with its cardsets", async () => {
      const sources = bundledSources();
      const [home, away] = await sources.pd.listTeams();
      const cardsets = (await sources.pd.listCardsets()).map((c, i) => ({ id: c.id, priority: i }));
      const game = await newGame("pd", home!.id, away!.id);
      const loaded = await loadRostersIntoGame(db.orm, sources, game, {
        homeTeamId: home!.id,
        awayTeamId: away!.id,
        cardsetIds: cardsets,
      });
      const links = await linksOf(game.id);
      assert.equal(links.length, loaded.home.ids.length + loaded.away.ids.length);
      assert.ok(links.every((l) => l.cardId !== null));
      const first = cardsets[0]!.id;
      for (const pick of loaded.home.picks ?? []) {
        // Whenever a player has a card in the first cardset, that is the one picked.
        if (pick.cardsetId !== first) {
          const roster = await sources.pd.getRoster(home!.id);
          const identity = roster.holdings.find((c) => c.cardId === pick.cardId)?.identity;
          assert.ok(
            !roster.holdings.some((c) => c.identity === identity && c.cardsetId === first),
            `${pick.name} has a card in cardset ${first} but got ${pick.cardId}`,
          );
        }
      }
      assert.ok((await lineupOf(game.id, home!.id)).length >= 9);
    });
  });
}
