import { relations } from "drizzle-orm";
import { gameActions } from "./game-actions.js";
import { gameCardsetLinks } from "./game-cardset-links.js";
import { gameSessions } from "./game-sessions.js";
import { games } from "./games.js";
import { lineups } from "./lineups.js";
import { plays } from "./plays.js";
import { rosterLinks } from "./roster-links.js";

/** Relations for drizzle's relational queries (`orm.query.games.findFirst({ with: ... })`). */
export const gamesRelations = relations(games, ({ many, one }) => ({
  lineups: many(lineups),
  plays: many(plays),
  cardsetLinks: many(gameCardsetLinks),
  rosterLinks: many(rosterLinks),
  actions: many(gameActions),
  session: one(gameSessions, { fields: [games.id], references: [gameSessions.gameId] }),
}));

export const lineupsRelations = relations(lineups, ({ one }) => ({
  game: one(games, { fields: [lineups.gameId], references: [games.id] }),
}));

export const playsRelations = relations(plays, ({ one }) => ({
  game: one(games, { fields: [plays.gameId], references: [games.id] }),
}));

export const gameCardsetLinksRelations = relations(gameCardsetLinks, ({ one }) => ({
  game: one(games, { fields: [gameCardsetLinks.gameId], references: [games.id] }),
}));

export const rosterLinksRelations = relations(rosterLinks, ({ one }) => ({
  game: one(games, { fields: [rosterLinks.gameId], references: [games.id] }),
}));

export const gameActionsRelations = relations(gameActions, ({ one }) => ({
  game: one(games, { fields: [gameActions.gameId], references: [games.id] }),
}));

export const gameSessionsRelations = relations(gameSessions, ({ one }) => ({
  game: one(games, { fields: [gameSessions.gameId], references: [games.id] }),
}));
