// The refusals of the auth room. Each carries a namespaced `code` (the same string a REST body,
// a socket ack or a test asserts on), a message for people, and `details` (JSON or null).
//
// The HTTP status of each code is in src/http/errors.ts (CODE_STATUS): "auth/*" answers 401 unless
// a row there says otherwise. AUTH_ERROR_STATUS below is the same table, kept here so other rooms
// (realtime) can tell a refusal from a bug without importing HTTP code.

/** Every code this room can refuse with, and the HTTP status it answers with. */
export const AUTH_ERROR_STATUS = {
  /** No access token on a request that needs one. */
  "auth/token_missing": 401,
  /** The access token is malformed, forged, tampered with, or meant for another audience. */
  "auth/token_invalid": 401,
  /** The access token was genuine but its time is up: refresh it. */
  "auth/token_expired": 401,
  /** No refresh cookie on /auth/refresh. */
  "auth/refresh_missing": 401,
  /** The refresh token is unknown, revoked or expired. */
  "auth/refresh_invalid": 401,
  /** A refresh token that was already rotated came back: the whole family is revoked. */
  "auth/refresh_reused": 401,
  /** The token's user no longer exists. */
  "auth/unknown_user": 401,
  /** The OAuth state is missing, forged, expired or does not match the one we sent. */
  "auth/state_mismatch": 400,
  /** The person refused consent on Discord's page (error=access_denied). */
  "auth/consent_denied": 403,
  /** Discord refused the authorization code (replayed, expired, or PKCE verifier mismatch). */
  "auth/code_rejected": 400,
  /** Discord answered with an error we did not expect, or could not be reached. */
  "auth/provider_error": 502,
  /** Discord login is not configured (DISCORD_CLIENT_ID / SECRET / REDIRECT_URI unset). */
  "auth/discord_not_configured": 503,
  /** The post-login redirect is neither a local path nor an allowed origin. */
  "auth/bad_return_to": 400,
  /** DUGOUT_DEV_LOGIN is off, or NODE_ENV=production. */
  "auth/dev_login_disabled": 404,
  /** The user is not an admin. */
  "auth/not_admin": 403,
  /** A Discord id that is not one (Discord ids are digit strings). */
  "auth/invalid_discord_id": 400,
  /** No such user (admin endpoints). */
  "auth/unknown_target_user": 404,
  /** The user does not manage that team (so there is nothing to remove). */
  "auth/unknown_team_manager": 404,
  /** The user does not manage that team. */
  "auth/not_team_manager": 403,
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_STATUS;

export class AuthError extends Error {
  readonly status: number;
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "AuthError";
    this.status = AUTH_ERROR_STATUS[code];
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
