// The lineups table follows the engine's lineup entries when an action changes entries already
// written, not only when it adds new ones: the DH moving into the field ends the DH (OBR
// 5.11(a)(4)), the fielder left without a position leaves the game without a replacement and
// the pitcher takes his batting slot in place.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { lineups, teamManagers, users } from "../db/schema/index.js";
import { describeEachBackend } from "../db/testing.js";
import { defaultAction } from "../engine/defaults.js";
import type { GameState } from "../engine/index.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { DbGameStore } from "./db-store.js";
import { type EngineGame, engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import type { AiManager } from "./ports.js";
import { GameService } from "./service.js";

const neverAsked: AiManager = {
  decide() {
    throw new Error("no AI side in this game");
  },
};

function serviceOn(db: Database) {
  const store = new DbGameStore(db.orm);
  return new GameService({
    store,
    teams: store,
    rules: engineRules,
    ai: neverAsked,
    setups: new LeagueSetups((league) => bundledSource(league)),
    idleEvictMs: 0,
  });
}

/** The engine's state of a live game, by replaying its stored log (the service's recovery). */
async function engineLineup(db: Database, gameId: string) {
  const stored = (await new DbGameStore(db.orm).loadGame(gameId))!;
  let state: EngineGame | null = null;
  for (const action of stored.actions) {
    if (action.kind === "start") {
      const started = engineRules.start(action.payload, stored.seed);
      assert.ok(started.ok);
      state = started.value;
      continue;
    }
    const parsed = engineRules.parse(action.payload);
    assert.ok(parsed.ok);
    const applied = engineRules.apply(state!, parsed.value);
    assert.ok(applied.ok);
    state = applied.value.state;
  }
  return (state as { game: GameState }).game;
}

describeEachBackend("lineup entries changed in place reach the lineups table", (getDb) => {
  it("the DH moves into the field: the left-out fielder leaves, the pitcher bats in his slot", async () => {
    const db = getDb();
    const manager = randomUUID();
    await db.orm.insert(users).values({ id: manager, discordId: `d-${manager}`, username: "m" });
    for (const teamId of [101, 102]) {
      await db.orm.insert(teamManagers).values({ leagueId: "sba", teamId, userId: manager });
    }
    const service = serviceOn(db);
    const game = await service.createGame({
      league: "sba",
      homeTeamId: 101,
      awayTeamId: 102,
      mode: "friendly",
      pace: "async",
      visibility: "public",
      homeIsAi: false,
      awayIsAi: false,
      aiDifficulty: "balanced",
      turnTimerSeconds: null,
      createdBy: manager,
    });
    for (const [side, teamId] of [
      ["home", 101],
      ["away", 102],
    ] as const) {
      const roster = (await bundledSource("sba").getRoster(teamId))!;
      await service.submitLineup(game.id, { userId: manager }, side, {
        lineup: roster.depth.lineup.map((s) => ({ playerId: s.id, position: s.position })),
        pitcher: roster.depth.rotation[0],
      });
    }
    await service.startGame(game.id, { userId: manager });
    await service.drain();

    // Play on (each side's default decision) until a play is in and the home side takes the
    // field: a substitute names the play after which he entered.
    let before = await engineLineup(db, game.id);
    while (
      before.playNumber < 1 ||
      before.pending.kind !== "defense" ||
      before.pending.side !== "home"
    ) {
      const pending = before.pending;
      assert.ok(pending.kind !== "gameOver" && pending.side !== "server");
      const ack = await service.submit(
        game.id,
        { userId: manager },
        {
          version: before.version,
          clientActionId: randomUUID(),
          side: pending.side,
          decision: defaultAction(before),
        },
      );
      assert.ok(ack.ok, ack.ok ? "" : JSON.stringify(ack.error));
      await service.drain();
      before = await engineLineup(db, game.id);
    }
    const dh = before.lineup.find((e) => e.team === "home" && e.position === "DH")!;
    const leftFielder = before.lineup.find((e) => e.team === "home" && e.position === "LF")!;
    const pitcher = before.lineup.find((e) => e.team === "home" && e.position === "P")!;
    assert.equal(pitcher.battingOrder, null, "a DH game: the pitcher does not bat");
    const ack = await service.submit(
      game.id,
      { userId: manager },
      {
        version: before.version,
        clientActionId: "dh-to-left",
        side: "home",
        decision: { type: "switchPositions", side: "home", moves: [{ id: dh.id, position: "LF" }] },
      },
    );
    assert.ok(ack.ok, ack.ok ? "" : JSON.stringify(ack.error));
    await service.drain();

    const after = await engineLineup(db, game.id);
    assert.equal(after.lineup.find((e) => e.id === leftFielder.id)?.isActive, false);
    assert.equal(
      after.lineup.find((e) => e.id === pitcher.id)?.battingOrder,
      leftFielder.battingOrder,
    );
    const rows = await db.orm
      .select()
      .from(lineups)
      .where(eq(lineups.gameId, game.id))
      .orderBy(asc(lineups.id));
    const fields = (e: {
      playerId: number | null;
      position: string;
      battingOrder: number | null;
      isActive: boolean;
      isStarter: boolean;
    }) => [e.playerId, e.position, e.battingOrder, e.isActive, e.isStarter];
    assert.deepEqual(rows.map(fields), after.lineup.map(fields));
    assert.equal(rows.length, before.lineup.length + 1, "one new entry: the DH in left field");
    await service.close();
  });
});
