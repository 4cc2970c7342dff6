import assert from "node:assert/strict";
import type { Action } from "../actions.js";
import { applyAction } from "../apply.js";
import type { CardSide } from "../cards.js";
import { ScriptedDice, type ScriptedRoll } from "../dice.js";
import type { GameEvent } from "../events.js";
import type { PlayRecord } from "../play-record.js";
import { formatResult } from "../result-codes.js";
import type { GameState } from "../state.js";
import { BATTER_VS_LEFT, BATTER_VS_RIGHT, PITCHER_VS_LEFT, PITCHER_VS_RIGHT } from "./fixtures.js";

/** Applies actions on chosen dice; every chosen roll must be used. Returns the plays recorded. */
export function play(
  state: GameState,
  actions: readonly Action[],
  rolls: readonly ScriptedRoll[] = [],
): { state: GameState; plays: PlayRecord[]; events: GameEvent[] } {
  const dice = new ScriptedDice(rolls);
  let current = state;
  const events: GameEvent[] = [];
  for (const action of actions) {
    const result = applyAction(current, action, dice);
    if (!result.ok)
      assert.fail(`${action.type} refused: ${result.error.code}: ${result.error.message}`);
    current = result.state;
    events.push(...result.events);
  }
  assert.equal(dice.remaining, 0, `${dice.remaining} chosen rolls were not used`);
  const plays = events.flatMap((e) =>
    e.type === "plateAppearanceEnded" || e.type === "playRecorded" ? [e.play] : [],
  );
  return { state: current, plays, events };
}

/**
 * The at-bat dice that read `code` off the fixture cards (batter vs RHP for d6 1-3, pitcher vs
 * RHB for d6 4-6), with a split d20 inside the entry and never 1 or 2 (the WP/PB faces).
 */
export function diceFor(code: string): [ScriptedRoll, ScriptedRoll, ScriptedRoll] {
  // Prefer a cell that reads the same on both halves of the card, so the dice read `code`
  // whichever arm the pitcher throws with and whichever side the batter bats from.
  const sides: [number, CardSide, CardSide][] = [
    [0, BATTER_VS_RIGHT, BATTER_VS_LEFT],
    [3, PITCHER_VS_RIGHT, PITCHER_VS_LEFT],
  ];
  let fallback: [ScriptedRoll, ScriptedRoll, ScriptedRoll] | null = null;
  for (const [offset, side, other] of sides) {
    for (let c = 0; c < 3; c++) {
      for (let row = 2; row <= 12; row++) {
        const cell = side.columns[c]![row as 2]!;
        const otherCell = other.columns[c]![row as 2]!;
        for (const entry of cell) {
          if (formatResult(entry.result) !== code) continue;
          const d20 = Math.max(entry.from, 3);
          if (d20 > entry.to) continue;
          const dice: [ScriptedRoll, ScriptedRoll, ScriptedRoll] = [
            { die: "d6", value: offset + c + 1 },
            { die: "2d6", value: row },
            { die: "d20", value: d20 },
          ];
          const same = otherCell.find((e) => e.from <= d20 && d20 <= e.to);
          if (same !== undefined && formatResult(same.result) === code) return dice;
          fallback ??= dice;
        }
      }
    }
  }
  if (fallback !== null) return fallback;
  throw new Error(`${code} is not on the fixture cards`);
}

/** "B12": who stands on first, second, third ("B" the batter, 1-3 the runner who started there, "-" empty). */
export function basesShape(before: GameState, after: GameState, batterId: number): string {
  const label = (id: number | undefined) => {
    if (id === undefined) return "-";
    if (id === batterId) return "B";
    if (before.bases.first?.id === id) return "1";
    if (before.bases.second?.id === id) return "2";
    if (before.bases.third?.id === id) return "3";
    return "?";
  };
  return (
    label(after.bases.first?.id) + label(after.bases.second?.id) + label(after.bases.third?.id)
  );
}
