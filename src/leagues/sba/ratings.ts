import { assertCardSide, CardLayoutError, formatReading } from "../../engine/card-layout.js";
import type {
  CardCell,
  CardColumn,
  CardSide,
  CellEntry,
  Endurance,
  FieldingRating,
  Grade,
  InjuryRating,
  StealRating,
  TwoDiceRow,
} from "../../engine/cards.js";
import { TWO_DICE_ROWS } from "../../engine/cards.js";
import type { FieldPosition } from "../../engine/positions.js";
import { parseResult } from "../../engine/result-codes.js";
import type { CardResult } from "../../engine/results.js";

/**
 * Parsers (and printers) for every rating string printed on an SBA card.
 *
 * Each parse* returns a typed value or throws a CardParseError whose message names the string,
 * the kind of rating and the bad part. Each format* prints the canonical form, so
 * parse(format(v)) gives v back. The printed forms:
 *
 *   fielding      "ss-3e24"                 position-range, e + error rating
 *                 "cf-3(-1)e5"              outfielders (and catchers) add the arm in parentheses
 *                 "c-2(+1)e8 pb3 t12"       catchers: arm, error, then passed-ball and throwing (T)
 *                                            ratings as "pb<n>" and "t<n>" (our printed form)
 *   fielding list "ss-3e24 2b-2e12"         several ratings, space separated
 *   running       "13" or "1-13"            running rating 1..20
 *   steal         "*8-10/11,12 (19-14)"     "*" auto jump, good-lead sums / caught-leaning sums,
 *                                            (safe with lead - safe without); "-" or "" = may not steal
 *   grade         "A".."D"                  bunt and hit-and-run
 *   endurance     "S(6)", "R(1) C(6)", "S(5) R(3) C(2)", "S(6*)"; "C(N)" is read as C(0)
 *   injury        "3p65"                    games digit 0..6, "p", rating; "0pNN" never injured
 *   wild pitch    "0".."20", balk "0".."20", hold "-6".."+9"
 *   card cell     "SI*", "GB(ss)A+", "FLY(rf)B?", "X(ss)" — one reading for d20 1..20, or a
 *                 split: "HR 1-10/DO*** 11-20", readings with d20 ranges joined by "/", covering
 *                 1..20 once, in order. A reading may carry marks after its code, in this order:
 *                 "[N]" HR only for a normal-power hitter, "†" fatigue (SI** once fatigued),
 *                 "+inj" plus-injury. E.g. "HR[N]† 1-4/FLY(cf)B 5-20", "GB(ss)A++inj".
 */
export class CardParseError extends Error {
  override readonly name = "CardParseError";
  constructor(
    /** What was being read, e.g. "fielding rating". */
    readonly kind: string,
    /** The whole string that was read. */
    readonly input: string,
    /** What is wrong, naming the bad part. */
    readonly detail: string,
  ) {
    super(`${kind} '${input}': ${detail}`);
  }
}

function fail(kind: string, input: unknown, detail: string): never {
  throw new CardParseError(kind, describeInput(input), detail);
}

/** Any value as short text for an error message; never throws, whatever the value is. */
function describeInput(input: unknown): string {
  if (typeof input === "string") return input;
  try {
    return (JSON.stringify(input) ?? typeof input).slice(0, 60);
  } catch {
    return typeof input;
  }
}

function requireString(kind: string, input: unknown): string {
  if (typeof input !== "string") fail(kind, input, `expected a string, got ${typeof input}`);
  return input;
}

/** Shows the unread rest of a string, or "the end". */
function found(rest: string): string {
  return rest.length === 0 ? "the end of the string" : `'${rest}'`;
}

