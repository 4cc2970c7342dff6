import type { GameEvent } from "./events.js";
import type { TeamSide } from "./play-record.js";
import type { PendingDecision } from "./state.js";

/**
 * The decisions each plate appearance waits on in turn (the defense declares, then the offense,
 * then the server rolls), each one shared object with the decisionRequired event announcing it.
 * A game takes some 220 of these steps; handing out the shared pair spares the reducer building
 * both objects at every one. Like every part of a state they are plain data no one mutates
 * (frozen, so a mistake throws instead of changing every game).
 */
export interface Awaiting<D extends PendingDecision> {
  readonly decision: D;
  readonly announced: GameEvent;
}

type Defense = Extract<PendingDecision, { kind: "defense" }>;
type Offense = Extract<PendingDecision, { kind: "offense" }>;
type Roll = Extract<PendingDecision, { kind: "roll" }>;

function shared<D extends PendingDecision>(decision: D): Awaiting<D> {
  Object.freeze(decision);
  const announced: GameEvent = Object.freeze({ type: "decisionRequired", decision });
  return Object.freeze({ decision, announced });
}

const DEFENSE_AWAY = shared<Defense>({ kind: "defense", side: "away" });
const DEFENSE_HOME = shared<Defense>({ kind: "defense", side: "home" });
const OFFENSE_AWAY = shared<Offense>({ kind: "offense", side: "away" });
const OFFENSE_HOME = shared<Offense>({ kind: "offense", side: "home" });

/** The server's at-bat roll. */
export const AWAITING_ROLL: Awaiting<Roll> = shared({ kind: "roll", side: "server" });

/** `side` (in the field) sets its defense: the first decision of a plate appearance. */
export function awaitingDefense(side: TeamSide): Awaiting<Defense> {
  return side === "home" ? DEFENSE_HOME : DEFENSE_AWAY;
}

/** `side` (at bat) chooses its play. */
export function awaitingOffense(side: TeamSide): Awaiting<Offense> {
  return side === "home" ? OFFENSE_HOME : OFFENSE_AWAY;
}
