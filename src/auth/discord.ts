// Discord login: the OAuth2 authorization-code flow with PKCE (S256) and a checked state.
//
// arctic's `Discord` class has Discord's URLs built in, so we use arctic's generic OAuth2Client
// with the configured endpoints (DISCORD_AUTHORIZE_URL, DISCORD_TOKEN_URL, DISCORD_API_URL); tests
// and local runs point them at the fake provider in ./testing/fake-discord.ts.
//
//   begin()   a fresh state and code_verifier, the authorization URL, and the pending login sealed
//             into a short-lived cookie value (JWE, A256GCM, key derived from SECRET_KEY: the
//             browser can neither read nor forge it).
//   finish()  opens the cookie, checks the state Discord sent back against it, refuses a denied
//             consent, exchanges the code (with the verifier) and reads the user from /users/@me.
//
// Refusals: auth/state_mismatch (cookie missing, forged, expired, or a different state),
// auth/consent_denied (error=access_denied), auth/code_rejected (Discord refused the code: a
// replay, an expired code, a verifier that does not match), auth/provider_error (anything else
// from Discord, or Discord unreachable).

import {
  ArcticFetchError,
  CodeChallengeMethod,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
  OAuth2RequestError,
} from "arctic";
import { EncryptJWT, jwtDecrypt } from "jose";
import { z } from "zod";
import { AuthError } from "./errors.js";
import { deriveKey } from "./keys.js";

/** The only scope Dugout asks for: who the person is. */
export const DISCORD_SCOPES = ["identify"] as const;
/** How long a person has to come back from Discord's consent page. */
export const PENDING_LOGIN_TTL_SECONDS = 10 * 60;
/** How long we wait for Discord's user endpoint. */
export const DISCORD_API_TIMEOUT_MS = 10_000;
const AVATAR_CDN = "https://cdn.discordapp.com/avatars";

export interface DiscordSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiUrl: string;
}

/** The settings when Discord login is configured, else null (the routes then answer 503). */
export function discordSettingsFrom(discord: {
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  apiUrl: string;
}): DiscordSettings | null {
  const { clientId, clientSecret, redirectUri } = discord;
  if (!clientId || !clientSecret || !redirectUri) return null;
  return {
    clientId,
    clientSecret,
    redirectUri,
    authorizeUrl: discord.authorizeUrl,
    tokenUrl: discord.tokenUrl,
    apiUrl: discord.apiUrl.replace(/\/+$/, ""),
  };
}

/** Who Discord says the person is, in our words. */
export interface DiscordProfile {
  discordId: string;
  /** The display name (global_name), or the account name when none is set. */
  username: string;
  /** Avatar image URL, or null for Discord's default avatar. */
  avatar: string | null;
}

/** What the sealed cookie carries between begin() and finish(). */
interface PendingLogin {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

const PendingLoginSchema = z.object({
  state: z.string().min(16),
  codeVerifier: z.string().min(43),
  returnTo: z.string(),
});

const DiscordUserSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/, "a Discord snowflake"),
  username: z.string().min(1),
  global_name: z.string().nullish(),
  avatar: z.string().nullish(),
});

