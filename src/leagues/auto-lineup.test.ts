// autoDepthChart on the bundled leagues' rosters and on no-grid SBA players: a legal nine with a
// DH, every fielder at a position he is listed at, the rotation by starter endurance, the bullpen
// closers first, and the same chart every time for the same roster.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { Player } from "../engine/cards.js";
import type { SbaApiPlayer } from "./api/sba-schemas.js";
import { toGamePlayer, toLeaguePlayer } from "./api/sba-source.js";
import { autoDepthChart, battingValue } from "./auto-lineup.js";
import { bundledSource } from "./bundled/index.js";
import { SBA_ACTIVE_ROSTERS } from "./testing/sba-fixtures.js";

function assertLegal(players: readonly Player[]) {
  const depth = autoDepthChart(players);
  const byId = new Map(players.map((p) => [p.id, p]));
  assert.equal(depth.lineup.length, 9);
  assert.deepEqual(depth.lineup.map((l) => l.position).sort(), [
    "1B",
    "2B",
    "3B",
    "C",
    "CF",
    "DH",
    "LF",
    "RF",
    "SS",
  ]);
  assert.equal(new Set(depth.lineup.map((l) => l.id)).size, 9);
  for (const { id, position } of depth.lineup) {
    const player = byId.get(id)!;
    assert.equal(player.pitching, null, `${player.name} is no pitcher`);
    if (position !== "DH")
      assert.ok(player.eligible.includes(position), `${player.name} at ${position}`);
  }
  const starters = depth.rotation.map((id) => byId.get(id)!.pitching!.endurance.starter!);
  assert.ok(starters.length > 0);
  assert.deepEqual(
    starters,
    [...starters].sort((a, b) => b - a),
    "longest starters first",
  );
  assert.ok(depth.bullpen.every((id) => !depth.rotation.includes(id)));
  const bats = depth.lineup.map((l) => battingValue(byId.get(l.id)!));
  assert.deepEqual(
    bats,
    [...bats].sort((a, b) => b - a),
    "best bats lead off",
  );
  assert.deepEqual(autoDepthChart(players), depth, "deterministic");
  return depth;
}

test("bundled SBA and PD rosters: a legal depth chart for every team", async () => {
  for (const league of ["sba", "pd"] as const) {
    const source = bundledSource(league);
    for (const team of await source.listTeams()) {
      assertLegal((await source.getRoster(team.id))!.players);
    }
  }
});

test("no-grid SBA API players: positions from the API, ties broken by roster order", () => {
  const players = SBA_ACTIVE_ROSTERS[499]!.map((r) =>
    toGamePlayer(toLeaguePlayer(r as unknown as SbaApiPlayer)),
  );
  const depth = assertLegal(players);
  const at = (position: string) =>
    players.find((p) => p.id === depth.lineup.find((l) => l.position === position)?.id)?.name;
  assert.equal(at("C"), "Salvador Perez");
  assert.equal(at("SS"), "Francisco Lindor");
  assert.equal(at("DH"), "Yordan Alvarez");
  assert.deepEqual(depth.rotation, [1010, 1011], "Cole, Wheeler: S(6) each, roster order");
  assert.deepEqual(depth.bullpen, [1012], "Clase");
});
