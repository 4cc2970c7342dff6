/**
 * Scoring: everything derived from a game's play log alone (rules reference §9; OBR 9.16,
 * 9.17, 9.19). All functions are pure.
 */
export { annotatePlays } from "./annotate.js";
export * from "./box-score.js";
export * from "./box-score-text.js";
export * from "./decisions.js";
export * from "./earned-runs.js";
export {
  type BaseRunner,
  type Bases,
  checkPlayLog,
  type GameStatus,
  gameStatus,
  type Movement,
  type PlayLogIssue,
  type ReplayedPlay,
  replay,
} from "./replay.js";
export * from "./run-expectancy.js";
export * from "./win-expectancy.js";
