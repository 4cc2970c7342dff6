// Keys derived from SECRET_KEY, one per purpose, so a token made for one use can never pass as
// another (an OAuth state cookie is not an access token, and the other way round).
//
//   key = HMAC-SHA256(SECRET_KEY, "dugout/<purpose>/v1")
//
// Rotating SECRET_KEY invalidates every access token and pending login at once; refresh tokens are
// random values stored hashed, so they survive it.

import { createHmac } from "node:crypto";

export type KeyPurpose = "access-token" | "oauth-state";

export function deriveKey(secretKey: string, purpose: KeyPurpose): Uint8Array {
  if (secretKey.length === 0) throw new Error("SECRET_KEY is empty: cannot derive auth keys");
  return new Uint8Array(createHmac("sha256", secretKey).update(`dugout/${purpose}/v1`).digest());
}
