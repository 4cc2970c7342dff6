// The API-backed SBA and PD sources against the fake league APIs: mapping, caching, and what an
// outage or a malformed answer does with and without a cached value.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { MemoryCache } from "../cache/memory.js";
import { FAKE_PD_API_KEY, startFakePdApi } from "../testing/fake-pd-api.js";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../testing/fake-sba-api.js";
import type { FakeApiServer } from "../testing/fake-server.js";
import { LeagueError } from "./errors.js";
import { PdApiSource } from "./pd-source.js";
import { SbaApiSource } from "./sba-source.js";

let sbaApi: FakeApiServer;
let pdApi: FakeApiServer;
let now = 1_700_000_000_000;

before(async () => {
  [sbaApi, pdApi] = await Promise.all([startFakeSbaApi(), startFakePdApi()]);
});
after(async () => {
  await Promise.all([sbaApi.close(), pdApi.close()]);
});
beforeEach(() => {
  for (const api of [sbaApi, pdApi]) {
    api.clearFaults();
    api.resetCounts();
  }
});

const fast = { maxAttempts: 2, sleep: async () => {}, timeoutMs: 2_000 };

function sbaSource(cache = new MemoryCache({ now: () => now })) {
  return new SbaApiSource({ url: sbaApi.url, apiKey: FAKE_SBA_API_KEY, cache, ...fast });
}
function pdSource(cache = new MemoryCache({ now: () => now })) {
  return new PdApiSource({ url: pdApi.url, apiKey: FAKE_PD_API_KEY, cache, ...fast });
}

describe("SBA API source", () => {
  test("teams of the current season, with their GMs' Discord ids intact", async () => {
    const teams = await sbaSource().listTeams();
    assert.deepEqual(
      teams.map((t) => t.abbrev),
      ["WV", "KAL", "WVIL"],
    );
    const kal = teams.find((t) => t.abbrev === "KAL")!;
    assert.deepEqual(kal.gmDiscordIds, ["402863811228024832", "918273645546372819"]);
    assert.equal(kal.name, "Kalamazoo Kings");
    assert.ok(sbaApi.count(/\/current$/) === 1 && sbaApi.count(/\/teams$/) === 1);
    assert.equal(sbaApi.requests.find((r) => r.path.endsWith("/teams"))?.query.get("season"), "12");
  });

  test("a roster is the active players; the injured list is kept apart", async () => {
    const roster = await sbaSource().getRoster(499);
    assert.equal(roster.players.length, 12);
    assert.deepEqual(
      roster.injured.map((p) => p.name),
      ["Ronald Acuna"],
    );
    const machado = roster.players.find((p) => p.name === "Manny Machado")!;
    assert.deepEqual(machado.eligible, ["3B", "SS"]);
    assert.deepEqual(machado.injury, { games: 1, rating: 65 });
    assert.equal(machado.teamId, 499);
    assert.equal(machado.hasGrid, false, "the API has no printed grid");
    const cole = roster.players.find((p) => p.name === "Gerrit Cole")!;
    assert.ok(cole.isPitcher);
    assert.deepEqual(cole.eligible, ["P"]);
    const alvarez = roster.players.find((p) => p.name === "Yordan Alvarez")!;
    assert.deepEqual(alvarez.eligible, ["LF"], "DH is not a field position");
  });

  test("a player, and search answers with the team as a bare id", async () => {
    const source = sbaSource();
    const soto = await source.getPlayer(1006);
    assert.equal(soto.name, "Juan Soto");
    assert.ok(soto.cardImages[0]?.startsWith("https://sba.example/cards/"));
    const found = await source.searchPlayers("soto");
    assert.deepEqual(
      found.map((p) => [p.playerId, p.teamId]),
      [[1006, 499]],
    );
  });

  test("repeated reads are served from the cache", async () => {
    const source = sbaSource();
    await source.getRoster(502);
    await source.getRoster(502);
    await Promise.all(Array.from({ length: 20 }, () => source.getPlayer(2001)));
    assert.equal(sbaApi.count(/roster\/current$/), 1);
    assert.equal(sbaApi.count(/players\/2001$/), 1);
  });

  test("an unknown player is league/not_found", async () => {
    await assert.rejects(sbaSource().getPlayer(31337), (err: unknown) => {
      return err instanceof LeagueError && err.code === "league/not_found";
    });
  });

  test("during an outage the last good roster is served; without one, a clear error", async () => {
    const stale: string[] = [];
    const cache = new MemoryCache({ now: () => now });
    const source = new SbaApiSource({
      url: sbaApi.url,
      apiKey: FAKE_SBA_API_KEY,
      cache,
      ...fast,
      onStale: ({ key }) => stale.push(key),
    });
    const before = await source.getRoster(499);
    now += 10 * 60_000; // well past the roster's TTL
    sbaApi.inject({ kind: "status", status: 503 });
    const during = await source.getRoster(499);
    assert.deepEqual(during, before);
    assert.deepEqual(stale, ["sba:roster:499"]);
    await assert.rejects(source.getRoster(502), (err: unknown) => {
      assert.ok(err instanceof LeagueError);
      assert.equal(err.code, "league/unavailable");
      assert.match(err.message, /teams\/502\/roster\/current failed 2 time\(s\); last: HTTP 503/);
      return true;
    });
  });

  test("a malformed answer after the TTL falls back to the cached value; uncached, it names the field", async () => {
    const source = sbaSource();
    await source.getPlayer(1001);
    now += 60 * 60_000;
    const breakPos = (body: unknown) => ({ ...(body as object), pos_1: 7 });
    sbaApi.inject({ kind: "corrupt", corrupt: breakPos });
    assert.equal((await source.getPlayer(1001)).name, "Salvador Perez");
    await assert.rejects(source.getPlayer(1002), (err: unknown) => {
      assert.ok(err instanceof LeagueError);
      assert.equal(err.code, "league/bad_response");
      assert.match(err.message, /players\/1002 answered a body that does not fit: pos_1: /);
      return true;
    });
  });
});

