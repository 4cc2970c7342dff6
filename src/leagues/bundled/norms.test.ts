import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PD_LEAGUE, SBA_LEAGUE } from "../config.js";
import { bundledSource } from "./index.js";
import { normsOf, simulateLeague } from "./norms.js";

/**
 * The sample leagues play like the major leagues: over 2,000 simulated games each (every team
 * against every other, the engine's default decisions, seeded dice), per team per game 4.0-5.0
 * runs and 0.9-1.4 home runs, BA .240-.260, K% 20-24, BB% 7.5-9.5.
 */
const GAMES = 2000;

const NORMS = {
  runsPerTeamGame: [4.0, 5.0],
  homerunsPerTeamGame: [0.9, 1.4],
  battingAverage: [0.24, 0.26],
  strikeoutRate: [0.2, 0.24],
  walkRate: [0.075, 0.095],
} as const;

for (const [config, league] of [
  [SBA_LEAGUE, "sba"],
  [PD_LEAGUE, "pd"],
] as const) {
  describe(`${config.name} sample league over ${GAMES} simulated games`, () => {
    it("lands inside the major-league norms", async () => {
      const totals = await simulateLeague(config, bundledSource(league), GAMES);
      assert.equal(totals.games, GAMES);
      const norms = normsOf(totals);
      for (const [stat, [lo, hi]] of Object.entries(NORMS) as [
        keyof typeof NORMS,
        readonly [number, number],
      ][]) {
        const value = norms[stat];
        assert.ok(
          value >= lo && value <= hi,
          `${league} ${stat} ${value.toFixed(3)} is outside ${lo}-${hi}`,
        );
      }
    });
  });
}
