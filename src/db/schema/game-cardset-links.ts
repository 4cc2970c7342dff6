import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { games, LEAGUE_IDS } from "./games.js";

/**
 * The cardsets a PD game draws its cards from, in priority order (lowest number first) when a
 * player has cards in several. SBA games have none: the row carries its game's league through
 * a composite foreign key, and a CHECK allows only 'pd'.
 */
export const gameCardsetLinks = pgTable(
  "game_cardset_links",
  {
    gameId: uuid("game_id").notNull(),
    leagueId: text("league_id", { enum: LEAGUE_IDS }).notNull().default("pd"),
    cardsetId: integer("cardset_id").notNull(),
    priority: integer("priority").notNull(),
  },
  (t) => [
    primaryKey({ name: "game_cardset_links_pk", columns: [t.gameId, t.cardsetId] }),
    foreignKey({
      name: "game_cardset_links_game_fk",
      columns: [t.gameId, t.leagueId],
      foreignColumns: [games.id, games.leagueId],
    })
      .onDelete("cascade")
      .onUpdate("cascade"),
    unique("game_cardset_links_game_priority_unique").on(t.gameId, t.priority),
    check("game_cardset_links_pd_only", sql`${t.leagueId} = 'pd'`),
    check("game_cardset_links_priority_nonnegative", sql`${t.priority} >= 0`),
  ],
);

export type GameCardsetLink = typeof gameCardsetLinks.$inferSelect;
export type NewGameCardsetLink = typeof gameCardsetLinks.$inferInsert;
