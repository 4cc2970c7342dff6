// Each action's game_state_update and its ack leave the server in one TCP write to the submitter
// (src/realtime/one-write.ts): two managers playing a whole game cost two server writes per action
// (the opponent's update, then the submitter's update and ack together) instead of three, and
// every client still sees every update, in order, before the ack of its own action.

import assert from "node:assert/strict";
import type { Socket as TcpSocket } from "node:net";
import { after, before, describe, it } from "node:test";
import { autoplay } from "../../src/client/autoplay.js";
import type { GameService } from "../../src/games/service.js";
import { MemoryGameStore } from "../../src/games/testing/memory-store.js";
import { StaticTeams, startedToyGame, toyService } from "../../src/games/testing/toy-harness.js";
import { toyAi } from "../../src/games/testing/toy-rules.js";
import type { Side } from "../../src/games/types.js";
import { clientFor, newUser, startServer, type TestServer } from "./harness.js";

const HOME = newUser();
const AWAY = newUser();
const teams = new StaticTeams().add(HOME, "sba", 1).add(AWAY, "sba", 2);

let service: GameService;
let server: TestServer;
/** Calls to the server's TCP sockets' _write and _writev: one write syscall each. */
let writes = 0;

before(async () => {
  service = toyService(new MemoryGameStore(), teams);
  server = await startServer(service);
  server.app.server.on("connection", (tcp: TcpSocket) => {
    const counted = tcp as unknown as Record<"_write" | "_writev", (...args: unknown[]) => void>;
    for (const method of ["_write", "_writev"] as const) {
      const original = counted[method];
      counted[method] = function (this: unknown, ...args: unknown[]) {
        writes += 1;
        return original.apply(this, args);
      };
    }
  });
});
after(async () => {
  await server.close();
  await service.close();
});

const decide = (side: Side) => (view: unknown, d: { decision: string; details: unknown }) =>
  toyAi.decide(view, { side, decision: d.decision, details: d.details }, "balanced");

describe("one write per submitter and action", () => {
  it("a whole game costs two server writes per action, and every update comes before its ack", async () => {
    const game = await startedToyGame(service, { home: HOME, away: AWAY });
    const home = await clientFor(server.url, HOME);
    const away = await clientFor(server.url, AWAY);
    try {
      await Promise.all([home.join(game.id), away.join(game.id)]);
      writes = 0;
      let actions = 0;
      const late: string[] = [];
      const play = (client: typeof home, side: Side) =>
        autoplay(client, game.id, side, decide(side), {
          onAck: (ack) => {
            actions += 1;
            const seen = client.snapshot(game.id)!.version;
            if (ack.ok && seen < ack.version) late.push(`${side} acked ${ack.version} at ${seen}`);
          },
        });
      const [end] = await Promise.all([play(home, "home"), play(away, "away")]);
      assert.equal(end.status, "completed");
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(late, [], "the update of each action arrives before its ack");
      assert.ok(actions > 10);
      // Before one-write.ts: 3 per action (the ack in a write of its own).
      assert.ok(
        writes <= actions * 2.2,
        `${writes} server writes for ${actions} actions (${(writes / actions).toFixed(2)} each)`,
      );
    } finally {
      home.close();
      away.close();
    }
  });
});
