import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SignJWT } from "jose";
import { AuthError } from "./errors.js";
import {
  ACCESS_TOKEN_TTL_SECONDS,
  accessTokenKey,
  issueAccessToken,
  readBearerToken,
  verifyAccessToken,
} from "./jwt.js";

const SECRET = "test-secret-key-that-is-long-enough-0123456789";
const key = accessTokenKey(SECRET);
const user = {
  id: "0b7c6a52-4f7e-4a63-9d51-6f4f3b9e2a10",
  discordId: "80351110224678912",
  name: "Fake GM",
};

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => assert.fail("expected a refusal"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AuthError, `expected an AuthError, got ${String(error)}`);
  return error.code;
}

describe("access tokens", () => {
  it("round-trips who the caller is, with a 15-minute life", async () => {
    const now = new Date("2025-06-01T12:00:00Z");
    const issued = await issueAccessToken(user, key, { now });
    assert.equal(issued.expiresAt.getTime() - now.getTime(), ACCESS_TOKEN_TTL_SECONDS * 1000);
    const claims = await verifyAccessToken(issued.token, key, { now });
    assert.deepEqual(
      { id: claims.id, discordId: claims.discordId, name: claims.name },
      { id: user.id, discordId: user.discordId, name: user.name },
    );
    assert.equal(claims.expiresAt.getTime(), issued.expiresAt.getTime());
  });

  it("accepts the raw SECRET_KEY as well as a derived key", async () => {
    const { token } = await issueAccessToken(user, SECRET);
    assert.equal((await verifyAccessToken(token, key)).id, user.id);
  });

  it("expires: a token is refused as auth/token_expired once its time is up", async () => {
    const now = new Date("2025-06-01T12:00:00Z");
    const { token } = await issueAccessToken(user, key, { now });
    const later = new Date(now.getTime() + (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
    assert.equal(
      await refusal(verifyAccessToken(token, key, { now: later })),
      "auth/token_expired",
    );
    // And with the real clock, a token issued long ago.
    const old = await issueAccessToken(user, key, { now: new Date("2020-01-01T00:00:00Z") });
    assert.equal(await refusal(verifyAccessToken(old.token, key)), "auth/token_expired");
  });

  it("refuses a tampered payload, a forged signature and a token from another key", async () => {
    const { token } = await issueAccessToken(user, key);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    claims.sub = "11111111-1111-4111-8111-111111111111";
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    assert.equal(await refusal(verifyAccessToken(tampered, key)), "auth/token_invalid");

    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith("A") ? "BB" : "AA"}`;
    assert.equal(await refusal(verifyAccessToken(flipped, key)), "auth/token_invalid");

    const other = await issueAccessToken(user, "another-secret-key-that-is-long-enough-xyz");
    assert.equal(await refusal(verifyAccessToken(other.token, key)), "auth/token_invalid");
  });

  it("refuses alg=none, a wrong audience, and garbage", async () => {
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(
      JSON.stringify({
        sub: user.id,
        did: "1",
        name: "x",
        iss: "dugout",
        aud: "dugout",
        iat: 1,
        exp: 9e9,
      }),
    ).toString("base64url")}.`;
    assert.equal(await refusal(verifyAccessToken(unsigned, key)), "auth/token_invalid");

    const wrongAudience = await new SignJWT({ did: "1", name: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setIssuer("dugout")
      .setAudience("someone-else")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key.bytes);
    assert.equal(await refusal(verifyAccessToken(wrongAudience, key)), "auth/token_invalid");

    assert.equal(await refusal(verifyAccessToken("not.a.jwt", key)), "auth/token_invalid");
  });

  it("refuses a token signed with our key but missing Dugout's claims", async () => {
    const bare = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("not-a-uuid")
      .setIssuer("dugout")
      .setAudience("dugout")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key.bytes);
    assert.equal(await refusal(verifyAccessToken(bare, key)), "auth/token_invalid");
  });

  it("calls a missing token missing, not invalid", async () => {
    assert.equal(await refusal(verifyAccessToken(undefined, key)), "auth/token_missing");
    assert.equal(await refusal(verifyAccessToken("  ", key)), "auth/token_missing");
  });

  it("reads a Bearer header and refuses other schemes", () => {
    assert.equal(readBearerToken("Bearer abc.def.ghi"), "abc.def.ghi");
    assert.equal(readBearerToken("bearer   abc"), "abc");
    assert.equal(readBearerToken(undefined), undefined);
    assert.throws(() => readBearerToken("Basic dXNlcjpwYXNz"), { code: "auth/token_invalid" });
  });
});
