import { FIELD_POSITIONS, type FieldPosition } from "./positions.js";
import type { CardResult, CardResultType } from "./results.js";

/**
 * The canonical text codes of card readings (results.ts), as a manager reads them off a printed
 * card: parse them into CardResults and format CardResults back. parse(format(r)) is r.
 */

const FIELDER_CODE: Readonly<Record<FieldPosition, string>> = {
  P: "p",
  C: "c",
  "1B": "1b",
  "2B": "2b",
  "3B": "3b",
  SS: "ss",
  LF: "lf",
  CF: "cf",
  RF: "rf",
};

const FIELDER_BY_CODE: Readonly<Record<string, FieldPosition>> = Object.fromEntries(
  FIELD_POSITIONS.map((position) => [FIELDER_CODE[position], position]),
);

export function fielderCode(position: FieldPosition): string {
  return FIELDER_CODE[position];
}

export function formatResult(result: CardResult): string {
  let code = CODES.get(result);
  if (code === undefined) {
    code = writeResult(result);
    CODES.set(result, code);
  }
  return code;
}

/** Codes already written, by result: every plate appearance writes the code of the card result it
 *  read (its hitType), a card's results are read again and again, and each is plain data no one
 *  mutates; a lookup costs less than writing the code again. */
const CODES = new WeakMap<CardResult, string>();

function writeResult(result: CardResult): string {
  switch (result.type) {
    case "SINGLE_1":
      return "SI*";
    case "SINGLE_2":
      return "SI**";
    case "SINGLE_UNCAPPED":
      return `SI(${FIELDER_CODE[result.fielder]})`;
    case "DOUBLE_2":
      return "DO**";
    case "DOUBLE_3":
      return "DO***";
    case "DOUBLE_UNCAPPED":
      return `DO(${FIELDER_CODE[result.fielder]})`;
    case "TRIPLE":
      return "TR";
    case "HOMERUN":
      return "HR";
    case "BP_HOMERUN":
      return "BP-HR";
    case "BP_SINGLE":
      return "BP-1B";
    case "WALK":
      return "BB";
    case "HBP":
      return "HBP";
    case "STRIKEOUT":
      return "K";
    case "GROUNDBALL":
      return `GB(${FIELDER_CODE[result.fielder]})${result.grade}${result.plus ? "+" : ""}`;
    case "FLYBALL":
      return `FLY(${FIELDER_CODE[result.fielder]})${result.grade === "BQ" ? "B?" : result.grade}`;
    case "LINEOUT":
      return `LO(${FIELDER_CODE[result.fielder]})${result.max ? "max" : ""}`;
    case "POPOUT":
      return `PO(${FIELDER_CODE[result.fielder]})`;
    case "FOULOUT":
      return `FO(${FIELDER_CODE[result.fielder]})`;
    case "XCHECK":
      return `X(${FIELDER_CODE[result.position]})`;
  }
}

const FIXED_CODES: Readonly<Record<string, CardResult>> = {
  "SI*": { type: "SINGLE_1" },
  "SI**": { type: "SINGLE_2" },
  "DO**": { type: "DOUBLE_2" },
  "DO***": { type: "DOUBLE_3" },
  TR: { type: "TRIPLE" },
  HR: { type: "HOMERUN" },
  "BP-HR": { type: "BP_HOMERUN" },
  "BP-1B": { type: "BP_SINGLE" },
  BB: { type: "WALK" },
  HBP: { type: "HBP" },
  K: { type: "STRIKEOUT" },
};

const RESULT_CODE_FORMS =
  "SI* SI** SI(pos) DO** DO*** DO(pos) TR HR BP-HR BP-1B BB HBP K GB(pos)A FLY(pos)B LO(pos) PO(pos) FO(pos) X(pos)";

const FIELDED_CODE = /^(SI|DO|GB|FLY|LO|PO|FO|X)\(([a-z0-9]{1,2})\)(.*)$/;

export type ParsedResult =
  | { readonly ok: true; readonly result: CardResult }
  | { readonly ok: false; readonly message: string };

