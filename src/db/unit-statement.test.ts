import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import fc from "fast-check";
import { DbError, VersionConflictError } from "./errors.js";
import {
  type ActionUnit,
  commitActionUnits,
  getActions,
  getGame,
  getPlays,
  savePlay,
} from "./operations.js";
import { createTestGame, describeEachBackend, makeTestPlay, type TestGame } from "./testing.js";

/** Every statement drizzle sends on the suite's database (BEGIN and COMMIT included on pg). */
const statements: string[] = [];

/** The statements `run` sends. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await run();
  return [...statements];
}

/** What a unit of the property test does to its game. */
interface UnitPlan {
  stale: boolean;
  actionCount: number;
  playCount: number;
  awayScore: number;
}

const unitPlan = fc.record({
  stale: fc.boolean(),
  actionCount: fc.integer({ min: 1, max: 3 }),
  playCount: fc.integer({ min: 0, max: 2 }),
  awayScore: fc.integer({ min: 0, max: 9 }),
});

function unitOf(fixture: TestGame, plan: UnitPlan, at: number): ActionUnit {
  const expectedVersion = plan.stale ? at + 1 : at;
  return {
    gameId: fixture.game.id,
    expectedVersion,
    actions: Array.from({ length: plan.actionCount }, (_, k) => ({
      version: expectedVersion + k + 1,
      actor: "away",
      kind: "swingAway",
      clientActionId: `${fixture.game.id}/${expectedVersion + k + 1}`,
    })),
    plays: Array.from({ length: plan.playCount }, (_, k) =>
      makeTestPlay(fixture, { playNumber: at + k + 1, resultDescription: `play ${k + 1}` }),
    ),
    game: { awayScore: plan.awayScore },
  };
}

