/**
 * The rules engine's public surface. Pure: no I/O, no clock, no Math.random. Every random number
 * comes from the injected DiceSource; a game replays exactly from its initial state, its action
 * log and its dice seed.
 */
export {
  ACTION_TYPES,
  type Action,
  type ActionType,
  actionSchema,
  type ChangePitcher,
  type DecideRunner,
  type Forfeit,
  type ParsedAction,
  parseAction,
  type RollAtBat,
  type SetDefense,
  type SetOffense,
  type SubmitCardResult,
  type Substitute,
  type SwitchPositions,
  type Timeout,
} from "./actions.js";
export { type ApplyResult, applyAction, pendingDecision } from "./apply.js";
export { platoonHalves } from "./at-bat.js";
export { type AutoPlayed, playToEnd } from "./autoplay.js";
export * from "./bases.js";
export * from "./cards.js";
export { ERROR_CHARTS, MAX_ERROR_RATING, readErrorChart } from "./charts/error-charts.js";
export { FLYBALL_CHART } from "./charts/flyball.js";
export {
  GROUNDBALL_INFIELD_BACK,
  GROUNDBALL_INFIELD_IN,
  readGroundballChart,
} from "./charts/groundball.js";
export {
  RANGE_CHART_BY_POSITION,
  type RangeResult,
  readRangeChart,
} from "./charts/range-charts.js";
export { defaultAction } from "./defaults.js";
export {
  ChaChaDice,
  type DiceCursor,
  type DiceSource,
  type DieKind,
  ScriptedDice,
  ScriptedDiceExhausted,
  ScriptedDiceMismatch,
  type ScriptedRoll,
  type ThreeDice,
  type TwoDice,
} from "./dice.js";
export { type EngineError, type EngineErrorCode, engineError } from "./errors.js";
export type { GameEvent } from "./events.js";
export { fieldingAt } from "./fielding.js";
export * from "./play-record.js";
export * from "./positions.js";
export { type CardOwner, formatResult, parseResult, whyNotPossible } from "./result-codes.js";
export * from "./results.js";
export { DEFAULT_RULES, type LeagueRules } from "./rules.js";
export { type CreatedGame, createGame, type GameSetup, type TeamSetup } from "./setup.js";
export {
  type AtBatReading,
  type Ballpark,
  type Bases,
  baseCode,
  baseRunners,
  battingTeam,
  type Choices,
  type DefenseChoice,
  fieldingTeam,
  type GameState,
  type InfieldDepth,
  type OffenseChoice,
  type OffensivePlay,
  type OnBase,
  type OutfieldDepth,
  type PendingDecision,
  type PitcherTally,
  type PlayInProgress,
  type RunnerAttempt,
  type RunnerDecision,
  type TeamState,
} from "./state.js";
export { type Viewer, viewFor } from "./view.js";
