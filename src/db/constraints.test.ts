/**
 * Tries to break every constraint of the game record and expects the database to refuse with
 * a typed DbError (code, and the constraint's name where there is one). Rows are written raw
 * through the orm, bypassing the operations' own validation, so the table itself is tested.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, it } from "node:test";
import { sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import type { Database } from "./client.js";
import { ConstraintViolationError, DbError, mapDbErrors } from "./errors.js";
import { createGame } from "./operations.js";
import {
  cardBodies,
  gameActions,
  gameCardsetLinks,
  gameSessions,
  games,
  lineups,
  type NewGame,
  type NewGameAction,
  type NewLineupEntry,
  type NewPlay,
  plays,
  refreshTokens,
  rosterLinks,
  teamManagers,
  users,
} from "./schema/index.js";
import { createTestGame, describeEachBackend, makeTestPlay, type TestGame } from "./testing.js";

async function expectRefusal(
  run: () => Promise<unknown>,
  code: string,
  constraint?: string,
): Promise<DbError> {
  try {
    await mapDbErrors({}, run);
  } catch (error) {
    assert.ok(error instanceof DbError, `expected a DbError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (constraint !== undefined) {
      assert.ok(error instanceof ConstraintViolationError, `${error.name} carries no constraint`);
      assert.equal(error.constraint, constraint, error.message);
    }
    return error;
  }
  assert.fail(`expected ${code}${constraint ? ` (${constraint})` : ""}, but the write succeeded`);
}

describeEachBackend("constraints", (getDb) => {
  let sba: TestGame;
  let pdGameId: string;
  let userId: string;
  let playNumber = 100;

  before(async () => {
    const db = getDb();
    sba = await createTestGame(db);
    const pd = await createGame(db, {
      leagueId: "pd",
      homeTeamId: 1,
      awayTeamId: 2,
      cardsetLinks: [{ cardsetId: 1, priority: 0 }],
    });
    pdGameId = pd.id;
    const [user] = await db.orm
      .insert(users)
      .values({ discordId: "d-1", username: "skipper" })
      .returning();
    userId = user!.id;
  });

  const game = (overrides: Record<string, unknown>): NewGame =>
    ({ leagueId: "sba", homeTeamId: 1, awayTeamId: 2, rngSeed: "ab", ...overrides }) as NewGame;
  const insertGame = (db: Database, overrides: Record<string, unknown>) => () =>
    db.orm.insert(games).values(game(overrides));

  const gameChecks: [string, Record<string, unknown>][] = [
    ["games_league_id_valid", { leagueId: "mlb" }],
    ["games_status_valid", { status: "paused" }],
    ["games_game_mode_valid", { gameMode: "exhibition" }],
    ["games_visibility_valid", { visibility: "secret" }],
    ["games_current_half_valid", { currentHalf: "middle" }],
    ["games_ai_difficulty_valid", { aiDifficulty: "hard" }],
    ["games_teams_differ", { homeTeamId: 3, awayTeamId: 3 }],
    ["games_current_inning_positive", { currentInning: 0 }],
    ["games_scores_nonnegative", { homeScore: -1 }],
    ["games_rng_seed_hex", { rngSeed: "ABC" }],
    ["games_rng_algorithm_named", { rngAlgorithm: "" }],
    ["games_winner_is_a_team", { status: "completed", winnerTeamId: 9 }],
    ["games_winner_only_when_completed", { status: "active", winnerTeamId: 1 }],
    ["games_turn_timer_positive", { turnTimerSeconds: 0 }],
    ["games_version_nonnegative", { version: -1 }],
    ["games_pace_valid", { pace: "blitz" }],
    ["games_awaiting_side_valid", { status: "active", awaitingSide: "spectator" }],
    ["games_awaiting_side_valid", { status: "pending", awaitingSide: "home" }],
  ];
  for (const [constraint, overrides] of gameChecks) {
    it(`games refuses a row breaking ${constraint}`, async () => {
      await expectRefusal(insertGame(getDb(), overrides), "db/check_violation", constraint);
    });
  }

  it("games refuses a missing seed and an unknown creator", async () => {
    const db = getDb();
    await expectRefusal(
      () =>
        db.orm.execute(
          sql`insert into games (league_id, home_team_id, away_team_id) values ('sba', 1, 2)`,
        ),
      "db/not_null_violation",
    );
    await expectRefusal(
      insertGame(db, { createdBy: randomUUID() }),
      "db/unknown_reference",
      "games_created_by_users_id_fk",
    );
  });

  it("users refuses a discord id twice", async () => {
    const db = getDb();
    await expectRefusal(
      () => db.orm.insert(users).values({ discordId: "d-1", username: "again" }),
      "db/unique_violation",
      "users_discord_id_unique",
    );
  });

  it("team_managers refuses duplicates, unknown users and unknown leagues", async () => {
    const db = getDb();
    await db.orm.insert(teamManagers).values({ leagueId: "sba", teamId: 1, userId });
    await expectRefusal(
      () => db.orm.insert(teamManagers).values({ leagueId: "sba", teamId: 1, userId }),
      "db/unique_violation",
      "team_managers_league_team_user_unique",
    );
    await db.orm.insert(teamManagers).values({ leagueId: "pd", teamId: 1, userId });
    await expectRefusal(
      () =>
        db.orm.insert(teamManagers).values({ leagueId: "sba", teamId: 1, userId: randomUUID() }),
      "db/unknown_reference",
      "team_managers_user_id_users_id_fk",
    );
    await expectRefusal(
      () => db.orm.insert(teamManagers).values({ leagueId: "nfl" as "sba", teamId: 1, userId }),
      "db/check_violation",
      "team_managers_league_id_valid",
    );
  });

  it("refresh_tokens refuses a reused hash, an unknown user and an unknown successor", async () => {
    const db = getDb();
    const expiresAt = new Date(Date.now() + 3_600_000);
    await db.orm.insert(refreshTokens).values({ userId, tokenHash: "h1", expiresAt });
    await expectRefusal(
      () => db.orm.insert(refreshTokens).values({ userId, tokenHash: "h1", expiresAt }),
      "db/unique_violation",
      "refresh_tokens_token_hash_unique",
    );
    await expectRefusal(
      () =>
        db.orm.insert(refreshTokens).values({ userId: randomUUID(), tokenHash: "h2", expiresAt }),
      "db/unknown_reference",
      "refresh_tokens_user_id_users_id_fk",
    );
    await expectRefusal(
      () =>
        db.orm
          .insert(refreshTokens)
          .values({ userId, tokenHash: "h3", expiresAt, replacedBy: randomUUID() }),
      "db/unknown_reference",
      "refresh_tokens_replaced_by_refresh_tokens_id_fk",
    );
  });

  const lineup = (overrides: Record<string, unknown>): NewLineupEntry =>
    ({
      gameId: sba.game.id,
      teamId: 1,
      playerId: 7,
      position: "LF",
      battingOrder: null,
      isActive: false,
      ...overrides,
    }) as NewLineupEntry;

  const lineupChecks: [string, string, Record<string, unknown>][] = [
    ["lineup_one_id_required", "db/roster_link_one_id_required", { cardId: 1, playerId: 2 }],
    ["lineup_one_id_required", "db/roster_link_one_id_required", { cardId: null, playerId: null }],
    ["lineups_position_valid", "db/check_violation", { position: "DH2" }],
    ["lineups_batting_order_range", "db/check_violation", { battingOrder: 10 }],
    ["lineups_entered_inning_positive", "db/check_violation", { enteredInning: 0 }],
    ["lineups_after_play_positive", "db/check_violation", { afterPlay: 0 }],
  ];
  for (const [constraint, code, overrides] of lineupChecks) {
    it(`lineups refuses ${JSON.stringify(overrides)} (${constraint})`, async () => {
      const db = getDb();
      const error = await expectRefusal(
        () => db.orm.insert(lineups).values(lineup(overrides)),
        code,
      );
      if (code === "db/roster_link_one_id_required") assert.match(error.message, /lineup entry/);
      else assert.equal((error as ConstraintViolationError).constraint, constraint);
    });
  }

  it("lineups refuses a second active batter in a slot, an unknown game and an unknown replaced entry", async () => {
    const db = getDb();
    await expectRefusal(
      () => db.orm.insert(lineups).values(lineup({ isActive: true, battingOrder: 3 })),
      "db/unique_violation",
      "lineups_active_batting_order_unique",
    );
    // An inactive entry may share the slot (it was replaced).
    await db.orm.insert(lineups).values(lineup({ isActive: false, battingOrder: 3 }));
    await expectRefusal(
      () => db.orm.insert(lineups).values(lineup({ gameId: randomUUID() })),
      "db/unknown_game",
    );
    await expectRefusal(
      () => db.orm.insert(lineups).values(lineup({ replacingId: 999_999 })),
      "db/unknown_reference",
      "lineups_replacing_id_lineups_id_fk",
    );
  });

  const play = (overrides: Partial<NewPlay>): NewPlay => ({
    ...makeTestPlay(sba),
    gameId: sba.game.id,
    version: 1,
    playNumber: playNumber++,
    ...overrides,
  });
  const R1 = () => sba.away[0]!.id;
  const R2 = () => sba.away[1]!.id;
  const R3 = () => sba.away[2]!.id;

  it("plays accepts a valid row (the baseline the next cases break)", async () => {
    const db = getDb();
    await db.orm
      .insert(plays)
      .values(play({ onFirstId: R1(), onFirstFinal: 2, onBaseCode: 1, outsRecorded: 0 }));
  });

  const playChecks: [string, () => Partial<NewPlay>][] = [
    ["plays_play_number_positive", () => ({ playNumber: 0 })],
    ["plays_version_positive", () => ({ version: 0 })],
    ["plays_inning_positive", () => ({ inning: 0 })],
    ["plays_half_valid", () => ({ half: "middle" as "top" })],
    ["plays_outs_before_range", () => ({ outsBefore: 3 })],
    ["plays_batting_order_range", () => ({ battingOrder: 0 })],
    ["plays_scores_nonnegative", () => ({ homeScore: -2 })],
    ["plays_on_base_code_matches_runners", () => ({ onBaseCode: 1 })],
    ["plays_runner_finals_valid", () => ({ onFirstFinal: 2 })],
    ["plays_runner_finals_valid", () => ({ onSecondId: R2(), onBaseCode: 2, onSecondFinal: 1 })],
    ["plays_runner_finals_valid", () => ({ onThirdId: R3(), onBaseCode: 4, onThirdFinal: 5 })],
    ["plays_runner_finals_valid", () => ({ batterFinal: 0 })],
    ["plays_outs_recorded_range", () => ({ outsBefore: 2, outsRecorded: 2 })],
    ["plays_runs_scored_range", () => ({ runsScored: 5 })],
    ["plays_check_pos_valid", () => ({ checkPos: "DH" as "C" })],
    ["plays_stats_nonnegative", () => ({ eRun: -1 })],
    ["plays_stats_nonnegative", () => ({ double: -1 })],
    ["plays_stats_nonnegative", () => ({ sf: -1 })],
    ["plays_stats_nonnegative", () => ({ ci: -1 })],
    ["plays_batter_for_pa", () => ({ batterId: null, battingOrder: null, pa: 1 })],
    ["plays_batting_order_with_batter", () => ({ battingOrder: null })],
    ["plays_batting_order_with_batter", () => ({ batterId: null, pa: 0, ab: 0 })],
    ["plays_on_base_code_after_range", () => ({ onBaseCodeAfter: 8 })],
    ["plays_runners_errors_arrays", () => ({ runners: {} as [] })],
  ];
  for (const [constraint, overrides] of playChecks) {
    it(`plays refuses ${constraint} (${overrides.toString().replace(/^\(\) => /, "")})`, async () => {
      const db = getDb();
      await expectRefusal(
        () => db.orm.insert(plays).values(play(overrides())),
        "db/check_violation",
        constraint,
      );
    });
  }

  it("plays refuses a duplicate play number, an unknown game and unknown lineup entries", async () => {
    const db = getDb();
    await db.orm.insert(plays).values(play({ playNumber: 1 }));
    await expectRefusal(
      () => db.orm.insert(plays).values(play({ playNumber: 1 })),
      "db/duplicate_play_number",
    );
    await expectRefusal(
      () => db.orm.insert(plays).values(play({ gameId: randomUUID() })),
      "db/unknown_game",
    );
    for (const column of [
      "batterId",
      "pitcherId",
      "catcherId",
      "defenderId",
      "runnerId",
    ] as const) {
      await expectRefusal(
        () => db.orm.insert(plays).values(play({ [column]: 999_999 })),
        "db/unknown_reference",
      );
    }
    const error = await expectRefusal(
      () => db.orm.insert(plays).values(play({ onThirdId: 999_999, onBaseCode: 4 })),
      "db/unknown_reference",
      "plays_on_third_fk",
    );
    assert.match(error.message, /only name lineup entries of its own game/);
    // An entry that exists, but in another game.
    const other = await createTestGame(db);
    await expectRefusal(
      () => db.orm.insert(plays).values(play({ batterId: other.away[0]!.id })),
      "db/unknown_reference",
      "plays_batter_fk",
    );
  });

  it("on_base_code is the bit field 1 = R1, 2 = R2, 4 = R3 (3 = R1R2, 4 = R3 only)", async () => {
    const db = getDb();
    const combos: [string, Partial<NewPlay>, number][] = [
      ["empty", {}, 0],
      ["R1", { onFirstId: R1() }, 1],
      ["R2", { onSecondId: R2() }, 2],
      ["R1 R2", { onFirstId: R1(), onSecondId: R2() }, 3],
      ["R3", { onThirdId: R3() }, 4],
      ["R1 R3", { onFirstId: R1(), onThirdId: R3() }, 5],
      ["R2 R3", { onSecondId: R2(), onThirdId: R3() }, 6],
      ["loaded", { onFirstId: R1(), onSecondId: R2(), onThirdId: R3() }, 7],
    ];
    for (const [name, runners, code] of combos) {
      await db.orm.insert(plays).values(play({ ...runners, onBaseCode: code }));
      // The old webapp order swapped 3 and 4: both readings must be refused.
      const swapped = code === 3 ? 4 : code === 4 ? 3 : undefined;
      if (swapped !== undefined) {
        await expectRefusal(
          () => db.orm.insert(plays).values(play({ ...runners, onBaseCode: swapped })),
          "db/check_violation",
          "plays_on_base_code_matches_runners",
        );
      }
      assert.ok(name);
    }
  });

  it("game_cardset_links refuses SBA games, duplicates, shared priorities and negative priority", async () => {
    const db = getDb();
    await expectRefusal(
      () =>
        db.orm.insert(gameCardsetLinks).values({ gameId: sba.game.id, cardsetId: 1, priority: 0 }),
      "db/league_mismatch",
    );
    await expectRefusal(
      () =>
        db.orm
          .insert(gameCardsetLinks)
          .values({ gameId: sba.game.id, leagueId: "sba", cardsetId: 1, priority: 0 }),
      "db/league_mismatch",
    );
    await expectRefusal(
      () => db.orm.insert(gameCardsetLinks).values({ gameId: pdGameId, cardsetId: 1, priority: 4 }),
      "db/duplicate_cardset_link",
    );
    await expectRefusal(
      () => db.orm.insert(gameCardsetLinks).values({ gameId: pdGameId, cardsetId: 2, priority: 0 }),
      "db/duplicate_cardset_link",
    );
    await expectRefusal(
      () =>
        db.orm.insert(gameCardsetLinks).values({ gameId: pdGameId, cardsetId: 3, priority: -1 }),
      "db/check_violation",
      "game_cardset_links_priority_nonnegative",
    );
  });

  it("roster_links refuses both ids, neither id, a card twice, a player twice, an unknown game", async () => {
    const db = getDb();
    const both = await expectRefusal(
      () =>
        db.orm.insert(rosterLinks).values({ gameId: pdGameId, teamId: 1, cardId: 1, playerId: 1 }),
      "db/roster_link_one_id_required",
    );
    assert.match(both.message, /exactly one of card_id \(PD\) or player_id \(SBA\)/);
    await expectRefusal(
      () => db.orm.insert(rosterLinks).values({ gameId: pdGameId, teamId: 1 }),
      "db/roster_link_one_id_required",
    );
    await db.orm.insert(rosterLinks).values({ gameId: pdGameId, teamId: 1, cardId: 50 });
    await expectRefusal(
      () => db.orm.insert(rosterLinks).values({ gameId: pdGameId, teamId: 2, cardId: 50 }),
      "db/duplicate_roster_card",
    );
    await db.orm.insert(rosterLinks).values({ gameId: sba.game.id, teamId: 1, playerId: 50 });
    await expectRefusal(
      () => db.orm.insert(rosterLinks).values({ gameId: sba.game.id, teamId: 1, playerId: 50 }),
      "db/duplicate_roster_player",
    );
    await expectRefusal(
      () => db.orm.insert(rosterLinks).values({ gameId: randomUUID(), teamId: 1, cardId: 1 }),
      "db/unknown_game",
    );
  });

  it("game_sessions refuses a second session and an unknown game", async () => {
    const db = getDb();
    await db.orm.insert(gameSessions).values({ gameId: pdGameId });
    await expectRefusal(
      () => db.orm.insert(gameSessions).values({ gameId: pdGameId }),
      "db/unique_violation",
      "game_sessions_pkey",
    );
    await expectRefusal(
      () => db.orm.insert(gameSessions).values({ gameId: randomUUID() }),
      "db/unknown_game",
    );
  });

  const action = (overrides: Partial<NewGameAction>): NewGameAction => ({
    gameId: pdGameId,
    seq: 1,
    version: 1,
    actor: "home",
    kind: "setDefense",
    ...overrides,
  });

  it("game_actions refuses a reused seq, a reused client action id and empty or zero fields", async () => {
    const db = getDb();
    await db.orm.insert(gameActions).values(action({ clientActionId: "c-1" }));
    await expectRefusal(
      () => db.orm.insert(gameActions).values(action({})),
      "db/unique_violation",
      "game_actions_pk",
    );
    await expectRefusal(
      () => db.orm.insert(gameActions).values(action({ seq: 2, clientActionId: "c-1" })),
      "db/duplicate_client_action",
    );
    // Many actions may have no client id.
    await db.orm.insert(gameActions).values([action({ seq: 2 }), action({ seq: 3 })]);
    const checks: [string, Partial<NewGameAction>][] = [
      ["game_actions_seq_positive", { seq: 0 }],
      ["game_actions_version_positive", { seq: 10, version: 0 }],
      ["game_actions_actor_named", { seq: 11, actor: "" }],
      ["game_actions_kind_named", { seq: 12, kind: "" }],
    ];
    for (const [constraint, overrides] of checks) {
      await expectRefusal(
        () => db.orm.insert(gameActions).values(action(overrides)),
        "db/check_violation",
        constraint,
      );
    }
    await expectRefusal(
      () => db.orm.insert(gameActions).values(action({ gameId: randomUUID() })),
      "db/unknown_game",
    );
  });

  it("card_bodies refuses a hash that is no sha256, an unknown league and a second body under one hash", async () => {
    const db = getDb();
    const hash = "ab".repeat(32);
    const body = (overrides: Partial<typeof cardBodies.$inferInsert>) => ({
      hash,
      leagueId: "sba" as const,
      cardId: 7,
      body: { id: 7 },
      ...overrides,
    });
    await db.orm.insert(cardBodies).values(body({}));
    await expectRefusal(
      () => db.orm.insert(cardBodies).values(body({ body: { id: 8 } })),
      "db/unique_violation",
      "card_bodies_pkey",
    );
    await expectRefusal(
      () => db.orm.insert(cardBodies).values(body({ hash: "AB".repeat(32) })),
      "db/check_violation",
      "card_bodies_hash_sha256",
    );
    await expectRefusal(
      () =>
        db.orm.insert(cardBodies).values(body({ hash: "cd".repeat(32), leagueId: "nba" as never })),
      "db/check_violation",
      "card_bodies_league_id_valid",
    );
  });

  it("other database failures still arrive typed: out-of-range values, bad SQL, a closed database", async () => {
    const db = getDb();
    await expectRefusal(insertGame(db, { homeTeamId: 2 ** 31 }), "db/invalid_input");
    const failed = await expectRefusal(() => db.orm.execute(sql`selec 1`), "db/query_failed");
    assert.match(failed.message, /42601/);
    const { openTestDatabase } = await import("./testing.js");
    const closed = await openTestDatabase(db.kind);
    await closed.cleanup();
    await expectRefusal(() => closed.db.orm.execute(sql`select 1`), "db/query_failed");
  });

  it("the migrated database holds exactly the constraints and indexes the schema declares", async () => {
    const db = getDb();
    const tables: PgTable[] = [
      cardBodies,
      games,
      lineups,
      plays,
      gameCardsetLinks,
      rosterLinks,
      gameSessions,
      gameActions,
      users,
      teamManagers,
      refreshTokens,
    ];
    const declared = new Set<string>();
    const declaredIndexes = new Set<string>();
    for (const table of tables) {
      const config = getTableConfig(table);
      for (const check of config.checks) declared.add(check.name);
      for (const unique of config.uniqueConstraints) declared.add(unique.getName()!);
      for (const fk of config.foreignKeys) declared.add(fk.getName());
      for (const index of config.indexes) declaredIndexes.add(index.config.name!);
      for (const column of Object.values(config.columns)) {
        if (column.isUnique && column.uniqueName) declared.add(column.uniqueName);
      }
    }
    const result = await db.orm.execute(sql`
      select con.conname as name from pg_constraint con
      join pg_namespace ns on ns.oid = con.connamespace
      where ns.nspname = 'public' and con.contype in ('c', 'u', 'f')`);
    const actual = new Set((result as { rows: { name: string }[] }).rows.map((row) => row.name));
    assert.deepEqual([...actual].sort(), [...declared].sort());
    const indexResult = await db.orm.execute(sql`
      select indexname as name from pg_indexes where schemaname = 'public'
      and indexname not like '%_pkey' and indexname not like '%_pk'`);
    const indexNames = new Set(
      (indexResult as { rows: { name: string }[] }).rows.map((row) => row.name),
    );
    for (const name of declaredIndexes) assert.ok(indexNames.has(name), `index ${name} is missing`);
  });
});
