import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { games, HALVES } from "./games.js";
import type { JsonObject, JsonValue } from "./json.js";
import { lineups } from "./lineups.js";

/** Positions that can be named by an X-check. */
export const CHECK_POSITIONS = ["P", "C", "1B", "2B", "3B", "SS", "LF", "CF", "RF"] as const;
export type CheckPosition = (typeof CHECK_POSITIONS)[number];

/**
 * For each runner on base before the play, the lineup id of the pitcher charged with him
 * (differs from the play's pitcher for inherited runners). Drives earned runs and IR/IRS.
 */
export type ResponsiblePitchers = {
  first?: number | null;
  second?: number | null;
  third?: number | null;
};

/** One man's movement on a play, as stored in plays.runners (from 0 = the batter; to null = out). */
export type PlayRunnerMove = {
  lineupId: number;
  from: 0 | 1 | 2 | 3;
  to: 1 | 2 | 3 | 4 | null;
  responsiblePitcherId: number;
  onError: boolean;
};

/** One fielding error, as stored in plays.errors. */
export type PlayFieldingError = { position: string; lineupId: number; bases: number };

/** Columns of plays that name a lineup entry; each must be an entry of the play's own game. */
const LINEUP_REFERENCES = [
  ["batterId", "plays_batter_fk"],
  ["pitcherId", "plays_pitcher_fk"],
  ["catcherId", "plays_catcher_fk"],
  ["defenderId", "plays_defender_fk"],
  ["runnerId", "plays_runner_fk"],
  ["onFirstId", "plays_on_first_fk"],
  ["onSecondId", "plays_on_second_fk"],
  ["onThirdId", "plays_on_third_fk"],
] as const;

/**
 * One play: a plate appearance or a between-pitches event (steal, wild pitch, pick-off...).
 * The base-out state before the play, who moved where, the dice read, and the scorer's stats.
 * `on_base_code` is the bit field 1 = R1, 2 = R2, 4 = R3 (7 = loaded), checked against the
 * runner columns.
 */
