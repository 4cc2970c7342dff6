import type { TeamSide } from "./play-record.js";
import type { GameState } from "./state.js";

export type Viewer = TeamSide | "spectator";

/**
 * What one viewer may see: never the dice cursor (the seed never enters the state at all), and
 * not the offense's declared play while the roll is still to come, unless he is the offense.
 */
export function viewFor(state: GameState, viewer: Viewer): GameState {
  const offense = state.half === "top" ? "away" : "home";
  const hideOffense =
    state.choices.offense !== null && state.pending.kind === "roll" && viewer !== offense;
  if (!hideOffense && state.diceCursor === null) return state;
  return {
    ...state,
    diceCursor: null,
    choices: hideOffense ? { ...state.choices, offense: null } : state.choices,
  };
}
