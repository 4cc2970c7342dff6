import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { games } from "./games.js";

/** Fielding positions by their scorer's abbreviation, plus the batting-only roles. */
export const LINEUP_POSITIONS = [
  "P",
  "C",
  "1B",
  "2B",
  "3B",
  "SS",
  "LF",
  "CF",
  "RF",
  "DH",
  "PH",
  "PR",
] as const;
export type LineupPosition = (typeof LINEUP_POSITIONS)[number];

/**
 * Every appearance of a player in a game: the starters, and each substitute with the entry it
 * replaced. PD lineups name a card (card_id), SBA lineups a player (player_id); exactly one.
 * Plays reference lineup entries by `id`.
 */
export const lineups = pgTable(
  "lineups",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    gameId: uuid("game_id")
      .notNull()
      .references(() => games.id, { onDelete: "cascade" }),
    teamId: integer("team_id").notNull(),
    cardId: integer("card_id"),
    playerId: integer("player_id"),
    position: text("position", { enum: LINEUP_POSITIONS }).notNull(),
    /** 1–9; null for a pitcher who does not bat (DH games). */
    battingOrder: integer("batting_order"),
    isStarter: boolean("is_starter").notNull().default(false),
    isActive: boolean("is_active").notNull().default(true),
    enteredInning: integer("entered_inning").notNull().default(1),
    replacingId: integer("replacing_id").references((): AnyPgColumn => lineups.id, {
      onDelete: "set null",
    }),
    /** The play_number after which this entry came in (null for starters). */
    afterPlay: integer("after_play"),
    isFatigued: boolean("is_fatigued").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Target of the plays' (game_id, lineup id) foreign keys.
    unique("lineups_game_id_unique").on(t.gameId, t.id),
    index("lineups_game_team_active_idx").on(t.gameId, t.teamId, t.isActive),
    // One active batter per slot per team: a substitute takes the slot of the entry it replaces.
    uniqueIndex("lineups_active_batting_order_unique")
      .on(t.gameId, t.teamId, t.battingOrder)
      .where(sql`${t.isActive} and ${t.battingOrder} is not null`),
    check("lineup_one_id_required", sql`num_nonnulls(${t.cardId}, ${t.playerId}) = 1`),
    check(
      "lineups_position_valid",
      sql`${t.position} in ('P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF', 'DH', 'PH', 'PR')`,
    ),
    check(
      "lineups_batting_order_range",
      sql`${t.battingOrder} is null or ${t.battingOrder} between 1 and 9`,
    ),
    check("lineups_entered_inning_positive", sql`${t.enteredInning} >= 1`),
    check("lineups_after_play_positive", sql`${t.afterPlay} is null or ${t.afterPlay} >= 1`),
  ],
);

export type LineupEntry = typeof lineups.$inferSelect;
export type NewLineupEntry = typeof lineups.$inferInsert;
