// The auth room's one entry point for transports (HTTP routes, the Socket.IO handshake, the CLI):
// logins, sessions, and who the caller is.
//
// A session is an access token (a JWT, ACCESS_TOKEN_TTL_SECONDS) plus a refresh token (random,
// stored hashed, REFRESH_TOKEN_TTL_SECONDS, rotated on every use). Every login writes the user and
// its first refresh token in one transaction, so a failed login leaves nothing behind.

import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import {
  type CallbackQuery,
  DiscordLogin,
  type DiscordProfile,
  discordSettingsFrom,
} from "./discord.js";
import { AuthError } from "./errors.js";
import {
  type AccessTokenClaims,
  type AccessTokenKey,
  accessTokenKey,
  type IssuedAccessToken,
  issueAccessToken,
  verifyAccessToken,
} from "./jwt.js";
import { type ManagedTeam, replaceTeamsOf, teamsManagedBy } from "./ownership.js";
import {
  deleteExpiredRefreshTokens,
  type IssuedRefreshToken,
  issueRefreshToken,
  revokeAllRefreshTokens,
  revokeRefreshToken,
  rotateRefreshToken,
} from "./refresh.js";
import type { Orm, Tx } from "./store.js";
import {
  DEV_DISCORD_ID_PREFIX,
  findUserById,
  recordLogin,
  setAdmin,
  type UserView,
} from "./users.js";

export interface Session {
  user: UserView;
  access: IssuedAccessToken;
  refresh: IssuedRefreshToken;
}

export interface AuthServiceOptions {
  orm: Orm;
  secretKey: string;
  /** Discord settings; null when Discord login is not configured. */
  discord: DiscordLogin | null;
  /** DUGOUT_DEV_LOGIN, already refused in production by the config. */
  devLogin: boolean;
  env: Config["env"];
  /** The clock; tests move it. */
  now?: () => Date;
}

export interface DevLoginRequest {
  username: string;
  /** When given, the dev user manages exactly these teams afterwards. */
  teams?: readonly ManagedTeam[];
  /** When given, grants or withdraws admin rights (local play only). */
  admin?: boolean;
}

export class AuthService {
  readonly accessKey: AccessTokenKey;
  private readonly orm: Orm;
  private readonly now: () => Date;

  constructor(private readonly options: AuthServiceOptions) {
    this.orm = options.orm;
    this.accessKey = accessTokenKey(options.secretKey);
    this.now = options.now ?? (() => new Date());
  }

  static fromConfig({ config, db }: { config: Config; db: Database }): AuthService {
    const settings = discordSettingsFrom(config.discord);
    return new AuthService({
      orm: db.orm,
      secretKey: config.secretKey,
      discord: settings ? new DiscordLogin(settings, config.secretKey) : null,
      devLogin: config.devLogin,
      env: config.env,
    });
  }

  /** Verify an access token (HTTP Authorization header or Socket.IO handshake). */
  verifyAccessToken(token: string | null | undefined): Promise<AccessTokenClaims> {
    return verifyAccessToken(token, this.accessKey, { now: this.now() });
  }

  get devLoginEnabled(): boolean {
    return this.options.devLogin && this.options.env !== "production";
  }

  /** The Discord login, or 503 auth/discord_not_configured. */
  discord(): DiscordLogin {
    if (!this.options.discord) {
      throw new AuthError(
        "auth/discord_not_configured",
        "Discord login is not configured: set DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET and DISCORD_REDIRECT_URI",
      );
    }
    return this.options.discord;
  }

  /** Finish a Discord login: check the callback, then record the user and open a session. */
  async loginWithDiscord(
    query: CallbackQuery,
    pendingCookie: string | undefined,
  ): Promise<Session & { returnTo: string }> {
    const { profile, returnTo } = await this.discord().finish(query, pendingCookie);
    return { ...(await this.openSession(profile)), returnTo };
  }

  /** Log in without Discord (DUGOUT_DEV_LOGIN=1, never in production). */
  async devLogin(request: DevLoginRequest): Promise<Session> {
    if (!this.devLoginEnabled) {
      throw new AuthError(
        "auth/dev_login_disabled",
        this.options.env === "production"
          ? "The dev login is refused in production"
          : "The dev login is off: start the server with DUGOUT_DEV_LOGIN=1",
      );
    }
    const profile: DiscordProfile = {
      discordId: `${DEV_DISCORD_ID_PREFIX}${request.username}`,
      username: request.username,
      avatar: null,
    };
    return this.openSession(profile, async (tx, user) => {
      if (request.teams !== undefined) await replaceTeamsOf(tx, user.id, request.teams);
      if (request.admin !== undefined) {
        return (await setAdmin(tx, user.discordId, request.admin)) ?? user;
      }
      return user;
    });
  }

  /** Spend a refresh token for a new session (rotation). */
  async refresh(refreshToken: string | undefined): Promise<Session> {
    const now = this.now();
    const refresh = await rotateRefreshToken(this.orm, refreshToken, now);
    const user = await findUserById(this.orm, refresh.userId);
    if (!user) throw new AuthError("auth/unknown_user", "The session's user no longer exists");
    const access = await issueAccessToken(tokenUser(user), this.accessKey, { now });
    return { user, access, refresh };
  }

  /** Revoke the refresh token presented. Logging out twice is fine. */
  async logout(refreshToken: string | undefined): Promise<{ revoked: boolean }> {
    if (!refreshToken) return { revoked: false };
    return { revoked: await revokeRefreshToken(this.orm, refreshToken, this.now()) };
  }

  /** Revoke every session of a user. */
  async logoutEverywhere(userId: string): Promise<number> {
    return revokeAllRefreshTokens(this.orm, userId, this.now());
  }

  /**
   * Housekeeping: delete the refresh tokens whose lifetime is over (spent, revoked or never used;
   * an expired token is refused either way, and reuse detection only needs a spent token while it
   * could still be presented). Returns how many were deleted.
   */
  async sweepExpiredRefreshTokens(): Promise<number> {
    return deleteExpiredRefreshTokens(this.orm, this.now());
  }

  /** The caller and the teams they manage. */
  async me(userId: string): Promise<{ user: UserView; teams: ManagedTeam[] }> {
    const user = await findUserById(this.orm, userId);
    if (!user) throw new AuthError("auth/unknown_user", "The token's user no longer exists");
    return { user, teams: await teamsManagedBy(this.orm, userId) };
  }

  /** Refuse with 403 auth/not_admin unless the user is an admin (read now, not from the token). */
  async assertAdmin(userId: string): Promise<UserView> {
    const user = await findUserById(this.orm, userId);
    if (!user) throw new AuthError("auth/unknown_user", "The token's user no longer exists");
    if (!user.isAdmin) throw new AuthError("auth/not_admin", "This needs an admin");
    return user;
  }

  private async openSession(
    profile: DiscordProfile,
    alsoInTransaction?: (tx: Tx, user: UserView) => Promise<UserView>,
  ): Promise<Session> {
    const now = this.now();
    const { user, refresh } = await this.orm.transaction(async (tx) => {
      let user = await recordLogin(tx, profile, now);
      if (alsoInTransaction) user = await alsoInTransaction(tx, user);
      const refresh = await issueRefreshToken(tx, user.id, now);
      return { user, refresh };
    });
    const access = await issueAccessToken(tokenUser(user), this.accessKey, { now });
    return { user, access, refresh };
  }
}

function tokenUser(user: UserView) {
  return { id: user.id, discordId: user.discordId, name: user.username };
}
