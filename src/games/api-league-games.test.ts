// Games from the league APIs over the real app (buildTestApp, inject) with LEAGUE_SOURCE=api
// against the fake SBA and PD API servers: creating a game writes its rosters (roster_links, PD's
// cardset links) with the game row; PD picks each player's card from the highest-priority linked
// cardset; lineups are checked against the game's roster; an AI-vs-AI PD game plays to the end;
// an SBA API game waits for its managers to read the printed cards, and refuses an AI side.
// On PGlite always, on PostgreSQL when TEST_DATABASE_URL is set.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { issueAccessToken } from "../auth/jwt.js";
import { type Database, openDatabase } from "../db/client.js";
import { gameCardsetLinks } from "../db/schema/game-cardset-links.js";
import { games } from "../db/schema/games.js";
import { teamManagers, users } from "../db/schema/index.js";
import { rosterLinks } from "../db/schema/roster-links.js";
import { buildTestApp, openTestAppDatabase, testConfig } from "../http/testing.js";
import { MemoryCache } from "../leagues/cache/memory.js";
import { createLeagueSource } from "../leagues/source-factory.js";
import { FAKE_PD_API_KEY, startFakePdApi } from "../leagues/testing/fake-pd-api.js";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../leagues/testing/fake-sba-api.js";
import type { FakeApiServer } from "../leagues/testing/fake-server.js";
import { DbGameStore } from "./db-store.js";

const SECRET = testConfig().secretKey;
/** 2024 Season first, then 2023 Season; the promo cardset (3) is not linked. */
const CARDSETS = [
  { id: 2, priority: 0 },
  { id: 1, priority: 1 },
];

const backends: Array<{ name: string; open: () => Promise<Database>; skip?: string }> = [
  { name: "PGlite", open: openTestAppDatabase },
  {
    name: "PostgreSQL",
    open: () => openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 4 }),
    ...(process.env.TEST_DATABASE_URL
      ? {}
      : { skip: "TEST_DATABASE_URL is not set: PostgreSQL API-league game tests skipped" }),
  },
];

