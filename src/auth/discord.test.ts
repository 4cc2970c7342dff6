// DiscordLogin against the fake provider over real HTTP (no network beyond 127.0.0.1).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checkReturnTo, DiscordLogin, discordSettingsFrom } from "./discord.js";
import { AuthError } from "./errors.js";
import { type FakeDiscord, startFakeDiscord } from "./testing/fake-discord.js";

const SECRET = "test-secret-key-that-is-long-enough-0123456789";
const REDIRECT_URI = "http://127.0.0.1:9/auth/discord/callback";

let discord: FakeDiscord;
let login: DiscordLogin;

before(async () => {
  discord = await startFakeDiscord({
    clientId: "client-1",
    clientSecret: "s3cret",
    redirectUri: REDIRECT_URI,
  });
  login = new DiscordLogin(
    discordSettingsFrom({
      clientId: "client-1",
      clientSecret: "s3cret",
      redirectUri: REDIRECT_URI,
      ...discord.endpoints,
    })!,
    SECRET,
  );
});
after(() => discord.close());

/** Follow the authorization URL like a browser would, returning Discord's redirect query. */
async function consent(authorizationUrl: URL) {
  const response = await fetch(authorizationUrl, { redirect: "manual" });
  assert.equal(response.status, 302);
  const back = new URL(response.headers.get("location")!);
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
  return Object.fromEntries(back.searchParams) as Record<string, string>;
}

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => assert.fail("expected a refusal"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AuthError, `expected an AuthError, got ${String(error)}`);
  return error;
}

describe("Discord login against the fake provider", () => {
  it("asks for identify with PKCE S256 and a state, then reads the user", async () => {
    discord.loginAs({
      id: "123456789012345678",
      username: "gm_bob",
      global_name: "Bob",
      avatar: "abc",
    });
    const { authorizationUrl, pendingCookie } = await login.begin("/play");
    assert.equal(authorizationUrl.searchParams.get("scope"), "identify");
    assert.equal(authorizationUrl.searchParams.get("code_challenge_method"), "S256");
    assert.ok(authorizationUrl.searchParams.get("state"));
    assert.ok(
      !pendingCookie.includes(authorizationUrl.searchParams.get("state")!),
      "the cookie is sealed",
    );

    const query = await consent(authorizationUrl);
    const { profile, returnTo } = await login.finish(query, pendingCookie);
    assert.deepEqual(profile, {
      discordId: "123456789012345678",
      username: "Bob",
      avatar: "https://cdn.discordapp.com/avatars/123456789012345678/abc.png",
    });
    assert.equal(returnTo, "/play");
  });

  it("refuses a state that differs from the cookie's, a missing cookie and a forged cookie", async () => {
    const first = await login.begin("/");
    const second = await login.begin("/");
    const query = await consent(first.authorizationUrl);
    assert.equal(
      (await refusal(login.finish(query, second.pendingCookie))).code,
      "auth/state_mismatch",
    );
    assert.equal((await refusal(login.finish(query, undefined))).code, "auth/state_mismatch");
    const forged = `${first.pendingCookie.slice(0, -4)}AAAA`;
    assert.equal((await refusal(login.finish(query, forged))).code, "auth/state_mismatch");
    assert.equal(
      (await refusal(login.finish({ ...query, state: undefined }, first.pendingCookie))).code,
      "auth/state_mismatch",
    );
    // A cookie sealed with another SECRET_KEY does not open.
    const elsewhere = new DiscordLogin(
      login.settings,
      "another-secret-key-that-is-long-enough-xyz",
    );
    const foreign = await elsewhere.begin("/");
    const foreignQuery = await consent(foreign.authorizationUrl);
    assert.equal(
      (await refusal(login.finish(foreignQuery, foreign.pendingCookie))).code,
      "auth/state_mismatch",
    );
  });

  it("refuses a denied consent", async () => {
    discord.refuseNextConsent();
    const { authorizationUrl, pendingCookie } = await login.begin("/");
    const query = await consent(authorizationUrl);
    assert.equal(query.error, "access_denied");
    assert.equal((await refusal(login.finish(query, pendingCookie))).code, "auth/consent_denied");
  });

  it("refuses a replayed code: Discord spends a code on its first use", async () => {
    const { authorizationUrl, pendingCookie } = await login.begin("/");
    const query = await consent(authorizationUrl);
    await login.finish(query, pendingCookie);
    const replay = await refusal(login.finish(query, pendingCookie));
    assert.equal(replay.code, "auth/code_rejected");
    assert.equal(discord.stats.tokenRefusals.at(-1)?.error, "invalid_grant");
  });

  it("refuses a code exchanged with another login's verifier (PKCE)", async () => {
    const victim = await login.begin("/");
    const attacker = await login.begin("/");
    const query = await consent(victim.authorizationUrl);
    // The attacker injects the victim's code into their own login: state matches theirs, verifier does not.
    const attackerState = attacker.authorizationUrl.searchParams.get("state")!;
    const error = await refusal(
      login.finish({ code: query.code, state: attackerState }, attacker.pendingCookie),
    );
    assert.equal(error.code, "auth/code_rejected");
  });

  it("reports a wrong client secret as a provider error", async () => {
    const wrong = new DiscordLogin({ ...login.settings, clientSecret: "nope" }, SECRET);
    const { authorizationUrl, pendingCookie } = await wrong.begin("/");
    const query = await consent(authorizationUrl);
    assert.equal((await refusal(wrong.finish(query, pendingCookie))).code, "auth/provider_error");
  });

  it("needs all three Discord settings", () => {
    const endpoints = discord.endpoints;
    assert.equal(
      discordSettingsFrom({
        clientId: "a",
        clientSecret: undefined,
        redirectUri: REDIRECT_URI,
        ...endpoints,
      }),
      null,
    );
  });
});

describe("the post-login destination", () => {
  const origins = ["http://localhost:5173"];
  it("allows local paths and allowed origins", () => {
    assert.equal(checkReturnTo(undefined, origins), "/");
    assert.equal(checkReturnTo("/games/42?tab=box", origins), "/games/42?tab=box");
    assert.equal(
      checkReturnTo("http://localhost:5173/lobby", origins),
      "http://localhost:5173/lobby",
    );
  });
  it("refuses open redirects", () => {
    for (const bad of [
      "//evil.example/x",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      assert.throws(() => checkReturnTo(bad, origins), { code: "auth/bad_return_to" }, bad);
    }
  });
});