describe("PD API source", () => {
  test("cardsets and teams", async () => {
    const source = pdSource();
    const cardsets = await source.listCardsets();
    assert.deepEqual(
      cardsets.map((c) => [c.id, c.name]),
      [
        [1, "2023 Season"],
        [2, "2024 Season"],
        [3, "2024 Promos"],
      ],
    );
    const cal = await source.getTeam(31);
    assert.deepEqual(cal.gmDiscordIds, ["258104532423147520"]);
  });

  test("a roster lists its slot cards and every card the team holds", async () => {
    const roster = await pdSource().getRoster(31);
    assert.equal(roster.rosterId, 71);
    assert.equal(roster.cards.length, 12);
    assert.ok(roster.cards.every((c) => c.cardsetId === 1));
    assert.equal(roster.holdings.length, 16);
    const rutschman = roster.holdings.filter((c) => c.name === "Adley Rutschman");
    assert.deepEqual(
      rutschman.map((c) => [c.cardId, c.cardsetId]),
      [
        [5001, 1],
        [5101, 2],
        [5201, 3],
      ],
    );
    assert.equal(new Set(rutschman.map((c) => c.identity)).size, 1, "one real player");
  });

  test("a card becomes the engine's PdPlayer, ratings laid onto the grid", async () => {
    const fried = await pdSource().getCard(5010);
    assert.equal(fried.league, "pd");
    assert.equal(fried.cardId, 5010);
    assert.equal(fried.cardsetId, 1);
    assert.equal(fried.name, "Max Fried");
    assert.ok(fried.pitching, "a pitcher has a pitching card");
    assert.equal(fried.pitching.throws, "L");
    const judge = await pdSource().getCard(5008);
    assert.equal(judge.pitching, null);
    assert.ok(judge.eligible.includes("RF"));
  });

  test("ratings that do not add up are league/bad_response naming the card", async () => {
    pdApi.inject({
      kind: "corrupt",
      path: /battingcardratings$/,
      corrupt: (body) => {
        const b = body as { ratings: Record<string, unknown>[] };
        return { ...b, ratings: b.ratings.map((r) => ({ ...r, homerun: 40 })) };
      },
    });
    await assert.rejects(pdSource().getCard(5002), (err: unknown) => {
      assert.ok(err instanceof LeagueError);
      assert.equal(err.code, "league/bad_response");
      assert.match(err.message, /card 5002/);
      return true;
    });
  });

  test("an unknown card is league/not_found", async () => {
    await assert.rejects(
      pdSource().getCard(999_999),
      (err: unknown) => err instanceof LeagueError && err.code === "league/not_found",
    );
  });
});
