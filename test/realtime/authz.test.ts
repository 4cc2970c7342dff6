// The authorization matrix over the real app (REST + Socket.IO, PGlite): for joining, submitting
// and reading, each of the game's home manager, the other team's manager, a spectator (a user who
// manages neither team), no token, an expired token and a forged one, on a public and on a private
// game. Every refusal is typed, and no refused action changes the game.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from "../../src/auth/jwt.js";
import { ConnectionRefused, DugoutClient } from "../../src/client/index.js";
import { openDatabase } from "../../src/db/client.js";
import { teamManagers, users } from "../../src/db/schema/index.js";
import { buildTestApp, testConfig } from "../../src/http/testing.js";
import { bundledSource } from "../../src/leagues/bundled/index.js";

const SECRET = testConfig().secretKey;
const HOME = randomUUID();
const AWAY = randomUUID();
const FAN = randomUUID();

let app: FastifyInstance;
let url: string;
let publicGame: string;
let privateGame: string;
const clients: DugoutClient[] = [];

const tokenOf = async (id: string, options: { now?: Date; secret?: string } = {}) =>
  (
    await issueAccessToken({ id, discordId: `d-${id}`, name: "m" }, options.secret ?? SECRET, {
      ...(options.now ? { now: options.now } : {}),
    })
  ).token;
const bearer = async (id: string) => ({ authorization: `Bearer ${await tokenOf(id)}` });
/** A token whose lifetime ended a minute ago. */
const expiredToken = (id: string) =>
  tokenOf(id, { now: new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000) });

async function connect(token: string) {
  const client = await DugoutClient.connect({
    url,
    token,
    reconnection: false,
    ackTimeoutMs: 5000,
  });
  clients.push(client);
  return client;
}

async function refusedConnection(token: string): Promise<string> {
  try {
    const client = await connect(token);
    client.close();
  } catch (error) {
    assert.ok(error instanceof ConnectionRefused, String(error));
    return error.code;
  }
  return "connected";
}

