import { boolean, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A person who signs in with Discord. Managers of teams, admins, spectators. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  discordId: text("discord_id").notNull().unique("users_discord_id_unique"),
  username: text("username").notNull(),
  avatar: text("avatar"),
  isAdmin: boolean("is_admin").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
