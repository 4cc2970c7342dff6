import { jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { games } from "./games.js";
import type { JsonValue } from "./json.js";

/** Who is connected to a live game. */
export type ConnectedUser = {
  userId: string;
  side?: "home" | "away" | "spectator";
  socketId?: string;
  connectedAt?: string;
};

/** The live session of a game (one-to-one with games): connections and a state snapshot. */
export const gameSessions = pgTable("game_sessions", {
  gameId: uuid("game_id")
    .primaryKey()
    .references(() => games.id, { onDelete: "cascade" }),
  connectedUsers: jsonb("connected_users").$type<ConnectedUser[]>().notNull().default([]),
  lastActionAt: timestamp("last_action_at", { withTimezone: true }).notNull().defaultNow(),
  stateSnapshot: jsonb("state_snapshot").$type<JsonValue>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type GameSession = typeof gameSessions.$inferSelect;
export type NewGameSession = typeof gameSessions.$inferInsert;
