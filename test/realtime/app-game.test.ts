// The real app (buildApp: REST + Socket.IO + the game service over the real engine and database):
// a game is created, set up and started over REST, two socket.io-client clients play it to the
// end through the SDK, and the REST record (box score, plays since N, waiting-on-me) agrees.
// On PGlite always, on PostgreSQL when TEST_DATABASE_URL is set.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { issueAccessToken } from "../../src/auth/jwt.js";
import { autoplay } from "../../src/client/autoplay.js";
import { DugoutClient } from "../../src/client/index.js";
import { openDatabase } from "../../src/db/client.js";
import { cardHash } from "../../src/db/ops/card-bodies.js";
import { teamManagers, users } from "../../src/db/schema/index.js";
import { defaultDecisionsAi } from "../../src/games/engine-rules.js";
import { buildTestApp, openTestAppDatabase, testConfig } from "../../src/http/testing.js";
import { bundledSource } from "../../src/leagues/bundled/index.js";

const SECRET = testConfig().secretKey;

async function scenario(dbUrl: string | undefined) {
  const db = dbUrl ? await openDatabase({ url: dbUrl, poolSize: 4 }) : await openTestAppDatabase();
  const home = randomUUID();
  const away = randomUUID();
  await db.orm
    .insert(users)
    .values([home, away].map((id) => ({ id, discordId: `d-${id}`, username: id.slice(0, 6) })));
  await db.orm.insert(teamManagers).values([
    { leagueId: "sba", teamId: 101, userId: home },
    { leagueId: "sba", teamId: 102, userId: away },
  ]);
  const app = await buildTestApp({ db });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const tokenOf = async (id: string) =>
    (await issueAccessToken({ id, discordId: `d-${id}`, name: "m" }, SECRET)).token;
  const auth = async (id: string) => ({ authorization: `Bearer ${await tokenOf(id)}` });
  try {
    const created = await app.inject({
      method: "POST",
      url: "/games",
      headers: await auth(home),
      payload: { league: "sba", homeTeamId: 101, awayTeamId: 102, mode: "friendly", pace: "async" },
    });
    assert.equal(created.statusCode, 201, created.body);
    const gameId = created.json().id as string;

    for (const [side, teamId, user] of [
      ["home", 101, home],
      ["away", 102, away],
    ] as const) {
      const roster = (await bundledSource("sba").getRoster(teamId))!;
      const lineup = {
        lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
        pitcher: roster.depth.rotation[0],
      };
      const res = await app.inject({
        method: "PUT",
        url: `/games/${gameId}/lineups/${side}`,
        headers: await auth(user),
        payload: lineup,
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    const wrongSide = await app.inject({
      method: "PUT",
      url: `/games/${gameId}/lineups/home`,
      headers: await auth(away),
      payload: { lineup: [] },
    });
    assert.equal(wrongSide.statusCode, 403);
    assert.equal(wrongSide.json().error.code, "auth/not_your_team");

    const started = await app.inject({
      method: "POST",
      url: `/games/${gameId}/start`,
      headers: await auth(home),
    });
    assert.equal(started.statusCode, 200, started.body);

    const waiting = await app.inject({
      method: "GET",
      url: "/games?waitingOnMe=true",
      headers: await auth(home),
    });
    assert.ok(
      waiting.json().games.some((g: { id: string }) => g.id === gameId),
      "home declares first",
    );
    const notAway = await app.inject({
      method: "GET",
      url: "/games?waitingOnMe=true",
      headers: await auth(away),
    });
    assert.ok(!notAway.json().games.some((g: { id: string }) => g.id === gameId));

    const clients = await Promise.all(
      [home, away].map((id) =>
        DugoutClient.connect({ url, token: () => tokenOf(id), reconnection: false }),
      ),
    );
    try {
      const [homeJoin, awayJoin] = [await clients[0]!.join(gameId), await clients[1]!.join(gameId)];
      assert.ok(homeJoin.ok && awayJoin.ok && homeJoin.cards && awayJoin.cards);
      // The join names 20 starters and 32 bench players by the hash of their cards, and sends each
      // body the client does not hold: the second client of this process names the first's.
      const hashes = [
        ...Object.values(homeJoin.cards.refs.players!),
        ...Object.values(homeJoin.cards.refs.bench!),
      ];
      assert.equal(hashes.length, 52);
      assert.deepEqual(awayJoin.cards.refs, homeJoin.cards.refs);
      assert.deepEqual(Object.keys(awayJoin.cards.bodies), [], "no body twice to one process");
      for (const hash of hashes) {
        const held = clients[0]!.games.get(gameId)!.cards!.bodies[hash]!;
        assert.equal(cardHash(held), hash, "a body is the card its hash names");
        assert.equal(clients[1]!.games.get(gameId)!.cards!.bodies[hash], held, "one object");
      }
      const decide =
        (side: "home" | "away") => (view: unknown, d: { decision: string; details: unknown }) =>
          defaultDecisionsAi.decide(
            view,
            { side, decision: d.decision, details: d.details },
            "balanced",
          );
      const [end] = await Promise.all([
        autoplay(clients[0]!, gameId, "home", decide("home"), { timeoutMs: 120_000 }),
        autoplay(clients[1]!, gameId, "away", decide("away"), { timeoutMs: 120_000 }),
      ]);
      assert.equal(end.status, "completed");
      assert.ok(end.gameOver && end.gameOver.reason === "final");
      const seen = clients[1]!.games.get(gameId)!.plays;

      const game = (await app.inject({ method: "GET", url: `/games/${gameId}` })).json();
      assert.equal(game.game.status, "completed");
      assert.equal(game.game.homeScore, end.gameOver!.homeScore);
      const plays = (await app.inject({ method: "GET", url: `/games/${gameId}/plays` })).json()
        .plays;
      assert.equal(plays.length, seen.length);
      assert.deepEqual(
        plays.map((p: { playNumber: number }) => p.playNumber),
        seen.map((p) => p.playNumber),
      );
      const since = (
        await app.inject({ method: "GET", url: `/games/${gameId}/plays?since=10` })
      ).json().plays;
      assert.equal(since[0].playNumber, 11);
      const box = (await app.inject({ method: "GET", url: `/games/${gameId}/boxscore` })).json();
      assert.deepEqual(box.score, { home: end.gameOver!.homeScore, away: end.gameOver!.awayScore });
      const text = await app.inject({
        method: "GET",
        url: `/games/${gameId}/boxscore?format=text`,
      });
      assert.match(text.headers["content-type"] as string, /text\/plain/);
      assert.ok(text.body.length > 200);
    } finally {
      for (const c of clients) c.close();
    }
  } finally {
    await app.close();
  }
}

describe("a whole game through the real app", () => {
  it("on PGlite", { timeout: 180_000 }, () => scenario(undefined));
  it(
    "on PostgreSQL",
    {
      timeout: 180_000,
      skip: process.env.TEST_DATABASE_URL ? false : "TEST_DATABASE_URL is not set",
    },
    () => scenario(process.env.TEST_DATABASE_URL),
  );
});