describeEachBackend(
  "a write unit is one statement",
  (getDb, kind) => {
    it("a batch of units of different games is ONE statement: no BEGIN, no COMMIT, no read", async () => {
      const db = getDb();
      const a = await createTestGame(db);
      const b = await createTestGame(db);
      let results: Awaited<ReturnType<typeof commitActionUnits>> = [];
      const sent = await statementsOf(async () => {
        results = await commitActionUnits(
          db,
          [a, b].map((fixture) => unitOf(fixture, unitPlanOk, 0)),
          { readBack: false },
        );
      });
      assert.equal(sent.length, 1, `sent ${sent.length} statements:\n${sent.join("\n")}`);
      assert.match(sent[0]!, /^with v as/);
      assert.deepEqual(
        results.map((result) => result.ok && result.committed),
        [
          { version: 2, lastActionSeq: 2, lineupIds: [] },
          { version: 2, lastActionSeq: 2, lineupIds: [] },
        ],
      );
      assert.equal((await getPlays(db, b.game.id)).length, 1);
    });

    it("a refused unit of a one-statement batch writes nothing of itself and everything of the others", async () => {
      const db = getDb();
      await fc.assert(
        fc.asyncProperty(
          fc.array(unitPlan, { minLength: 1, maxLength: 4 }),
          fc.boolean(),
          async (plans, withUnknownGame) => {
            const fixtures: TestGame[] = [];
            for (const _ of plans) fixtures.push(await createTestGame(db));
            const unknownGame = randomUUID();
            const units = plans.map((plan, i) => unitOf(fixtures[i]!, plan, 0));
            if (withUnknownGame) {
              units.push({
                gameId: unknownGame,
                expectedVersion: 0,
                actions: [{ version: 1, actor: "home", kind: "setDefense" }],
              });
            }
            let results: Awaited<ReturnType<typeof commitActionUnits>> = [];
            const sent = await statementsOf(async () => {
              results = await commitActionUnits(db, units, { readBack: false });
            });
            assert.equal(sent.length, 1, "refusals cost no extra statement");
            for (const [i, plan] of plans.entries()) {
              const { game } = fixtures[i]!;
              const result = results[i]!;
              const after = await getGame(db, game.id);
              const actions = await getActions(db, game.id);
              const playsWritten = await getPlays(db, game.id);
              if (plan.stale) {
                assert.ok(!result.ok && result.error instanceof VersionConflictError);
                assert.equal(result.error.currentVersion, 0);
                assert.deepEqual([after.version, after.lastActionSeq, after.awayScore], [0, 0, 0]);
                assert.equal(actions.length + playsWritten.length, 0);
              } else {
                assert.ok(result.ok, result.ok ? "" : result.error.message);
                assert.deepEqual(result.committed, {
                  version: plan.actionCount,
                  lastActionSeq: plan.actionCount,
                  lineupIds: [],
                });
                assert.deepEqual(
                  [after.version, after.lastActionSeq, after.awayScore],
                  [plan.actionCount, plan.actionCount, plan.awayScore],
                );
                assert.deepEqual(
                  actions.map((action) => [action.seq, action.version, action.clientActionId]),
                  units[i]!.actions.map((action, k) => [
                    k + 1,
                    action.version,
                    action.clientActionId,
                  ]),
                );
                assert.deepEqual(
                  playsWritten.map((play) => [play.playNumber, play.version]),
                  Array.from({ length: plan.playCount }, (_, k) => [k + 1, plan.actionCount]),
                );
              }
            }
            if (withUnknownGame) {
              const last = results.at(-1)!;
              assert.ok(!last.ok && last.error.code === "db/unknown_game");
            }
          },
        ),
        { numRuns: kind === "pglite" ? 12 : 20 },
      );
    });

    it("a unit refused by a constraint in a one-statement batch is isolated; the others commit", async () => {
      const db = getDb();
      const a = await createTestGame(db);
      const b = await createTestGame(db);
      const first = unitOf(b, unitPlanOk, 0);
      await commitActionUnits(db, [first]);
      // b's next unit reuses a client action id its first unit logged.
      const reused = unitOf(b, { ...unitPlanOk, playCount: 0 }, 2);
      reused.actions[0]!.clientActionId = first.actions[1]!.clientActionId;
      const results = await commitActionUnits(db, [unitOf(a, unitPlanOk, 0), reused], {
        readBack: false,
      });
      assert.deepEqual(
        results.map((result) => (result.ok ? "ok" : result.error.code)),
        ["ok", "db/duplicate_client_action"],
      );
      assert.equal((await getGame(db, a.game.id)).version, 2);
      assert.equal((await getGame(db, b.game.id)).version, 2);
      assert.equal((await getActions(db, b.game.id)).length, 2);
    });

    it("savePlay is one statement and returns the rows as a read gives them", async () => {
      const db = getDb();
      const fixture = await createTestGame(db);
      const { game } = fixture;
      let saved: Awaited<ReturnType<typeof savePlay>> | undefined;
      const sent = await statementsOf(async () => {
        saved = await savePlay(db, {
          gameId: game.id,
          expectedVersion: 0,
          play: makeTestPlay(fixture, {
            runners: [
              {
                lineupId: fixture.away[0]!.id,
                from: 0,
                to: 1,
                responsiblePitcherId: fixture.home[8]!.id,
                onError: false,
              },
            ],
            wpa: 0.0375,
          }),
          game: { status: "active", awayScore: 1 },
        });
      });
      assert.equal(sent.length, 1, `sent ${sent.length} statements:\n${sent.join("\n")}`);
      assert.deepEqual(saved!.play, (await getPlays(db, game.id))[0]);
      assert.deepEqual(saved!.game, await getGame(db, game.id));
      assert.ok(saved!.game.startedAt instanceof Date);
      assert.equal(saved!.game.version, 1);

      const conflict = await statementsOf(() =>
        savePlay(db, {
          gameId: game.id,
          expectedVersion: 0,
          play: makeTestPlay(fixture, { playNumber: 2 }),
        }).catch((error: unknown) => {
          assert.ok(error instanceof VersionConflictError);
          assert.equal(error.currentVersion, 1);
        }),
      );
      assert.equal(conflict.length, 1, "a conflict costs no second statement");
      await assert.rejects(
        savePlay(db, { gameId: randomUUID(), expectedVersion: 0, play: makeTestPlay(fixture) }),
        (error: unknown) => error instanceof DbError && error.code === "db/unknown_game",
      );
    });

    it("inside the caller's transaction, a refused statement leaves that transaction usable", async () => {
      const db = getDb();
      const fixture = await createTestGame(db);
      await savePlay(db, {
        gameId: fixture.game.id,
        expectedVersion: 0,
        play: makeTestPlay(fixture),
      });
      await db.orm.transaction(async (tx) => {
        await assert.rejects(
          savePlay(tx, {
            gameId: fixture.game.id,
            expectedVersion: 1,
            play: makeTestPlay(fixture),
          }),
          (error: unknown) => error instanceof DbError && error.code === "db/duplicate_play_number",
        );
        await savePlay(tx, {
          gameId: fixture.game.id,
          expectedVersion: 1,
          play: makeTestPlay(fixture, { playNumber: 2 }),
        });
      });
      assert.equal((await getGame(db, fixture.game.id)).version, 2);
    });
  },
  { onQuery: (query) => statements.push(query) },
);

const unitPlanOk: UnitPlan = { stale: false, actionCount: 2, playCount: 1, awayScore: 1 };