for (const backend of backends) {
  describe(`games from the league APIs (${backend.name})`, { skip: backend.skip }, () => {
    let sbaApi: FakeApiServer;
    let pdApi: FakeApiServer;
    let db: Database;
    let app: FastifyInstance;
    const manager = randomUUID();
    const created: string[] = [];

    before(async () => {
      [sbaApi, pdApi] = await Promise.all([startFakeSbaApi(), startFakePdApi()]);
      db = await backend.open();
      await db.orm
        .insert(users)
        .values({ id: manager, discordId: `d-${manager}`, username: manager.slice(0, 8) });
      // One manager runs all four teams, so one token can set every lineup.
      await db.orm.insert(teamManagers).values([
        { leagueId: "pd", teamId: 31, userId: manager },
        { leagueId: "pd", teamId: 32, userId: manager },
        { leagueId: "sba", teamId: 499, userId: manager },
        { leagueId: "sba", teamId: 502, userId: manager },
      ]);
      app = await buildTestApp({
        db,
        env: {
          LEAGUE_SOURCE: "api",
          SBA_API_URL: sbaApi.url,
          SBA_API_KEY: FAKE_SBA_API_KEY,
          PD_API_URL: pdApi.url,
          PD_API_KEY: FAKE_PD_API_KEY,
        },
      });
    });
    after(async () => {
      for (const id of created) await db?.orm.delete(games).where(eq(games.id, id));
      await app?.close(); // closes the database too
      await Promise.all([sbaApi?.close(), pdApi?.close()]);
    });

    const auth = async () => ({
      authorization: `Bearer ${(await issueAccessToken({ id: manager, discordId: `d-${manager}`, name: "m" }, SECRET)).token}`,
    });

    async function createGame(body: Record<string, unknown>) {
      const res = await app.inject({
        method: "POST",
        url: "/games",
        headers: await auth(),
        payload: { pace: "async", ...body },
      });
      if (res.statusCode === 201) created.push(res.json().id);
      return res;
    }

    const linksOf = async (gameId: string, teamId: number) =>
      (await db.orm.select().from(rosterLinks).where(eq(rosterLinks.gameId, gameId))).filter(
        (l) => l.teamId === teamId,
      );

    /** The same league data the app reads, for the depth charts the tests submit. */
    const sources = () =>
      createLeagueSource(
        {
          leagues: {
            source: "api",
            sba: { apiUrl: sbaApi.url, apiKey: FAKE_SBA_API_KEY },
            pd: { apiUrl: pdApi.url, apiKey: FAKE_PD_API_KEY },
          },
        },
        { cache: new MemoryCache() },
      ).data!;

    test("PD: the higher-priority cardset's card goes into roster_links, and lineups are checked against them", async () => {
      const res = await createGame({
        league: "pd",
        homeTeamId: 31,
        awayTeamId: 32,
        cardsets: CARDSETS,
      });
      assert.equal(res.statusCode, 201, res.body);
      const gameId = res.json().id as string;

      const home = (await linksOf(gameId, 31)).map((l) => l.cardId);
      // Adley Rutschman (player 1) has cards in 2023 (5001), 2024 (5101) and the promo set (5201).
      assert.ok(home.includes(5101), "his 2024 card: the linked cardset of highest priority");
      assert.ok(!home.includes(5001) && !home.includes(5201));
      assert.equal(home.length, 12);
      assert.ok((await linksOf(gameId, 31)).every((l) => l.playerId === null));
      const away = (await linksOf(gameId, 32)).map((l) => l.cardId);
      assert.ok(away.includes(6001) && !away.includes(6101), "BOB's player 13: his 2024 card");
      const links = await db.orm
        .select()
        .from(gameCardsetLinks)
        .where(eq(gameCardsetLinks.gameId, gameId));
      assert.deepEqual(links.map((l) => [l.cardsetId, l.priority]).sort(), [
        [1, 1],
        [2, 0],
      ]);

      // The home depth chart for this game's cards, then the same with his 2023 card: refused.
      const roster = (await sources().pd.getRoster(31, { cardsets: CARDSETS }))!;
      assert.ok(roster.players.some((p) => p.id === 5101));
      const lineup = {
        lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
        pitcher: roster.depth.rotation[0],
      };
      const stale = {
        ...lineup,
        lineup: lineup.lineup.map((s) => (s.playerId === 5101 ? { ...s, playerId: 5001 } : s)),
      };
      const refused = await app.inject({
        method: "PUT",
        url: `/games/${gameId}/lineups/home`,
        headers: await auth(),
        payload: stale,
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.code, "game/invalid_lineup");
      assert.match(refused.json().error.message, /Not on the Calgary Calamari roster: 5001/);

      const accepted = await app.inject({
        method: "PUT",
        url: `/games/${gameId}/lineups/home`,
        headers: await auth(),
        payload: lineup,
      });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const awayRoster = (await sources().pd.getRoster(32, { cardsets: CARDSETS }))!;
      const awayLineup = await app.inject({
        method: "PUT",
        url: `/games/${gameId}/lineups/away`,
        headers: await auth(),
        payload: {
          lineup: awayRoster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
          pitcher: awayRoster.depth.rotation[0],
        },
      });
      assert.equal(awayLineup.statusCode, 200, awayLineup.body);
      const started = await app.inject({
        method: "POST",
        url: `/games/${gameId}/start`,
        headers: await auth(),
      });
      assert.equal(started.statusCode, 200, started.body);
      assert.equal(started.json().snapshot.pending.decision, "defense");
    });

    test("PD: an AI-vs-AI game from the API plays to the end on the game's own cards", async () => {
      const res = await createGame({
        league: "pd",
        homeTeamId: 31,
        awayTeamId: 32,
        homeIsAi: true,
        awayIsAi: true,
        cardsets: [
          { id: 3, priority: 0 },
          { id: 1, priority: 1 },
          { id: 2, priority: 2 },
        ],
      });
      assert.equal(res.statusCode, 201, res.body);
      const gameId = res.json().id as string;
      const home = (await linksOf(gameId, 31)).map((l) => l.cardId);
      assert.ok(home.includes(5201), "player 1: the promo card, first now");
      assert.ok(home.includes(5002) && !home.includes(5102), "player 2: 2023 over 2024");

      const started = await app.inject({
        method: "POST",
        url: `/games/${gameId}/start`,
        headers: await auth(),
      });
      assert.equal(started.statusCode, 200, started.body);
      // The AI plays both sides in the service's queue; wait for the final out.
      let status = "active";
      for (let i = 0; i < 2_000 && status === "active"; i++) {
        await new Promise((r) => setTimeout(r, 25));
        status = (await app.inject({ method: "GET", url: `/games/${gameId}` })).json().game.status;
      }
      assert.equal(status, "completed");
      const log = (await app.games.gameLog(gameId, null))!;
      assert.ok(log.plays.length >= 51, `${log.plays.length} plays`);
      assert.equal(log.record.status, "completed");
      // Everyone who played, starters and substitutes, is a card on the game's own roster.
      const onRoster = new Set(
        [...(await linksOf(gameId, 31)), ...(await linksOf(gameId, 32))].map((l) => l.cardId),
      );
      assert.ok(log.lineups.length >= 20);
      for (const entry of log.lineups) {
        assert.ok(
          onRoster.has(entry.playerId),
          `${entry.name} (${entry.playerId}) is on the roster`,
        );
      }
      assert.ok(
        log.lineups.some((l) => l.playerId === 5201),
        "the promo card of player 1 played",
      );
    });

    test("PD: cardsets are required, must exist, and are refused for SBA; nothing is written", async () => {
      const before = (await db.orm.select({ id: games.id }).from(games)).length;
      const none = await createGame({ league: "pd", homeTeamId: 31, awayTeamId: 32 });
      assert.equal(none.statusCode, 400, none.body);
      assert.equal(none.json().error.code, "games/cardsets_required");
      const unknown = await createGame({
        league: "pd",
        homeTeamId: 31,
        awayTeamId: 32,
        cardsets: [{ id: 77, priority: 0 }],
      });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.equal(unknown.json().error.code, "games/unknown_cardset");
      const missing = await createGame({
        league: "pd",
        homeTeamId: 31,
        awayTeamId: 32,
        cardsets: [{ id: 2, priority: 0 }],
      });
      assert.equal(missing.statusCode, 400, missing.body);
      assert.equal(missing.json().error.code, "games/no_card_in_cardsets");
      assert.match(missing.json().error.message, /Rafael Devers has no card/);
      const sba = await createGame({
        league: "sba",
        homeTeamId: 499,
        awayTeamId: 502,
        cardsets: CARDSETS,
      });
      assert.equal(sba.statusCode, 400, sba.body);
      assert.equal(sba.json().error.code, "request/invalid");
      assert.match(sba.json().error.message, /SBA games have no cardsets/);
      assert.equal((await db.orm.select({ id: games.id }).from(games)).length, before);
    });

    test("SBA: roster_links by player id, and a roll waits for the manager to read the printed card", async () => {
      const res = await createGame({ league: "sba", homeTeamId: 499, awayTeamId: 502 });
      assert.equal(res.statusCode, 201, res.body);
      const gameId = res.json().id as string;
      const home = await linksOf(gameId, 499);
      assert.deepEqual(
        home.map((l) => l.playerId).sort(),
        Array.from({ length: 12 }, (_, i) => 1001 + i),
      );
      assert.ok(home.every((l) => l.cardId === null));
      assert.ok(!home.some((l) => l.playerId === 1099), "the injured list stays out");
      assert.equal((await linksOf(gameId, 502)).length, 12);

      for (const [side, teamId] of [
        ["home", 499],
        ["away", 502],
      ] as const) {
        const roster = (await sources().sba.getRoster(teamId))!;
        const put = await app.inject({
          method: "PUT",
          url: `/games/${gameId}/lineups/${side}`,
          headers: await auth(),
          payload: {
            lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
            pitcher: roster.depth.rotation[0],
          },
        });
        assert.equal(put.statusCode, 200, put.body);
      }
      const started = await app.inject({
        method: "POST",
        url: `/games/${gameId}/start`,
        headers: await auth(),
      });
      assert.equal(started.statusCode, 200, started.body);
      const caller = { userId: manager };
      let version = started.json().snapshot.version as number;
      const submit = async (side: "home" | "away", decision: unknown) => {
        const ack = await app.games.submit(gameId, caller, {
          version,
          clientActionId: randomUUID(),
          decision,
          side,
        });
        assert.ok(ack.ok, JSON.stringify(ack));
        version = ack.version;
      };
      await submit("home", {
        type: "setDefense",
        side: "home",
        infield: "back",
        outfield: "normal",
        hold: {},
        intentionalWalk: false,
      });
      await submit("away", { type: "setOffense", side: "away", play: "swing" });
      // The server rolled; the card is a printed one nobody transcribed: its owner reads it.
      const snapshot = (await app.games.snapshot(gameId, "spectator"))!;
      assert.equal(snapshot.pending?.decision, "sba/read-card");
      assert.ok(snapshot.pending?.side === "home" || snapshot.pending?.side === "away");
      assert.equal(snapshot.playCount, 0, "nothing resolved without the reading");
    });

    test("SBA: an API team with an AI side is refused at creation, naming why", async () => {
      const before = (await db.orm.select({ id: games.id }).from(games)).length;
      const res = await createGame({
        league: "sba",
        homeTeamId: 499,
        awayTeamId: 502,
        awayIsAi: true,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, "games/ai_needs_transcribed_cards");
      assert.match(
        res.json().error.message,
        /The AI cannot manage an SBA team without transcribed cards: Kalamazoo Kings/,
      );
      assert.equal((await db.orm.select({ id: games.id }).from(games)).length, before);
    });

    test("a failure while writing the rosters leaves no game behind", async () => {
      // The store writes the game row, its session and the rosters in one transaction: a roster
      // row that breaks the unique (game, card) rule takes the game row down with it.
      const store = new DbGameStore(db.orm);
      const count = async () => (await db.orm.select({ id: games.id }).from(games)).length;
      const before = await count();
      await assert.rejects(
        store.insertGame({
          league: "pd",
          homeTeamId: 31,
          awayTeamId: 32,
          mode: "friendly",
          pace: "async",
          visibility: "public",
          homeIsAi: false,
          awayIsAi: false,
          aiDifficulty: "balanced",
          turnTimerSeconds: null,
          createdBy: manager,
          seed: "ab".repeat(32),
          rosters: {
            cardsets: [{ cardsetId: 1, priority: 0 }],
            links: [
              { teamId: 31, playerId: null, cardId: 5001 },
              { teamId: 32, playerId: null, cardId: 5001 },
            ],
          },
        }),
      );
      assert.equal(await count(), before, "no game row");
      const orphans = await db.orm.select().from(rosterLinks).where(eq(rosterLinks.cardId, 5001));
      assert.ok(
        orphans.every((l) => created.includes(l.gameId)),
        "no roster row of it either",
      );
    });
  });
}