async function startGame(visibility: "public" | "private"): Promise<string> {
  const created = await app.inject({
    method: "POST",
    url: "/games",
    headers: await bearer(HOME),
    payload: { league: "sba", homeTeamId: 101, awayTeamId: 102, pace: "async", visibility },
  });
  assert.equal(created.statusCode, 201, created.body);
  const gameId = created.json().id as string;
  for (const [side, teamId, user] of [
    ["home", 101, HOME],
    ["away", 102, AWAY],
  ] as const) {
    const roster = (await bundledSource("sba").getRoster(teamId))!;
    const res = await app.inject({
      method: "PUT",
      url: `/games/${gameId}/lineups/${side}`,
      headers: await bearer(user),
      payload: {
        lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
        pitcher: roster.depth.rotation[0],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  const started = await app.inject({
    method: "POST",
    url: `/games/${gameId}/start`,
    headers: await bearer(HOME),
  });
  assert.equal(started.statusCode, 200, started.body);
  return gameId;
}

/** The home side owes the first decision (it takes the field first). */
const HOME_DEFENSE = {
  type: "setDefense",
  side: "home",
  infield: "back",
  outfield: "normal",
  hold: {},
  intentionalWalk: false,
};

async function stateOf(gameId: string) {
  const game = (
    await app.inject({ method: "GET", url: `/games/${gameId}`, headers: await bearer(HOME) })
  ).json();
  return { version: game.game.version as number, playCount: game.snapshot.playCount as number };
}

before(async () => {
  const db = await openDatabase({});
  await db.orm
    .insert(users)
    .values(
      [HOME, AWAY, FAN].map((id) => ({ id, discordId: `d-${id}`, username: id.slice(0, 6) })),
    );
  await db.orm.insert(teamManagers).values([
    { leagueId: "sba", teamId: 101, userId: HOME },
    { leagueId: "sba", teamId: 102, userId: AWAY },
    { leagueId: "sba", teamId: 103, userId: FAN },
  ]);
  app = await buildTestApp({ db });
  await app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  publicGame = await startGame("public");
  privateGame = await startGame("private");
});

after(async () => {
  for (const c of clients) c.close();
  await app.close();
});

describe("the authorization matrix", () => {
  it("connecting: no token, an expired token and a forged one are refused with their reason", async () => {
    assert.equal(await refusedConnection(""), "auth/token_missing");
    assert.equal(await refusedConnection(await expiredToken(HOME)), "auth/token_expired");
    const forged = await tokenOf(HOME, { secret: "another-secret-key-that-is-32-chars-long" });
    assert.equal(await refusedConnection(forged), "auth/token_invalid");
    assert.equal(await refusedConnection(`${await tokenOf(HOME)}x`), "auth/token_invalid");
  });

  it("a token that expires while connected: told so, then disconnected", async () => {
    const almostExpired = await tokenOf(HOME, {
      now: new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS - 3) * 1000),
    });
    const client = await connect(almostExpired);
    // Listen before anything else: on a slow machine the expiry can land with the join's answer.
    const told = new Promise<string>((resolve) => client.on("error", (e) => resolve(e.code)));
    const reason = new Promise<string>((resolve) =>
      client.socket.once("disconnect", (r) => resolve(r)),
    );
    assert.ok((await client.join(publicGame)).ok, "still good for a moment");
    assert.equal(await told, "auth/token_expired");
    assert.equal(await reason, "io server disconnect");
  });

  for (const which of ["public", "private"] as const) {
    it(`joining and submitting, ${which} game`, async () => {
      const gameId = which === "public" ? publicGame : privateGame;
      const before = await stateOf(gameId);
      const home = await connect(await tokenOf(HOME));
      const away = await connect(await tokenOf(AWAY));
      const fan = await connect(await tokenOf(FAN));
      const code = (ack: { ok: boolean; error?: { code: string } }) =>
        ack.ok ? "ok" : ack.error!.code;

      // Joining.
      const homeJoin = await home.join(gameId);
      assert.ok(homeJoin.ok && homeJoin.role === "home" && homeJoin.sides.join() === "home");
      const awayJoin = await away.join(gameId);
      assert.ok(awayJoin.ok && awayJoin.role === "away");
      assert.equal(code(await away.join(gameId, { side: "home" })), "auth/not_your_team");
      const fanJoin = await fan.join(gameId);
      if (which === "public") {
        assert.ok(fanJoin.ok && fanJoin.role === "spectator" && fanJoin.sides.length === 0);
        assert.equal(fanJoin.cards !== null, true, "a spectator of a public game sees the cards");
      } else {
        assert.equal(code(fanJoin), "game/not_found");
      }
      assert.equal(
        code(await fan.join(gameId, { side: "home" })),
        which === "public" ? "auth/not_your_team" : "game/not_found",
      );
      const homeAsSpectator = await home.join(gameId, { as: "spectator" });
      assert.ok(homeAsSpectator.ok && homeAsSpectator.role === "spectator");
      assert.ok((await home.join(gameId)).ok, "back to managing");

      // Submitting the home side's decision, as everyone but the home manager.
      const { version } = before;
      const submit = (client: DugoutClient, side?: "home" | "away") =>
        client.submitDecision(gameId, HOME_DEFENSE, { version, ...(side ? { side } : {}) });
      assert.equal(code(await submit(away, "home")), "auth/not_your_team");
      assert.equal(code(await submit(away)), "decision/not_your_turn");
      assert.equal(
        code(await submit(fan)),
        which === "public" ? "auth/spectator_read_only" : "game/not_found",
      );
      assert.equal(
        code(await away.submitDecision(gameId, { ...HOME_DEFENSE, side: "away" }, { version })),
        "decision/not_your_turn",
        "the payload cannot claim the other side either",
      );
      assert.deepEqual(await stateOf(gameId), before, "no refused action changed the game");

      // The home manager may, once.
      const ok = await submit(home);
      assert.ok(ok.ok, JSON.stringify(ok));
      assert.equal(
        code(await submit(home)),
        "decision/not_your_turn",
        "and then it is the offense's turn",
      );
      assert.equal((await stateOf(gameId)).version, before.version + 1);
    });
  }

  it("REST reads: a private game is a 404 to strangers and to nobody, 200 to its participants", async () => {
    const expired = { authorization: `Bearer ${await expiredToken(HOME)}` };
    for (const path of ["", "/plays", "/boxscore"]) {
      const at = (gameId: string) => `/games/${gameId}${path}`;
      assert.equal((await app.inject({ method: "GET", url: at(publicGame) })).statusCode, 200);
      assert.equal((await app.inject({ method: "GET", url: at(privateGame) })).statusCode, 404);
      const fanRead = await app.inject({
        method: "GET",
        url: at(privateGame),
        headers: await bearer(FAN),
      });
      assert.equal(fanRead.statusCode, 404);
      assert.equal(fanRead.json().error.code, "game/not_found");
      for (const user of [HOME, AWAY]) {
        const res = await app.inject({
          method: "GET",
          url: at(privateGame),
          headers: await bearer(user),
        });
        assert.equal(res.statusCode, 200, `${path} for a participant`);
      }
      const stale = await app.inject({ method: "GET", url: at(privateGame), headers: expired });
      assert.equal(stale.statusCode, 401);
      assert.equal(stale.json().error.code, "auth/token_expired");
    }
    const listed = async (headers: Record<string, string>) =>
      (
        (await app.inject({ method: "GET", url: "/games", headers })).json().games as {
          id: string;
        }[]
      ).map((g) => g.id);
    assert.ok(!(await listed({})).includes(privateGame));
    assert.ok(!(await listed(await bearer(FAN))).includes(privateGame));
    assert.ok((await listed(await bearer(AWAY))).includes(privateGame));
  });

  it("REST actions: no token 401, expired 401, the other team's manager and a spectator 403/404", async () => {
    const before = await stateOf(publicGame);
    const forfeit = async (headers: Record<string, string>, gameId = publicGame, side?: string) =>
      app.inject({
        method: "POST",
        url: `/games/${gameId}/forfeit`,
        headers,
        payload: side ? { side } : {},
      });
    const none = await forfeit({});
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, "auth/token_missing");
    const expired = await forfeit({ authorization: `Bearer ${await expiredToken(HOME)}` });
    assert.equal(expired.json().error.code, "auth/token_expired");
    const otherTeam = await forfeit(await bearer(AWAY), publicGame, "home");
    assert.equal(otherTeam.statusCode, 403);
    assert.equal(otherTeam.json().error.code, "auth/not_your_team");
    const spectator = await forfeit(await bearer(FAN));
    assert.equal(spectator.statusCode, 403);
    assert.equal(spectator.json().error.code, "auth/not_your_team");
    const strangerPrivate = await forfeit(await bearer(FAN), privateGame);
    assert.equal(strangerPrivate.statusCode, 404);
    const lineup = await app.inject({
      method: "PUT",
      url: `/games/${publicGame}/lineups/home`,
      headers: await bearer(AWAY),
      payload: { lineup: [] },
    });
    assert.equal(lineup.statusCode, 403);
    assert.deepEqual(await stateOf(publicGame), before);
  });
});
