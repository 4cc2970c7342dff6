// Refresh tokens: long-lived, random, single-use, revocable.
//
// - A refresh token is 256 random bits (base64url). Only its SHA-256 is stored, so a copy of the
//   database cannot be replayed as a login.
// - It travels in one cookie (REFRESH_COOKIE_NAME): httpOnly, SameSite=Lax, Path=/auth, Secure
//   whenever the request came over HTTPS or NODE_ENV=production (development and test over plain
//   http://localhost get a non-Secure cookie, or browsers would drop it).
// - Rotation: every POST /auth/refresh spends the token (revoked_at set) and issues a successor
//   (the spent row's replaced_by points at it). The successor chain is the token's "family": one
//   login, seen through all its rotations.
// - Reuse detection: a spent token coming back means two parties hold the family (the cookie was
//   stolen, or the thief already rotated it). The whole family is revoked from the spent token
//   onwards, so both parties must log in again, and the request is refused auth/refresh_reused.
//   One exception, REFRESH_REUSE_GRACE_SECONDS: two tabs refreshing at the same moment both send
//   the same token; the loser of that race, within the grace, is refused auth/refresh_invalid
//   without revoking anything (its browser already holds the winner's new cookie, so a retry works).
// - Logout revokes the token presented. Expired tokens are refused, and deleted by the server's
//   hourly sweep (src/http/plugins/auth.ts).

import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { refreshTokens } from "../db/schema/refresh-tokens.js";
import { AuthError } from "./errors.js";
import type { Executor, Orm } from "./store.js";

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const REFRESH_TOKEN_BYTES = 32;
export const REFRESH_COOKIE_NAME = "dugout_refresh";
export const REFRESH_COOKIE_PATH = "/auth";
/** A spent token that comes back within this many seconds is a race between tabs, not a theft. */
export const REFRESH_REUSE_GRACE_SECONDS = 10;

export interface IssuedRefreshToken {
  id: string;
  userId: string;
  /** The secret value for the cookie. Never stored. */
  token: string;
  expiresAt: Date;
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Store a new refresh token for a user (the first of a family). */
export async function issueRefreshToken(
  ex: Executor,
  userId: string,
  now: Date,
): Promise<IssuedRefreshToken> {
  const token = randomBytes(REFRESH_TOKEN_BYTES).toString("base64url");
  const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);
  const [row] = await ex
    .insert(refreshTokens)
    .values({ userId, tokenHash: hashRefreshToken(token), createdAt: now, expiresAt })
    .returning({ id: refreshTokens.id });
  return { id: row!.id, userId, token, expiresAt };
}

type RotationOutcome = { ok: true; issued: IssuedRefreshToken } | { ok: false; error: AuthError };

/**
 * Spend a refresh token and issue its successor, in one transaction. Refuses with
 * auth/refresh_missing, auth/refresh_invalid (unknown, expired, logged out, or a race within the
 * grace) or auth/refresh_reused (the family is revoked first, and that revocation is kept).
 */
export async function rotateRefreshToken(
  orm: Orm,
  presented: string | undefined,
  now: Date,
): Promise<IssuedRefreshToken> {
  if (presented === undefined || presented === "") {
    throw new AuthError("auth/refresh_missing", "No refresh cookie: log in first");
  }
  if (!TOKEN_SHAPE.test(presented)) {
    throw new AuthError("auth/refresh_invalid", "The refresh token is malformed: log in again");
  }
  const tokenHash = hashRefreshToken(presented);
  // Refusals are returned, not thrown, so that a reuse's family revocation commits.
  const outcome: RotationOutcome = await orm.transaction(async (tx) => {
    // Claim the token: only one request can spend it.
    const [spent] = await tx
      .update(refreshTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, now),
        ),
      )
      .returning({ id: refreshTokens.id, userId: refreshTokens.userId });
    if (spent) {
      const issued = await issueRefreshToken(tx, spent.userId, now);
      await tx
        .update(refreshTokens)
        .set({ replacedBy: issued.id })
        .where(eq(refreshTokens.id, spent.id));
      return { ok: true, issued };
    }
    return { ok: false, error: await explainRefusal(tx, tokenHash, now) };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.issued;
}

/** Why a token could not be spent; revokes the family when it is a reuse. */
async function explainRefusal(tx: Executor, tokenHash: string, now: Date): Promise<AuthError> {
  const [row] = await tx
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  if (!row) {
    return new AuthError("auth/refresh_invalid", "Unknown refresh token: log in again");
  }
  if (row.revokedAt === null) {
    return new AuthError("auth/refresh_invalid", "The refresh token has expired: log in again");
  }
  if (row.replacedBy === null) {
    return new AuthError("auth/refresh_invalid", "The refresh token was revoked: log in again");
  }
  if (now.getTime() - row.revokedAt.getTime() <= REFRESH_REUSE_GRACE_SECONDS * 1000) {
    return new AuthError(
      "auth/refresh_invalid",
      "The refresh token was just rotated by another request: retry with the new cookie",
    );
  }
  const revoked = await revokeFamilyAfter(tx, row.id, now);
  return new AuthError(
    "auth/refresh_reused",
    "This refresh token was already used: the session is revoked everywhere, log in again",
    { revokedTokens: revoked },
  );
}

/** Revoke every successor of a token (its family from there on). Returns how many were live. */
async function revokeFamilyAfter(tx: Executor, tokenId: string, now: Date): Promise<number> {
  const result = await tx.execute(sql`
    with recursive family(id) as (
      select replaced_by from ${refreshTokens}
        where id = ${tokenId} and replaced_by is not null
      union
      select t.replaced_by from ${refreshTokens} t
        join family f on t.id = f.id
        where t.replaced_by is not null
    )
    update ${refreshTokens} set revoked_at = ${now.toISOString()}
      where id in (select id from family) and revoked_at is null
      returning id
  `);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/** Revoke the token presented (logout). Returns false when it was unknown or already revoked. */
export async function revokeRefreshToken(
  ex: Executor,
  presented: string,
  now: Date,
): Promise<boolean> {
  if (!TOKEN_SHAPE.test(presented)) return false;
  const revoked = await ex
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(refreshTokens.tokenHash, hashRefreshToken(presented)),
        isNull(refreshTokens.revokedAt),
      ),
    )
    .returning({ id: refreshTokens.id });
  return revoked.length > 0;
}

/** Revoke every live refresh token of a user (log out everywhere). Returns how many. */
export async function revokeAllRefreshTokens(
  ex: Executor,
  userId: string,
  now: Date,
): Promise<number> {
  const revoked = await ex
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return revoked.length;
}

/** Delete tokens that expired before `before` (housekeeping). Returns how many. */
export async function deleteExpiredRefreshTokens(ex: Executor, before: Date): Promise<number> {
  const deleted = await ex
    .delete(refreshTokens)
    .where(lte(refreshTokens.expiresAt, before))
    .returning({ id: refreshTokens.id });
  return deleted.length;
}
