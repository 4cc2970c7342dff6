// A game_state_update's delta applied to the view it was made from (docs/protocol.md, "Applying a
// delta"). The SDK applies every delta with this function, and the tests check with it that the
// server's deltas (src/games/engine-rules.ts, viewChanges) rebuild each view exactly.
//
// Import-safe for a browser or the client SDK: no node:* imports.

import type { FieldChanges, StateChanges } from "../games/types.js";

/**
 * The view after `delta`: `view` with the top-level fields of `delta.changed` put in and those of
 * `delta.removed` taken out, then each object named in `delta.patched` updated the same way one
 * level down. A new object: `view` is not changed.
 */
export function applyDelta(
  view: Readonly<Record<string, unknown>>,
  delta: StateChanges,
): Record<string, unknown> {
  const next = withChanges(view, delta);
  if (delta.patched !== undefined) {
    for (const [field, changes] of Object.entries(delta.patched)) {
      next[field] = withChanges((next[field] ?? {}) as Record<string, unknown>, changes);
    }
  }
  return next;
}

function withChanges(
  object: Readonly<Record<string, unknown>>,
  changes: FieldChanges,
): Record<string, unknown> {
  const next = { ...object, ...changes.changed };
  if (changes.removed !== undefined) for (const field of changes.removed) delete next[field];
  return next;
}
