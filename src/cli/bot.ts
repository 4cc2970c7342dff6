/**
 * npm run bot -- --url http://localhost:8000 --game ID --team home|away [--ai safe|balanced|yolo]
 *                (--token TOKEN | --dev-user NAME)
 *
 * Joins a real Dugout server as a client and plays one side of one game with an AI manager,
 * through the client SDK: the same socket, the same events and the same acks as a person's client.
 * It waits for the start when the game has not begun, rejoins after a dropped connection, and
 * exits 0 with one JSON line on stdout when the game is over. Progress goes to stderr.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createManager } from "../ai/index.js";
import { autoplay } from "../client/autoplay.js";
import { ConnectionRefused, DugoutClient } from "../client/index.js";
import type { GameState } from "../engine/index.js";

const HELP = `Usage: npm run bot -- --game ID --team home|away [options]

Plays one side of a game on a running Dugout server, as a client (Socket.IO, through the SDK).

  --url URL          the server (default http://localhost:8000)
  --game ID          the game's id (a uuid)
  --team SIDE        home or away: the side to play; the user must manage that team in the game
  --ai NAME          safe, balanced or yolo: the AI manager that decides (default balanced)
  --token TOKEN      an access token (or set DUGOUT_TOKEN)
  --dev-user NAME    log in as NAME through POST /auth/dev-login instead of a token; only when the
                     server runs with DUGOUT_DEV_LOGIN=1 (never in production). The dev user must
                     already manage the team (dev-login with "teams" sets that up).
  --help             this text

Exit codes: 0 the game is over (one JSON line on stdout: winner, score, reason); 1 the server
refused or the game could not be played; 2 bad arguments.`;

const ArgsSchema = z
  .strictObject({
    url: z.url().default("http://localhost:8000"),
    game: z.uuid(),
    team: z.enum(["home", "away"]),
    ai: z.enum(["safe", "balanced", "yolo"]).default("balanced"),
    token: z.string().min(1).optional(),
    "dev-user": z.string().min(1).max(64).optional(),
  })
  .refine((a) => !(a.token && a["dev-user"]), {
    message: "give --token or --dev-user, not both",
    path: ["token"],
  });
export type BotArgs = z.infer<typeof ArgsSchema>;

class BotError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "BotError";
  }
}

export function parseBotArgs(argv: readonly string[], env = process.env): BotArgs | "help" {
  let values: Record<string, unknown>;
  try {
    const parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string" },
        game: { type: "string" },
        team: { type: "string" },
        ai: { type: "string" },
        token: { type: "string" },
        "dev-user": { type: "string" },
        help: { type: "boolean" },
      },
    });
    values = parsed.values;
  } catch (error) {
    throw new BotError((error as Error).message, 2);
  }
  if (values.help) return "help";
  const { help: _help, ...rest } = values;
  const withEnvToken =
    rest.token === undefined && rest["dev-user"] === undefined && env.DUGOUT_TOKEN
      ? { ...rest, token: env.DUGOUT_TOKEN }
      : rest;
  const parsed = ArgsSchema.safeParse(withEnvToken);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = `--${issue.path.join(".") || "arguments"}`;
    const missing = issue.path.length === 1 && withEnvToken[String(issue.path[0])] === undefined;
    throw new BotError(missing ? `${name} is required` : `${name}: ${issue.message}`, 2);
  }
  if (!parsed.data.token && !parsed.data["dev-user"]) {
    throw new BotError("an access token is needed: --token TOKEN, DUGOUT_TOKEN or --dev-user", 2);
  }
  return parsed.data;
}

/** A fresh access token from the dev login (asked again on each reconnection). */
async function devLogin(url: string, username: string): Promise<string> {
  const res = await fetch(`${url.replace(/\/+$/, "")}/auth/dev-login`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ username }),
  });
  const body = (await res.json().catch(() => null)) as {
    accessToken?: string;
    error?: { code: string; message: string };
  } | null;
  if (!res.ok || !body?.accessToken) {
    const why = body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    throw new BotError(`dev login as ${username} failed (${why})`, 1);
  }
  return body.accessToken;
}

export async function runBot(args: BotArgs, log: (line: string) => void) {
  const devUser = args["dev-user"];
  const token = devUser ? () => devLogin(args.url, devUser) : (args.token ?? "");
  if (devUser) await devLogin(args.url, devUser); // fail early, with the server's reason
  let client: DugoutClient;
  try {
    client = await DugoutClient.connect({ url: args.url, token, reconnection: true });
  } catch (error) {
    if (error instanceof ConnectionRefused) {
      throw new BotError(`the server refused the connection (${error.code}: ${error.message})`, 1);
    }
    throw error;
  }
  try {
    const joined = await client.join(args.game, { side: args.team });
    if (!joined.ok) {
      throw new BotError(
        `cannot join as ${args.team}: ${joined.error.code} ${joined.error.message}`,
        1,
      );
    }
    log(`joined game ${args.game} as ${joined.role} (status ${joined.snapshot.status})`);
    const manager = createManager(args.ai);
    let plays = client.games.get(args.game)?.plays.length ?? 0;
    client.on("play_result", ({ gameId, play }) => {
      if (gameId !== args.game || play.playNumber <= plays) return;
      plays = play.playNumber;
      if (plays % 25 === 0) log(`play ${plays}: inning ${play.inning}`);
    });
    client.socket.on("disconnect", (reason) => log(`disconnected (${reason}); reconnecting`));
    const end = await autoplay(client, args.game, args.team, (view) => {
      const state = view as GameState;
      return manager.decide(state, state.pending, { side: args.team });
    });
    const over = end.gameOver;
    return {
      gameId: args.game,
      side: args.team,
      ai: args.ai,
      status: end.status,
      winner: over?.winner ?? null,
      homeScore: over?.homeScore ?? null,
      awayScore: over?.awayScore ?? null,
      reason: over?.reason ?? null,
      plays: client.games.get(args.game)?.plays.length ?? plays,
    };
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bot: ${line}\n`);
  try {
    const args = parseBotArgs(process.argv.slice(2));
    if (args === "help") {
      process.stdout.write(`${HELP}\n`);
      return;
    }
    const result = await runBot(args, log);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    log(
      `game over: ${result.reason ?? result.status}, away ${result.awayScore} home ${result.homeScore}`,
    );
  } catch (error) {
    if (error instanceof BotError) {
      process.stderr.write(`bot: ${error.message}\n`);
      if (error.exitCode === 2) process.stderr.write("run with --help for the options\n");
      process.exit(error.exitCode);
    }
    process.stderr.write(`bot: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
