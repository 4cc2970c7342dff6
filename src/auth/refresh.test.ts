// Sessions on both storages: refresh rotation, reuse detection, logout revocation, and that a
// login writes the user and its first refresh token together.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, lte } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { refreshTokens } from "../db/schema/refresh-tokens.js";
import { users } from "../db/schema/users.js";
import { AuthError } from "./errors.js";
import { ACCESS_TOKEN_TTL_SECONDS } from "./jwt.js";
import {
  hashRefreshToken,
  REFRESH_REUSE_GRACE_SECONDS,
  REFRESH_TOKEN_TTL_SECONDS,
} from "./refresh.js";
import { AuthService } from "./service.js";
import { openTestDatabase, TEST_DATABASE_KINDS } from "./testing/databases.js";

const SECRET = "test-secret-key-that-is-long-enough-0123456789";

/** A clock the test moves by hand. */
function manualClock(start = new Date("2025-06-01T12:00:00Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advanceSeconds(seconds: number) {
      now += seconds * 1000;
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => assert.fail("expected a refusal"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AuthError, `expected an AuthError, got ${String(error)}`);
  return error;
}

for (const { kind, skip } of TEST_DATABASE_KINDS) {
  describe(`sessions on ${kind}`, { skip }, () => {
    let db: Database;
    let clock: ReturnType<typeof manualClock>;
    let auth: AuthService;

    before(async () => {
      db = await openTestDatabase(kind);
      clock = manualClock();
      auth = new AuthService({
        orm: db.orm,
        secretKey: SECRET,
        discord: null,
        devLogin: true,
        env: "test",
        now: clock.now,
      });
    });
    after(() => db?.close());

    it("a login stores the user and only a hash of its refresh token", async () => {
      const session = await auth.devLogin({ username: "hash_check" });
      const [row] = await db.orm
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.userId, session.user.id));
      assert.ok(row);
      assert.equal(row.tokenHash, hashRefreshToken(session.refresh.token));
      assert.notEqual(row.tokenHash, session.refresh.token);
      assert.equal(
        row.expiresAt.getTime() - clock.now().getTime(),
        REFRESH_TOKEN_TTL_SECONDS * 1000,
      );
      const verified = await auth.verifyAccessToken(session.access.token);
      assert.equal(verified.id, session.user.id);
    });

    it("an access token expires; the refresh token then gets a new one and is rotated", async () => {
      const first = await auth.devLogin({ username: "rotator" });
      clock.advanceSeconds(ACCESS_TOKEN_TTL_SECONDS + 60);
      assert.equal(
        (await refusal(auth.verifyAccessToken(first.access.token))).code,
        "auth/token_expired",
      );

      const second = await auth.refresh(first.refresh.token);
      assert.notEqual(second.refresh.token, first.refresh.token);
      assert.equal(second.user.id, first.user.id);
      assert.equal((await auth.verifyAccessToken(second.access.token)).id, first.user.id);

      const [spent] = await db.orm
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, hashRefreshToken(first.refresh.token)));
      assert.ok(spent?.revokedAt, "the spent token is revoked");
      assert.equal(spent.replacedBy, second.refresh.id, "and points at its successor");

      const third = await auth.refresh(second.refresh.token);
      assert.equal(third.user.id, first.user.id);
    });

    it("reuse of a rotated token revokes the whole family", async () => {
      const login = await auth.devLogin({ username: "victim" });
      const otherDevice = await auth.devLogin({ username: "victim" });
      const stolen = login.refresh.token;
      const legit = await auth.refresh(stolen);
      clock.advanceSeconds(60);
      const legitAgain = await auth.refresh(legit.refresh.token);
      clock.advanceSeconds(REFRESH_REUSE_GRACE_SECONDS + 1);

      const reuse = await refusal(auth.refresh(stolen));
      assert.equal(reuse.code, "auth/refresh_reused");
      assert.deepEqual(reuse.details, { revokedTokens: 1 });
      // The live head of the family is now dead too.
      assert.equal(
        (await refusal(auth.refresh(legitAgain.refresh.token))).code,
        "auth/refresh_invalid",
      );
      // Another login of the same person (another family) is untouched.
      const elsewhere = await auth.refresh(otherDevice.refresh.token);
      assert.equal(elsewhere.user.id, login.user.id);
    });

    it("two tabs racing with the same token: the loser is refused without revoking anything", async () => {
      const login = await auth.devLogin({ username: "two_tabs" });
      const results = await Promise.allSettled([
        auth.refresh(login.refresh.token),
        auth.refresh(login.refresh.token),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.equal((lost[0] as PromiseRejectedResult).reason.code, "auth/refresh_invalid");
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<AuthService["refresh"]>>>)
        .value;
      // The winner's successor still works.
      await auth.refresh(winner.refresh.token);
    });

    it("logout revokes the refresh token; logging out twice is harmless", async () => {
      const login = await auth.devLogin({ username: "leaver" });
      assert.deepEqual(await auth.logout(login.refresh.token), { revoked: true });
      assert.equal((await refusal(auth.refresh(login.refresh.token))).code, "auth/refresh_invalid");
      assert.deepEqual(await auth.logout(login.refresh.token), { revoked: false });
      assert.deepEqual(await auth.logout(undefined), { revoked: false });
    });

    it("refuses missing, malformed, unknown and expired refresh tokens", async () => {
      assert.equal((await refusal(auth.refresh(undefined))).code, "auth/refresh_missing");
      assert.equal((await refusal(auth.refresh("short"))).code, "auth/refresh_invalid");
      assert.equal((await refusal(auth.refresh("A".repeat(43)))).code, "auth/refresh_invalid");
      const login = await auth.devLogin({ username: "sleeper" });
      clock.advanceSeconds(REFRESH_TOKEN_TTL_SECONDS + 1);
      const expired = await refusal(auth.refresh(login.refresh.token));
      assert.equal(expired.code, "auth/refresh_invalid");
      assert.match(expired.message, /expired/);
    });

    it("the sweep deletes expired tokens only; a live one still refreshes", async () => {
      const stale = await auth.devLogin({ username: "stale" });
      await auth.refresh(stale.refresh.token); // a spent token and its successor, both to expire
      clock.advanceSeconds(REFRESH_TOKEN_TTL_SECONDS + 1);
      const fresh = await auth.devLogin({ username: "fresh" });
      const expiredBefore = await db.orm
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .where(lte(refreshTokens.expiresAt, clock.now()));
      assert.ok(expiredBefore.length >= 2, "the stale family has expired");

      assert.equal(await auth.sweepExpiredRefreshTokens(), expiredBefore.length);
      const left = await db.orm.select({ expiresAt: refreshTokens.expiresAt }).from(refreshTokens);
      assert.ok(
        left.every((row) => row.expiresAt > clock.now()),
        "no expired token is left",
      );
      assert.equal(await auth.sweepExpiredRefreshTokens(), 0, "a second sweep finds nothing");
      assert.ok((await auth.refresh(fresh.refresh.token)).access.token);
    });

    it("logout everywhere revokes every family of a user", async () => {
      const a = await auth.devLogin({ username: "everywhere" });
      const b = await auth.devLogin({ username: "everywhere" });
      assert.equal(await auth.logoutEverywhere(a.user.id), 2);
      assert.equal((await refusal(auth.refresh(a.refresh.token))).code, "auth/refresh_invalid");
      assert.equal((await refusal(auth.refresh(b.refresh.token))).code, "auth/refresh_invalid");
    });

    it("a refresh for a deleted user is refused", async () => {
      const login = await auth.devLogin({ username: "ghost" });
      // Deleting the user cascades to its tokens: the token is then simply unknown.
      await db.orm.delete(users).where(eq(users.id, login.user.id));
      assert.equal((await refusal(auth.refresh(login.refresh.token))).code, "auth/refresh_invalid");
      assert.equal((await refusal(auth.me(login.user.id))).code, "auth/unknown_user");
    });
  });
}
