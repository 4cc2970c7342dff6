/**
 * The game record's operations, typed and async. Each takes the opened Database (or its orm,
 * or a transaction) first, validates its input with zod, and refuses with a typed DbError
 * (see errors.ts), never a raw driver error.
 */
export * from "./ops/actions.js";
export * from "./ops/card-bodies.js";
export * from "./ops/cardsets.js";
export * from "./ops/games.js";
export * from "./ops/lineups.js";
export * from "./ops/plays.js";
export * from "./ops/rosters.js";
export * from "./ops/sessions.js";
export type { DbHandle } from "./ops/shared.js";
