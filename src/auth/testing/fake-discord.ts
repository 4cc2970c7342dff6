// A fake Discord OAuth2 provider: a real HTTP server on 127.0.0.1 (port 0), for tests and local
// runs with no network. It speaks the same wire protocol as Discord for the three endpoints Dugout
// uses, and checks what Discord checks:
//
//   GET  /oauth2/authorize   needs response_type=code, the registered client_id and redirect_uri,
//                            a state and an S256 code_challenge. Consents (or refuses, when told
//                            to) at once with no page, redirecting to redirect_uri with
//                            ?code=…&state=… or ?error=access_denied&state=….
//   POST /api/oauth2/token   grant_type=authorization_code; client credentials by HTTP Basic or in
//                            the form; the code must be known, unexpired, issued to this client
//                            and redirect_uri, and never used before (a replay is invalid_grant);
//                            the code_verifier must hash to the stored challenge.
//   GET  /api/v10/users/@me  Bearer access token from the token endpoint -> the Discord user.
//
// Point Dugout at it with the fake's `endpoints` (DISCORD_AUTHORIZE_URL, DISCORD_TOKEN_URL,
// DISCORD_API_URL).
//
//   const discord = await startFakeDiscord({ clientId: "c", clientSecret: "s", redirectUri });
//   discord.loginAs({ id: "1234", username: "gm_bob" });   // who consents next
//   discord.refuseNextConsent();                           // or: the next visitor says no
//   ...
//   await discord.close();

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A Discord user object, as GET /users/@me returns it. */
export interface FakeDiscordUser {
  id: string;
  username: string;
  global_name?: string | null;
  avatar?: string | null;
  discriminator?: string;
}

export interface FakeDiscordOptions {
  clientId: string;
  clientSecret: string;
  /**
   * The redirect_uri this client may use (Discord checks it against the app's settings). May be
   * set later with allowRedirectUri, e.g. once the app under test knows its port.
   */
  redirectUri?: string;
  /** The user who consents when none was chosen with loginAs. */
  defaultUser?: FakeDiscordUser;
  /** How long an authorization code stays valid. Discord's is 10 minutes. */
  codeTtlMs?: number;
}

export interface FakeDiscordEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  apiUrl: string;
}

/** What the fake saw, for assertions. */
export interface FakeDiscordStats {
  authorizeRequests: number;
  tokenRequests: number;
  tokenRefusals: Array<{ error: string; description: string }>;
  userRequests: number;
}

export interface FakeDiscord {
  readonly baseUrl: string;
  readonly endpoints: FakeDiscordEndpoints;
  readonly stats: FakeDiscordStats;
  /** The user who consents on the next authorize request(s), until changed. */
  loginAs(user: FakeDiscordUser): void;
  /** Register the client's redirect_uri (replacing the one given at start). */
  allowRedirectUri(uri: string): void;
  /** The next authorize request is refused: error=access_denied. */
  refuseNextConsent(): void;
  close(): Promise<void>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: FakeDiscordUser;
  expiresAt: number;
  used: boolean;
}

export const FAKE_DEFAULT_USER: FakeDiscordUser = {
  id: "80351110224678912",
  username: "fake_gm",
  global_name: "Fake GM",
  avatar: "a_1269e74af4df7417b13759eae50c83dc",
  discriminator: "0",
};

