import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { DbError, mapDbErrors, UnknownSessionError } from "../errors.js";
import {
  type ConnectedUser,
  type GameSession,
  gameSessions,
  type JsonValue,
} from "../schema/index.js";
import { type DbHandle, ormOf, parseGameId, parseInput, readGameIdentity } from "./shared.js";

const connectedUserSchema = z.object({
  userId: z.string().min(1),
  side: z.enum(["home", "away", "spectator"]).optional(),
  socketId: z.string().optional(),
  connectedAt: z.string().optional(),
});
const connectedUsersSchema = z.array(connectedUserSchema);

/**
 * Opens the live session of a game (one per game). If the game already has one, that session
 * is returned unchanged: a restarted server re-opens its games without special cases.
 */
export async function createGameSession(
  db: DbHandle,
  gameId: string,
  initial: { connectedUsers?: ConnectedUser[]; stateSnapshot?: JsonValue } = {},
): Promise<GameSession> {
  const id = parseGameId(gameId);
  const connectedUsers = parseInput(
    connectedUsersSchema,
    initial.connectedUsers ?? [],
    "connected users",
  );
  const orm = ormOf(db);
  const [created] = await mapDbErrors({ gameId: id }, () =>
    orm
      .insert(gameSessions)
      .values({ gameId: id, connectedUsers, stateSnapshot: initial.stateSnapshot ?? null })
      .onConflictDoNothing({ target: gameSessions.gameId })
      .returning(),
  );
  if (created) return created;
  return getGameSession(db, id);
}

export async function getGameSession(db: DbHandle, gameId: string): Promise<GameSession> {
  const id = parseGameId(gameId);
  const orm = ormOf(db);
  const [session] = await mapDbErrors({ gameId: id }, () =>
    orm.select().from(gameSessions).where(eq(gameSessions.gameId, id)),
  );
  if (session) return session;
  await readGameIdentity(orm, id); // throws UnknownGameError when the game itself is missing
  throw new UnknownSessionError(id);
}

/** Replaces the session's state snapshot (and optionally its connected users); stamps the time. */
export async function updateSessionSnapshot(
  db: DbHandle,
  gameId: string,
  stateSnapshot: JsonValue,
  options: { connectedUsers?: ConnectedUser[] } = {},
): Promise<GameSession> {
  const id = parseGameId(gameId);
  if (stateSnapshot === undefined) {
    throw new DbError("db/invalid_input", "invalid state snapshot: it is undefined");
  }
  const connectedUsers =
    options.connectedUsers === undefined
      ? undefined
      : parseInput(connectedUsersSchema, options.connectedUsers, "connected users");
  const orm = ormOf(db);
  const [session] = await mapDbErrors({ gameId: id }, () =>
    orm
      .update(gameSessions)
      .set({
        stateSnapshot,
        ...(connectedUsers ? { connectedUsers } : {}),
        lastActionAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(gameSessions.gameId, id))
      .returning(),
  );
  if (session) return session;
  await readGameIdentity(orm, id);
  throw new UnknownSessionError(id);
}

/** Replaces the list of connected users (on join and leave) without touching the snapshot. */
export async function setConnectedUsers(
  db: DbHandle,
  gameId: string,
  connectedUsers: ConnectedUser[],
): Promise<GameSession> {
  const id = parseGameId(gameId);
  const users = parseInput(connectedUsersSchema, connectedUsers, "connected users");
  const orm = ormOf(db);
  const [session] = await mapDbErrors({ gameId: id }, () =>
    orm
      .update(gameSessions)
      .set({ connectedUsers: users, updatedAt: sql`now()` })
      .where(eq(gameSessions.gameId, id))
      .returning(),
  );
  if (session) return session;
  await readGameIdentity(orm, id);
  throw new UnknownSessionError(id);
}