export const plays = pgTable(
  "plays",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    gameId: uuid("game_id")
      .notNull()
      .references(() => games.id, { onDelete: "cascade" }),
    playNumber: integer("play_number").notNull(),
    /** The game state version this play produced. */
    version: integer("version").notNull(),
    clientActionId: text("client_action_id"),
    inning: integer("inning").notNull(),
    half: text("half", { enum: HALVES }).notNull(),
    outsBefore: integer("outs_before").notNull(),
    /** The batting-order slot at bat (1–9); null for a play with no batter (a steal, a wild pitch). */
    battingOrder: integer("batting_order"),
    awayScore: integer("away_score").notNull().default(0),
    homeScore: integer("home_score").notNull().default(0),

    /** Null for a play inside a plate appearance (steal, wild pitch, balk, pickoff). */
    batterId: integer("batter_id"),
    pitcherId: integer("pitcher_id").notNull(),
    catcherId: integer("catcher_id"),
    defenderId: integer("defender_id"),
    runnerId: integer("runner_id"),
    onFirstId: integer("on_first_id"),
    onSecondId: integer("on_second_id"),
    onThirdId: integer("on_third_id"),
    /** Where each runner ended: null = out (or no runner), 1–4 = base reached (4 = scored). */
    onFirstFinal: integer("on_first_final"),
    onSecondFinal: integer("on_second_final"),
    onThirdFinal: integer("on_third_final"),
    batterFinal: integer("batter_final"),
    onBaseCode: integer("on_base_code").notNull().default(0),
    /** The bases after the play, in the same bit field (1 = R1, 2 = R2, 4 = R3). */
    onBaseCodeAfter: integer("on_base_code_after").notNull().default(0),
    /**
     * Every man on base when the play began and the batter when it ended his plate appearance:
     * where each went (lineup ids of this game; see the RunnerMove contract in play-record.ts).
     */
    runners: jsonb("runners").$type<PlayRunnerMove[]>().notNull().default([]),
    /** Fielding errors charged on the play (position, lineup id, bases). */
    errors: jsonb("errors").$type<PlayFieldingError[]>().notNull().default([]),
    responsiblePitcherIds: jsonb("responsible_pitcher_ids").$type<ResponsiblePitchers>(),

    defensiveChoices: jsonb("defensive_choices").$type<JsonObject>().notNull().default({}),
    offensiveChoices: jsonb("offensive_choices").$type<JsonObject>().notNull().default({}),
    diceRoll: jsonb("dice_roll").$type<JsonValue>(),
    hitType: text("hit_type"),
    resultDescription: text("result_description"),
    outsRecorded: integer("outs_recorded").notNull().default(0),
    runsScored: integer("runs_scored").notNull().default(0),
    checkPos: text("check_pos", { enum: CHECK_POSITIONS }),

    pa: integer("pa").notNull().default(0),
    ab: integer("ab").notNull().default(0),
    hit: integer("hit").notNull().default(0),
    double: integer("double").notNull().default(0),
    triple: integer("triple").notNull().default(0),
    homerun: integer("homerun").notNull().default(0),
    bb: integer("bb").notNull().default(0),
    so: integer("so").notNull().default(0),
    hbp: integer("hbp").notNull().default(0),
    rbi: integer("rbi").notNull().default(0),
    sac: integer("sac").notNull().default(0),
    /** Sacrifice flies. */
    sf: integer("sf").notNull().default(0),
    ibb: integer("ibb").notNull().default(0),
    gidp: integer("gidp").notNull().default(0),
    sb: integer("sb").notNull().default(0),
    cs: integer("cs").notNull().default(0),
    wildPitch: integer("wild_pitch").notNull().default(0),
    passedBall: integer("passed_ball").notNull().default(0),
    pickOff: integer("pick_off").notNull().default(0),
    balk: integer("balk").notNull().default(0),
    bphr: integer("bphr").notNull().default(0),
    bpfo: integer("bpfo").notNull().default(0),
    bp1b: integer("bp1b").notNull().default(0),
    bplo: integer("bplo").notNull().default(0),
    run: integer("run").notNull().default(0),
    eRun: integer("e_run").notNull().default(0),
    /** Catcher's interference. */
    ci: integer("ci").notNull().default(0),

    wpa: doublePrecision("wpa").notNull().default(0),
    re24: doublePrecision("re24").notNull().default(0),
    isTied: boolean("is_tied").notNull().default(false),
    isGoAhead: boolean("is_go_ahead").notNull().default(false),
    isNewInning: boolean("is_new_inning").notNull().default(false),
    inPow: boolean("in_pow").notNull().default(false),
    /** A turn timer ran out and the AI decided for the manager. */
    decidedByAi: boolean("decided_by_ai").notNull().default(false),
    complete: boolean("complete").notNull().default(false),
    locked: boolean("locked").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("plays_game_play_number_unique").on(t.gameId, t.playNumber),
    // (game_id, x_id) -> lineups (game_id, id): a play names only entries of its own game, and
    // the checks these keys run when lineups are deleted use the (game_id, ...) index above.
    ...LINEUP_REFERENCES.map(([column, name]) =>
      foreignKey({
        name,
        columns: [t.gameId, t[column]],
        foreignColumns: [lineups.gameId, lineups.id],
      }),
    ),
    index("plays_situation_idx").on(t.onBaseCode, t.outsBefore),
    index("plays_batter_idx").on(t.batterId),
    index("plays_pitcher_idx").on(t.pitcherId),
    index("plays_game_client_action_idx")
      .on(t.gameId, t.clientActionId)
      .where(sql`${t.clientActionId} is not null`),
    check("plays_play_number_positive", sql`${t.playNumber} >= 1`),
    check("plays_version_positive", sql`${t.version} >= 1`),
    check("plays_inning_positive", sql`${t.inning} >= 1`),
    check("plays_half_valid", sql`${t.half} in ('top', 'bottom')`),
    check("plays_outs_before_range", sql`${t.outsBefore} between 0 and 2`),
    check(
      "plays_batting_order_range",
      sql`${t.battingOrder} is null or ${t.battingOrder} between 1 and 9`,
    ),
    // A plate appearance has a batter; a play with no batter has no batting slot either.
    check("plays_batter_for_pa", sql`${t.batterId} is not null or ${t.pa} = 0`),
    check(
      "plays_batting_order_with_batter",
      sql`(${t.batterId} is null) = (${t.battingOrder} is null)`,
    ),
    check("plays_on_base_code_after_range", sql`${t.onBaseCodeAfter} between 0 and 7`),
    check(
      "plays_runners_errors_arrays",
      sql`jsonb_typeof(${t.runners}) = 'array' and jsonb_typeof(${t.errors}) = 'array'`,
    ),
    check("plays_scores_nonnegative", sql`${t.awayScore} >= 0 and ${t.homeScore} >= 0`),
    check(
      "plays_on_base_code_matches_runners",
      sql`${t.onBaseCode} = (case when ${t.onFirstId} is null then 0 else 1 end)
        + (case when ${t.onSecondId} is null then 0 else 2 end)
        + (case when ${t.onThirdId} is null then 0 else 4 end)`,
    ),
    check(
      "plays_runner_finals_valid",
      sql`(${t.onFirstFinal} is null or (${t.onFirstId} is not null and ${t.onFirstFinal} between 1 and 4))
        and (${t.onSecondFinal} is null or (${t.onSecondId} is not null and ${t.onSecondFinal} between 2 and 4))
        and (${t.onThirdFinal} is null or (${t.onThirdId} is not null and ${t.onThirdFinal} between 3 and 4))
        and (${t.batterFinal} is null or ${t.batterFinal} between 1 and 4)`,
    ),
    check(
      "plays_outs_recorded_range",
      sql`${t.outsRecorded} between 0 and 3 and ${t.outsBefore} + ${t.outsRecorded} <= 3`,
    ),
    check("plays_runs_scored_range", sql`${t.runsScored} between 0 and 4`),
    check(
      "plays_check_pos_valid",
      sql`${t.checkPos} is null or ${t.checkPos} in ('P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF')`,
    ),
    check(
      "plays_stats_nonnegative",
      sql`least(${t.pa}, ${t.ab}, ${t.hit}, ${t.double}, ${t.triple}, ${t.homerun}, ${t.bb}, ${t.so},
        ${t.hbp}, ${t.rbi}, ${t.sac}, ${t.sf}, ${t.ibb}, ${t.gidp}, ${t.sb}, ${t.cs}, ${t.wildPitch},
        ${t.passedBall}, ${t.pickOff}, ${t.balk}, ${t.bphr}, ${t.bpfo}, ${t.bp1b}, ${t.bplo},
        ${t.run}, ${t.eRun}, ${t.ci}) >= 0`,
    ),
  ],
);

export type Play = typeof plays.$inferSelect;
export type NewPlay = typeof plays.$inferInsert;
