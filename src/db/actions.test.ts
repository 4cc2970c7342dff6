import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import type { DbError, VersionConflictError } from "./errors.js";
import {
  commitActionUnit,
  commitActionUnits,
  findActionByClientId,
  getActions,
  getActiveLineup,
  getGame,
  getPlays,
  savePlay,
} from "./operations.js";
import {
  createTestGame,
  describeEachBackend,
  makeTestPlay,
  dbRefusal as refusal,
} from "./testing.js";

describeEachBackend("action log and write-through units", (getDb) => {
  it("a unit appends its actions, plays and game row together; seqs run on across units", async () => {
    const db = getDb();
    const fixture = await createTestGame(db);
    const { game } = fixture;
    const first = await commitActionUnit(db, {
      gameId: game.id,
      expectedVersion: 0,
      actions: [
        { version: 1, actor: "system", kind: "startGame" },
        {
          version: 2,
          actor: "home",
          kind: "setDefense",
          payload: { infield: "in" },
          clientActionId: "c-1",
        },
      ],
      game: { status: "active" },
    });
    assert.deepEqual(
      first.actions.map((action) => [action.seq, action.version, action.kind]),
      [
        [1, 1, "startGame"],
        [2, 2, "setDefense"],
      ],
    );
    assert.deepEqual(first.actions[1]!.payload, { infield: "in" });
    assert.equal(first.game.version, 2);
    assert.equal(first.game.lastActionSeq, 2);
    assert.equal(first.plays.length, 0);

    const second = await commitActionUnit(db, {
      gameId: game.id,
      expectedVersion: 2,
      actions: [
        { version: 3, actor: "away", kind: "setOffense", clientActionId: "c-2" },
        { version: 4, actor: "system", kind: "rollDice" },
      ],
      plays: [makeTestPlay(fixture, { clientActionId: "c-2" })],
      game: { currentInning: 1 },
    });
    assert.deepEqual(
      second.actions.map((action) => action.seq),
      [3, 4],
    );
    assert.equal(second.plays[0]!.version, 4, "a play defaults to the unit's final version");
    assert.equal(second.plays[0]!.clientActionId, "c-2");
    assert.equal(second.game.version, 4);

    assert.deepEqual(
      (await getActions(db, game.id)).map((action) => action.seq),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      (await getActions(db, game.id, { afterSeq: 2 })).map((action) => action.kind),
      ["setOffense", "rollDice"],
    );
    assert.equal((await findActionByClientId(db, game.id, "c-1"))?.seq, 2);
    assert.equal(await findActionByClientId(db, game.id, "c-404"), undefined);
  });

  it("a unit on a stale version, an unknown game, or with a reused client id writes nothing", async () => {
    const db = getDb();
    const fixture = await createTestGame(db);
    const { game } = fixture;
    await commitActionUnit(db, {
      gameId: game.id,
      expectedVersion: 0,
      actions: [{ version: 1, actor: "home", kind: "setDefense", clientActionId: "dup" }],
    });
    await refusal(
      commitActionUnit(db, {
        gameId: game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "setDefense" }],
      }),
      "db/version_conflict",
    );
    const duplicate = await refusal(
      commitActionUnit(db, {
        gameId: game.id,
        expectedVersion: 1,
        actions: [{ version: 2, actor: "home", kind: "setDefense", clientActionId: "dup" }],
        plays: [makeTestPlay(fixture)],
        game: { homeScore: 2 },
      }),
      "db/duplicate_client_action",
    );
    assert.match(duplicate.message, /client action dup/);
    await refusal(
      commitActionUnit(db, {
        gameId: randomUUID(),
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "x" }],
      }),
      "db/unknown_game",
    );
    const after = await getGame(db, game.id);
    assert.equal(after.version, 1);
    assert.equal(after.lastActionSeq, 1);
    assert.equal(after.homeScore, 0);
    assert.equal((await getActions(db, game.id)).length, 1);
    assert.equal((await getPlays(db, game.id)).length, 0);
  });

  it("a unit with no actions, falling versions or plays outside its versions is refused as input", async () => {
    const db = getDb();
    const { game } = await createTestGame(db);
    const base = { gameId: game.id, expectedVersion: 0 };
    await refusal(commitActionUnit(db, { ...base, actions: [] }), "db/invalid_input");
    const falling = await refusal(
      commitActionUnit(db, {
        ...base,
        actions: [
          { version: 2, actor: "home", kind: "a" },
          { version: 2, actor: "home", kind: "b" },
        ],
      }),
      "db/invalid_input",
    );
    assert.match(falling.message, /action #2 has version 2/);
    await refusal(
      commitActionUnit(db, { ...base, actions: [{ version: 1, actor: "", kind: "a" }] }),
      "db/invalid_input",
    );
  });

  it("group commit: several games in one transaction, conflicts and refusals reported per unit", async () => {
    const db = getDb();
    const a = await createTestGame(db);
    const b = await createTestGame(db);
    const c = await createTestGame(db);
    const results = await commitActionUnits(db, [
      // a: two chained units in one batch.
      {
        gameId: a.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "setDefense" }],
      },
      {
        gameId: a.game.id,
        expectedVersion: 1,
        actions: [{ version: 2, actor: "away", kind: "setOffense" }],
        plays: [makeTestPlay(a)],
      },
      // b: stale version.
      {
        gameId: b.game.id,
        expectedVersion: 5,
        actions: [{ version: 6, actor: "home", kind: "x" }],
      },
      // c: ok.
      {
        gameId: c.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "setDefense" }],
        game: { status: "active" },
      },
      // unknown game.
      {
        gameId: randomUUID(),
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "x" }],
      },
      // invalid input.
      { gameId: "nope", expectedVersion: 0, actions: [{ version: 1, actor: "home", kind: "x" }] },
    ]);
    assert.deepEqual(
      results.map((result) => (result.ok ? "ok" : result.error.code)),
      ["ok", "ok", "db/version_conflict", "ok", "db/unknown_game", "db/invalid_input"],
    );
    assert.equal((await getGame(db, a.game.id)).version, 2);
    assert.equal((await getPlays(db, a.game.id)).length, 1);
    assert.equal((await getGame(db, b.game.id)).version, 0);
    assert.equal((await getGame(db, c.game.id)).status, "active");
  });

  it("group commit: a unit breaking a constraint is rolled back alone; the others commit", async () => {
    const db = getDb();
    const a = await createTestGame(db);
    const b = await createTestGame(db);
    const c = await createTestGame(db);
    await savePlay(db, { gameId: b.game.id, expectedVersion: 0, play: makeTestPlay(b) });
    const results = await commitActionUnits(db, [
      {
        gameId: a.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "swingAway" }],
        plays: [makeTestPlay(a)],
        game: { awayScore: 1 },
      },
      {
        // Play number 1 already exists in b: the unit's game row update must roll back too.
        gameId: b.game.id,
        expectedVersion: 1,
        actions: [{ version: 2, actor: "home", kind: "swingAway" }],
        plays: [makeTestPlay(b)],
        game: { awayScore: 3 },
      },
      {
        gameId: c.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "home", kind: "swingAway" }],
        plays: [makeTestPlay(c)],
      },
    ]);
    assert.deepEqual(
      results.map((result) => (result.ok ? "ok" : result.error.code)),
      ["ok", "db/duplicate_play_number", "ok"],
    );
    const bAfter = await getGame(db, b.game.id);
    assert.equal(bAfter.version, 1);
    assert.equal(bAfter.awayScore, 0);
    assert.equal(bAfter.lastActionSeq, 0);
    assert.equal((await getActions(db, b.game.id)).length, 0);
    assert.equal((await getGame(db, a.game.id)).awayScore, 1);
    assert.equal((await getActions(db, c.game.id)).length, 1);
    assert.deepEqual(await commitActionUnits(db, []), []);
  });

  it("a unit brings its substitutes: a play names them as -k, the replaced entry retires, runners and errors keep lineup ids", async () => {
    const db = getDb();
    const fixture = await createTestGame(db);
    const { game, home, away } = fixture;
    const [committed] = await commitActionUnits(
      db,
      [
        {
          gameId: game.id,
          expectedVersion: 0,
          actions: [
            { version: 1, actor: "manager:away", kind: "decision", clientActionId: "ph-1" },
            { version: 2, actor: "server", kind: "decision" },
          ],
          lineupEntries: [
            // A pinch hitter for the leadoff man, then a pinch runner for the pinch hitter.
            {
              teamId: game.awayTeamId,
              playerId: 4242,
              position: "PH",
              battingOrder: 1,
              enteredInning: 1,
              replacingId: away[0]!.id,
              afterPlay: null,
            },
            {
              teamId: game.awayTeamId,
              playerId: 4343,
              position: "PR",
              battingOrder: 1,
              replacingId: -1,
            },
          ],
          plays: [
            makeTestPlay(fixture, {
              batterId: -1,
              batterFinal: 1,
              onBaseCodeAfter: 1,
              hitType: "SI*",
              outsRecorded: 0,
              hit: 1,
              runners: [
                { lineupId: -1, from: 0, to: 1, responsiblePitcherId: home[8]!.id, onError: false },
              ],
              errors: [{ position: "SS", lineupId: home[1]!.id, bases: 1 }],
            }),
            {
              // A wild pitch: no batter, no batting slot.
              ...makeTestPlay(fixture, { playNumber: 2 }),
              batterId: null,
              battingOrder: null,
              pa: 0,
              ab: 0,
              outsRecorded: 0,
              wildPitch: 1,
              onFirstId: -2,
              onFirstFinal: 2,
              onBaseCode: 1,
              onBaseCodeAfter: 2,
              runners: [
                { lineupId: -2, from: 1, to: 2, responsiblePitcherId: home[8]!.id, onError: false },
              ],
            },
          ],
          game: { status: "active", awaitingSide: "home", pace: "async" },
        },
      ],
      { readBack: false },
    );
    assert.ok(committed?.ok, committed?.ok === false ? committed.error.message : "");
    const [ph, pr] = committed.committed.lineupIds;
    assert.ok(ph !== undefined && pr !== undefined && pr > ph);
    const [single, wildPitch] = await getPlays(db, game.id);
    assert.equal(single!.batterId, ph);
    assert.deepEqual(single!.runners, [
      { lineupId: ph, from: 0, to: 1, responsiblePitcherId: home[8]!.id, onError: false },
    ]);
    assert.deepEqual(single!.errors, [{ position: "SS", lineupId: home[1]!.id, bases: 1 }]);
    assert.equal(wildPitch!.batterId, null);
    assert.equal(wildPitch!.battingOrder, null);
    assert.equal(wildPitch!.onFirstId, pr);
    assert.equal(wildPitch!.onBaseCodeAfter, 2);
    const active = await getActiveLineup(db, game.id, game.awayTeamId);
    assert.deepEqual(
      active.filter((e) => e.battingOrder === 1).map((e) => [e.id, e.replacingId]),
      [[pr, ph]],
      "only the pinch runner holds the leadoff slot",
    );
    const after = await getGame(db, game.id);
    assert.equal(after.awaitingSide, "home");
    assert.equal(after.pace, "async");
    assert.equal(after.version, 2);
  });

  it("a unit whose substitute replaces an inactive entry, or names a team not in the game, is refused alone", async () => {
    const db = getDb();
    const a = await createTestGame(db);
    const b = await createTestGame(db);
    const results = await commitActionUnits(db, [
      {
        gameId: a.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "manager:away", kind: "decision" }],
        lineupEntries: [
          { teamId: 99, playerId: 1, position: "PH", battingOrder: 1, replacingId: a.away[0]!.id },
        ],
      },
      {
        gameId: b.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "manager:away", kind: "decision" }],
        lineupEntries: [
          {
            teamId: b.game.awayTeamId,
            playerId: 7,
            position: "PH",
            battingOrder: 1,
            replacingId: b.away[0]!.id,
          },
        ],
      },
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? "ok" : r.error.code)),
      ["db/invalid_input", "ok"],
    );
    assert.equal((await getGame(db, a.game.id)).version, 0);
    assert.equal((await getGame(db, b.game.id)).version, 1);
    const again = await commitActionUnits(db, [
      {
        gameId: b.game.id,
        expectedVersion: 1,
        actions: [{ version: 2, actor: "manager:away", kind: "decision" }],
        lineupEntries: [
          // b.away[0] left the game above: he cannot be replaced again.
          {
            teamId: b.game.awayTeamId,
            playerId: 8,
            position: "PH",
            battingOrder: 1,
            replacingId: b.away[0]!.id,
          },
        ],
      },
    ]);
    assert.equal(again[0]!.ok ? "ok" : again[0]!.error.code, "db/invalid_input");
    assert.equal((await getGame(db, b.game.id)).version, 1);
  });

  it("two writers racing on one version: exactly one wins, the other gets a conflict", async () => {
    const db = getDb();
    const fixture = await createTestGame(db);
    const { game } = fixture;
    const attempts = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        savePlay(db, {
          gameId: game.id,
          expectedVersion: 0,
          play: makeTestPlay(fixture, { playNumber: n }),
        }),
      ),
    );
    const won = attempts.filter((attempt) => attempt.status === "fulfilled");
    const lost = attempts.filter((attempt) => attempt.status === "rejected");
    assert.equal(won.length, 1);
    for (const attempt of lost) {
      assert.equal((attempt.reason as DbError).code, "db/version_conflict");
      // The loser names the version the winner wrote, not the one its snapshot saw.
      assert.equal((attempt.reason as VersionConflictError).currentVersion, 1);
    }
    assert.equal((await getPlays(db, game.id)).length, 1);
    assert.equal((await getGame(db, game.id)).version, 1);
  });

  it("a unit updates entries already written: the DH ends, the left-out fielder leaves, the pitcher takes his slot", async () => {
    const db = getDb();
    const a = await createTestGame(db);
    const b = await createTestGame(db);
    const home = a.game.homeTeamId;
    const pitcher = a.home[8]!;
    const leftFielder = a.home[4]!;
    // A DH game: the pitcher stops batting and a DH takes the ninth slot (the update frees it
    // before the insert takes it).
    const [dhGame] = await commitActionUnits(db, [
      {
        gameId: a.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "system", kind: "start" }],
        lineupUpdates: [{ id: pitcher.id, battingOrder: null }],
        lineupEntries: [
          { teamId: home, playerId: 7001, position: "DH", battingOrder: 9, isStarter: true },
        ],
      },
    ]);
    assert.ok(dhGame!.ok, dhGame!.ok ? "" : dhGame!.error.message);
    const dh = dhGame.committed.lineupIds[0]!;

    // The DH moves to left field (a new entry replacing his), the left fielder leaves without a
    // replacement and the pitcher bats in his (fifth) slot; game b's unit rides in the same
    // transaction and changes a position in place.
    const results = await commitActionUnits(db, [
      {
        gameId: a.game.id,
        expectedVersion: 1,
        actions: [{ version: 2, actor: "manager:home", kind: "decision" }],
        lineupEntries: [
          {
            teamId: home,
            playerId: 7001,
            position: "LF",
            battingOrder: 9,
            enteredInning: 6,
            replacingId: dh,
          },
        ],
        lineupUpdates: [
          { id: pitcher.id, battingOrder: 5 },
          { id: leftFielder.id, isActive: false },
        ],
      },
      {
        gameId: b.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "manager:home", kind: "decision" }],
        lineupUpdates: [{ id: b.home[0]!.id, position: "LF", isFatigued: true }],
      },
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? "ok" : r.error.message)),
      ["ok", "ok"],
    );
    const active = await getActiveLineup(db, a.game.id, home);
    assert.deepEqual(
      active.map((e) => [e.battingOrder, e.position, e.playerId]),
      [
        [1, "CF", a.home[0]!.playerId],
        [2, "SS", a.home[1]!.playerId],
        [3, "RF", a.home[2]!.playerId],
        [4, "1B", a.home[3]!.playerId],
        [5, "P", pitcher.playerId],
        [6, "3B", a.home[5]!.playerId],
        [7, "C", a.home[6]!.playerId],
        [8, "2B", a.home[7]!.playerId],
        [9, "LF", 7001],
      ],
    );
    const everyone = await getActiveLineup(db, a.game.id, home);
    assert.ok(!everyone.some((e) => e.id === leftFielder.id || e.id === dh));
    const changed = (await getActiveLineup(db, b.game.id, b.game.homeTeamId))[0]!;
    assert.deepEqual(
      [changed.id, changed.position, changed.battingOrder, changed.isFatigued],
      [b.home[0]!.id, "LF", 1, true],
    );
  });

  it("a lineup update naming another game's entry, or one entry twice, is refused alone", async () => {
    const db = getDb();
    const a = await createTestGame(db);
    const b = await createTestGame(db);
    const c = await createTestGame(db);
    const results = await commitActionUnits(db, [
      {
        gameId: a.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "manager:home", kind: "decision" }],
        lineupUpdates: [{ id: b.home[4]!.id, isActive: false }],
      },
      {
        gameId: b.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "manager:home", kind: "decision" }],
        lineupUpdates: [{ id: b.home[4]!.id, isActive: false }],
      },
      {
        gameId: c.game.id,
        expectedVersion: 0,
        actions: [{ version: 1, actor: "manager:home", kind: "decision" }],
        lineupUpdates: [
          { id: c.home[4]!.id, isActive: false },
          { id: c.home[4]!.id, position: "RF" },
        ],
      },
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? "ok" : r.error.code)),
      ["db/invalid_input", "ok", "db/invalid_input"],
    );
    assert.equal((await getGame(db, a.game.id)).version, 0);
    assert.equal((await getGame(db, c.game.id)).version, 0);
    assert.equal((await getActiveLineup(db, a.game.id, a.game.homeTeamId)).length, 9);
    assert.equal((await getActiveLineup(db, b.game.id, b.game.homeTeamId)).length, 8);
    assert.equal((await getActiveLineup(db, c.game.id, c.game.homeTeamId)).length, 9);
  });
});
