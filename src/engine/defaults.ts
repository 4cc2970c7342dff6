import type { Action } from "./actions.js";
import { entryForSplit, readCell } from "./at-bat.js";
import { injuredMustLeave, replacementFor } from "./injuries.js";
import { formatResult } from "./result-codes.js";
import type { GameState } from "./state.js";

/**
 * The built-in default decisions, so tests and the sim can play a game through and a side whose
 * clock runs out still gets a sensible answer: infield back, normal outfield, no holds, no IBB;
 * swing away; send a runner when he is safe on 13 or better (65 %), always throw, send the
 * trailing runner on 16 or better, throw at the likelier out. Real managers live in src/ai.
 */
export const DEFAULT_SEND_AT_LEAST = 13;
export const DEFAULT_TRAIL_AT_LEAST = 16;
export const DEFAULT_TAG_AT_LEAST = 12;

export function defaultAction(state: GameState): Action | null {
  const pending = state.pending;
  // A hurt man due up or in the field is replaced first (§7).
  if (pending.kind === "defense" || pending.kind === "offense") {
    const hurt = injuredMustLeave(state, pending.side);
    const replacement = hurt === null ? null : replacementFor(state, hurt);
    if (replacement !== null) return replacement;
  }
  switch (pending.kind) {
    case "defense":
      return {
        type: "setDefense",
        side: pending.side,
        infield: "back",
        outfield: "normal",
        hold: {},
        intentionalWalk: false,
      };
    case "offense":
      return { type: "setOffense", side: pending.side, play: "swing" };
    case "roll":
      return { type: "rollAtBat" };
    case "sba/read-card": {
      const entry = entryForSplit(readCell(state, pending.reading), pending.reading.d20);
      if (entry === undefined) return null;
      return { type: "submitCardResult", side: pending.side, code: formatResult(entry.result) };
    }
    case "runner": {
      const { side, lead, trail } = pending;
      switch (pending.step) {
        case "send":
          return {
            type: "decideRunner",
            side,
            step: "send",
            send: lead.target >= DEFAULT_SEND_AT_LEAST,
          };
        case "throw":
          return { type: "decideRunner", side, step: "throw", throw: true };
        case "trail":
          return {
            type: "decideRunner",
            side,
            step: "trail",
            send: trail !== null && trail.target >= DEFAULT_TRAIL_AT_LEAST,
          };
        case "target":
          return {
            type: "decideRunner",
            side,
            step: "target",
            target: trail !== null && trail.target < lead.target ? "trail" : "lead",
          };
        case "tagUp":
          return {
            type: "decideRunner",
            side,
            step: "tagUp",
            send: lead.target >= DEFAULT_TAG_AT_LEAST,
          };
      }
      break;
    }
    case "gameOver":
      return null;
  }
  return null;
}
