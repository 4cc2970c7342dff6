// The leagues routes over inject: the bundled league, and the API league against the fake SBA and
// PD APIs (outage, malformed answer, cache).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { MemoryCache } from "../../leagues/cache/memory.js";
import { createLeagueSource, type LeagueSources } from "../../leagues/source-factory.js";
import { FAKE_PD_API_KEY, startFakePdApi } from "../../leagues/testing/fake-pd-api.js";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../../leagues/testing/fake-sba-api.js";
import type { FakeApiServer } from "../../leagues/testing/fake-server.js";
import errorsPlugin from "../plugins/errors.js";
import leagueRoutes from "./leagues.js";

async function appWith(leagues: LeagueSources): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  await app.register(leagueRoutes, { prefix: "/leagues", leagues });
  await app.ready();
  return app;
}

const get = async (app: FastifyInstance, url: string) => {
  const res = await app.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json() };
};

function leaguesConfig(source: "bundled" | "api", sbaUrl?: string, pdUrl?: string) {
  return {
    leagues: {
      source,
      sba: { apiUrl: sbaUrl, apiKey: FAKE_SBA_API_KEY },
      pd: { apiUrl: pdUrl, apiKey: FAKE_PD_API_KEY },
    },
  };
}

describe("leagues routes on the bundled league", () => {
  let app: FastifyInstance;
  before(async () => {
    app = await appWith(createLeagueSource(leaguesConfig("bundled")));
  });
  after(() => app.close());

  test("GET /leagues names the source", async () => {
    const { status, body } = await get(app, "/leagues");
    assert.equal(status, 200);
    assert.equal(body.source, "bundled");
    assert.deepEqual(
      body.leagues.map((l: { id: string }) => l.id),
      ["sba", "pd"],
    );
  });

  test("teams, a roster with transcribed cards, a player", async () => {
    const teams = await get(app, "/leagues/sba/teams");
    assert.equal(teams.status, 200);
    assert.ok(teams.body.teams.length >= 2);
    const teamId = teams.body.teams[0].id;
    const roster = await get(app, `/leagues/sba/teams/${teamId}/roster`);
    assert.equal(roster.status, 200);
    assert.equal(roster.body.players.length, 26);
    assert.equal(roster.body.players[0].hasGrid, true);
    const playerId = roster.body.players[0].playerId;
    const player = await get(app, `/leagues/sba/players/${playerId}`);
    assert.equal(player.status, 200);
    assert.equal(player.body.teamId, teamId);
  });

  test("PD cardsets carry the sample league's priorities; a card is laid out", async () => {
    const cardsets = await get(app, "/leagues/pd/cardsets");
    assert.equal(cardsets.status, 200);
    assert.ok(cardsets.body.cardsets.every((c: { priority: number }) => c.priority !== null));
    const teams = await get(app, "/leagues/pd/teams");
    const roster = await get(app, `/leagues/pd/teams/${teams.body.teams[0].id}/roster`);
    const cardId = roster.body.cards[0].cardId;
    const card = await get(app, `/leagues/pd/cards/${cardId}`);
    assert.equal(card.status, 200);
    assert.equal(card.body.cardId, cardId);
    assert.ok(card.body.batting, "the laid-out card comes through");
  });

  test("unknown things are 404 with the standard body; bad params are 400", async () => {
    const team = await get(app, "/leagues/sba/teams/999999/roster");
    assert.equal(team.status, 404);
    assert.equal(team.body.error.code, "league/not_found");
    const league = await get(app, "/leagues/mlb/teams");
    assert.equal(league.status, 400);
    assert.equal(league.body.error.code, "request/invalid");
    const id = await get(app, "/leagues/pd/cards/abc");
    assert.equal(id.status, 400);
  });

  test("SBA has no cardsets", async () => {
    const { body } = await get(app, "/leagues/sba/cardsets");
    assert.deepEqual(body, { cardsets: [] });
  });
});

describe("leagues routes on the league APIs", () => {
  let sbaApi: FakeApiServer;
  let pdApi: FakeApiServer;
  let app: FastifyInstance;
  let now = 1_700_000_000_000;

  before(async () => {
    [sbaApi, pdApi] = await Promise.all([startFakeSbaApi(), startFakePdApi()]);
    const leagues = createLeagueSource(leaguesConfig("api", sbaApi.url, pdApi.url), {
      cache: new MemoryCache({ now: () => now }),
      http: { maxAttempts: 2, sleep: async () => {} },
    });
    app = await appWith(leagues);
  });
  after(async () => {
    await app.close();
    await Promise.all([sbaApi.close(), pdApi.close()]);
  });

  test("SBA teams and a roster from the API", async () => {
    const teams = await get(app, "/leagues/sba/teams");
    assert.equal(teams.status, 200);
    const wv = teams.body.teams.find((t: { abbrev: string }) => t.abbrev === "WV");
    assert.deepEqual(wv.gmDiscordIds, ["258104532423147520"]);
    const roster = await get(app, "/leagues/sba/teams/499/roster");
    assert.equal(roster.status, 200);
    assert.equal(roster.body.players.length, 12);
    assert.equal(roster.body.players[0].hasGrid, false);
  });

  test("PD cardsets, a roster with holdings across cardsets, and a card", async () => {
    const cardsets = await get(app, "/leagues/pd/cardsets");
    assert.equal(cardsets.body.cardsets.length, 3);
    const roster = await get(app, "/leagues/pd/teams/31/roster");
    assert.equal(roster.status, 200);
    assert.equal(roster.body.holdings.length, 16);
    const card = await get(app, "/leagues/pd/cards/5011");
    assert.equal(card.status, 200);
    assert.equal(card.body.name, "Corbin Burnes");
  });

  test("an upstream outage: 503 league/unavailable when nothing is cached, cached data otherwise", async () => {
    await get(app, "/leagues/sba/players/1003"); // cached now
    now += 60 * 60_000;
    sbaApi.inject({ kind: "status", status: 500 });
    try {
      const cached = await get(app, "/leagues/sba/players/1003");
      assert.equal(cached.status, 200);
      assert.equal(cached.body.name, "Jose Altuve");
      const uncached = await get(app, "/leagues/sba/players/2003");
      assert.equal(uncached.status, 503);
      assert.equal(uncached.body.error.code, "league/unavailable");
      assert.match(uncached.body.error.message, /SBA API is unavailable/);
    } finally {
      sbaApi.clearFaults();
    }
  });

  test("a malformed upstream answer is 502 league/bad_response naming the field", async () => {
    pdApi.inject({
      kind: "corrupt",
      path: /\/teams$/,
      times: 1,
      corrupt: (body) => {
        const b = body as { teams: Record<string, unknown>[] };
        return { ...b, teams: b.teams.map((t) => ({ ...t, abbrev: null })) };
      },
    });
    const { status, body } = await get(app, "/leagues/pd/teams");
    assert.equal(status, 502);
    assert.equal(body.error.code, "league/bad_response");
    assert.match(body.error.message, /teams\[0\]\.abbrev/);
  });
});
