import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatResultCode } from "../../engine/card-layout.js";
import type { CardCell, Endurance, FieldingRating, StealRating } from "../../engine/cards.js";
import { FIELD_POSITIONS } from "../../engine/positions.js";
import type { CardResult } from "../../engine/results.js";
import {
  CardParseError,
  formatCardCell,
  formatEndurance,
  formatFieldingRating,
  formatFieldingRatings,
  formatHold,
  formatInjury,
  formatSteal,
  parseBalk,
  parseCardCell,
  parseCardSide,
  parseEndurance,
  parseFieldingRating,
  parseFieldingRatings,
  parseGrade,
  parseHold,
  parseInjury,
  parsePosition,
  parseReading,
  parseResultCode,
  parseRunning,
  parseSteal,
  parseWildPitch,
} from "./ratings.js";

function throwsParse(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CardParseError, `expected a CardParseError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

describe("fielding ratings", () => {
  it("reads an infielder, an outfielder with an arm and a catcher", () => {
    assert.deepEqual(parseFieldingRating("ss-3e24"), { position: "SS", range: 3, error: 24 });
    assert.deepEqual(parseFieldingRating("cf-3(-1)e5"), {
      position: "CF",
      range: 3,
      error: 5,
      arm: -1,
    });
    assert.deepEqual(parseFieldingRating("c-2(+1)e8 pb3 t12"), {
      position: "C",
      range: 2,
      error: 8,
      arm: 1,
      passedBall: 3,
      throwing: 12,
    });
  });

  it("names the bad part", () => {
    throwsParse(
      () => parseFieldingRating("ss-3x24"),
      /^fielding rating 'ss-3x24': expected 'e' and an error number after the range, found 'x24'$/,
    );
    throwsParse(() => parseFieldingRating("zz-3e24"), /expected a position .* found 'zz-3e24'/);
    throwsParse(() => parseFieldingRating("ss-7e24"), /range 7 is out of range 1..5/);
    throwsParse(() => parseFieldingRating("ss-3(+1)e24"), /only outfielders and catchers/);
    throwsParse(() => parseFieldingRating("cf-3(-9)e5"), /arm -9 is out of range -6..5/);
    throwsParse(
      () => parseFieldingRating("ss-3e24 pb3"),
      /unexpected ' pb3' after the error rating/,
    );
  });

  it("reads a list and refuses a position rated twice", () => {
    assert.deepEqual(
      parseFieldingRatings("c-2(+1)e8 pb3 t12 1b-4e10").map((r) => r.position),
      ["C", "1B"],
    );
    throwsParse(() => parseFieldingRatings("ss-3e24 ss-2e10"), /'ss' is rated twice/);
  });

  it("reads positions as listed in pos_1..pos_8", () => {
    assert.equal(parsePosition("cf"), "CF");
    assert.equal(parsePosition("1B"), "1B");
    throwsParse(() => parsePosition("DH"), /found 'DH'/);
  });
});

describe("running and steal strings", () => {
  it("reads the printed steal string", () => {
    assert.deepEqual(parseSteal("*8-10/11,12 (19-14)"), {
      autoJump: true,
      goodLead: [8, 9, 10],
      caughtLeaning: [11, 12],
      safeWithLead: 19,
      safeWithoutLead: 14,
    });
    assert.equal(formatSteal(parseSteal("*8-10/11,12 (19-14)")), "*8-10/11,12 (19-14)");
    assert.equal(parseSteal("-"), null);
    assert.equal(parseSteal(""), null);
  });

  it("names the bad part of a steal string", () => {
    throwsParse(
      () => parseSteal("*8-10/11,12 19-14"),
      /expected '\(' and the safe numbers.*found '19-14'/,
    );
    throwsParse(() => parseSteal("8-13 (19-14)"), /good lead 2d6 sum 13 is out of range 2..12/);
    throwsParse(
      () => parseSteal("8-10/10,11 (19-14)"),
      /sum 10 is both a good lead and caught leaning/,
    );
  });

  it("reads the running rating plain or as a range", () => {
    assert.equal(parseRunning("13"), 13);
    assert.equal(parseRunning("1-13"), 13);
    throwsParse(() => parseRunning("0"), /running rating 0 is out of range/);
  });
});

describe("grades, endurance, injury, WP, balk, hold", () => {
  it("reads grades", () => {
    assert.equal(parseGrade("B"), "B");
    throwsParse(() => parseGrade("E", "bunt grade"), /^bunt grade 'E': expected one of A, B, C, D/);
  });

  it("reads endurance strings", () => {
    assert.deepEqual(parseEndurance("S(6)"), {
      starter: 6,
      starterBonus: false,
      reliever: null,
      closer: null,
    });
    assert.deepEqual(parseEndurance("R(1) C(6)"), {
      starter: null,
      starterBonus: false,
      reliever: 1,
      closer: 6,
    });
    assert.deepEqual(parseEndurance("S(5) R(3) C(2)"), {
      starter: 5,
      starterBonus: false,
      reliever: 3,
      closer: 2,
    });
    assert.equal(parseEndurance("S(6*)").starterBonus, true);
    assert.equal(parseEndurance("R(2) C(N)").closer, 0);
    throwsParse(() => parseEndurance("C(2) R(3)"), /'R' is out of order or repeated/);
    throwsParse(() => parseEndurance("S(6"), /expected '\)' after the S endurance, found the end/);
    throwsParse(() => parseEndurance(""), /at least one/);
  });

  it("reads injury ratings", () => {
    assert.deepEqual(parseInjury("3p65"), { games: 3, rating: 65 });
    assert.equal(formatInjury({ games: 0, rating: 5 }), "0p05");
    throwsParse(() => parseInjury("3x65"), /expected 'p' after the games digit, found 'x65'/);
    throwsParse(() => parseInjury("7p65"), /games digit 7 is out of range 0..6/);
  });

  it("reads pitcher WP, balk and hold", () => {
    assert.equal(parseWildPitch("5"), 5);
    assert.equal(parseBalk("0"), 0);
    assert.equal(parseHold("+3"), 3);
    assert.equal(parseHold("-2"), -2);
    assert.equal(formatHold(3), "+3");
    throwsParse(() => parseWildPitch("21"), /wild-pitch rating 21 is out of range 0..20/);
    throwsParse(() => parseHold("+10"), /hold rating 10 is out of range -6..9/);
  });
});

describe("card cells", () => {
  it("reads every canonical result code", () => {
    for (const code of [
      "SI*",
      "SI**",
      "SI(cf)",
      "DO**",
      "DO***",
      "DO(lf)",
      "TR",
      "HR",
      "BP-HR",
      "BP-1B",
      "BB",
      "HBP",
      "K",
      "GB(ss)A",
      "GB(2b)B+",
      "FLY(cf)B",
      "FLY(rf)B?",
      "LO(ss)",
      "LO(3b)max",
      "PO(2b)",
      "FO(c)",
      "X(ss)",
    ]) {
      assert.equal(formatResultCode(parseResultCode(code)), code);
    }
    assert.deepEqual(parseResultCode("X(SS)"), { type: "XCHECK", position: "SS" });
  });

  it("reads marks and split cells", () => {
    assert.deepEqual(parseReading("HR[N]†"), {
      result: { type: "HOMERUN" },
      fatigue: true,
      powerGated: true,
      injury: false,
    });
    assert.deepEqual(parseReading("GB(ss)A++inj").result, {
      type: "GROUNDBALL",
      grade: "A",
      fielder: "SS",
      plus: true,
    });
    assert.deepEqual(parseCardCell("HR 1-10/DO*** 11-20"), [
      { result: { type: "HOMERUN" }, from: 1, to: 10 },
      { result: { type: "DOUBLE_3" }, from: 11, to: 20 },
    ]);
    assert.equal(formatCardCell(parseCardCell("SI*† 1/K 2-20")), "SI*† 1/K 2-20");
  });

  it("names the bad part of a cell", () => {
    throwsParse(
      () => parseCardCell("HR 1-10/DO*** 12-20"),
      /'DO\*\*\* 12-20' starts at d20 12, expected 11/,
    );
    throwsParse(() => parseCardCell("HR 1-10"), /stop at 10, they must reach 20/);
    throwsParse(() => parseCardCell("HR/K"), /'HR' needs a d20 range in a split cell/);
    throwsParse(
      () => parseCardCell("GB(ss)D"),
      /expected the groundball grade A, B or C \(and an optional \+\) after GB\(ss\), found 'D'/,
    );
    throwsParse(() => parseCardCell("QQ"), /expected a result code/);
  });

  it("reads a whole printed half and names the cell", () => {
    const column = Array.from({ length: 11 }, () => "K");
    const side = parseCardSide([column, column, column]);
    assert.equal(side.columns[1][7][0]?.result.type, "STRIKEOUT");
    const bad = [...column];
    bad[5] = "SI* 1-5";
    throwsParse(() => parseCardSide([column, bad, column]), /column 2 row 7/);
  });
});

// --- properties ---------------------------------------------------------------------------

const fielding: fc.Arbitrary<FieldingRating> = fc
  .record({
    position: fc.constantFrom(...FIELD_POSITIONS),
    range: fc.integer({ min: 1, max: 5 }),
    error: fc.integer({ min: 0, max: 99 }),
    arm: fc.option(fc.integer({ min: -6, max: 5 }), { nil: undefined }),
    passedBall: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    throwing: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  })
  .map(({ position, range, error, arm, passedBall, throwing }) => {
    const hasArm = ["C", "LF", "CF", "RF"].includes(position);
    return {
      position,
      range,
      error,
      ...(hasArm && arm !== undefined ? { arm } : {}),
      ...(position === "C" && passedBall !== undefined ? { passedBall } : {}),
      ...(position === "C" && throwing !== undefined ? { throwing } : {}),
    };
  });

const sums = fc
  .subarray([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  .map((xs) => [...xs].sort((a, b) => a - b));

const steal: fc.Arbitrary<StealRating> = fc
  .record({
    autoJump: fc.boolean(),
    both: sums,
    split: fc.nat(),
    safeWithLead: fc.integer({ min: 1, max: 20 }),
    safeWithoutLead: fc.integer({ min: 1, max: 20 }),
  })
  .filter((r) => r.both.length >= 1)
  .map(({ autoJump, both, split, safeWithLead, safeWithoutLead }) => {
    // Good-lead sums and caught-leaning sums are disjoint; good lead is never empty.
    const cut = 1 + (split % both.length);
    return {
      autoJump,
      goodLead: both.slice(0, cut),
      caughtLeaning: both.slice(cut),
      safeWithLead,
      safeWithoutLead,
    };
  });

const endurance: fc.Arbitrary<Endurance> = fc
  .record({
    starter: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    starterBonus: fc.boolean(),
    reliever: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    closer: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
  })
  .filter((e) => e.starter !== null || e.reliever !== null || e.closer !== null)
  .map((e) => ({ ...e, starterBonus: e.starter !== null && e.starterBonus }));

const resultCodes = [
  "SI*",
  "SI**",
  "SI(cf)",
  "DO**",
  "DO***",
  "DO(rf)",
  "TR",
  "HR",
  "BP-HR",
  "BP-1B",
  "BB",
  "HBP",
  "K",
  "GB(ss)A",
  "GB(2b)B+",
  "GB(3b)C",
  "FLY(lf)A",
  "FLY(cf)B",
  "FLY(rf)B?",
  "FLY(cf)C",
  "LO(ss)",
  "LO(1b)max",
  "PO(c)",
  "FO(1b)",
  "X(p)",
];
const result: fc.Arbitrary<CardResult> = fc.constantFrom(...resultCodes).map(parseResultCode);

const cell: fc.Arbitrary<CardCell> = fc
  .array(
    fc.record({
      result,
      fatigue: fc.boolean(),
      powerGated: fc.boolean(),
      injury: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .chain((readings) =>
    fc
      .uniqueArray(fc.integer({ min: 2, max: 20 }), {
        minLength: readings.length - 1,
        maxLength: readings.length - 1,
      })
      .map((cuts) => {
        const starts = [1, ...[...cuts].sort((a, b) => a - b)];
        return readings.map((r, i) => ({
          result: r.result,
          from: starts[i]!,
          to: i + 1 < starts.length ? starts[i + 1]! - 1 : 20,
          ...(r.fatigue ? { fatigue: true } : {}),
          ...(r.powerGated ? { powerGated: true } : {}),
          ...(r.injury ? { injury: true } : {}),
        }));
      }),
  );

describe("format -> parse round trips", () => {
  it("fielding", () => {
    fc.assert(
      fc.property(fielding, (r) =>
        assert.deepEqual(parseFieldingRating(formatFieldingRating(r)), r),
      ),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fielding, { selector: (r) => r.position }), (rs) =>
        assert.deepEqual(parseFieldingRatings(formatFieldingRatings(rs)), rs),
      ),
    );
  });
  it("steal", () => {
    fc.assert(fc.property(steal, (s) => assert.deepEqual(parseSteal(formatSteal(s)), s)));
  });
  it("endurance", () => {
    fc.assert(
      fc.property(endurance, (e) => assert.deepEqual(parseEndurance(formatEndurance(e)), e)),
    );
  });
  it("injury and hold", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 99 }),
        (games, rating) =>
          assert.deepEqual(parseInjury(formatInjury({ games, rating })), { games, rating }),
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: -6, max: 9 }), (h) =>
        assert.equal(parseHold(formatHold(h)), h),
      ),
    );
  });
  it("card cells", () => {
    fc.assert(fc.property(cell, (c) => assert.deepEqual(parseCardCell(formatCardCell(c)), c)));
  });
});

/** Garbage: random strings, and valid strings with a character changed, dropped or added. */
function garbage(valid: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom("", "x", "-", "(", ")", "*", "/", "9", "e", " ", "†", "+"),
      fc.boolean(),
    )
    .map(([s, at, ch, replace]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      return s.slice(0, i) + ch + s.slice(replace ? i + 1 : i);
    });
  return fc.oneof(fc.string(), fc.string({ unit: "grapheme-ascii" }), mutated, fc.anything());
}

function onlyCardParseErrors(
  parse: (input: unknown) => unknown,
  valid: fc.Arbitrary<string>,
): void {
  fc.assert(
    fc.property(garbage(valid), (input) => {
      try {
        parse(input);
      } catch (error) {
        if (!(error instanceof CardParseError)) throw error;
      }
    }),
    { numRuns: 300 },
  );
}

describe("garbage never throws anything but CardParseError", () => {
  it("for every parser", () => {
    onlyCardParseErrors(parseFieldingRating, fielding.map(formatFieldingRating));
    onlyCardParseErrors(parseFieldingRatings, fc.array(fielding).map(formatFieldingRatings));
    onlyCardParseErrors(parseSteal, steal.map(formatSteal));
    onlyCardParseErrors(parseRunning, fc.integer({ min: 1, max: 20 }).map(String));
    onlyCardParseErrors((s) => parseGrade(s), fc.constantFrom("A", "B", "C", "D"));
    onlyCardParseErrors(parseEndurance, endurance.map(formatEndurance));
    onlyCardParseErrors(parseInjury, fc.constant("3p65"));
    onlyCardParseErrors(parseWildPitch, fc.constant("12"));
    onlyCardParseErrors(parseBalk, fc.constant("2"));
    onlyCardParseErrors(parseHold, fc.constant("+3"));
    onlyCardParseErrors(parseResultCode, fc.constantFrom(...resultCodes));
    onlyCardParseErrors(
      parseReading,
      fc.constantFrom(...resultCodes).map((c) => `${c}[N]†+inj`),
    );
    onlyCardParseErrors(parseCardCell, cell.map(formatCardCell));
    onlyCardParseErrors(parsePosition, fc.constantFrom("SS", "cf"));
    onlyCardParseErrors((g) => parseCardSide(g as string[][]), fc.constant("K"));
  });
});
