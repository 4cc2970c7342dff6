// Who may manage which team, on both storages: the checks the game server uses, and filling
// team_managers from league data.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Database } from "../db/client.js";
import { teamManagers } from "../db/schema/team-managers.js";
import { users } from "../db/schema/users.js";
import { AuthError } from "./errors.js";
import {
  addTeamManager,
  assertManagesTeam,
  canManageTeam,
  listTeamManagers,
  removeTeamManager,
  syncManagersFromLeague,
  teamAuthority,
  teamsManagedBy,
} from "./ownership.js";
import { AuthService } from "./service.js";
import { openTestDatabase, TEST_DATABASE_KINDS } from "./testing/databases.js";
import { placeholderName, recordLogin } from "./users.js";

for (const { kind, skip } of TEST_DATABASE_KINDS) {
  describe(`team ownership on ${kind}`, { skip }, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(kind);
    });
    after(() => db?.close());

    const login = (discordId: string, username: string) =>
      recordLogin(db.orm, { discordId, username, avatar: null }, new Date());

    it("a manager may manage their team and no other", async () => {
      const gm = await login("100000000000000001", "Ann");
      const other = await login("100000000000000002", "Ben");
      assert.equal(await addTeamManager(db.orm, gm.id, { league: "sba", teamId: 5 }), true);
      assert.equal(
        await addTeamManager(db.orm, gm.id, { league: "sba", teamId: 5 }),
        false,
        "idempotent",
      );

      assert.equal(await canManageTeam(db.orm, gm.id, "sba", 5), true);
      assert.equal(await canManageTeam(db.orm, gm.id, "pd", 5), false, "same id, other league");
      assert.equal(await canManageTeam(db.orm, gm.id, "sba", 6), false);
      assert.equal(await canManageTeam(db.orm, other.id, "sba", 5), false);
      assert.equal(await teamAuthority(db.orm).managesTeam(gm.id, "sba", 5), true);

      await assertManagesTeam(db.orm, gm.id, "sba", 5);
      await assert.rejects(assertManagesTeam(db.orm, other.id, "sba", 5), (error: unknown) => {
        assert.ok(error instanceof AuthError);
        assert.equal(error.code, "auth/not_team_manager");
        assert.equal(error.status, 403);
        assert.deepEqual(error.details, { league: "sba", teamId: 5 });
        return true;
      });

      assert.deepEqual(await teamsManagedBy(db.orm, gm.id), [{ league: "sba", teamId: 5 }]);
      assert.equal(await removeTeamManager(db.orm, gm.id, { league: "sba", teamId: 5 }), true);
      assert.equal(await removeTeamManager(db.orm, gm.id, { league: "sba", teamId: 5 }), false);
      assert.equal(await canManageTeam(db.orm, gm.id, "sba", 5), false);
    });

    it("league sync: GMs become managers, unknown GMs become placeholders that login fills in", async () => {
      const known = await login("200000000000000001", "Known GM");
      const summary = await syncManagersFromLeague(db.orm, "sba", [
        { teamId: 10, gmDiscordIds: ["200000000000000001", "200000000000000002"] },
        { teamId: 11, gmDiscordIds: ["200000000000000003"] },
        { teamId: 12, gmDiscordIds: [] },
      ]);
      assert.deepEqual(summary, {
        league: "sba",
        teams: 2,
        skipped: 1,
        added: 3,
        removed: 0,
        placeholderUsersCreated: 2,
      });
      assert.equal(await canManageTeam(db.orm, known.id, "sba", 10), true);

      const placeholders = await listTeamManagers(db.orm, { league: "sba", teamId: 11 });
      assert.equal(placeholders.length, 1);
      assert.equal(placeholders[0]!.username, placeholderName("200000000000000003"));

      // The placeholder GM logs in for the first time: same user, real name, and the team is theirs.
      const arrived = await login("200000000000000003", "Late GM");
      assert.equal(arrived.id, placeholders[0]!.userId);
      assert.equal(arrived.username, "Late GM");
      assert.equal(await canManageTeam(db.orm, arrived.id, "sba", 11), true);
    });

    it("league sync is authoritative for the teams it lists, and leaves the others alone", async () => {
      await syncManagersFromLeague(db.orm, "pd", [
        { teamId: 1, gmDiscordIds: ["300000000000000001"] },
        { teamId: 2, gmDiscordIds: ["300000000000000002"] },
      ]);
      // Team 1 changes hands; team 2 is not in this sync.
      const summary = await syncManagersFromLeague(db.orm, "pd", [
        { teamId: 1, gmDiscordIds: ["300000000000000009"] },
      ]);
      assert.equal(summary.added, 1);
      assert.equal(summary.removed, 1);
      const team1 = await listTeamManagers(db.orm, { league: "pd", teamId: 1 });
      assert.deepEqual(
        team1.map((m) => m.discordId),
        ["300000000000000009"],
      );
      const team2 = await listTeamManagers(db.orm, { league: "pd", teamId: 2 });
      assert.deepEqual(
        team2.map((m) => m.discordId),
        ["300000000000000002"],
      );
      // A team the data names no GM for keeps its managers.
      const unknown = await syncManagersFromLeague(db.orm, "pd", [{ teamId: 2, gmDiscordIds: [] }]);
      assert.deepEqual([unknown.teams, unknown.skipped, unknown.removed], [0, 1, 0]);
      assert.equal((await listTeamManagers(db.orm, { league: "pd", teamId: 2 })).length, 1);
      // Syncing the same data again changes nothing.
      const again = await syncManagersFromLeague(db.orm, "pd", [
        { teamId: 1, gmDiscordIds: ["300000000000000009"] },
      ]);
      assert.deepEqual([again.added, again.removed, again.placeholderUsersCreated], [0, 0, 0]);
    });

    it("league sync with a bad Discord id writes nothing", async () => {
      const before = [await db.orm.$count(users), await db.orm.$count(teamManagers)];
      await assert.rejects(
        syncManagersFromLeague(db.orm, "sba", [
          { teamId: 20, gmDiscordIds: ["400000000000000001"] },
          { teamId: 21, gmDiscordIds: ["not-a-snowflake"] },
        ]),
        { code: "auth/invalid_discord_id" },
      );
      assert.deepEqual([await db.orm.$count(users), await db.orm.$count(teamManagers)], before);
    });

    it("only admins pass assertAdmin, read from the database each time", async () => {
      const auth = new AuthService({
        orm: db.orm,
        secretKey: "x".repeat(40),
        discord: null,
        devLogin: true,
        env: "test",
      });
      const session = await auth.devLogin({ username: "maybe_admin" });
      await assert.rejects(auth.assertAdmin(session.user.id), { code: "auth/not_admin" });
      await auth.devLogin({ username: "maybe_admin", admin: true });
      assert.equal((await auth.assertAdmin(session.user.id)).isAdmin, true);
    });
  });
}