/** A small left-to-right reader with error messages that quote what it found. */
class Cursor {
  position = 0;
  constructor(
    readonly kind: string,
    readonly input: string,
  ) {}
  get rest(): string {
    return this.input.slice(this.position);
  }
  fail(detail: string): never {
    fail(this.kind, this.input, detail);
  }
  eat(literal: string): boolean {
    if (this.input.startsWith(literal, this.position)) {
      this.position += literal.length;
      return true;
    }
    return false;
  }
  expect(literal: string, what: string): void {
    if (!this.eat(literal)) this.fail(`expected ${what}, found ${found(this.rest)}`);
  }
  skipSpaces(): void {
    while (this.input[this.position] === " ") this.position += 1;
  }
  /** An unsigned integer, at most `digits` digits. */
  integer(what: string, digits = 2): number {
    const match = /^\d+/.exec(this.rest);
    if (match === null) this.fail(`expected ${what}, found ${found(this.rest)}`);
    if (match[0].length > digits) this.fail(`${what} '${match[0]}' has too many digits`);
    this.position += match[0].length;
    return Number(match[0]);
  }
  /** A signed integer: "+1", "-1", "0" (the sign is optional). */
  signed(what: string): number {
    const match = /^[+-]?\d{1,2}/.exec(this.rest);
    if (match === null) this.fail(`expected ${what} (e.g. -1, 0, +2), found ${found(this.rest)}`);
    this.position += match[0].length;
    return Number(match[0]);
  }
  end(after: string): void {
    if (this.position !== this.input.length) {
      this.fail(`unexpected ${found(this.rest)} after ${after}`);
    }
  }
}

