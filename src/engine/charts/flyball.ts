import type { Base } from "../bases.js";
import type { FlyballGrade } from "../results.js";

/**
 * Flyball chart (rules reference §4.1), as DATA: what each runner does on a caught fly with fewer
 * than two outs (with two outs the catch ends the inning).
 *  - advances: takes one base (R3 scores).
 *  - tagOrOut: may try to score; safe if d20 <= target, else out (R3 on B?).
 *  - tagOrHold: may tag; safe if d20 <= target, out on the tagUpOutOnFace (20), otherwise holds (R2 on B).
 *  - holds.
 */
export type FlyRunnerPlay = "advances" | "tagOrOut" | "tagOrHold" | "holds";

export const FLYBALL_CHART: Readonly<Record<FlyballGrade, Readonly<Record<Base, FlyRunnerPlay>>>> =
  {
    A: { 3: "advances", 2: "advances", 1: "advances" },
    B: { 3: "advances", 2: "tagOrHold", 1: "holds" },
    BQ: { 3: "tagOrOut", 2: "holds", 1: "holds" },
    C: { 3: "holds", 2: "holds", 1: "holds" },
  };
