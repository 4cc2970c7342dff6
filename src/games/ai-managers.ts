// The AiManager port over src/ai's managers (balanced, yolo, safe): a side's view of the game in,
// that side's action out. AI sides play at the game's ai_difficulty; a live manager who runs out
// of time gets the balanced manager's decision (the service asks for "balanced" then).

import { createManager, type Manager, type PersonalityName } from "../ai/index.js";
import type { GameState } from "../engine/index.js";
import type { AiManager } from "./ports.js";
import { AI_DIFFICULTIES, type AiDifficulty } from "./types.js";

export function aiManagers(): AiManager {
  const managers = Object.fromEntries(
    AI_DIFFICULTIES.map((name) => [name, createManager(name satisfies PersonalityName)]),
  ) as Record<AiDifficulty, Manager>;
  return {
    decide(view, decision, difficulty) {
      const state = view as GameState;
      if (decision.side === null) {
        throw new Error(`no side owes a decision (${decision.decision}): the AI has nothing to do`);
      }
      return managers[difficulty].decide(state, state.pending, { side: decision.side });
    },
  };
}