function inRange(cursor: Cursor, what: string, value: number, min: number, max: number): number {
  if (value < min || value > max) cursor.fail(`${what} ${value} is out of range ${min}..${max}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Positions

const POSITION_OF_CODE: Readonly<Record<string, FieldPosition>> = {
  p: "P",
  c: "C",
  "1b": "1B",
  "2b": "2B",
  "3b": "3B",
  ss: "SS",
  lf: "LF",
  cf: "CF",
  rf: "RF",
};

export function positionCode(position: FieldPosition): string {
  return position.toLowerCase();
}

function readPosition(
  cursor: Cursor,
  what = "a position (p c 1b 2b 3b ss lf cf rf)",
): FieldPosition {
  const match = /^(1b|2b|3b|ss|lf|cf|rf|p|c)/i.exec(cursor.rest);
  if (match === null) cursor.fail(`expected ${what}, found ${found(cursor.rest)}`);
  cursor.position += match[0].length;
  return POSITION_OF_CODE[match[0].toLowerCase()]!;
}

/** A position as listed in pos_1..pos_8: "SS", "cf", "1B". */
export function parsePosition(input: unknown): FieldPosition {
  const text = requireString("position", input).trim();
  const position = POSITION_OF_CODE[text.toLowerCase()];
  if (position === undefined) {
    fail("position", input, `expected one of P C 1B 2B 3B SS LF CF RF, found '${text}'`);
  }
  return position;
}

// ---------------------------------------------------------------------------------------------
// Fielding

const ARM_MIN = -6;
const ARM_MAX = 5;
const ERROR_MAX = 99;
const RATING_20 = 20;

function armAllowed(position: FieldPosition): boolean {
  return position === "C" || position === "LF" || position === "CF" || position === "RF";
}

/** "ss-3e24", "cf-3(-1)e5", "c-2(+1)e8 pb3 t12". */
export function parseFieldingRating(input: unknown): FieldingRating {
  const kind = "fielding rating";
  const text = requireString(kind, input);
  const cursor: Cursor = new Cursor(kind, text);
  const position = readPosition(cursor);
  cursor.expect("-", `'-' after the position '${positionCode(position)}'`);
  const range = inRange(cursor, "range", cursor.integer("a range 1..5", 1), 1, 5);
  let arm: number | undefined;
  if (cursor.eat("(")) {
    if (!armAllowed(position)) {
      cursor.fail(
        `only outfielders and catchers have an arm rating, '${positionCode(position)}' does not`,
      );
    }
    arm = inRange(cursor, "arm", cursor.signed("an arm rating"), ARM_MIN, ARM_MAX);
    cursor.expect(")", "')' after the arm rating");
  }
  if (!cursor.eat("e")) {
    cursor.fail(`expected 'e' and an error number after the range, found ${found(cursor.rest)}`);
  }
  const error = inRange(cursor, "error rating", cursor.integer("an error number", 2), 0, ERROR_MAX);
  let passedBall: number | undefined;
  let throwing: number | undefined;
  if (position === "C") {
    if (cursor.eat(" pb")) {
      passedBall = inRange(
        cursor,
        "passed-ball rating",
        cursor.integer("a passed-ball rating"),
        0,
        RATING_20,
      );
    }
    if (cursor.eat(" t")) {
      throwing = inRange(
        cursor,
        "throwing rating T",
        cursor.integer("a throwing rating T"),
        0,
        RATING_20,
      );
    }
  }
  cursor.end(`the error rating${position === "C" ? " (catchers may add ' pb<n> t<n>')" : ""}`);
  return {
    position,
    range,
    error,
    ...(arm !== undefined ? { arm } : {}),
    ...(passedBall !== undefined ? { passedBall } : {}),
    ...(throwing !== undefined ? { throwing } : {}),
  };
}

function formatSigned(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function formatFieldingRating(rating: FieldingRating): string {
  const arm = rating.arm !== undefined ? `(${formatSigned(rating.arm)})` : "";
  const pb = rating.passedBall !== undefined ? ` pb${rating.passedBall}` : "";
  const t = rating.throwing !== undefined ? ` t${rating.throwing}` : "";
  return `${positionCode(rating.position)}-${rating.range}${arm}e${rating.error}${pb}${t}`;
}

/** Several ratings, space separated: "ss-3e24 2b-2e12 c-2(+1)e8 pb3 t12". Duplicates are refused. */
export function parseFieldingRatings(input: unknown): FieldingRating[] {
  const kind = "fielding ratings";
  const text = requireString(kind, input).trim();
  if (text === "") return [];
  const pieces: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (/^(pb|t)\d/.test(token) && pieces.length > 0) pieces[pieces.length - 1] += ` ${token}`;
    else pieces.push(token);
  }
  const ratings: FieldingRating[] = [];
  for (const piece of pieces) {
    let rating: FieldingRating;
    try {
      rating = parseFieldingRating(piece);
    } catch (error) {
      if (error instanceof CardParseError) fail(kind, text, error.message);
      throw error;
    }
    if (ratings.some((r) => r.position === rating.position)) {
      fail(kind, text, `position '${positionCode(rating.position)}' is rated twice`);
    }
    ratings.push(rating);
  }
  return ratings;
}

export function formatFieldingRatings(ratings: readonly FieldingRating[]): string {
  return ratings.map(formatFieldingRating).join(" ");
}

// ---------------------------------------------------------------------------------------------
// Running and stealing

/** The running rating: "13" or "1-13" (safe on d20 1..13). */
export function parseRunning(input: unknown): number {
  const kind = "running rating";
  const text = requireString(kind, input).trim();
  const cursor: Cursor = new Cursor(kind, text);
  if (cursor.eat("1-")) {
    // "1-13": the printed range form.
  }
  const value = inRange(
    cursor,
    "running rating",
    cursor.integer("a running rating 1..20"),
    1,
    RATING_20,
  );
  cursor.end("the running rating");
  return value;
}

function readSums(cursor: Cursor, what: string): number[] {
  const sums: number[] = [];
  do {
    const from = inRange(cursor, `${what} 2d6 sum`, cursor.integer(`a 2d6 sum for ${what}`), 2, 12);
    let to = from;
    if (cursor.eat("-")) {
      to = inRange(cursor, `${what} 2d6 sum`, cursor.integer(`the end of a ${what} range`), 2, 12);
      if (to < from) cursor.fail(`${what} range ${from}-${to} runs backwards`);
    }
    for (let n = from; n <= to; n += 1) {
      if (sums.includes(n)) cursor.fail(`${what} lists the 2d6 sum ${n} twice`);
      if (sums.length > 0 && n < sums[sums.length - 1]!) {
        cursor.fail(`${what} sums must ascend, ${n} comes after ${sums[sums.length - 1]}`);
      }
      sums.push(n);
    }
  } while (cursor.eat(","));
  return sums;
}

/** "*8-10/11,12 (19-14)"; "-" or "" = the runner may not steal (null). */
export function parseSteal(input: unknown): StealRating | null {
  const kind = "steal rating";
  const text = requireString(kind, input).trim();
  if (text === "" || text === "-") return null;
  const cursor: Cursor = new Cursor(kind, text);
  const autoJump = cursor.eat("*");
  const goodLead = readSums(cursor, "good lead");
  let caughtLeaning: number[] = [];
  if (cursor.eat("/")) caughtLeaning = readSums(cursor, "caught leaning");
  const overlap = goodLead.find((n) => caughtLeaning.includes(n));
  if (overlap !== undefined)
    cursor.fail(`2d6 sum ${overlap} is both a good lead and caught leaning`);
  cursor.skipSpaces();
  cursor.expect("(", "'(' and the safe numbers, e.g. (19-14)");
  const safeWithLead = inRange(
    cursor,
    "safe number",
    cursor.integer("the safe number with a lead"),
    1,
    RATING_20,
  );
  cursor.expect("-", "'-' between the two safe numbers");
  const safeWithoutLead = inRange(
    cursor,
    "safe number",
    cursor.integer("the safe number without a lead"),
    1,
    RATING_20,
  );
  cursor.expect(")", "')' after the safe numbers");
  cursor.end("the safe numbers");
  return { autoJump, goodLead, caughtLeaning, safeWithLead, safeWithoutLead };
}

/** Prints ascending sums: runs of three or more as "8-10", the rest comma separated. */
function formatSums(sums: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < sums.length) {
    let j = i;
    while (j + 1 < sums.length && sums[j + 1] === sums[j]! + 1) j += 1;
    if (j - i >= 2) {
      parts.push(`${sums[i]}-${sums[j]}`);
      i = j + 1;
    } else {
      parts.push(String(sums[i]));
      i += 1;
    }
  }
  return parts.join(",");
}

export function formatSteal(steal: StealRating | null): string {
  if (steal === null) return "-";
  const leaning = steal.caughtLeaning.length > 0 ? `/${formatSums(steal.caughtLeaning)}` : "";
  return `${steal.autoJump ? "*" : ""}${formatSums(steal.goodLead)}${leaning} (${steal.safeWithLead}-${steal.safeWithoutLead})`;
}

// ---------------------------------------------------------------------------------------------
// Grades

/** Bunting or hit-and-run grade "A".."D". */
export function parseGrade(input: unknown, kind = "grade"): Grade {
  const text = requireString(kind, input).trim();
  if (text === "A" || text === "B" || text === "C" || text === "D") return text;
  fail(kind, text, `expected one of A, B, C, D, found '${text}'`);
}

// ---------------------------------------------------------------------------------------------
// Endurance

/** "S(6)", "R(1) C(6)", "S(5) R(3) C(2)", "S(6*)". Parts in the order S, R, C; at least one. */
export function parseEndurance(input: unknown): Endurance {
  const kind = "endurance";
  const text = requireString(kind, input).trim();
  const cursor: Cursor = new Cursor(kind, text);
  let starter: number | null = null;
  let starterBonus = false;
  let reliever: number | null = null;
  let closer: number | null = null;
  const order = "SRC";
  let last = -1;
  while (cursor.position < text.length) {
    if (last >= 0) {
      if (cursor.input[cursor.position] !== " ") {
        cursor.fail(`expected a space before the next part, found ${found(cursor.rest)}`);
      }
      cursor.skipSpaces();
    }
    const letter = cursor.input[cursor.position] ?? "";
    const index = order.indexOf(letter);
    if (letter === "" || index < 0)
      cursor.fail(`expected S(n), R(n) or C(n), found ${found(cursor.rest)}`);
    if (index <= last) cursor.fail(`'${letter}' is out of order or repeated; parts go S, R, C`);
    last = index;
    cursor.position += 1;
    cursor.expect("(", `'(' after '${letter}'`);
    if (letter === "C" && cursor.eat("N")) {
      closer = 0;
    } else {
      const n = inRange(
        cursor,
        `${letter} endurance`,
        cursor.integer(`the ${letter} endurance`, 1),
        letter === "C" ? 0 : 1,
        9,
      );
      if (letter === "S") {
        starter = n;
        starterBonus = cursor.eat("*");
      } else if (letter === "R") reliever = n;
      else closer = n;
    }
    cursor.expect(")", `')' after the ${letter} endurance`);
  }
  if (last < 0) cursor.fail("expected at least one of S(n), R(n), C(n)");
  return { starter, starterBonus, reliever, closer };
}

export function formatEndurance(endurance: Endurance): string {
  const parts: string[] = [];
  if (endurance.starter !== null)
    parts.push(`S(${endurance.starter}${endurance.starterBonus ? "*" : ""})`);
  if (endurance.reliever !== null) parts.push(`R(${endurance.reliever})`);
  if (endurance.closer !== null) parts.push(`C(${endurance.closer})`);
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------
// Injury, WP, balk, hold

/** "3p65": games digit 0..6, rating 1..99; "0p65" is a player who is never injured [D]. */
export function parseInjury(input: unknown): InjuryRating {
  const kind = "injury rating";
  const text = requireString(kind, input).trim();
  const cursor: Cursor = new Cursor(kind, text);
  const games = inRange(cursor, "games digit", cursor.integer("the games digit 0..6", 1), 0, 6);
  cursor.expect("p", "'p' after the games digit");
  const rating = inRange(cursor, "injury rating", cursor.integer("the two-digit rating"), 1, 99);
  cursor.end("the rating");
  return { games, rating };
}

export function formatInjury(injury: InjuryRating): string {
  return `${injury.games}p${String(injury.rating).padStart(2, "0")}`;
}

function parseSmallNumber(
  kind: string,
  input: unknown,
  min: number,
  max: number,
  signed: boolean,
): number {
  const text = requireString(kind, input).trim();
  const cursor: Cursor = new Cursor(kind, text);
  const value = signed ? cursor.signed(kind) : cursor.integer(kind);
  cursor.end(kind);
  return inRange(cursor, kind, value, min, max);
}

/** Pitcher wild-pitch rating 0..20: a WP on d20 <= it. */
export function parseWildPitch(input: unknown): number {
  return parseSmallNumber("wild-pitch rating", input, 0, RATING_20, false);
}

/** Pitcher balk rating 0..20. */
export function parseBalk(input: unknown): number {
  return parseSmallNumber("balk rating", input, 0, RATING_20, false);
}

/** Pitcher hold rating -6..+9. */
export function parseHold(input: unknown): number {
  return parseSmallNumber("hold rating", input, -6, 9, true);
}

export function formatHold(hold: number): string {
  return formatSigned(hold);
}

// ---------------------------------------------------------------------------------------------
// Card results and cells

/**
 * A result code as printed: "SI*", "GB(ss)A+", "FLY(rf)B?", "LO(3b)max", "X(ss)". The grammar is
 * the engine's own (result-codes.ts), so a card and a manager's submission read the same way.
 */
export function parseResultCode(input: unknown): CardResult {
  const kind = "card result";
  const text = requireString(kind, input).trim();
  const parsed = parseResult(text);
  if (!parsed.ok) fail(kind, input, parsed.message);
  return parsed.result;
}

export interface PrintedReading {
  readonly result: CardResult;
  readonly fatigue: boolean;
  readonly powerGated: boolean;
  readonly injury: boolean;
}

/** A reading with its marks: "HR[N]†", "GB(ss)A++inj". */
export function parseReading(input: unknown): PrintedReading {
  const kind = "card reading";
  let text = requireString(kind, input).trim();
  const original = text;
  const injury = text.endsWith("+inj");
  if (injury) text = text.slice(0, -4);
  const fatigue = text.endsWith("†");
  if (fatigue) text = text.slice(0, -1);
  const powerGated = text.endsWith("[N]");
  if (powerGated) text = text.slice(0, -3);
  let result: CardResult;
  try {
    result = parseResultCode(text);
  } catch (error) {
    if (error instanceof CardParseError) fail(kind, original, error.message);
    throw error;
  }
  return { result, fatigue, powerGated, injury };
}

/** One printed cell: "SI*" (d20 1..20) or a split "HR 1-10/DO*** 11-20". */
export function parseCardCell(input: unknown): CardCell {
  const kind = "card cell";
  const text = requireString(kind, input).trim();
  if (text === "") fail(kind, text, "the cell is empty");
  const parts = text.split("/").map((part) => part.trim());
  const entries: CellEntry[] = [];
  let next = 1;
  for (const part of parts) {
    const match = /^(\S+)(?:\s+(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(part);
    if (match === null) fail(kind, text, `'${part}' is not a reading with an optional d20 range`);
    const [, code, fromText, toText] = match;
    let reading: PrintedReading;
    try {
      reading = parseReading(code);
    } catch (error) {
      if (error instanceof CardParseError) fail(kind, text, error.message);
      throw error;
    }
    let from: number;
    let to: number;
    if (fromText === undefined) {
      if (parts.length > 1) fail(kind, text, `'${part}' needs a d20 range in a split cell`);
      from = 1;
      to = 20;
    } else {
      from = Number(fromText);
      to = toText === undefined ? from : Number(toText);
    }
    if (from !== next) {
      fail(kind, text, `'${part}' starts at d20 ${from}, expected ${next}`);
    }
    if (to < from || to > 20) fail(kind, text, `'${part}' has a bad d20 range ${from}-${to}`);
    entries.push({
      result: reading.result,
      from,
      to,
      ...(reading.fatigue ? { fatigue: true } : {}),
      ...(reading.powerGated ? { powerGated: true } : {}),
      ...(reading.injury ? { injury: true } : {}),
    });
    next = to + 1;
  }
  if (next !== 21) fail(kind, text, `the d20 ranges stop at ${next - 1}, they must reach 20`);
  return entries;
}

export function formatCardCell(cell: CardCell): string {
  if (cell.length === 1 && cell[0]!.from === 1 && cell[0]!.to === 20) {
    return formatReading(cell[0]!.result, cell[0]!);
  }
  return cell
    .map((e) => `${formatReading(e.result, e)} ${e.from === e.to ? e.from : `${e.from}-${e.to}`}`)
    .join("/");
}

/** A printed half: 3 columns, each 11 cells for the 2d6 rows 2..12 in order. */
export type PrintedCardSide = readonly (readonly string[])[];

export function parseCardSide(input: PrintedCardSide, what = "card side"): CardSide {
  if (!Array.isArray(input) || input.length !== 3) {
    fail(what, input, "expected 3 columns");
  }
  const columns = input.map((column, c) => {
    if (!Array.isArray(column) || column.length !== TWO_DICE_ROWS.length) {
      fail(what, `column ${c + 1}`, `expected ${TWO_DICE_ROWS.length} cells, rows 2..12`);
    }
    const parsed = {} as Record<TwoDiceRow, CardCell>;
    TWO_DICE_ROWS.forEach((row, r) => {
      try {
        parsed[row] = parseCardCell(column[r]);
      } catch (error) {
        if (error instanceof CardParseError) {
          throw new CardParseError(what, `column ${c + 1} row ${row}`, error.message);
        }
        throw error;
      }
    });
    return parsed as CardColumn;
  }) as unknown as [CardColumn, CardColumn, CardColumn];
  const side: CardSide = { columns };
  try {
    assertCardSide(side);
  } catch (error) {
    if (error instanceof CardLayoutError) fail(what, "grid", error.message);
    throw error;
  }
  return side;
}

export function formatCardSide(side: CardSide): string[][] {
  return side.columns.map((column) => TWO_DICE_ROWS.map((row) => formatCardCell(column[row])));
}
