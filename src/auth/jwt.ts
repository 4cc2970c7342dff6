// Access tokens: short-lived JWTs (HS256, jose) that say who is calling.
//
//   claims: sub = user id (uuid), did = Discord id, name = display name,
//           iss = aud = "dugout", iat, exp (ACCESS_TOKEN_TTL_SECONDS after iat)
//
// One verifier serves every transport: HTTP reads "Authorization: Bearer <token>" and the
// Socket.IO handshake reads `auth.token`; both call verifyAccessToken and get the same typed
// refusals: auth/token_missing, auth/token_invalid (forged, tampered, wrong issuer or audience,
// not a JWT at all) and auth/token_expired.
//
// Whether a user is an admin or manages a team is NOT in the token: those are read from the
// database when they matter, so revoking them takes effect at once.

import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { AuthError } from "./errors.js";
import { deriveKey } from "./keys.js";

/** How long an access token lives. The refresh cookie gets a new one when it runs out. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const JWT_ISSUER = "dugout";
export const JWT_AUDIENCE = "dugout";
const ALGORITHM = "HS256";
/** Clock skew tolerated between instances when checking iat/exp. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 5;

/** Who a token speaks for. */
export interface TokenUser {
  id: string;
  discordId: string;
  name: string;
}

/** A verified access token. */
export interface AccessTokenClaims extends TokenUser {
  issuedAt: Date;
  expiresAt: Date;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

/** The signing key for access tokens, derived from SECRET_KEY. Build once, reuse. */
export interface AccessTokenKey {
  readonly kind: "access-token-key";
  readonly bytes: Uint8Array;
}

export function accessTokenKey(secretKey: string): AccessTokenKey {
  return { kind: "access-token-key", bytes: deriveKey(secretKey, "access-token") };
}

type KeyInput = AccessTokenKey | string;
const keyBytes = (key: KeyInput) =>
  typeof key === "string" ? accessTokenKey(key).bytes : key.bytes;

export interface ClockOptions {
  /** The current time; tests pass one to move the clock. Defaults to the real clock. */
  now?: Date;
}

export async function issueAccessToken(
  user: TokenUser,
  key: KeyInput,
  options: ClockOptions & { ttlSeconds?: number } = {},
): Promise<IssuedAccessToken> {
  const issuedAtSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAtSeconds = issuedAtSeconds + (options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ did: user.discordId, name: user.name })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(issuedAtSeconds)
    .setExpirationTime(expiresAtSeconds)
    .sign(keyBytes(key));
  return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
}

const ClaimsSchema = z.object({
  sub: z.uuid(),
  did: z.string().min(1),
  name: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
});

/**
 * Verify an access token and return who it speaks for. Throws AuthError with code
 * auth/token_missing (nothing given), auth/token_expired, or auth/token_invalid (anything else).
 */
export async function verifyAccessToken(
  token: string | null | undefined,
  key: KeyInput,
  options: ClockOptions = {},
): Promise<AccessTokenClaims> {
  if (token === undefined || token === null || token.trim() === "") {
    throw new AuthError("auth/token_missing", "An access token is required: log in first");
  }
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token.trim(), keyBytes(key), {
      algorithms: [ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      requiredClaims: ["sub", "iat", "exp"],
      clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS,
      ...(options.now ? { currentDate: options.now } : {}),
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AuthError("auth/token_expired", "The access token has expired: refresh it");
    }
    throw new AuthError("auth/token_invalid", `The access token is not valid (${describe(error)})`);
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new AuthError("auth/token_invalid", "The access token is missing its Dugout claims");
  }
  const { sub, did, name, iat, exp } = claims.data;
  return {
    id: sub,
    discordId: did,
    name,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}

/**
 * The token in an Authorization header ("Bearer <token>"), or undefined when there is none.
 * A header in another scheme counts as invalid, not missing, so the caller hears what is wrong.
 */
export function readBearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) {
    throw new AuthError(
      "auth/token_invalid",
      'The Authorization header must read "Bearer <access token>"',
    );
  }
  return match[1];
}

function describe(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} rejected`;
  if (error instanceof errors.JOSEError) return error.code;
  return "not a JWT";
}
