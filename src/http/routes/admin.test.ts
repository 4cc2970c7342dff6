// Admin endpoints over inject: who may call them, and what they do to team_managers.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { openTestDatabase, TEST_DATABASE_KINDS } from "../../auth/testing/databases.js";
import { FAKE_PD_API_KEY, startFakePdApi } from "../../leagues/testing/fake-pd-api.js";
import { FAKE_SBA_API_KEY, startFakeSbaApi } from "../../leagues/testing/fake-sba-api.js";
import type { FakeApiServer } from "../../leagues/testing/fake-server.js";
import { buildTestApp } from "../testing.js";

for (const { kind, skip } of TEST_DATABASE_KINDS) {
  describe(`admin endpoints on ${kind}`, { skip }, () => {
    let app: FastifyInstance;
    let adminToken: string;
    let playerToken: string;
    let playerId: string;

    before(async () => {
      app = await buildTestApp({
        db: await openTestDatabase(kind),
        env: { DUGOUT_DEV_LOGIN: "1" },
      });
      const admin = await app.inject({
        method: "POST",
        url: "/auth/dev-login",
        payload: { username: "commish", admin: true },
      });
      adminToken = admin.json().accessToken;
      const player = await app.inject({
        method: "POST",
        url: "/auth/dev-login",
        payload: { username: "player_one" },
      });
      playerToken = player.json().accessToken;
      playerId = player.json().user.id;
    });
    after(() => app?.close());

    const call = (
      method: "GET" | "POST" | "DELETE",
      url: string,
      token?: string,
      payload?: object,
    ) =>
      app.inject({
        method,
        url,
        payload,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    it("refuses callers without a token (401) and non-admins (403)", async () => {
      const anonymous = await call("GET", "/admin/team-managers");
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, "auth/token_missing");
      const player = await call("POST", "/admin/team-managers", playerToken, {
        league: "sba",
        teamId: 1,
        userId: playerId,
      });
      assert.equal(player.statusCode, 403);
      assert.equal(player.json().error.code, "auth/not_admin");
      const list = await call("GET", "/admin/team-managers", playerToken);
      assert.equal(list.statusCode, 403);
    });

    it("adds, lists and removes a manager; the player then manages the team", async () => {
      const added = await call("POST", "/admin/team-managers", adminToken, {
        league: "sba",
        teamId: 4,
        userId: playerId,
      });
      assert.equal(added.statusCode, 201);
      assert.equal(added.json().manager.username, "player_one");
      const again = await call("POST", "/admin/team-managers", adminToken, {
        league: "sba",
        teamId: 4,
        userId: playerId,
      });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().created, false);

      const me = await call("GET", "/auth/me", playerToken);
      assert.deepEqual(me.json().teams, [{ league: "sba", teamId: 4 }]);

      const list = await call("GET", "/admin/team-managers?league=sba&teamId=4", adminToken);
      assert.deepEqual(
        list.json().managers.map((m: { userId: string; teamId: number }) => [m.userId, m.teamId]),
        [[playerId, 4]],
      );

      const removed = await call(
        "DELETE",
        `/admin/team-managers?league=sba&teamId=4&userId=${playerId}`,
        adminToken,
      );
      assert.equal(removed.statusCode, 204);
      const gone = await call(
        "DELETE",
        `/admin/team-managers?league=sba&teamId=4&userId=${playerId}`,
        adminToken,
      );
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json().error.code, "auth/unknown_team_manager");
    });

    it("assigns by Discord id, creating a placeholder for someone who never logged in", async () => {
      const added = await call("POST", "/admin/team-managers", adminToken, {
        league: "pd",
        teamId: 31,
        discordId: "700000000000000001",
      });
      assert.equal(added.statusCode, 201);
      assert.equal(added.json().manager.discordId, "700000000000000001");
      const unknown = await call(
        "DELETE",
        "/admin/team-managers?league=pd&teamId=31&discordId=700000000000000999",
        adminToken,
      );
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, "auth/unknown_target_user");
    });

    it("refuses bad input with a 400 that names the field", async () => {
      const both = await call("POST", "/admin/team-managers", adminToken, {
        league: "sba",
        teamId: 1,
        userId: playerId,
        discordId: "1",
      });
      assert.equal(both.statusCode, 400);
      assert.equal(both.json().error.code, "request/invalid");
      assert.match(both.json().error.message, /exactly one of discordId and userId/);
      const league = await call("POST", "/admin/team-managers", adminToken, {
        league: "nfl",
        teamId: 1,
        userId: playerId,
      });
      assert.equal(league.statusCode, 400);
      assert.match(league.json().error.message, /league/);
      const ghost = await call("POST", "/admin/team-managers", adminToken, {
        league: "sba",
        teamId: 1,
        userId: "00000000-0000-4000-8000-000000000000",
      });
      assert.equal(ghost.statusCode, 404);
      assert.equal(ghost.json().error.code, "auth/unknown_target_user");
    });

    it("syncs managers from league data", async () => {
      const synced = await call("POST", "/admin/team-managers/sync", adminToken, {
        league: "sba",
        teams: [
          { teamId: 50, gmDiscordIds: ["800000000000000001", "800000000000000002"] },
          { teamId: 51, gmDiscordIds: [] },
        ],
      });
      assert.equal(synced.statusCode, 200);
      assert.deepEqual(synced.json(), {
        league: "sba",
        teams: 1,
        skipped: 1,
        added: 2,
        removed: 0,
        placeholderUsersCreated: 2,
      });
      const duplicate = await call("POST", "/admin/team-managers/sync", adminToken, {
        league: "sba",
        teams: [
          { teamId: 50, gmDiscordIds: [] },
          { teamId: 50, gmDiscordIds: [] },
        ],
      });
      assert.equal(duplicate.statusCode, 400);
    });

    it("reports the game service's counters and its commit times", async () => {
      const idle = await call("GET", "/admin/game-service", adminToken);
      assert.equal(idle.statusCode, 200, idle.body);
      const before = idle.json();
      assert.equal((await call("GET", "/admin/game-service", playerToken)).statusCode, 403);

      // The server plays an AI-vs-AI game to the end by itself; anyone may start one.
      const created = await call("POST", "/games", playerToken, {
        league: "sba",
        homeTeamId: 101,
        awayTeamId: 102,
        mode: "practice",
        homeIsAi: true,
        awayIsAi: true,
      });
      assert.equal(created.statusCode, 201, created.body);
      const gameId = created.json().id;
      const started = await call("POST", `/games/${gameId}/start`, playerToken);
      assert.equal(started.statusCode, 200, started.body);
      let status = started.json().snapshot.status;
      for (let i = 0; i < 600 && status !== "completed"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await call("GET", `/games/${gameId}`, playerToken)).json().game.status;
      }
      assert.equal(status, "completed");
      const plays = (await call("GET", `/games/${gameId}/plays`, playerToken)).json().plays;

      const after = (await call("GET", "/admin/game-service", adminToken)).json();
      const { groupCommit } = after;
      assert.ok(after.actions.applied - before.actions.applied > plays.length);
      assert.equal(after.actions.commitFailures, before.actions.commitFailures);
      assert.ok(groupCommit.transactions > before.groupCommit.transactions);
      assert.ok(groupCommit.units >= groupCommit.transactions);
      assert.equal(groupCommit.latest.transactions, groupCommit.transactions);
      assert.ok(groupCommit.latest.p50Ms > 0);
      assert.ok(groupCommit.latest.p50Ms <= groupCommit.latest.p99Ms);
      assert.ok(groupCommit.latest.p99Ms <= groupCommit.latest.maxMs);
    });

    it("takes effect at once when admin rights are withdrawn", async () => {
      const demoted = await app.inject({
        method: "POST",
        url: "/auth/dev-login",
        payload: { username: "commish", admin: false },
      });
      assert.equal(demoted.statusCode, 200);
      // The old token still verifies, but the database says no.
      const refused = await call("GET", "/admin/team-managers", adminToken);
      assert.equal(refused.statusCode, 403);
      await app.inject({
        method: "POST",
        url: "/auth/dev-login",
        payload: { username: "commish", admin: true },
      });
    });
  });
}

