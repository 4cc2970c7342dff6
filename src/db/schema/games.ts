import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./users.js";

export const LEAGUE_IDS = ["sba", "pd"] as const;
export type LeagueId = (typeof LEAGUE_IDS)[number];

export const GAME_STATUSES = ["pending", "active", "completed", "abandoned"] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

export const GAME_MODES = ["ranked", "friendly", "practice"] as const;
export type GameMode = (typeof GAME_MODES)[number];

export const GAME_VISIBILITIES = ["public", "private"] as const;
export type GameVisibility = (typeof GAME_VISIBILITIES)[number];

/** Live: both managers online, optional turn timers. Async: correspondence, no timers. */
export const GAME_PACES = ["live", "async"] as const;
export type GamePace = (typeof GAME_PACES)[number];

export const SIDES = ["home", "away"] as const;
export type GameSide = (typeof SIDES)[number];

export const HALVES = ["top", "bottom"] as const;
export type Half = (typeof HALVES)[number];

export const AI_DIFFICULTIES = ["balanced", "yolo", "safe"] as const;
export type AiDifficulty = (typeof AI_DIFFICULTIES)[number];

/** The dice stream's algorithm when none is named. */
export const DEFAULT_RNG_ALGORITHM = "chacha20";

/**
 * One game between a home and an away team. `version` goes up by one with every accepted
 * change of state; every conditional write names the version it was made against.
 */
export const games = pgTable(
  "games",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leagueId: text("league_id", { enum: LEAGUE_IDS }).notNull(),
    homeTeamId: integer("home_team_id").notNull(),
    awayTeamId: integer("away_team_id").notNull(),
    status: text("status", { enum: GAME_STATUSES }).notNull().default("pending"),
    gameMode: text("game_mode", { enum: GAME_MODES }).notNull().default("friendly"),
    visibility: text("visibility", { enum: GAME_VISIBILITIES }).notNull().default("public"),
    pace: text("pace", { enum: GAME_PACES }).notNull().default("live"),
    /** The side that owes the next decision (null before the start, after the end). */
    awaitingSide: text("awaiting_side", { enum: SIDES }),
    currentInning: integer("current_inning").notNull().default(1),
    currentHalf: text("current_half", { enum: HALVES }).notNull().default("top"),
    homeScore: integer("home_score").notNull().default(0),
    awayScore: integer("away_score").notNull().default(0),
    homeTeamIsAi: boolean("home_team_is_ai").notNull().default(false),
    awayTeamIsAi: boolean("away_team_is_ai").notNull().default(false),
    aiDifficulty: text("ai_difficulty", { enum: AI_DIFFICULTIES }).notNull().default("balanced"),
    /** The seed record: the dice stream's seed as lowercase hex, and the algorithm that reads it. */
    rngSeed: text("rng_seed").notNull(),
    rngAlgorithm: text("rng_algorithm").notNull().default(DEFAULT_RNG_ALGORITHM),
    winnerTeamId: integer("winner_team_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    turnTimerSeconds: integer("turn_timer_seconds"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** When a manager (or the AI, or a timer) last acted: drives async play and idle sweeps. */
    lastActionAt: timestamp("last_action_at", { withTimezone: true }),
    /** Sequence number of the last entry in game_actions (0 = none yet). */
    lastActionSeq: integer("last_action_seq").notNull().default(0),
    version: integer("version").notNull().default(0),
  },
  (t) => [
    // Lets child tables pin the league of their game with a composite foreign key.
    unique("games_id_league_unique").on(t.id, t.leagueId),
    index("games_status_idx").on(t.leagueId, t.status),
    index("games_home_team_idx").on(t.leagueId, t.homeTeamId),
    index("games_away_team_idx").on(t.leagueId, t.awayTeamId),
    index("games_created_by_idx").on(t.createdBy),
    // The games being played (resumed at start, listed live, "waiting on me"). No index names a
    // column that changes with every action (awaiting_side, last_action_at, version, scores), so
    // the games row, rewritten by every action, is updated in place (a HOT update): no new entry in
    // each of its indexes, about a quarter less WAL per action. The table keeps room on each page
    // for that (fillfactor, set in migration 0004). The few active games are filtered and sorted
    // on those columns after this index finds them.
    index("games_active_idx").on(t.leagueId).where(sql`${t.status} = 'active'`),
    check("games_league_id_valid", sql`${t.leagueId} in ('sba', 'pd')`),
    check(
      "games_status_valid",
      sql`${t.status} in ('pending', 'active', 'completed', 'abandoned')`,
    ),
    check("games_game_mode_valid", sql`${t.gameMode} in ('ranked', 'friendly', 'practice')`),
    check("games_visibility_valid", sql`${t.visibility} in ('public', 'private')`),
    check("games_pace_valid", sql`${t.pace} in ('live', 'async')`),
    check(
      "games_awaiting_side_valid",
      sql`${t.awaitingSide} is null or (${t.awaitingSide} in ('home', 'away') and ${t.status} = 'active')`,
    ),
    check("games_current_half_valid", sql`${t.currentHalf} in ('top', 'bottom')`),
    check("games_ai_difficulty_valid", sql`${t.aiDifficulty} in ('balanced', 'yolo', 'safe')`),
    check("games_teams_differ", sql`${t.homeTeamId} <> ${t.awayTeamId}`),
    check("games_current_inning_positive", sql`${t.currentInning} >= 1`),
    check("games_scores_nonnegative", sql`${t.homeScore} >= 0 and ${t.awayScore} >= 0`),
    check("games_rng_seed_hex", sql`${t.rngSeed} ~ '^([0-9a-f]{2})+$'`),
    check("games_rng_algorithm_named", sql`length(${t.rngAlgorithm}) > 0`),
    check(
      "games_winner_is_a_team",
      sql`${t.winnerTeamId} is null or ${t.winnerTeamId} in (${t.homeTeamId}, ${t.awayTeamId})`,
    ),
    check(
      "games_winner_only_when_completed",
      sql`${t.winnerTeamId} is null or ${t.status} = 'completed'`,
    ),
    check(
      "games_turn_timer_positive",
      sql`${t.turnTimerSeconds} is null or ${t.turnTimerSeconds} > 0`,
    ),
    check("games_version_nonnegative", sql`${t.version} >= 0 and ${t.lastActionSeq} >= 0`),
  ],
);

export type Game = typeof games.$inferSelect;
export type NewGame = typeof games.$inferInsert;
