import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BASE_BIT, EMPTY_BASES, isOccupied, onBaseCode } from "./bases.js";

/** on_base_code is a bit field: 1 = R1, 2 = R2, 4 = R3. An old chart order swapped 3 and 4. */
describe("on_base_code encoding", () => {
  const cases: [
    string,
    { first: number | null; second: number | null; third: number | null },
    number,
  ][] = [
    ["empty", EMPTY_BASES, 0],
    ["R1", { first: 7, second: null, third: null }, 1],
    ["R2", { first: null, second: 7, third: null }, 2],
    ["R1R2", { first: 7, second: 8, third: null }, 3],
    ["R3", { first: null, second: null, third: 7 }, 4],
    ["R1R3", { first: 7, second: null, third: 8 }, 5],
    ["R2R3", { first: null, second: 7, third: 8 }, 6],
    ["loaded", { first: 7, second: 8, third: 9 }, 7],
  ];
  for (const [name, bases, code] of cases) {
    it(`${name} is ${code}`, () => {
      assert.equal(onBaseCode(bases), code);
    });
  }
  it("3 is R1R2 and 4 is R3 (not the old swapped order)", () => {
    assert.equal(isOccupied(3, 1) && isOccupied(3, 2) && !isOccupied(3, 3), true);
    assert.equal(!isOccupied(4, 1) && !isOccupied(4, 2) && isOccupied(4, 3), true);
  });
  it("bits", () => {
    assert.deepEqual(BASE_BIT, { 1: 1, 2: 2, 3: 4 });
  });
});
