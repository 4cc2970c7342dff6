import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, unique, uuid } from "drizzle-orm/pg-core";
import { games } from "./games.js";

/**
 * The players a team may use in one game: a PD card (card_id) or an SBA player (player_id),
 * exactly one of the two.
 */
export const rosterLinks = pgTable(
  "roster_links",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    gameId: uuid("game_id")
      .notNull()
      .references(() => games.id, { onDelete: "cascade" }),
    cardId: integer("card_id"),
    playerId: integer("player_id"),
    teamId: integer("team_id").notNull(),
  },
  (t) => [
    check("roster_link_one_id_required", sql`num_nonnulls(${t.cardId}, ${t.playerId}) = 1`),
    unique("roster_links_game_card_unique").on(t.gameId, t.cardId),
    unique("roster_links_game_player_unique").on(t.gameId, t.playerId),
    index("roster_links_game_team_idx").on(t.gameId, t.teamId),
  ],
);

export type RosterLink = typeof rosterLinks.$inferSelect;
export type NewRosterLink = typeof rosterLinks.$inferInsert;
