// A depth chart for a roster whose league keeps none (the SBA and PD APIs list players, not
// lineups): the usual nine with a DH, the starting rotation and the bullpen, chosen by a fixed,
// deterministic rule so the same roster always gives the same chart.
//
//   1. Pitchers are the players with a pitching card; everyone else is a position player.
//   2. Rotation: the pitchers with a starter endurance S(n), longest first (at most
//      AUTO_LINEUP.rotationSize [D]); with no starter at all, the pitcher of longest endurance.
//   3. Bullpen: the other pitchers, closers first (C(n), then R(n), longest first).
//   4. The field, scarcest position first: of the positions still open, the one the fewest
//      unused position players are listed at is filled next (ties in AUTO_LINEUP.fieldOrder),
//      by the listed player with the best fielding there (range, then error), then the better
//      bat. A position nobody is listed at goes to the best remaining bat, out of position.
//   5. DH: the best remaining bat among the position players.
//   6. Batting order: the nine by bat, best first.
//
// "Bat" is a run value per plate appearance read off both halves of the batting card with linear
// weights (battingValue); a no-grid SBA player's unknown card is worth 0, so roster order
// decides among them. Every tie goes to roster order.

import { chancesByResultType } from "../engine/card-layout.js";
import type { Player } from "../engine/cards.js";
import type { FieldPosition } from "../engine/positions.js";
import type { CardResultType } from "../engine/results.js";
import type { DepthChart } from "./source.js";

export const AUTO_LINEUP = {
  /** Starters in the rotation [D]. */
  rotationSize: 5,
  /** Tie-break among equally scarce positions: the defensive spectrum, hardest first [D]. */
  fieldOrder: ["C", "SS", "2B", "CF", "3B", "RF", "LF", "1B"] as const,
} as const;

/** Linear weights of each result type, runs relative to an average plate appearance [D]. */
const RUN_VALUE: Readonly<Record<CardResultType, number>> = {
  SINGLE_1: 0.45,
  SINGLE_2: 0.5,
  SINGLE_UNCAPPED: 0.48,
  DOUBLE_2: 0.75,
  DOUBLE_3: 0.8,
  DOUBLE_UNCAPPED: 0.77,
  TRIPLE: 1.05,
  HOMERUN: 1.4,
  BP_HOMERUN: 0.55,
  BP_SINGLE: 0.1,
  WALK: 0.32,
  HBP: 0.34,
  STRIKEOUT: -0.28,
  GROUNDBALL: -0.3,
  FLYBALL: -0.23,
  LINEOUT: -0.29,
  POPOUT: -0.28,
  FOULOUT: -0.28,
  XCHECK: -0.12,
};

/** A batter's run value per plate appearance off his own card, both halves averaged. */
export function battingValue(player: Player): number {
  let total = 0;
  for (const side of [player.batting.vsLeft, player.batting.vsRight]) {
    for (const [type, chances] of chancesByResultType(side)) total += chances * RUN_VALUE[type];
  }
  return total / 216;
}

export function autoDepthChart(players: readonly Player[]): DepthChart {
  const order = new Map(players.map((p, i) => [p.id, i]));
  const byRosterOrder = (a: Player, b: Player) => order.get(a.id)! - order.get(b.id)!;
  const bat = new Map(players.map((p) => [p.id, battingValue(p)]));
  const byBat = (a: Player, b: Player) => bat.get(b.id)! - bat.get(a.id)! || byRosterOrder(a, b);

  const pitchers = players.filter((p) => p.pitching !== null);
  const rotation = startingRotation(pitchers, byRosterOrder);
  const bullpen = pitchers
    .filter((p) => !rotation.includes(p))
    .sort((a, b) => {
      const ea = a.pitching!.endurance;
      const eb = b.pitching!.endurance;
      return (
        (eb.closer ?? -1) - (ea.closer ?? -1) ||
        (eb.reliever ?? -1) - (ea.reliever ?? -1) ||
        byRosterOrder(a, b)
      );
    });

  const unused = players.filter((p) => p.pitching === null);
  const field: { player: Player; position: FieldPosition | "DH" }[] = [];
  const open: FieldPosition[] = [...AUTO_LINEUP.fieldOrder];
  const listedAt = (position: FieldPosition) => unused.filter((p) => p.eligible.includes(position));
  while (open.length > 0 && unused.length > 0) {
    // The scarcest open position (fieldOrder breaks ties: `open` keeps that order).
    let position = open[0]!;
    for (const candidate of open) {
      if (listedAt(candidate).length < listedAt(position).length) position = candidate;
    }
    const fielding = (p: Player) => p.fielding[position];
    const listed = listedAt(position).sort(
      (a, b) =>
        (fielding(a)?.range ?? 9) - (fielding(b)?.range ?? 9) ||
        (fielding(a)?.error ?? 99) - (fielding(b)?.error ?? 99) ||
        byBat(a, b),
    );
    const chosen = listed[0] ?? [...unused].sort(byBat)[0]!;
    field.push({ player: chosen, position });
    unused.splice(unused.indexOf(chosen), 1);
    open.splice(open.indexOf(position), 1);
  }
  const dh = [...unused].sort(byBat)[0];
  if (dh !== undefined) field.push({ player: dh, position: "DH" });

  return {
    lineup: field
      .sort((a, b) => byBat(a.player, b.player))
      .map(({ player, position }) => ({ id: player.id, position })),
    rotation: rotation.map((p) => p.id),
    bullpen: bullpen.map((p) => p.id),
  };
}

function startingRotation(
  pitchers: readonly Player[],
  byRosterOrder: (a: Player, b: Player) => number,
): Player[] {
  const starters = pitchers
    .filter((p) => p.pitching!.endurance.starter !== null)
    .sort(
      (a, b) =>
        b.pitching!.endurance.starter! - a.pitching!.endurance.starter! || byRosterOrder(a, b),
    )
    .slice(0, AUTO_LINEUP.rotationSize);
  if (starters.length > 0) return starters;
  const longest = (p: Player) => {
    const e = p.pitching!.endurance;
    return Math.max(e.reliever ?? 0, e.closer ?? 0);
  };
  const best = [...pitchers].sort((a, b) => longest(b) - longest(a) || byRosterOrder(a, b))[0];
  return best ? [best] : [];
}
