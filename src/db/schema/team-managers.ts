import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { LEAGUE_IDS } from "./games.js";
import { users } from "./users.js";

/** Which user may manage which team, per league. A team may have several managers. */
export const teamManagers = pgTable(
  "team_managers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    leagueId: text("league_id", { enum: LEAGUE_IDS }).notNull(),
    teamId: integer("team_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("team_managers_league_team_user_unique").on(t.leagueId, t.teamId, t.userId),
    index("team_managers_user_idx").on(t.userId),
    check("team_managers_league_id_valid", sql`${t.leagueId} in ('sba', 'pd')`),
  ],
);

export type TeamManager = typeof teamManagers.$inferSelect;
export type NewTeamManager = typeof teamManagers.$inferInsert;
