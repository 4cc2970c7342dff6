// The accounts routes end to end: the app listens on a real port, the fake Discord provider runs
// on another, and the test plays the browser (following redirects by hand, keeping cookies).
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { issueAccessToken } from "../../auth/jwt.js";
import { openTestDatabase, TEST_DATABASE_KINDS } from "../../auth/testing/databases.js";
import { type FakeDiscord, startFakeDiscord } from "../../auth/testing/fake-discord.js";
import { refreshTokens } from "../../db/schema/refresh-tokens.js";
import { users } from "../../db/schema/users.js";
import { buildTestApp } from "../testing.js";

const SECRET = "test-secret-key-that-is-at-least-32-characters";

/** A free port on 127.0.0.1 (so DISCORD_REDIRECT_URI can name it before the app listens). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Cookie {
  value: string;
  path: string;
  attributes: string[];
}

/** A browser's cookie jar, just enough of one: name -> cookie, honouring Path and deletion. */
class CookieJar {
  readonly cookies = new Map<string, Cookie>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const expired =
        value === "" ||
        attributes.some((a) => /^max-age=0$/i.test(a)) ||
        attributes.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now());
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path, attributes });
    }
  }
  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(`${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
  }
}

/** One browser: fetch without following redirects, with a cookie jar. */
function browser() {
  const jar = new CookieJar();
  return {
    jar,
    async go(url: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      const cookie = jar.header(url);
      if (cookie) headers.set("cookie", cookie);
      if (!headers.has("accept"))
        headers.set("accept", "text/html,application/xhtml+xml,*/*;q=0.8");
      const response = await fetch(url, { ...init, headers, redirect: "manual" });
      jar.take(response);
      return response;
    },
  };
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string } };
  return body.error.code;
}

for (const { kind, skip } of TEST_DATABASE_KINDS) {
  describe(`accounts over HTTP on ${kind}`, { skip }, () => {
    let discord: FakeDiscord;
    let app: FastifyInstance;
    let base: string;

    before(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const redirectUri = `${base}/auth/discord/callback`;
      discord = await startFakeDiscord({
        clientId: "dugout-app",
        clientSecret: "shh",
        redirectUri,
      });
      app = await buildTestApp({
        db: await openTestDatabase(kind),
        env: {
          SECRET_KEY: SECRET,
          DISCORD_CLIENT_ID: "dugout-app",
          DISCORD_CLIENT_SECRET: "shh",
          DISCORD_REDIRECT_URI: redirectUri,
          DISCORD_AUTHORIZE_URL: discord.endpoints.authorizeUrl,
          DISCORD_TOKEN_URL: discord.endpoints.tokenUrl,
          DISCORD_API_URL: discord.endpoints.apiUrl,
          CORS_ORIGINS: "http://localhost:5173",
        },
      });
      await app.listen({ port, host: "127.0.0.1" });
    });
    after(async () => {
      await app?.close();
      await discord?.close();
    });

    async function counts() {
      const [u, t] = await Promise.all([
        app.db.orm.$count(users),
        app.db.orm.$count(refreshTokens),
      ]);
      return { users: u, refreshTokens: t };
    }

    /** Start a login in `b` and let Discord answer: returns the callback URL Discord sent back to. */
    async function startLogin(b: ReturnType<typeof browser>, returnTo?: string) {
      const login = await b.go(
        `${base}/auth/discord/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`,
      );
      assert.equal(login.status, 302);
      const authorize = login.headers.get("location")!;
      assert.ok(authorize.startsWith(discord.endpoints.authorizeUrl), authorize);
      const consent = await b.go(authorize);
      assert.equal(consent.status, 302);
      return consent.headers.get("location")!;
    }

    it("the full round trip: login, callback, refresh, me, logout", async () => {
      discord.loginAs({
        id: "111122223333444455",
        username: "gm_bob",
        global_name: "Bob",
        avatar: null,
      });
      const b = browser();
      const callback = await startLogin(b, "/lobby");
      const pending = b.jar.cookies.get("dugout_oauth");
      assert.ok(pending, "the pending-login cookie was set");
      assert.equal(pending.path, "/auth/discord");
      assert.ok(pending.attributes.includes("HttpOnly"));
      assert.ok(pending.attributes.includes("SameSite=Lax"));

      const landed = await b.go(callback);
      assert.equal(landed.status, 302);
      assert.equal(landed.headers.get("location"), "/lobby");
      assert.equal(b.jar.cookies.has("dugout_oauth"), false, "the pending login is spent");
      const refreshCookie = b.jar.cookies.get("dugout_refresh");
      assert.ok(refreshCookie);
      assert.equal(refreshCookie.path, "/auth");
      assert.ok(refreshCookie.attributes.includes("HttpOnly"));
      assert.ok(refreshCookie.attributes.includes("SameSite=Lax"));
      assert.ok(refreshCookie.attributes.some((a) => a.startsWith("Max-Age=2592000")));

      // The web app now trades the cookie for an access token.
      const refreshed = await b.go(`${base}/auth/refresh`, { method: "POST" });
      assert.equal(refreshed.status, 200);
      const session = (await refreshed.json()) as {
        accessToken: string;
        expiresIn: number;
        user: { id: string };
      };
      assert.ok(session.expiresIn > 800 && session.expiresIn <= 900);
      assert.notEqual(b.jar.cookies.get("dugout_refresh")!.value, refreshCookie.value, "rotated");

      const me = await b.go(`${base}/auth/me`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      assert.equal(me.status, 200);
      const who = (await me.json()) as { user: Record<string, unknown>; teams: unknown[] };
      assert.equal(who.user.discordId, "111122223333444455");
      assert.equal(who.user.username, "Bob");
      assert.equal(who.user.isAdmin, false);
      assert.deepEqual(who.teams, []);

      // The spent cookie no longer works.
      const stale = await fetch(`${base}/auth/refresh`, {
        method: "POST",
        headers: { cookie: `dugout_refresh=${refreshCookie.value}` },
      });
      assert.equal(stale.status, 401);

      const left = await b.go(`${base}/auth/logout`, { method: "POST" });
      assert.equal(left.status, 204);
      assert.equal(b.jar.cookies.has("dugout_refresh"), false, "the cookie is cleared");
      const lastRefresh = b.jar.cookies.get("dugout_refresh");
      assert.equal(lastRefresh, undefined);
    });

    it("logout revokes the token server-side, not just the cookie", async () => {
      const b = browser();
      await b.go(await startLogin(b));
      const token = b.jar.cookies.get("dugout_refresh")!.value;
      assert.equal((await b.go(`${base}/auth/logout`, { method: "POST" })).status, 204);
      const replay = await fetch(`${base}/auth/refresh`, {
        method: "POST",
        headers: { cookie: `dugout_refresh=${token}` },
      });
      assert.equal(replay.status, 401);
      assert.equal(await errorCode(replay), "auth/refresh_invalid");
    });

    it("answers JSON from the callback when the client asks for it", async () => {
      discord.loginAs({ id: "555566667777888899", username: "json_gm" });
      const b = browser();
      const callback = await startLogin(b);
      const landed = await b.go(callback, { headers: { accept: "application/json" } });
      assert.equal(landed.status, 200);
      const session = (await landed.json()) as {
        tokenType: string;
        accessToken: string;
        user: { username: string };
      };
      assert.equal(session.tokenType, "Bearer");
      assert.equal(session.user.username, "json_gm");
      const me = await fetch(`${base}/auth/me`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      assert.equal(me.status, 200);
    });

    it("refuses a state that does not match, and writes nothing", async () => {
      const before = await counts();
      const victim = browser();
      const attacker = browser();
      const victimCallback = await startLogin(victim);
      await startLogin(attacker);
      // The attacker's browser arrives with the victim's code and state: its own cookie differs.
      const crossed = await attacker.go(victimCallback);
      assert.equal(crossed.status, 400);
      assert.equal(await errorCode(crossed), "auth/state_mismatch");
      // A forged state with the right cookie.
      const forged = new URL(victimCallback);
      forged.searchParams.set("state", "forged-state-value-0123456789");
      const forgedAnswer = await victim.go(forged.toString());
      assert.equal(forgedAnswer.status, 400);
      assert.equal(await errorCode(forgedAnswer), "auth/state_mismatch");
      // No cookie at all.
      const bare = await fetch(victimCallback, { redirect: "manual" });
      assert.equal(bare.status, 400);
      assert.equal(await errorCode(bare), "auth/state_mismatch");
      assert.deepEqual(await counts(), before);
    });

    it("refuses a denied consent, and writes nothing", async () => {
      const before = await counts();
      discord.refuseNextConsent();
      const b = browser();
      const callback = await startLogin(b);
      assert.equal(new URL(callback).searchParams.get("error"), "access_denied");
      const answer = await b.go(callback);
      assert.equal(answer.status, 403);
      const body = (await answer.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "auth/consent_denied");
      assert.match(body.error.message, /consent/);
      assert.deepEqual(await counts(), before);
    });

    it("refuses a replayed code, and writes nothing more", async () => {
      discord.loginAs({ id: "999988887777666655", username: "replayed" });
      const b = browser();
      const callback = await startLogin(b);
      const cookieHeader = b.jar.header(callback);
      const first = await b.go(callback);
      assert.equal(first.status, 302);
      const afterFirst = await counts();
      // Replay the exact request, pending-login cookie included.
      const replay = await fetch(callback, {
        redirect: "manual",
        headers: { cookie: cookieHeader },
      });
      assert.equal(replay.status, 400);
      assert.equal(await errorCode(replay), "auth/code_rejected");
      assert.deepEqual(await counts(), afterFirst);
    });

    it("refuses tampered, expired, missing and foreign access tokens", async () => {
      const b = browser();
      await b.go(await startLogin(b));
      const session = (await (await b.go(`${base}/auth/refresh`, { method: "POST" })).json()) as {
        accessToken: string;
        user: { id: string; discordId: string; username: string };
      };
      const me = (authorization?: string) =>
        fetch(`${base}/auth/me`, { headers: authorization ? { authorization } : {} });

      const [h, p, s] = session.accessToken.split(".");
      const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
      claims.name = "Someone Else";
      const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
      const answer = await me(`Bearer ${tampered}`);
      assert.equal(answer.status, 401);
      assert.equal(await errorCode(answer), "auth/token_invalid");

      const user = {
        id: session.user.id,
        discordId: session.user.discordId,
        name: session.user.username,
      };
      const expired = await issueAccessToken(user, SECRET, {
        now: new Date(Date.now() - 3600_000),
      });
      const expiredAnswer = await me(`Bearer ${expired.token}`);
      assert.equal(expiredAnswer.status, 401);
      assert.equal(await errorCode(expiredAnswer), "auth/token_expired");

      const foreign = await issueAccessToken(user, "some-other-servers-secret-key-0123456789");
      assert.equal(await errorCode(await me(`Bearer ${foreign.token}`)), "auth/token_invalid");
      assert.equal(await errorCode(await me()), "auth/token_missing");
      assert.equal(await errorCode(await me("Basic Zm9vOmJhcg==")), "auth/token_invalid");
    });

    it("refuses an open redirect as returnTo", async () => {
      const answer = await fetch(
        `${base}/auth/discord/login?returnTo=${encodeURIComponent("https://evil.example/")}`,
        {
          redirect: "manual",
        },
      );
      assert.equal(answer.status, 400);
      assert.equal(await errorCode(answer), "auth/bad_return_to");
      const allowed = await fetch(
        `${base}/auth/discord/login?returnTo=${encodeURIComponent("http://localhost:5173/play")}`,
        { redirect: "manual" },
      );
      assert.equal(allowed.status, 302);
    });

    it("refuses a refresh without a cookie", async () => {
      const answer = await fetch(`${base}/auth/refresh`, { method: "POST" });
      assert.equal(answer.status, 401);
      assert.equal(await errorCode(answer), "auth/refresh_missing");
    });

    it("keeps the dev login off by default", async () => {
      const answer = await fetch(`${base}/auth/dev-login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "local" }),
      });
      assert.equal(answer.status, 404);
      assert.equal(await errorCode(answer), "auth/dev_login_disabled");
    });
  });
}

