// Users: people who sign in with Discord (or, locally, with the dev login).
//
// A user is keyed by their Discord id. Signing in creates the row, or refreshes its name and
// avatar. Ownership sync from league data may create a row before its person ever signs in: a
// placeholder with the Discord id and a provisional name, which their first login fills in. The
// team_managers rows therefore always point at a real user, and a GM can play the moment they log in.

import { eq, inArray } from "drizzle-orm";
import { users } from "../db/schema/users.js";
import type { DiscordProfile } from "./discord.js";
import type { Executor } from "./store.js";

/** A user as the API shows them. */
export interface UserView {
  id: string;
  discordId: string;
  username: string;
  avatar: string | null;
  isAdmin: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** The synthetic Discord id of a dev-login user: never a real snowflake (those are digits). */
export const DEV_DISCORD_ID_PREFIX = "dev:";

/** The name a placeholder user carries until its first login. */
export function placeholderName(discordId: string): string {
  return `discord:${discordId}`;
}

function toView(row: typeof users.$inferSelect): UserView {
  return {
    id: row.id,
    discordId: row.discordId,
    username: row.username,
    avatar: row.avatar,
    isAdmin: row.isAdmin,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

/** Create or refresh the user a login speaks for, stamping the login time. */
export async function recordLogin(
  ex: Executor,
  profile: DiscordProfile,
  now: Date,
): Promise<UserView> {
  const [row] = await ex
    .insert(users)
    .values({
      discordId: profile.discordId,
      username: profile.username,
      avatar: profile.avatar,
      lastLoginAt: now,
    })
    .onConflictDoUpdate({
      target: users.discordId,
      set: { username: profile.username, avatar: profile.avatar, lastLoginAt: now },
    })
    .returning();
  return toView(row!);
}

export async function findUserById(ex: Executor, id: string): Promise<UserView | null> {
  const [row] = await ex.select().from(users).where(eq(users.id, id)).limit(1);
  return row ? toView(row) : null;
}

export async function findUserByDiscordId(
  ex: Executor,
  discordId: string,
): Promise<UserView | null> {
  const [row] = await ex.select().from(users).where(eq(users.discordId, discordId)).limit(1);
  return row ? toView(row) : null;
}

/**
 * The user id of each Discord id, creating placeholder users for the ones not seen yet.
 * Existing users are left as they are.
 */
export async function ensureUsersByDiscordId(
  ex: Executor,
  discordIds: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(discordIds)];
  if (wanted.length === 0) return new Map();
  await ex
    .insert(users)
    .values(wanted.map((discordId) => ({ discordId, username: placeholderName(discordId) })))
    .onConflictDoNothing({ target: users.discordId });
  const rows = await ex
    .select({ id: users.id, discordId: users.discordId })
    .from(users)
    .where(inArray(users.discordId, wanted));
  return new Map(rows.map((row) => [row.discordId, row.id]));
}

/** Grant or withdraw admin rights. Returns the user, or null when no user has that Discord id. */
export async function setAdmin(
  ex: Executor,
  discordId: string,
  isAdmin: boolean,
): Promise<UserView | null> {
  const [row] = await ex
    .update(users)
    .set({ isAdmin })
    .where(eq(users.discordId, discordId))
    .returning();
  return row ? toView(row) : null;
}
