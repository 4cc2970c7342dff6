import type { FieldingRating, Player } from "./cards.js";
import { MAX_ERROR_RATING } from "./charts/error-charts.js";
import { type FieldPosition, isOutfield } from "./positions.js";
import type { LeagueRules } from "./rules.js";

/**
 * A fielder's ratings where he stands (§5, §7). Rated there: his rating. An outfielder in another
 * outfield spot keeps his error rating and arm; only his range drops to the out-of-position range.
 * Anyone else out of position: range 5, the worst error rating on the position's chart, arm +5,
 * and a catcher's T and PB ratings at 20.
 */
export function fieldingAt(
  player: Player,
  position: FieldPosition,
  rules: LeagueRules,
): FieldingRating {
  const rated = player.fielding[position];
  if (rated !== undefined) return rated;
  const penalty = rules.outOfPosition;
  if (isOutfield(position)) {
    const otherSpot = (["LF", "CF", "RF"] as const)
      .map((spot) => player.fielding[spot])
      .find((rating) => rating !== undefined);
    if (otherSpot !== undefined) {
      return { ...otherSpot, position, range: penalty.range };
    }
  }
  const bestArm = Object.values(player.fielding)
    .map((rating) => rating?.arm)
    .find((arm) => arm !== undefined);
  return {
    position,
    range: penalty.range,
    error: MAX_ERROR_RATING[position],
    arm: (bestArm ?? 0) + penalty.armPenalty,
    ...(position === "C"
      ? { passedBall: penalty.catcherPassedBall, throwing: penalty.catcherThrowing }
      : {}),
  };
}
