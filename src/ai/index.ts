/** AI managers: balanced, yolo and safe, one decision model with three parameter sets. */
export { batterValue, homeWinChance } from "./estimates.js";
export {
  createManager,
  type DecisionContext,
  type Manager,
  type ManagerOptions,
} from "./manager.js";
export { PERSONALITIES, type Personality, type PersonalityName } from "./personalities.js";
export { type AiGame, type AiGameOptions, playAiGame } from "./play.js";
