import type { Action } from "./actions.js";
import { applyAction } from "./apply.js";
import { defaultAction } from "./defaults.js";
import type { DiceSource } from "./dice.js";
import type { EngineError } from "./errors.js";
import type { GameState } from "./state.js";

export interface AutoPlayed {
  readonly state: GameState;
  /** Every action applied, in order: the game's action log. */
  readonly actions: readonly Action[];
  /** Set when an action was refused (a bug in the caller's setup, e.g. a card with no grid). */
  readonly error: EngineError | null;
}

/** Plays a game on with the default decisions until it ends (or `maxActions` are applied). */
export function playToEnd(start: GameState, dice: DiceSource, maxActions = 100_000): AutoPlayed {
  let state = start;
  const actions: Action[] = [];
  while (actions.length < maxActions) {
    const action = defaultAction(state);
    if (action === null) break;
    const result = applyAction(state, action, dice);
    if (!result.ok) return { state, actions, error: result.error };
    actions.push(action);
    state = result.state;
  }
  return { state, actions, error: null };
}
