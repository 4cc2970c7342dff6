import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import {
  addCardsetLink,
  addPdRosterCard,
  addRosterEntry,
  addSbaRosterPlayer,
  createGame,
  createGameSession,
  createLineupEntry,
  deleteGame,
  getActiveLineup,
  getCardsetLinks,
  getGame,
  getGameSession,
  getPdRoster,
  getPlays,
  getSbaRoster,
  loadGameState,
  removeRosterEntry,
  savePlay,
  setConnectedUsers,
  updateGameState,
  updateSessionSnapshot,
} from "./operations.js";
import {
  createTestGame,
  describeEachBackend,
  makeTestPlay,
  dbRefusal as refusal,
} from "./testing.js";

/** Every query drizzle sends on the suite's database (for counting). */
const queryLog: string[] = [];

describeEachBackend(
  "game operations",
  (getDb) => {
    it("createGame stores an SBA game with defaults and a drawn seed", async () => {
      const game = await createGame(getDb(), { leagueId: "sba", homeTeamId: 10, awayTeamId: 11 });
      assert.equal(game.leagueId, "sba");
      assert.equal(game.status, "pending");
      assert.equal(game.gameMode, "friendly");
      assert.equal(game.visibility, "public");
      assert.equal(game.currentInning, 1);
      assert.equal(game.currentHalf, "top");
      assert.equal(game.homeScore, 0);
      assert.equal(game.version, 0);
      assert.equal(game.rngAlgorithm, "chacha20");
      assert.match(game.rngSeed, /^[0-9a-f]{64}$/);
      assert.ok(game.createdAt instanceof Date);
      assert.equal(game.startedAt, null);
      assert.deepEqual(await getCardsetLinks(getDb(), game.id), []);
    });

    it("createGame stores a PD game with its cardset links and AI settings", async () => {
      const game = await createGame(getDb(), {
        leagueId: "pd",
        homeTeamId: 20,
        awayTeamId: 21,
        gameMode: "ranked",
        visibility: "private",
        awayTeamIsAi: true,
        aiDifficulty: "yolo",
        rngSeed: "00ff",
        turnTimerSeconds: 90,
        cardsetLinks: [
          { cardsetId: 7, priority: 2 },
          { cardsetId: 5, priority: 1 },
        ],
      });
      assert.equal(game.awayTeamIsAi, true);
      assert.equal(game.aiDifficulty, "yolo");
      assert.equal(game.rngSeed, "00ff");
      assert.equal(game.turnTimerSeconds, 90);
      const links = await getCardsetLinks(getDb(), game.id);
      assert.deepEqual(
        links.map((link) => [link.cardsetId, link.priority]),
        [
          [5, 1],
          [7, 2],
        ],
      );
    });

    it("createGame refuses bad input with a typed error naming the field", async () => {
      const db = getDb();
      const pdWithout = await refusal(
        createGame(db, { leagueId: "pd", homeTeamId: 1, awayTeamId: 2 }),
        "db/invalid_input",
      );
      assert.match(pdWithout.message, /cardsetLinks: a PD game needs at least one cardset link/);
      await refusal(
        createGame(db, {
          leagueId: "sba",
          homeTeamId: 1,
          awayTeamId: 2,
          cardsetLinks: [{ cardsetId: 1, priority: 0 }],
        }),
        "db/invalid_input",
      );
      await refusal(
        createGame(db, { leagueId: "sba", homeTeamId: 3, awayTeamId: 3 }),
        "db/invalid_input",
      );
      await refusal(
        createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2, rngSeed: "XYZ" }),
        "db/invalid_input",
      );
      await refusal(
        createGame(db, { leagueId: "mlb" as "sba", homeTeamId: 1, awayTeamId: 2 }),
        "db/invalid_input",
      );
    });

    it("updateGameState applies a patch, bumps the version and stamps started/ended", async () => {
      const db = getDb();
      const game = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      const active = await updateGameState(db, game.id, 0, { status: "active" });
      assert.equal(active.version, 1);
      assert.ok(active.startedAt instanceof Date);
      const scored = await updateGameState(db, game.id, 1, {
        homeScore: 3,
        currentInning: 9,
        currentHalf: "bottom",
      });
      assert.equal(scored.version, 2);
      assert.equal(scored.homeScore, 3);
      assert.deepEqual(scored.startedAt, active.startedAt);
      const done = await updateGameState(db, game.id, 2, { status: "completed", winnerTeamId: 1 });
      assert.ok(done.endedAt instanceof Date);
      assert.equal(done.winnerTeamId, 1);
      assert.equal((await getGame(db, game.id)).version, 3);
    });

    it("updateGameState refuses a stale version with a typed conflict, state unchanged", async () => {
      const db = getDb();
      const game = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      await updateGameState(db, game.id, 0, { awayScore: 1 });
      const conflict = await refusal(
        updateGameState(db, game.id, 0, { awayScore: 5 }),
        "db/version_conflict",
      );
      assert.match(conflict.message, /version 1, not the expected 0/);
      const after = await getGame(db, game.id);
      assert.equal(after.awayScore, 1);
      assert.equal(after.version, 1);
    });

    it("updateGameState refuses unknown games, unknown fields and impossible states", async () => {
      const db = getDb();
      await refusal(updateGameState(db, randomUUID(), 0, { homeScore: 1 }), "db/unknown_game");
      await refusal(updateGameState(db, "not-a-uuid", 0, { homeScore: 1 }), "db/invalid_input");
      const game = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      await refusal(updateGameState(db, game.id, 0, { version: 7 } as never), "db/invalid_input");
      await refusal(updateGameState(db, game.id, 0, { homeScore: -1 }), "db/invalid_input");
      // Valid in isolation, refused by the table: a winner who is not playing.
      const winner = await refusal(
        updateGameState(db, game.id, 0, { status: "completed", winnerTeamId: 99 }),
        "db/check_violation",
      );
      assert.match(winner.message, /games_winner_is_a_team/);
      assert.equal((await getGame(db, game.id)).version, 0);
    });

    it("createLineupEntry adds starters and substitutes; getActiveLineup lists the active ones", async () => {
      const db = getDb();
      const fixture = await createTestGame(db);
      const { game, home } = fixture;
      const lineup = await getActiveLineup(db, game.id, game.homeTeamId);
      assert.deepEqual(
        lineup.map((entry) => entry.battingOrder),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      const pinchHitter = await createLineupEntry(db, {
        gameId: game.id,
        teamId: game.homeTeamId,
        playerId: 5555,
        position: "PH",
        battingOrder: 9,
        enteredInning: 7,
        replacingId: home[8]!.id,
        afterPlay: 40,
      });
      assert.equal(pinchHitter.isActive, true);
      assert.equal(pinchHitter.isStarter, false);
      const after = await getActiveLineup(db, game.id, game.homeTeamId);
      assert.equal(after.length, 9);
      assert.equal(after[8]!.id, pinchHitter.id);
      assert.ok(!after.some((entry) => entry.id === home[8]!.id));
    });

    it("createLineupEntry refuses wrong ids, teams, leagues and replaced entries", async () => {
      const db = getDb();
      const { game, home } = await createTestGame(db);
      const base = { gameId: game.id, teamId: game.homeTeamId, position: "LF" as const };
      await refusal(
        createLineupEntry(db, { ...base, cardId: 1, playerId: 2 }),
        "db/roster_link_one_id_required",
      );
      await refusal(createLineupEntry(db, base), "db/roster_link_one_id_required");
      await refusal(createLineupEntry(db, { ...base, cardId: 1 }), "db/league_mismatch");
      await refusal(
        createLineupEntry(db, { ...base, teamId: 77, playerId: 1 }),
        "db/invalid_input",
      );
      await refusal(
        createLineupEntry(db, { ...base, gameId: randomUUID(), playerId: 1 }),
        "db/unknown_game",
      );
      // Replacing an entry of the other team is refused and leaves the lineup as it was.
      const { away } = await createTestGame(db);
      await refusal(
        createLineupEntry(db, { ...base, playerId: 1, battingOrder: 5, replacingId: away[4]!.id }),
        "db/invalid_input",
      );
      // Two active batters in one slot.
      const slot = await refusal(
        createLineupEntry(db, { ...base, playerId: 1, battingOrder: 5 }),
        "db/unique_violation",
      );
      assert.match(slot.message, /lineups_active_batting_order_unique/);
      assert.equal((await getActiveLineup(db, game.id, game.homeTeamId)).length, home.length);
    });

    it("savePlay writes the play and the game row together", async () => {
      const db = getDb();
      const fixture = await createTestGame(db);
      const { game } = fixture;
      const saved = await savePlay(db, {
        gameId: game.id,
        expectedVersion: 0,
        play: makeTestPlay(fixture),
        game: { status: "active" },
      });
      assert.equal(saved.play.version, 1);
      assert.equal(saved.play.playNumber, 1);
      assert.deepEqual(saved.play.diceRoll, { d6: 3, twoD6: 7, d20: 12 });
      assert.deepEqual(saved.play.defensiveChoices, {});
      assert.equal(saved.game.version, 1);
      assert.equal(saved.game.status, "active");
      assert.ok(saved.game.lastActionAt instanceof Date);
      assert.equal(saved.play.decidedByAi, false);
    });

    it("savePlay refuses a duplicate play number and a stale version, writing nothing", async () => {
      const db = getDb();
      const fixture = await createTestGame(db);
      const { game } = fixture;
      await savePlay(db, { gameId: game.id, expectedVersion: 0, play: makeTestPlay(fixture) });
      const duplicate = await refusal(
        savePlay(db, {
          gameId: game.id,
          expectedVersion: 1,
          play: makeTestPlay(fixture),
          game: { awayScore: 4 },
        }),
        "db/duplicate_play_number",
      );
      assert.match(duplicate.message, /play number 1/);
      await refusal(
        savePlay(db, {
          gameId: game.id,
          expectedVersion: 0,
          play: makeTestPlay(fixture, { playNumber: 2 }),
        }),
        "db/version_conflict",
      );
      const after = await getGame(db, game.id);
      assert.equal(after.version, 1, "the failed saves left the game row alone");
      assert.equal(after.awayScore, 0);
      assert.equal((await getPlays(db, game.id)).length, 1);
      await refusal(
        savePlay(db, { gameId: randomUUID(), expectedVersion: 0, play: makeTestPlay(fixture) }),
        "db/unknown_game",
      );
    });

    it("getPlays returns all plays in order, or those after a play number", async () => {
      const db = getDb();
      const fixture = await createTestGame(db);
      const { game } = fixture;
      for (let playNumber = 1; playNumber <= 4; playNumber++) {
        await savePlay(db, {
          gameId: game.id,
          expectedVersion: playNumber - 1,
          play: makeTestPlay(fixture, {
            playNumber,
            battingOrder: playNumber,
            batterId: fixture.away[playNumber - 1]!.id,
            outsBefore: playNumber === 4 ? 0 : playNumber - 1,
            isNewInning: playNumber === 4,
            inning: playNumber === 4 ? 1 : 1,
            half: playNumber === 4 ? "bottom" : "top",
          }),
        });
      }
      assert.deepEqual(
        (await getPlays(db, game.id)).map((play) => play.playNumber),
        [1, 2, 3, 4],
      );
      assert.deepEqual(
        (await getPlays(db, game.id, { afterPlayNumber: 2 })).map((play) => play.playNumber),
        [3, 4],
      );
      assert.deepEqual(await getPlays(db, randomUUID()), []);
    });

    it("loadGameState returns game, lineups and plays in at most 3 queries", async () => {
      const db = getDb();
      const fixture = await createTestGame(db, { leagueId: "pd", homeTeamId: 5, awayTeamId: 6 });
      const { game } = fixture;
      await savePlay(db, { gameId: game.id, expectedVersion: 0, play: makeTestPlay(fixture) });
      await savePlay(db, {
        gameId: game.id,
        expectedVersion: 1,
        play: makeTestPlay(fixture, {
          playNumber: 2,
          outsBefore: 1,
          battingOrder: 2,
          batterId: fixture.away[1]!.id,
          onFirstId: fixture.away[0]!.id,
          onFirstFinal: 2,
          onBaseCode: 1,
        }),
        game: { awayScore: 0 },
      });
      queryLog.length = 0;
      const state = await loadGameState(db, game.id);
      assert.ok(
        queryLog.length >= 1 && queryLog.length <= 3,
        `loadGameState sent ${queryLog.length} queries`,
      );
      assert.equal(state.game.id, game.id);
      assert.equal(state.game.version, 2);
      assert.ok(state.game.createdAt instanceof Date, "timestamps come back as Dates");
      assert.equal(state.lineups.length, 18);
      assert.deepEqual(
        state.plays.map((play) => play.playNumber),
        [1, 2],
      );
      assert.equal(state.plays[1]!.onBaseCode, 1);
      assert.deepEqual(state.plays[0]!.diceRoll, { d6: 3, twoD6: 7, d20: 12 });
      assert.ok(state.plays[0]!.createdAt instanceof Date);
      assert.deepEqual(
        state.cardsetLinks.map((link) => link.cardsetId),
        [24],
      );
      await refusal(loadGameState(db, randomUUID()), "db/unknown_game");
    });

    it("game sessions: create (idempotent), snapshot, connected users", async () => {
      const db = getDb();
      const game = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      const session = await createGameSession(db, game.id, {
        connectedUsers: [{ userId: "u1", side: "home" }],
      });
      assert.equal(session.gameId, game.id);
      assert.deepEqual(session.connectedUsers, [{ userId: "u1", side: "home" }]);
      assert.equal(session.stateSnapshot, null);
      const again = await createGameSession(db, game.id);
      assert.deepEqual(
        again.connectedUsers,
        session.connectedUsers,
        "a second create returns the first",
      );
      const updated = await updateSessionSnapshot(db, game.id, {
        inning: 3,
        outs: 2,
        bases: [1, 3],
      });
      assert.deepEqual(updated.stateSnapshot, { inning: 3, outs: 2, bases: [1, 3] });
      assert.ok(updated.lastActionAt.getTime() >= session.lastActionAt.getTime());
      const joined = await setConnectedUsers(db, game.id, [
        { userId: "u1", side: "home" },
        { userId: "u2", side: "away" },
      ]);
      assert.equal(joined.connectedUsers.length, 2);
      assert.deepEqual((await getGameSession(db, game.id)).stateSnapshot, updated.stateSnapshot);
      await refusal(createGameSession(db, randomUUID()), "db/unknown_game");
      await refusal(updateSessionSnapshot(db, randomUUID(), {}), "db/unknown_game");
      const other = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      await refusal(updateSessionSnapshot(db, other.id, {}), "db/unknown_session");
    });

    it("PD rosters: add cards, list by team, refuse duplicates and players", async () => {
      const db = getDb();
      const game = await createGame(db, {
        leagueId: "pd",
        homeTeamId: 1,
        awayTeamId: 2,
        cardsetLinks: [{ cardsetId: 1, priority: 0 }],
      });
      const first = await addPdRosterCard(db, { gameId: game.id, teamId: 1, cardId: 100 });
      await addPdRosterCard(db, { gameId: game.id, teamId: 1, cardId: 101 });
      await addPdRosterCard(db, { gameId: game.id, teamId: 2, cardId: 200 });
      assert.equal(first.cardId, 100);
      assert.equal(first.playerId, null);
      assert.deepEqual(
        (await getPdRoster(db, game.id)).map((link) => link.cardId),
        [100, 101, 200],
      );
      assert.deepEqual(
        (await getPdRoster(db, game.id, 2)).map((link) => link.cardId),
        [200],
      );
      assert.deepEqual(await getSbaRoster(db, game.id), []);
      const twice = await refusal(
        addPdRosterCard(db, { gameId: game.id, teamId: 2, cardId: 100 }),
        "db/duplicate_roster_card",
      );
      assert.match(twice.message, /card 100 is already on a roster/);
      await refusal(
        addSbaRosterPlayer(db, { gameId: game.id, teamId: 1, playerId: 5 }),
        "db/league_mismatch",
      );
      await refusal(
        addRosterEntry(db, { gameId: game.id, teamId: 1, cardId: 5, playerId: 5 }),
        "db/roster_link_one_id_required",
      );
      await refusal(
        addRosterEntry(db, { gameId: game.id, teamId: 1 }),
        "db/roster_link_one_id_required",
      );
      await refusal(
        addPdRosterCard(db, { gameId: randomUUID(), teamId: 1, cardId: 1 }),
        "db/unknown_game",
      );
      await refusal(
        addPdRosterCard(db, { gameId: game.id, teamId: 3, cardId: 1 }),
        "db/invalid_input",
      );
      const removed = await removeRosterEntry(db, game.id, first.id);
      assert.equal(removed.cardId, 100);
      assert.deepEqual(
        (await getPdRoster(db, game.id, 1)).map((link) => link.cardId),
        [101],
      );
      await refusal(removeRosterEntry(db, game.id, first.id), "db/not_found");
      // Once removed, the card may be added again (to either team).
      await addPdRosterCard(db, { gameId: game.id, teamId: 2, cardId: 100 });
    });

    it("SBA rosters: add players, list by team, refuse duplicates and cards", async () => {
      const db = getDb();
      const game = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      await addSbaRosterPlayer(db, { gameId: game.id, teamId: 1, playerId: 11 });
      await addSbaRosterPlayer(db, { gameId: game.id, teamId: 2, playerId: 22 });
      assert.deepEqual(
        (await getSbaRoster(db, game.id, 1)).map((link) => link.playerId),
        [11],
      );
      assert.equal((await getSbaRoster(db, game.id)).length, 2);
      await refusal(
        addSbaRosterPlayer(db, { gameId: game.id, teamId: 2, playerId: 11 }),
        "db/duplicate_roster_player",
      );
      await refusal(
        addPdRosterCard(db, { gameId: game.id, teamId: 1, cardId: 1 }),
        "db/league_mismatch",
      );
      // The same player may be on rosters of different games.
      const other = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      await addSbaRosterPlayer(db, { gameId: other.id, teamId: 1, playerId: 11 });
    });

    it("cardset links: added by priority, refused for SBA games and duplicates", async () => {
      const db = getDb();
      const game = await createGame(db, {
        leagueId: "pd",
        homeTeamId: 1,
        awayTeamId: 2,
        cardsetLinks: [{ cardsetId: 10, priority: 5 }],
      });
      await addCardsetLink(db, { gameId: game.id, cardsetId: 11, priority: 1 });
      await addCardsetLink(db, { gameId: game.id, cardsetId: 12, priority: 9 });
      assert.deepEqual(
        (await getCardsetLinks(db, game.id)).map((link) => link.cardsetId),
        [11, 10, 12],
      );
      await refusal(
        addCardsetLink(db, { gameId: game.id, cardsetId: 11, priority: 3 }),
        "db/duplicate_cardset_link",
      );
      await refusal(
        addCardsetLink(db, { gameId: game.id, cardsetId: 13, priority: 1 }),
        "db/duplicate_cardset_link",
      );
      const sba = await createGame(db, { leagueId: "sba", homeTeamId: 1, awayTeamId: 2 });
      await refusal(
        addCardsetLink(db, { gameId: sba.id, cardsetId: 1, priority: 0 }),
        "db/league_mismatch",
      );
      await refusal(
        addCardsetLink(db, { gameId: randomUUID(), cardsetId: 1, priority: 0 }),
        "db/unknown_game",
      );
    });

    it("deleting a game deletes its plays, lineups, links, roster, actions and session", async () => {
      const db = getDb();
      const fixture = await createTestGame(db, { leagueId: "pd" });
      const { game } = fixture;
      await savePlay(db, { gameId: game.id, expectedVersion: 0, play: makeTestPlay(fixture) });
      await addPdRosterCard(db, { gameId: game.id, teamId: game.homeTeamId, cardId: 9 });
      await createGameSession(db, game.id);
      const { commitActionUnit } = await import("./operations.js");
      await commitActionUnit(db, {
        gameId: game.id,
        expectedVersion: 1,
        actions: [{ version: 2, actor: "home", kind: "setDefense" }],
      });
      await deleteGame(db, game.id);
      const { rowsOf } = await import("./rows.js");
      const { sql } = await import("drizzle-orm");
      for (const table of [
        "plays",
        "lineups",
        "game_cardset_links",
        "roster_links",
        "game_sessions",
        "game_actions",
      ]) {
        const [row] = rowsOf<{ n: number }>(
          await db.orm.execute(
            sql`select count(*)::int as n from ${sql.identifier(table)} where game_id = ${game.id}`,
          ),
        );
        assert.equal(row!.n, 0, `${table} rows survived the delete`);
      }
      await refusal(getGame(db, game.id), "db/unknown_game");
      await refusal(deleteGame(db, game.id), "db/unknown_game");
    });
  },
  { onQuery: (query) => queryLog.push(query) },
);