export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const codeTtlMs = options.codeTtlMs ?? 10 * 60 * 1000;
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, FakeDiscordUser>();
  const stats: FakeDiscordStats = {
    authorizeRequests: 0,
    tokenRequests: 0,
    tokenRefusals: [],
    userRequests: 0,
  };
  let currentUser = options.defaultUser ?? FAKE_DEFAULT_USER;
  let refuseNext = false;
  let allowedRedirectUri = options.redirectUri;

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { message: String(error), code: 0 });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake-discord.invalid");
    if (req.method === "GET" && url.pathname === "/oauth2/authorize") return authorize(url, res);
    if (req.method === "POST" && url.pathname === "/api/oauth2/token") return token(req, res);
    if (req.method === "GET" && url.pathname === "/api/v10/users/@me") return me(req, res);
    json(res, 404, { message: "404: Not Found", code: 0 });
  }

  function authorize(url: URL, res: ServerResponse) {
    stats.authorizeRequests += 1;
    const q = url.searchParams;
    // Discord shows an error page (no redirect) when the client or redirect_uri is wrong.
    if (q.get("client_id") !== options.clientId) {
      return json(res, 400, { message: "Invalid OAuth2 client_id", code: 50035 });
    }
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri || redirectUri !== allowedRedirectUri) {
      return json(res, 400, { message: "Invalid OAuth2 redirect_uri", code: 50035 });
    }
    const back = new URL(redirectUri);
    const state = q.get("state");
    if (state !== null) back.searchParams.set("state", state);
    const fail = (error: string, description: string) => {
      back.searchParams.set("error", error);
      back.searchParams.set("error_description", description);
      redirect(res, back);
    };
    if (q.get("response_type") !== "code") {
      return fail("unsupported_response_type", "response_type must be code");
    }
    const challenge = q.get("code_challenge");
    if (q.get("code_challenge_method") !== "S256" || !challenge) {
      return fail("invalid_request", "an S256 code_challenge is required");
    }
    if (refuseNext) {
      refuseNext = false;
      return fail("access_denied", "The resource owner or authorization server denied the request");
    }
    const code = randomBytes(15).toString("base64url");
    codes.set(code, {
      clientId: options.clientId,
      redirectUri,
      codeChallenge: challenge,
      user: currentUser,
      expiresAt: Date.now() + codeTtlMs,
      used: false,
    });
    back.searchParams.set("code", code);
    redirect(res, back);
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    stats.tokenRequests += 1;
    const form = new URLSearchParams(await readBody(req));
    const refuse = (status: number, error: string, description: string) => {
      stats.tokenRefusals.push({ error, description });
      json(res, status, { error, error_description: description });
    };
    const client = clientCredentials(req.headers.authorization, form);
    if (
      !client ||
      client.id !== options.clientId ||
      !sameSecret(client.secret, options.clientSecret)
    ) {
      return refuse(401, "invalid_client", "Unknown client or wrong client secret");
    }
    if (form.get("grant_type") !== "authorization_code") {
      return refuse(400, "unsupported_grant_type", "Only authorization_code is supported");
    }
    const code = form.get("code") ?? "";
    const issued = codes.get(code);
    if (!issued) return refuse(400, "invalid_grant", 'Invalid "code" in request.');
    if (issued.used) return refuse(400, "invalid_grant", "The code was already used");
    // A code is spent by its first exchange, whether or not that exchange succeeds.
    issued.used = true;
    if (issued.expiresAt < Date.now()) return refuse(400, "invalid_grant", "The code expired");
    if (issued.clientId !== client.id) {
      return refuse(400, "invalid_grant", "The code was issued to another client");
    }
    if (form.get("redirect_uri") !== issued.redirectUri) {
      return refuse(400, "invalid_grant", "redirect_uri does not match the authorize request");
    }
    const verifier = form.get("code_verifier") ?? "";
    if (createHash("sha256").update(verifier).digest("base64url") !== issued.codeChallenge) {
      return refuse(400, "invalid_grant", "code_verifier does not match the code_challenge");
    }
    const accessToken = randomBytes(24).toString("base64url");
    accessTokens.set(accessToken, issued.user);
    json(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 604800,
      refresh_token: randomBytes(24).toString("base64url"),
      scope: "identify",
    });
  }

  function me(req: IncomingMessage, res: ServerResponse) {
    stats.userRequests += 1;
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
    const user = match ? accessTokens.get(match[1]!) : undefined;
    if (!user) return json(res, 401, { message: "401: Unauthorized", code: 0 });
    json(res, 200, {
      discriminator: "0",
      global_name: null,
      avatar: null,
      ...user,
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    endpoints: {
      authorizeUrl: `${baseUrl}/oauth2/authorize`,
      tokenUrl: `${baseUrl}/api/oauth2/token`,
      apiUrl: `${baseUrl}/api/v10`,
    },
    stats,
    allowRedirectUri(uri) {
      allowedRedirectUri = uri;
    },
    loginAs(user) {
      currentUser = user;
    },
    refuseNextConsent() {
      refuseNext = true;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function clientCredentials(
  authorization: string | undefined,
  form: URLSearchParams,
): { id: string; secret: string } | undefined {
  const basic = /^Basic (\S+)$/i.exec(authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  return id !== null && secret !== null ? { id, secret } : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function redirect(res: ServerResponse, location: URL): void {
  res.writeHead(302, { location: location.toString(), "content-length": 0 });
  res.end();
}