describe("admin league sync from the league APIs (fake SBA and PD servers)", () => {
  let app: FastifyInstance;
  let sbaApi: FakeApiServer;
  let pdApi: FakeApiServer;
  let adminToken: string;

  before(async () => {
    [sbaApi, pdApi] = await Promise.all([startFakeSbaApi(), startFakePdApi()]);
    app = await buildTestApp({
      env: {
        DUGOUT_DEV_LOGIN: "1",
        LEAGUE_SOURCE: "api",
        SBA_API_URL: sbaApi.url,
        SBA_API_KEY: FAKE_SBA_API_KEY,
        PD_API_URL: pdApi.url,
        PD_API_KEY: FAKE_PD_API_KEY,
      },
    });
    const admin = await app.inject({
      method: "POST",
      url: "/auth/dev-login",
      payload: { username: "commish", admin: true },
    });
    adminToken = admin.json().accessToken;
  });
  after(async () => {
    await app?.close();
    await Promise.all([sbaApi?.close(), pdApi?.close()]);
  });

  it("makes each SBA team's GMs (gmid, gmid2) its managers", async () => {
    const teams = await app.inject({ method: "GET", url: "/leagues/sba/teams" });
    const expected = (teams.json() as { teams?: Array<{ id: number; gmDiscordIds: string[] }> })
      .teams;
    const answer = await app.inject({
      method: "POST",
      url: "/admin/leagues/sba/sync-managers",
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    const summary = answer.json();
    assert.ok(summary.added > 0, "the fixture teams carry GM Discord ids");

    const list = await app.inject({
      method: "GET",
      url: "/admin/team-managers?league=sba",
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const managers = (list.json().managers as Array<{ teamId: number; discordId: string }>).map(
      (m) => `${m.teamId}:${m.discordId}`,
    );
    // The KAL fixture team has two GMs.
    assert.ok(managers.includes("502:402863811228024832"));
    assert.ok(managers.includes("502:918273645546372819"));
    if (expected) {
      const want = expected.flatMap((t) => t.gmDiscordIds.map((id) => `${t.id}:${id}`)).sort();
      assert.deepEqual([...managers].sort(), want);
    }
  });

  it("refuses non-admins", async () => {
    const player = await app.inject({
      method: "POST",
      url: "/auth/dev-login",
      payload: { username: "nobody" },
    });
    const answer = await app.inject({
      method: "POST",
      url: "/admin/leagues/pd/sync-managers",
      headers: { authorization: `Bearer ${player.json().accessToken}` },
    });
    assert.equal(answer.statusCode, 403);
  });
});