/** Parses a canonical code ("GB(ss)A", "FLY(rf)B?", "SI**"). Case of the letters is forgiven. */
export function parseResult(text: string): ParsedResult {
  const code = text.trim();
  const fixed = FIXED_CODES[code.toUpperCase()];
  if (fixed !== undefined) return { ok: true, result: fixed };
  const match = FIELDED_CODE.exec(
    code.replace(/^([A-Za-z]+)\(([A-Za-z0-9]+)\)/, (_, kind: string, at: string) => {
      return `${kind.toUpperCase()}(${at.toLowerCase()})`;
    }),
  );
  if (match === null) {
    return {
      ok: false,
      message: `expected a result code (${RESULT_CODE_FORMS}), found '${text}'`,
    };
  }
  const [, kind, at, rest] = match as unknown as [string, string, string, string];
  const fielder = FIELDER_BY_CODE[at];
  if (fielder === undefined) {
    return {
      ok: false,
      message: `"${at}" in "${text}" is not a fielder (p c 1b 2b 3b ss lf cf rf)`,
    };
  }
  const tail = rest.toUpperCase();
  const found = rest === "" ? "nothing" : `'${rest}'`;
  const bad = (expected = "nothing"): ParsedResult => ({
    ok: false,
    message: `expected ${expected} after ${kind}(${at}), found ${found}`,
  });
  switch (kind) {
    case "SI":
      return tail === "" ? { ok: true, result: { type: "SINGLE_UNCAPPED", fielder } } : bad();
    case "DO":
      return tail === "" ? { ok: true, result: { type: "DOUBLE_UNCAPPED", fielder } } : bad();
    case "GB": {
      const grade = /^([ABC])(\+?)$/.exec(tail);
      if (grade === null) return bad("the groundball grade A, B or C (and an optional +)");
      return {
        ok: true,
        result: {
          type: "GROUNDBALL",
          fielder,
          grade: grade[1] as "A" | "B" | "C",
          plus: grade[2] === "+",
        },
      };
    }
    case "FLY": {
      const grade = tail === "B?" ? "BQ" : tail;
      if (grade !== "A" && grade !== "B" && grade !== "BQ" && grade !== "C") {
        return bad("the flyball grade A, B, B? or C");
      }
      return { ok: true, result: { type: "FLYBALL", fielder, grade } };
    }
    case "LO":
      if (tail !== "" && tail !== "MAX") return bad("nothing or 'max'");
      return { ok: true, result: { type: "LINEOUT", fielder, max: tail === "MAX" } };
    case "PO":
      return tail === "" ? { ok: true, result: { type: "POPOUT", fielder } } : bad();
    case "FO":
      return tail === "" ? { ok: true, result: { type: "FOULOUT", fielder } } : bad();
    default:
      return tail === "" ? { ok: true, result: { type: "XCHECK", position: fielder } } : bad();
  }
}

export function sameResult(a: CardResult, b: CardResult): boolean {
  return formatResult(a) === formatResult(b);
}

/** Which card a reading came from: d6 1-3 the batter's, 4-6 the pitcher's. */
export type CardOwner = "batter" | "pitcher";

const OUTFIELDERS: readonly FieldPosition[] = ["LF", "CF", "RF"];
const NOT_OUTFIELD: readonly FieldPosition[] = ["P", "C", "1B", "2B", "3B", "SS"];

/**
 * What can be printed where, for a card with no transcribed grid. X-checks sit on pitcher cards
 * (§2); ballpark diamonds, on batter cards. Flies go to outfielders; grounders to infielders
 * (the pitcher and catcher included).
 */
export const RESULT_POSSIBLE: Readonly<
  Record<
    CardResultType,
    { readonly on: readonly CardOwner[]; readonly fielders?: readonly FieldPosition[] }
  >
> = {
  SINGLE_1: { on: ["batter", "pitcher"] },
  SINGLE_2: { on: ["batter", "pitcher"] },
  SINGLE_UNCAPPED: { on: ["batter", "pitcher"] },
  DOUBLE_2: { on: ["batter", "pitcher"] },
  DOUBLE_3: { on: ["batter", "pitcher"] },
  DOUBLE_UNCAPPED: { on: ["batter", "pitcher"], fielders: OUTFIELDERS },
  TRIPLE: { on: ["batter", "pitcher"] },
  HOMERUN: { on: ["batter", "pitcher"] },
  BP_HOMERUN: { on: ["batter"] },
  BP_SINGLE: { on: ["batter"] },
  WALK: { on: ["batter", "pitcher"] },
  HBP: { on: ["batter", "pitcher"] },
  STRIKEOUT: { on: ["batter", "pitcher"] },
  GROUNDBALL: { on: ["batter", "pitcher"], fielders: NOT_OUTFIELD },
  FLYBALL: { on: ["batter", "pitcher"], fielders: OUTFIELDERS },
  LINEOUT: { on: ["batter", "pitcher"] },
  POPOUT: { on: ["batter", "pitcher"] },
  FOULOUT: { on: ["batter", "pitcher"], fielders: ["C", "1B", "3B", "LF", "RF"] },
  XCHECK: { on: ["pitcher"] },
};

/** Null when the result may be printed on that card; otherwise why not. */
export function whyNotPossible(result: CardResult, owner: CardOwner): string | null {
  const rule = RESULT_POSSIBLE[result.type];
  if (!rule.on.includes(owner)) {
    return `${formatResult(result)} is never printed on a ${owner}'s card`;
  }
  const fielder =
    result.type === "XCHECK" ? result.position : "fielder" in result ? result.fielder : null;
  if (fielder !== null && rule.fielders !== undefined && !rule.fielders.includes(fielder)) {
    return `${formatResult(result)} cannot be printed: that reading never goes to ${fielder}`;
  }
  return null;
}

/**
 * A manager may mark a reading as printed with the "plus injury" mark (§7), as on the card:
 * "GB(ss)A+inj". Returns the code without the mark and whether it was there.
 */
export function splitPlusInjury(text: string): { code: string; plusInjury: boolean } {
  const code = text.trim();
  return /\+inj$/i.test(code)
    ? { code: code.slice(0, -4), plusInjury: true }
    : { code, plusInjury: false };
}