describe("the dev login", () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp({ env: { DUGOUT_DEV_LOGIN: "1" } });
  });
  after(() => app?.close());

  const devLogin = (body: unknown) =>
    app.inject({ method: "POST", url: "/auth/dev-login", payload: body as object });

  it("logs a local player in, with the teams they say they manage", async () => {
    const answer = await devLogin({
      username: "local_lou",
      teams: [
        { league: "sba", teamId: 12 },
        { league: "pd", teamId: 3 },
      ],
    });
    assert.equal(answer.statusCode, 200);
    const session = answer.json() as {
      accessToken: string;
      user: { discordId: string; isAdmin: boolean };
    };
    assert.equal(session.user.discordId, "dev:local_lou");
    assert.equal(session.user.isAdmin, false);
    const cookie = answer.cookies.find((c) => c.name === "dugout_refresh");
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.secure, undefined, "plain http in test: not Secure");

    const me = await app.inject({
      method: "GET",
      url: "/auth/me",
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    assert.deepEqual(me.json().teams, [
      { league: "pd", teamId: 3 },
      { league: "sba", teamId: 12 },
    ]);

    // Logging in again without teams keeps them; with teams replaces them.
    await devLogin({ username: "local_lou" });
    const again = await devLogin({ username: "local_lou", teams: [{ league: "sba", teamId: 7 }] });
    const me2 = await app.inject({
      method: "GET",
      url: "/auth/me",
      headers: { authorization: `Bearer ${again.json().accessToken}` },
    });
    assert.deepEqual(me2.json().teams, [{ league: "sba", teamId: 7 }]);
  });

  it("refuses a bad username or team with a clear 400, writing nothing", async () => {
    const before = await app.db.orm.$count(users);
    const bad = await devLogin({ username: "no spaces please" });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "request/invalid");
    assert.match(bad.json().error.message, /username/);
    const badTeam = await devLogin({ username: "ok_name", teams: [{ league: "mlb", teamId: 1 }] });
    assert.equal(badTeam.statusCode, 400);
    assert.equal(await app.db.orm.$count(users), before);
  });

  it("is refused in production, even if the flag got past the config", async () => {
    // loadConfig already refuses DUGOUT_DEV_LOGIN=1 with NODE_ENV=production at boot (see
    // src/config.ts); the service refuses it again on its own.
    const { AuthService } = await import("../../auth/service.js");
    const auth = new AuthService({
      orm: app.db.orm,
      secretKey: SECRET,
      discord: null,
      devLogin: true,
      env: "production",
    });
    await assert.rejects(auth.devLogin({ username: "sneaky" }), {
      code: "auth/dev_login_disabled",
    });
    const { loadConfig } = await import("../../config.js");
    assert.throws(
      () => loadConfig({ NODE_ENV: "production", DUGOUT_DEV_LOGIN: "1" }),
      /DUGOUT_DEV_LOGIN/,
    );
  });

  it("says so when Discord login is not configured", async () => {
    const answer = await app.inject({ method: "GET", url: "/auth/discord/login" });
    assert.equal(answer.statusCode, 503);
    assert.equal(answer.json().error.code, "auth/discord_not_configured");
  });
});

describe("refresh token housekeeping", () => {
  it("the server deletes expired refresh tokens when it starts, and keeps live ones", async () => {
    const db = await openTestDatabase("pglite");
    const [user] = await db.orm
      .insert(users)
      .values({ discordId: "sweep-1", username: "sleeper" })
      .returning({ id: users.id });
    const day = 24 * 60 * 60 * 1000;
    await db.orm.insert(refreshTokens).values([
      { userId: user!.id, tokenHash: "expired", expiresAt: new Date(Date.now() - day) },
      { userId: user!.id, tokenHash: "live", expiresAt: new Date(Date.now() + day) },
    ]);
    const app = await buildTestApp({ db });
    try {
      await app.ready();
      const left = await db.orm.select({ hash: refreshTokens.tokenHash }).from(refreshTokens);
      assert.deepEqual(
        left.map((row) => row.hash),
        ["live"],
      );
    } finally {
      await app.close();
    }
  });
});
