import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyAction } from "../engine/apply.js";
import { ScriptedDice } from "../engine/dice.js";
import type { GameState } from "../engine/state.js";
import { awaySlot, type Situation, situation } from "../engine/testing/fixtures.js";
import { createManager } from "./manager.js";
import type { PersonalityName } from "./personalities.js";

/**
 * Outfield depth (§6 [D]): the AI plays deep to protect a late lead when a man on first or second
 * could take an extra base on a hit, never while a runner on third with fewer than two outs would
 * score on the deeper catch, and never shallow (the engine's shallow effects only help runners).
 */
const R1 = awaySlot(1);
const R2 = awaySlot(2);
const R3 = awaySlot(3);

/** The home defense's positioning in a situation (top half: the away team bats). */
function outfieldChosen(name: PersonalityName, s: Situation): string {
  let state: GameState = situation({ half: "top", awaiting: "defense", ...s });
  const manager = createManager(name);
  // A pitching change or replacement may come first; the positioning follows it.
  for (let i = 0; i < 5; i++) {
    assert.equal(state.pending.kind, "defense");
    const action = manager.decide(state, state.pending, { side: "home" });
    const applied = applyAction(state, action, new ScriptedDice([]));
    assert.ok(applied.ok, applied.ok ? "" : applied.error.message);
    if (action.type === "setDefense") return action.outfield;
    state = applied.state;
  }
  throw new Error("no setDefense");
}

const LATE_LEAD = { inning: 9, score: { away: 2, home: 4 } } as const;

describe("AI outfield depth", () => {
  it("deep with a late two-run lead and a man on first (balanced, safe); yolo only at one run", () => {
    const s: Situation = { ...LATE_LEAD, outs: 1, first: R1 };
    assert.equal(outfieldChosen("balanced", s), "deep");
    assert.equal(outfieldChosen("safe", s), "deep");
    assert.equal(outfieldChosen("yolo", s), "normal");
    const oneRun: Situation = { ...s, score: { away: 3, home: 4 } };
    assert.equal(outfieldChosen("yolo", oneRun), "deep");
  });

  it("safe guards a three-run lead too; balanced does not", () => {
    const s: Situation = { inning: 8, score: { away: 1, home: 4 }, outs: 0, second: R2 };
    assert.equal(outfieldChosen("safe", s), "deep");
    assert.equal(outfieldChosen("balanced", s), "normal");
  });

  it("normal with a runner on third and fewer than two outs (the deep catch scores him)", () => {
    for (const outs of [0, 1]) {
      const s: Situation = { ...LATE_LEAD, outs, first: R1, third: R3 };
      for (const name of ["balanced", "safe", "yolo"] as const) {
        assert.equal(outfieldChosen(name, s), "normal", `${name}, ${outs} out`);
      }
    }
    // With two outs a fly ends the inning: deep again.
    assert.equal(
      outfieldChosen("balanced", { ...LATE_LEAD, outs: 2, first: R1, third: R3 }),
      "deep",
    );
  });

  it("normal with the bases empty, when tied or behind, and early", () => {
    for (const name of ["balanced", "safe", "yolo"] as const) {
      assert.equal(outfieldChosen(name, { ...LATE_LEAD, outs: 1 }), "normal");
      assert.equal(
        outfieldChosen(name, { inning: 9, score: { away: 4, home: 4 }, outs: 1, first: R1 }),
        "normal",
      );
      assert.equal(
        outfieldChosen(name, { inning: 9, score: { away: 5, home: 4 }, outs: 1, first: R1 }),
        "normal",
      );
      assert.equal(
        outfieldChosen(name, { inning: 3, score: { away: 2, home: 4 }, outs: 1, first: R1 }),
        "normal",
      );
    }
  });
});
