// The `bot` command end to end: the real app listens on port 0 (dev login on), a PD game is created
// and set up over REST, the bot runs as a child process (`node --import tsx src/cli/bot.ts`, what
// `npm run bot` runs) for the home side with the safe AI, logging in through the dev login, and
// the away side is played by the SDK in this process with the balanced AI. The bot joins before the
// start and waits for it; the game ends; the log shows every home decision came from the bot's user.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createManager } from "../../src/ai/index.js";
import { autoplay } from "../../src/client/autoplay.js";
import { DugoutClient } from "../../src/client/index.js";
import { openDatabase } from "../../src/db/client.js";
import {
  type Action,
  applyAction,
  ChaChaDice,
  createGame,
  type GameSetup,
  type GameState,
  viewFor,
} from "../../src/engine/index.js";
import { DbGameStore } from "../../src/games/db-store.js";
import { buildTestApp } from "../../src/http/testing.js";
import { bundledSource } from "../../src/leagues/bundled/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BOT = join(ROOT, "src", "cli", "bot.ts");

function runBot(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", BOT, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
  });
  const joined = new Promise<void>((resolve) => {
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
      if (stderr.includes("joined game")) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, joined, exited, stdout: () => stdout, stderr: () => stderr };
}

describe("npm run bot", () => {
  it("refuses bad arguments with exit 2 and a reason", async () => {
    const bot = runBot(["--team", "left", "--game", "not-a-uuid", "--token", "t"]);
    assert.equal(await bot.exited, 2);
    assert.match(bot.stderr(), /--game: Invalid UUID/);
  });

  it("plays the home side of a real game over sockets to the end", {
    timeout: 180_000,
  }, async () => {
    const db = await openDatabase({});
    const app = await buildTestApp({ db, env: { DUGOUT_DEV_LOGIN: "1" } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = async (username: string, teamId: number) => {
      const res = await app.inject({
        method: "POST",
        url: "/auth/dev-login",
        payload: { username, teams: [{ league: "pd", teamId }] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { accessToken: string; user: { id: string } };
      return { token: body.accessToken, userId: body.user.id };
    };
    const alice = await login("alice", 201);
    const bob = await login("bob", 202);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    let bot: ReturnType<typeof runBot> | undefined;
    let away: DugoutClient | undefined;
    try {
      const created = await app.inject({
        method: "POST",
        url: "/games",
        headers: auth(alice.token),
        payload: { league: "pd", homeTeamId: 201, awayTeamId: 202, pace: "async" },
      });
      assert.equal(created.statusCode, 201, created.body);
      const gameId = created.json().id as string;
      for (const [side, teamId, who] of [
        ["home", 201, alice],
        ["away", 202, bob],
      ] as const) {
        const roster = (await bundledSource("pd").getRoster(teamId))!;
        const res = await app.inject({
          method: "PUT",
          url: `/games/${gameId}/lineups/${side}`,
          headers: auth(who.token),
          payload: {
            lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
            pitcher: roster.depth.rotation[0],
          },
        });
        assert.equal(res.statusCode, 200, res.body);
      }

      bot = runBot([
        "--url",
        url,
        "--game",
        gameId,
        "--team",
        "home",
        "--ai",
        "safe",
        "--dev-user",
        "alice",
      ]);
      await Promise.race([
        bot.joined,
        bot.exited.then((code) => assert.fail(`the bot exited (${code}): ${bot!.stderr()}`)),
      ]);

      away = await DugoutClient.connect({ url, token: bob.token, reconnection: false });
      assert.ok((await away.join(gameId)).ok);
      const started = await app.inject({
        method: "POST",
        url: `/games/${gameId}/start`,
        headers: auth(alice.token),
      });
      assert.equal(started.statusCode, 200, started.body);

      const balanced = createManager("balanced");
      const end = await autoplay(
        away,
        gameId,
        "away",
        (view) => {
          const state = view as GameState;
          return balanced.decide(state, state.pending, { side: "away" });
        },
        { timeoutMs: 150_000 },
      );
      assert.equal(end.status, "completed");
      assert.equal(await bot.exited, 0, bot.stderr());
      const result = JSON.parse(bot.stdout().trim()) as Record<string, unknown>;
      assert.deepEqual(
        {
          status: result.status,
          winner: result.winner,
          homeScore: result.homeScore,
          awayScore: result.awayScore,
          reason: result.reason,
        },
        {
          status: "completed",
          winner: end.gameOver!.winner,
          homeScore: end.gameOver!.homeScore,
          awayScore: end.gameOver!.awayScore,
          reason: "final",
        },
      );
      assert.equal(result.plays, end.playCount);

      const stored = (await new DbGameStore(db.orm).loadGame(gameId))!;
      const actors = new Set(stored.actions.map((a) => a.actor));
      assert.deepEqual([...actors].sort(), ["manager:away", "manager:home", "server", "system"]);
      assert.ok(
        stored.actions
          .filter((a) => a.actor === "manager:home")
          .every((a) => a.clientActionId !== null),
        "every home decision came in over the socket, with its client action id",
      );

      // What the clients decided from (the SDK's state: the view plus the cards from the join)
      // was the whole view: each decision is what the manager makes from the engine's own view.
      const [start, ...rest] = stored.actions;
      const setUp = createGame(start!.payload as GameSetup);
      assert.ok(setUp.ok);
      let state = setUp.state;
      const dice = ChaChaDice.fromHex(stored.seed);
      const safe = createManager("safe");
      for (const entry of rest) {
        const side = entry.actor === "manager:home" ? "home" : "away";
        if (entry.actor !== "server") {
          const manager = side === "home" ? safe : balanced;
          const expected = manager.decide(viewFor(state, side), state.pending, { side });
          assert.deepEqual(entry.payload, expected, `seq ${entry.seq} (${entry.actor})`);
        }
        const applied = applyAction(state, entry.payload as Action, dice);
        assert.ok(applied.ok);
        state = applied.state;
      }
      assert.equal(state.version, stored.game.version);
    } finally {
      away?.close();
      if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
      await app.close();
    }
  });
});