/** The query Discord sends to the redirect URI. */
export const CallbackQuerySchema = z.object({
  code: z.string().min(1).max(512).optional(),
  state: z.string().min(1).max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
export type CallbackQuery = z.infer<typeof CallbackQuerySchema>;

export class DiscordLogin {
  private readonly client: OAuth2Client;
  private readonly sealKey: Uint8Array;

  constructor(
    readonly settings: DiscordSettings,
    secretKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.client = new OAuth2Client(settings.clientId, settings.clientSecret, settings.redirectUri);
    this.sealKey = deriveKey(secretKey, "oauth-state");
  }

  /** Start a login: where to send the browser, and the sealed cookie to set on the way. */
  async begin(returnTo: string): Promise<{ authorizationUrl: URL; pendingCookie: string }> {
    const pending: PendingLogin = {
      state: generateState(),
      codeVerifier: generateCodeVerifier(),
      returnTo,
    };
    const authorizationUrl = this.client.createAuthorizationURLWithPKCE(
      this.settings.authorizeUrl,
      pending.state,
      CodeChallengeMethod.S256,
      pending.codeVerifier,
      [...DISCORD_SCOPES],
    );
    const pendingCookie = await new EncryptJWT({ ...pending })
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .setIssuedAt()
      .setExpirationTime(`${PENDING_LOGIN_TTL_SECONDS}s`)
      .encrypt(this.sealKey);
    return { authorizationUrl, pendingCookie };
  }

  /**
   * Finish a login from Discord's redirect. `pendingCookie` is the value begin() sealed (undefined
   * when the browser sent none). Returns the Discord profile and where to send the person next.
   */
  async finish(
    query: CallbackQuery,
    pendingCookie: string | undefined,
  ): Promise<{ profile: DiscordProfile; returnTo: string }> {
    const pending = await this.openPendingLogin(pendingCookie);
    if (query.state === undefined || query.state !== pending.state) {
      throw new AuthError(
        "auth/state_mismatch",
        "The login state does not match the one this browser started with: start the login again",
      );
    }
    if (query.error !== undefined) {
      if (query.error === "access_denied") {
        throw new AuthError("auth/consent_denied", "Discord login was cancelled: consent denied", {
          providerError: query.error,
        });
      }
      throw new AuthError("auth/provider_error", `Discord refused the login (${query.error})`, {
        providerError: query.error,
        description: query.error_description ?? null,
      });
    }
    if (query.code === undefined) {
      throw new AuthError("auth/code_rejected", "Discord's redirect carried no authorization code");
    }
    const discordAccessToken = await this.exchangeCode(query.code, pending.codeVerifier);
    const profile = await this.readProfile(discordAccessToken);
    return { profile, returnTo: pending.returnTo };
  }

  private async openPendingLogin(cookie: string | undefined): Promise<PendingLogin> {
    if (!cookie) {
      throw new AuthError(
        "auth/state_mismatch",
        "No login is pending in this browser (the login cookie is missing): start the login again",
      );
    }
    try {
      const { payload } = await jwtDecrypt(cookie, this.sealKey, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      return PendingLoginSchema.parse(payload);
    } catch {
      throw new AuthError(
        "auth/state_mismatch",
        "The pending login cookie is forged or expired: start the login again",
      );
    }
  }

  private async exchangeCode(code: string, codeVerifier: string): Promise<string> {
    try {
      const tokens = await this.client.validateAuthorizationCode(
        this.settings.tokenUrl,
        code,
        codeVerifier,
      );
      return tokens.accessToken();
    } catch (error) {
      if (error instanceof OAuth2RequestError && error.code === "invalid_grant") {
        throw new AuthError(
          "auth/code_rejected",
          "Discord refused the authorization code (already used, expired, or not ours)",
          { providerError: error.code, description: error.description },
        );
      }
      if (error instanceof OAuth2RequestError) {
        throw new AuthError(
          "auth/provider_error",
          `Discord refused the token request (${error.code})`,
          {
            providerError: error.code,
            description: error.description,
          },
        );
      }
      const reason = error instanceof ArcticFetchError ? "unreachable" : describe(error);
      throw new AuthError("auth/provider_error", `Discord's token endpoint failed (${reason})`);
    }
  }

  private async readProfile(discordAccessToken: string): Promise<DiscordProfile> {
    let body: unknown;
    try {
      const response = await this.fetchImpl(`${this.settings.apiUrl}/users/@me`, {
        headers: { authorization: `Bearer ${discordAccessToken}`, accept: "application/json" },
        signal: AbortSignal.timeout(DISCORD_API_TIMEOUT_MS),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      body = await response.json();
    } catch (error) {
      throw new AuthError(
        "auth/provider_error",
        `Could not read the Discord user (${describe(error)})`,
      );
    }
    const user = DiscordUserSchema.safeParse(body);
    if (!user.success) {
      throw new AuthError(
        "auth/provider_error",
        "Discord answered /users/@me with an unexpected body",
      );
    }
    const { id, username, global_name, avatar } = user.data;
    return {
      discordId: id,
      username: global_name?.trim() || username,
      avatar: avatar
        ? `${AVATAR_CDN}/${id}/${avatar}.${avatar.startsWith("a_") ? "gif" : "png"}`
        : null,
    };
  }
}

/**
 * Where a person may be sent after login: a local path ("/play"), or a URL on one of the allowed
 * origins (CORS_ORIGINS). Anything else is refused, so the login cannot be used as an open
 * redirect. Undefined means "/".
 */
export function checkReturnTo(
  returnTo: string | undefined,
  allowedOrigins: readonly string[],
): string {
  if (returnTo === undefined || returnTo === "") return "/";
  if (returnTo.startsWith("/") && !returnTo.startsWith("//") && !returnTo.includes("\\")) {
    return returnTo;
  }
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    throw new AuthError("auth/bad_return_to", `returnTo must be a local path or an allowed URL`, {
      returnTo,
    });
  }
  if (!allowedOrigins.includes(url.origin)) {
    throw new AuthError(
      "auth/bad_return_to",
      `returnTo must be on an allowed origin (${allowedOrigins.join(", ") || "none configured"})`,
      { returnTo },
    );
  }
  return url.toString();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
