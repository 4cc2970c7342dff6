import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { LEAGUE_IDS } from "./games.js";
import type { JsonObject } from "./json.js";

/**
 * Every card a game was started with, stored once by its content: `hash` is the sha256 (hex) of
 * the card's canonical JSON (keys sorted; see cardHash in ops/card-bodies.ts). A start action
 * names its cards by hash instead of carrying both rosters (~1 MB per game), so a season of
 * games stores each card once. Rows are only ever added, never changed or removed: a card
 * whose ratings change is a new body with a new hash, and old games keep replaying the old one.
 */
export const cardBodies = pgTable(
  "card_bodies",
  {
    hash: text("hash").primaryKey(),
    leagueId: text("league_id", { enum: LEAGUE_IDS }).notNull(),
    /** The card's id in its league (SBA: the player id; PD: the card id). */
    cardId: integer("card_id").notNull(),
    body: jsonb("body").$type<JsonObject>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Every stored version of one card, for admin tools.
    index("card_bodies_card_idx").on(t.leagueId, t.cardId),
    check("card_bodies_hash_sha256", sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
    check("card_bodies_league_id_valid", sql`${t.leagueId} in ('sba', 'pd')`),
  ],
);

export type CardBody = typeof cardBodies.$inferSelect;
export type NewCardBody = typeof cardBodies.$inferInsert;
