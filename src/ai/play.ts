import {
  type Action,
  applyAction,
  type DiceSource,
  type GameState,
  type PlayRecord,
  type TeamSide,
  viewFor,
} from "../engine/index.js";
import type { Manager } from "./manager.js";

/**
 * Plays a game to its end with an AI manager on each side and no human input: every decision
 * comes from a manager, every roll from the dice. A refused AI decision is a bug and throws,
 * naming the decision and the engine's reason.
 */
export interface AiGameOptions {
  readonly managers: Readonly<Record<TeamSide, Manager>>;
  readonly dice: DiceSource;
  /** A safety stop: a game never needs this many actions. */
  readonly maxActions?: number;
  /** Called with each manager decision (for measuring or logging). */
  readonly onDecision?: (action: Action, state: GameState) => void;
}

export interface AiGame {
  readonly state: GameState;
  /** The play log, in order. */
  readonly plays: readonly PlayRecord[];
  /** Every action applied, in order. */
  readonly actions: readonly Action[];
}

export class AiDecisionRefused extends Error {
  override readonly name = "AiDecisionRefused";
}

export function playAiGame(start: GameState, options: AiGameOptions): AiGame {
  const maxActions = options.maxActions ?? 50_000;
  let state = start;
  const plays: PlayRecord[] = [];
  const actions: Action[] = [];
  while (state.pending.kind !== "gameOver") {
    if (actions.length >= maxActions) {
      throw new AiDecisionRefused(`the game did not end within ${maxActions} actions`);
    }
    const pending = state.pending;
    let action: Action;
    if (pending.kind === "roll") action = { type: "rollAtBat" };
    else {
      const side = pending.side;
      action = options.managers[side].decide(viewFor(state, side), pending, { side });
      options.onDecision?.(action, state);
    }
    const result = applyAction(state, action, options.dice);
    if (!result.ok) {
      throw new AiDecisionRefused(
        `${JSON.stringify(action)} was refused (${result.error.code}): ${result.error.message} [inning ${state.inning} ${state.half}, ${state.outs} out, pending ${pending.kind}]`,
      );
    }
    actions.push(action);
    for (const event of result.events) {
      if (event.type === "plateAppearanceEnded" || event.type === "playRecorded") {
        plays.push(event.play);
      }
    }
    state = result.state;
  }
  return { state, plays, actions };
}
