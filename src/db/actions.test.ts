import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import { DbError } from "./errors.js";
import {
  commitActionUnit,
  commitActionUnits,
  findActionByClientId,
  getActions,
  getGame,
  getPlays,
  savePlay,
} from "./operations.js";
import { createTestGame, describeEachBackend, makeTestPlay } from "./testing.js";

async function refusal(promise: Promise<unknown>, code: string): Promise<DbError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DbError, `expected a DbError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a refusal with ${code}, but it succeeded`);
}

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
    }
    assert.equal((await getPlays(db, game.id)).length, 1);
    assert.equal((await getGame(db, game.id)).version, 1);
  });
});
