import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { z } from "zod";
import { actionInputSchema } from "./actions.js";

const action = (payload: unknown) => ({ version: 1, actor: "server", kind: "decision", payload });

describe("action payloads", () => {
  it("take exactly the values z.json() takes, naming where a refused one stops being JSON", () => {
    const strange = fc.constantFrom<unknown>(
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date(0),
      new Map(),
      () => 1,
      1n,
      Symbol("s"),
    );
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 2 }),
        strange,
        fc.array(tie("any"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie("any"), { maxKeys: 4 }),
      ),
    })).any;
    fc.assert(
      fc.property(value, (payload) => {
        const ours = actionInputSchema.safeParse(action(payload));
        const reference = payload === undefined ? { success: true } : z.json().safeParse(payload);
        assert.equal(ours.success, reference.success);
        if (!ours.success) assert.equal(ours.error.issues[0]!.path[0], "payload");
      }),
      { numRuns: 500 },
    );
  });

  it("default to {} and name the path of a bad value", () => {
    const parsed = actionInputSchema.parse(action(undefined));
    assert.deepEqual(parsed.payload, {});
    const refused = actionInputSchema.safeParse(action({ a: { b: [0, { c: Number.NaN }] } }));
    assert.equal(refused.success, false);
    assert.deepEqual(refused.error!.issues[0]!.path, ["payload", "a", "b", 1, "c"]);
  });
});
