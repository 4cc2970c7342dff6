import { sql } from "drizzle-orm";
import {
  check,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { games } from "./games.js";
import type { JsonValue } from "./json.js";

/**
 * The durable action log, the source of truth for replay: every accepted action of a game in
 * order (`seq` 1, 2, 3...), with the state version it produced. A client's action id is kept
 * so a retried submission is recognised (unique per game).
 */
export const gameActions = pgTable(
  "game_actions",
  {
    gameId: uuid("game_id")
      .notNull()
      .references(() => games.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    version: integer("version").notNull(),
    /** Who acted: 'home' | 'away' | 'system' | 'ai:home' | 'ai:away' ... */
    actor: text("actor").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<JsonValue>().notNull().default({}),
    clientActionId: text("client_action_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "game_actions_pk", columns: [t.gameId, t.seq] }),
    uniqueIndex("game_actions_client_action_unique")
      .on(t.gameId, t.clientActionId)
      .where(sql`${t.clientActionId} is not null`),
    check("game_actions_seq_positive", sql`${t.seq} >= 1`),
    check("game_actions_version_positive", sql`${t.version} >= 1`),
    check("game_actions_actor_named", sql`length(${t.actor}) > 0`),
    check("game_actions_kind_named", sql`length(${t.kind}) > 0`),
  ],
);

export type GameAction = typeof gameActions.$inferSelect;
export type NewGameAction = typeof gameActions.$inferInsert;
