import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TWO_DICE_ROWS, TWO_DICE_WEIGHT } from "../../engine/cards.js";
import { callsPitcherInjuryCheck, INJURY_TABLE, readInjuryTable } from "../../engine/injuries.js";
import { DEFAULT_RULES } from "../../engine/rules.js";
import { loadBundle } from "./index.js";

/**
 * The sample leagues' injury ratings against the injury rules (§1, §7): every rating has a row
 * on the 3d6 table (or is "0pNN", never injured), and the pitcher ratings give a league-like
 * number of pitcher injuries. Computed exactly from the ratings, no simulation: per at-bat roll,
 * P(d6 = 6 and the row calls his check) x P(the 3d6 table reads anything but OK).
 */
const PLATE_APPEARANCES_PER_GAME = 78;
/** Pitcher injuries per game (both teams) a league accepts: about the major-league IL rate. */
const MOST_PITCHER_INJURIES_PER_GAME = 0.3;

/** 3d6 sums 3..18 and their chances out of 216. */
const THREE_D6: ReadonlyMap<number, number> = (() => {
  const ways = new Map<number, number>();
  for (let a = 1; a <= 6; a++)
    for (let b = 1; b <= 6; b++)
      for (let c = 1; c <= 6; c++) ways.set(a + b + c, (ways.get(a + b + c) ?? 0) + 1);
  return ways;
})();

function chanceOfInjuryPerAtBatRoll(
  card: NonNullable<Parameters<typeof callsPitcherInjuryCheck>[0]>,
): number {
  if (card.injury === null) return 0;
  let check = 0;
  for (const row of TWO_DICE_ROWS) {
    if (callsPitcherInjuryCheck(card, { d6: 6, row }, DEFAULT_RULES))
      check += TWO_DICE_WEIGHT[row] / 36;
  }
  let hurt = 0;
  for (const [sum, ways] of THREE_D6) {
    if (readInjuryTable(card.injury, sum) !== "OK") hurt += ways / 216;
  }
  return (check / 6) * hurt;
}

for (const league of ["sba", "pd"] as const) {
  describe(`${league} sample league injury ratings`, () => {
    const bundle = loadBundle(league);
    const players = [...bundle.players.values()];

    it("every injury rating is one the 3d6 table knows (p70 ... p20)", () => {
      // A games digit may have no row for a rating (p70 from 3 games up): he is simply never hurt.
      const known = new Set(
        Object.values(INJURY_TABLE).flatMap((byRating) => Object.keys(byRating)),
      );
      for (const player of players) {
        for (const injury of [player.batting.injury, player.pitching?.injury ?? null]) {
          if (injury === null) continue;
          assert.ok(
            known.has(`p${injury.rating}`),
            `${player.name}: ${injury.games}p${injury.rating} is no rating of the injury table`,
          );
        }
      }
    });

    it(`pitchers are hurt at most ${MOST_PITCHER_INJURIES_PER_GAME} times a game`, () => {
      const staff = players.filter((p) => p.pitching !== null);
      const perRoll =
        staff.reduce((sum, p) => sum + chanceOfInjuryPerAtBatRoll(p.pitching!), 0) / staff.length;
      const perGame = perRoll * PLATE_APPEARANCES_PER_GAME;
      assert.ok(
        perGame > 0.02 && perGame <= MOST_PITCHER_INJURIES_PER_GAME,
        `${league}: ${perGame.toFixed(3)} pitcher injuries per game`,
      );
    });
  });
}
