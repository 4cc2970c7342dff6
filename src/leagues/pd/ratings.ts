import { z } from "zod";
import {
  CardLayoutError,
  layoutFromChances,
  type ResultChances,
} from "../../engine/card-layout.js";
import type {
  BatSide,
  BattingCard,
  CardSide,
  FieldingRating,
  PdPlayer,
  PitchingCard,
  StealRating,
  ThrowHand,
} from "../../engine/cards.js";
import { CHANCES_PER_SIDE } from "../../engine/cards.js";
import type { FieldPosition } from "../../engine/positions.js";
import type { CardResult } from "../../engine/results.js";

/**
 * Paper Dynasty digital ratings. A PD card has no printed grid: each side is a set of chances per
 * result out of 108 (in steps of 0.05). Batting cards have a side vs LHP and vs RHP, pitching
 * cards vs LHB and vs RHB. Field names follow Paper Dynasty's rating tables.
 *
 * buildPdPlayer checks a card record with zod (each side must total exactly 108; the error names
 * the side and its fields), then lays each side onto the shared 3 x 11 grid (card-layout.ts), so
 * PD plays are rolled with the same dice and resolver as SBA.
 */

const Chances = z.number().min(0).max(CHANCES_PER_SIDE);

/** A batting side's outs on balls in play (the strikeout is not one). */
export const BATTING_BATTED_OUT_FIELDS = [
  "lineout",
  "popout",
  "flyout_a",
  "flyout_bq",
  "flyout_lf_b",
  "flyout_rf_b",
  "groundout_a",
  "groundout_b",
  "groundout_c",
] as const;

export const BATTING_RATING_FIELDS = [
  "homerun",
  "bp_homerun",
  "triple",
  "double_three",
  "double_two",
  "double_pull",
  "single_two",
  "single_one",
  "single_center",
  "bp_single",
  "hbp",
  "walk",
  "strikeout",
  ...BATTING_BATTED_OUT_FIELDS,
] as const;

/** A pitching side's outs on balls in play that no X-check decides (the strikeout is not one). */
export const PITCHING_BATTED_OUT_FIELDS = [
  "flyout_lf_b",
  "flyout_cf_b",
  "flyout_rf_b",
  "groundout_a",
  "groundout_b",
] as const;

/** A pitching side's X-checks and the position each sends the ball to. */
export const XCHECK_POSITIONS = [
  ["xcheck_p", "P"],
  ["xcheck_c", "C"],
  ["xcheck_1b", "1B"],
  ["xcheck_2b", "2B"],
  ["xcheck_3b", "3B"],
  ["xcheck_ss", "SS"],
  ["xcheck_lf", "LF"],
  ["xcheck_cf", "CF"],
  ["xcheck_rf", "RF"],
] as const satisfies readonly (readonly [`xcheck_${string}`, FieldPosition])[];

export const PITCHING_RATING_FIELDS = [
  "homerun",
  "triple",
  "double_three",
  "double_two",
  "double_cf",
  "single_two",
  "single_one",
  "single_center",
  "hbp",
  "walk",
  "strikeout",
  ...PITCHING_BATTED_OUT_FIELDS,
  ...XCHECK_POSITIONS.map(([field]) => field),
] as const;

export type BattingRatingField = (typeof BATTING_RATING_FIELDS)[number];
export type PitchingRatingField = (typeof PITCHING_RATING_FIELDS)[number];

const TOTAL_TOLERANCE = 1e-6;

function sideTotal(side: Readonly<Record<string, number>>): number {
  // Sum in 0.05 units so 108 is reached exactly, whatever the decimal fractions.
  let units = 0;
  for (const value of Object.values(side)) units += Math.round(value * 20);
  return units / 20;
}

function sideSchema<const F extends readonly string[]>(fields: F) {
  const shape = Object.fromEntries(fields.map((f) => [f, Chances])) as Record<
    F[number],
    typeof Chances
  >;
  return z.strictObject(shape).superRefine((side, ctx) => {
    const total = sideTotal(side as Record<string, number>);
    if (Math.abs(total - CHANCES_PER_SIDE) > TOTAL_TOLERANCE) {
      const listed = Object.entries(side as Record<string, number>)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      ctx.addIssue({
        code: "custom",
        message: `chances total ${total}, not ${CHANCES_PER_SIDE} (${listed})`,
      });
    }
    for (const [field, value] of Object.entries(side as Record<string, number>)) {
      if (Math.abs(value * 20 - Math.round(value * 20)) > TOTAL_TOLERANCE) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `${value} is not a multiple of 0.05 chances`,
        });
      }
    }
  });
}

export const BattingSideRatings = sideSchema(BATTING_RATING_FIELDS);
export const PitchingSideRatings = sideSchema(PITCHING_RATING_FIELDS);
export type BattingSideRatings = z.infer<typeof BattingSideRatings>;
export type PitchingSideRatings = z.infer<typeof PitchingSideRatings>;

const Grade = z.enum(["A", "B", "C", "D"]);

export const PdBattingCard = z.object({
  hand: z.enum(["L", "R", "S"]),
  power: z.enum(["N", "W"]),
  /** Running rating 1..20. */
  running: z.number().int().min(1).max(20),
  /** Safe numbers: steal_high with a good lead, steal_low without. */
  steal_low: z.number().int().min(0).max(20),
  steal_high: z.number().int().min(0).max(20),
  /** Automatic good lead when not held. */
  steal_auto: z.boolean(),
  /** Chance of a good lead (0..1). 0 with steal_high 0: he may not steal. */
  steal_jump: z.number().min(0).max(1),
  bunting: Grade,
  hit_and_run: Grade,
  ratings: z.object({ vL: BattingSideRatings, vR: BattingSideRatings }),
});
export type PdBattingCard = z.infer<typeof PdBattingCard>;

export const PdPitchingCard = z.object({
  hand: z.enum(["L", "R"]),
  /** Endurance: null when he has no such role. */
  starter_rating: z.number().int().min(1).max(9).nullable(),
  relief_rating: z.number().int().min(1).max(9).nullable(),
  closer_rating: z.number().int().min(0).max(9).nullable(),
  wild_pitch: z.number().int().min(0).max(20),
  balk: z.number().int().min(0).max(20),
  hold: z.number().int().min(-6).max(9),
  /** The pitcher-injury rating (§1); null: never injured. */
  injury: z
    .object({ games: z.number().int().min(0).max(6), rating: z.number().int().min(1).max(99) })
    .nullable(),
  ratings: z.object({ vL: PitchingSideRatings, vR: PitchingSideRatings }),
});
export type PdPitchingCard = z.infer<typeof PdPitchingCard>;

const PositionCode = z.enum(["P", "C", "1B", "2B", "3B", "SS", "LF", "CF", "RF"]);

export const PdCardPosition = z.object({
  position: PositionCode,
  range: z.number().int().min(1).max(5),
  error: z.number().int().min(0).max(99),
  arm: z.number().int().min(-6).max(5).nullable(),
  pb: z.number().int().min(0).max(20).nullable(),
  overthrow: z.number().int().min(0).max(20).nullable(),
});

export const PdCardRecord = z.object({
  card_id: z.number().int().positive(),
  /** The PD player this card depicts; several cards (cardsets) may share it. */
  player_id: z.number().int().positive(),
  name: z.string().min(1),
  cardset_id: z.number().int().positive(),
  positions: z.array(PdCardPosition),
  batting: PdBattingCard,
  pitching: PdPitchingCard.nullable(),
});
export type PdCardRecord = z.infer<typeof PdCardRecord>;

export class PdCardError extends Error {
  override readonly name = "PdCardError";
  constructor(
    readonly cardId: number | null,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`card ${cardId ?? "?"}: ${field}: ${detail}`);
  }
}

/** Where the ball goes on a pull: a right-handed batter pulls to left field. */
function pullField(bats: "L" | "R"): FieldPosition {
  return bats === "R" ? "LF" : "RF";
}

/** The side a switch hitter bats from against a pitcher's hand. */
function battingSide(hand: BatSide, pitcher: ThrowHand): "L" | "R" {
  if (hand !== "S") return hand;
  return pitcher === "R" ? "L" : "R";
}

/**
 * Splits whole units in proportion to weights, deterministically: each gets the floor of its
 * exact share, and the units left over go one each to the largest remainders (ties to the
 * earlier weight).
 */
export function apportion(units: number, weights: readonly number[]): number[] {
  const weight = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (units * w) / weight);
  const given = exact.map(Math.floor);
  let left = units - given.reduce((s, n) => s + n, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    given[i]! += 1;
    left -= 1;
  }
  return given;
}

/** Splits chances among fielders by fixed shares, in whole 0.05 units (see apportion). */
function spread(
  chances: number,
  shares: readonly (readonly [FieldPosition, number])[],
  make: (fielder: FieldPosition) => CardResult,
): ResultChances[] {
  const given = apportion(
    Math.round(chances * 20),
    shares.map(([, w]) => w),
  );
  return shares.map(([fielder], i) => ({ result: make(fielder), chances: given[i]! / 20 }));
}

/** A grounder of the given grade to a fielder (PD cards have no "+" grounders). */
function groundball(grade: "A" | "B" | "C"): (fielder: FieldPosition) => CardResult {
  return (fielder) => ({ type: "GROUNDBALL", grade, fielder, plus: false });
}

/** Infield grounders and liners: where they go, by the batter's side. */
function infieldShares(bats: "L" | "R"): [FieldPosition, number][] {
  return bats === "R"
    ? [
        ["SS", 4],
        ["3B", 3],
        ["2B", 3],
        ["1B", 1],
        ["P", 1],
      ]
    : [
        ["2B", 4],
        ["1B", 3],
        ["SS", 3],
        ["3B", 1],
        ["P", 1],
      ];
}

/** The batting side's chances as card readings, with fielders filled in from the batter's side. */
export function battingReadings(side: BattingSideRatings, bats: "L" | "R"): ResultChances[] {
  const infield = infieldShares(bats);
  const pull = pullField(bats);
  const opposite: FieldPosition = pull === "LF" ? "RF" : "LF";
  return [
    { result: { type: "HOMERUN" }, chances: side.homerun },
    { result: { type: "BP_HOMERUN" }, chances: side.bp_homerun },
    { result: { type: "TRIPLE" }, chances: side.triple },
    { result: { type: "DOUBLE_3" }, chances: side.double_three },
    { result: { type: "DOUBLE_2" }, chances: side.double_two },
    { result: { type: "DOUBLE_UNCAPPED", fielder: pull }, chances: side.double_pull },
    { result: { type: "SINGLE_2" }, chances: side.single_two },
    { result: { type: "SINGLE_1" }, chances: side.single_one },
    { result: { type: "SINGLE_UNCAPPED", fielder: "CF" }, chances: side.single_center },
    { result: { type: "BP_SINGLE" }, chances: side.bp_single },
    { result: { type: "HBP" }, chances: side.hbp },
    { result: { type: "WALK" }, chances: side.walk },
    { result: { type: "STRIKEOUT" }, chances: side.strikeout },
    ...spread(side.lineout, infield.slice(0, 4), (fielder) => ({
      type: "LINEOUT",
      fielder,
      max: false,
    })),
    ...spread(side.popout, [...infield.slice(0, 3), ["C", 1]], (fielder) => ({
      type: "POPOUT",
      fielder,
    })),
    ...spread(
      side.flyout_a,
      [
        ["CF", 2],
        [pull, 2],
        [opposite, 1],
      ],
      (fielder) => ({ type: "FLYBALL", grade: "A", fielder }),
    ),
    ...spread(
      side.flyout_bq,
      [
        ["CF", 1],
        [pull, 1],
        [opposite, 1],
      ],
      (fielder) => ({ type: "FLYBALL", grade: "BQ", fielder }),
    ),
    { result: { type: "FLYBALL", grade: "B", fielder: "LF" }, chances: side.flyout_lf_b },
    { result: { type: "FLYBALL", grade: "B", fielder: "RF" }, chances: side.flyout_rf_b },
    ...spread(side.groundout_a, infield, groundball("A")),
    ...spread(side.groundout_b, infield, groundball("B")),
    ...spread(side.groundout_c, infield, groundball("C")),
  ];
}

/** The pitching side's chances as card readings. */
export function pitchingReadings(side: PitchingSideRatings, batter: "L" | "R"): ResultChances[] {
  const infield = infieldShares(batter);
  return [
    { result: { type: "HOMERUN" }, chances: side.homerun },
    { result: { type: "TRIPLE" }, chances: side.triple },
    { result: { type: "DOUBLE_3" }, chances: side.double_three },
    { result: { type: "DOUBLE_2" }, chances: side.double_two },
    { result: { type: "DOUBLE_UNCAPPED", fielder: "CF" }, chances: side.double_cf },
    { result: { type: "SINGLE_2" }, chances: side.single_two },
    { result: { type: "SINGLE_1" }, chances: side.single_one },
    { result: { type: "SINGLE_UNCAPPED", fielder: "CF" }, chances: side.single_center },
    { result: { type: "HBP" }, chances: side.hbp },
    { result: { type: "WALK" }, chances: side.walk },
    { result: { type: "STRIKEOUT" }, chances: side.strikeout },
    { result: { type: "FLYBALL", grade: "B", fielder: "LF" }, chances: side.flyout_lf_b },
    { result: { type: "FLYBALL", grade: "B", fielder: "CF" }, chances: side.flyout_cf_b },
    { result: { type: "FLYBALL", grade: "B", fielder: "RF" }, chances: side.flyout_rf_b },
    ...spread(side.groundout_a, infield, groundball("A")),
    ...spread(side.groundout_b, infield, groundball("B")),
    ...XCHECK_POSITIONS.map(
      ([field, position]): ResultChances => ({
        result: { type: "XCHECK", position },
        chances: side[field],
      }),
    ),
  ];
}

/**
 * The 2d6 sums that give a good lead, from the chance of one: the run of sums around 7 (then
 * outward, the higher sum first) whose 2d6 weight comes nearest steal_jump x 36.
 */
export function goodLeadSums(stealJump: number): number[] {
  const want = Math.round(stealJump * 36);
  const order = [7, 8, 6, 9, 5, 10, 4, 11, 3, 12, 2];
  const sums: number[] = [];
  let have = 0;
  for (const n of order) {
    if (have >= want) break;
    if (Math.abs(have + waysToRoll(n) - want) > Math.abs(have - want)) continue;
    sums.push(n);
    have += waysToRoll(n);
  }
  return sums.sort((a, b) => a - b);
}

/** The chance of a good lead that its 2d6 sums give (goodLeadSums goes the other way). */
export function goodLeadChance(sums: readonly number[]): number {
  return sums.reduce((s, n) => s + waysToRoll(n), 0) / 36;
}

/** How many of the 36 rolls of 2d6 sum to n. */
function waysToRoll(n: number): number {
  return 6 - Math.abs(7 - n);
}

function stealOf(card: PdBattingCard): StealRating | null {
  if (card.steal_high === 0 || card.steal_jump === 0) return null;
  return {
    autoJump: card.steal_auto,
    goodLead: goodLeadSums(card.steal_jump),
    caughtLeaning: [],
    safeWithLead: card.steal_high,
    safeWithoutLead: card.steal_low,
  };
}

function layout(cardId: number, field: string, readings: ResultChances[]): CardSide {
  try {
    return layoutFromChances(readings);
  } catch (error) {
    if (error instanceof CardLayoutError) throw new PdCardError(cardId, field, error.message);
    throw error;
  }
}

/** A pitcher's batting side when his card has none: weak, strikeout-heavy. */
export const PITCHER_BATTING_SIDE: BattingSideRatings = {
  homerun: 0.5,
  bp_homerun: 0,
  triple: 0,
  double_three: 0,
  double_two: 1.5,
  double_pull: 0,
  single_two: 2,
  single_one: 6,
  single_center: 0,
  bp_single: 0,
  hbp: 0,
  walk: 3,
  strikeout: 45,
  lineout: 4,
  popout: 10,
  flyout_a: 0,
  flyout_bq: 10,
  flyout_lf_b: 3,
  flyout_rf_b: 3,
  groundout_a: 6,
  groundout_b: 8,
  groundout_c: 6,
};

export function buildPdPlayer(input: unknown): PdPlayer {
  const parsed = PdCardRecord.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id =
      typeof input === "object" && input !== null && "card_id" in input
        ? Number((input as { card_id: unknown }).card_id)
        : Number.NaN;
    throw new PdCardError(
      Number.isFinite(id) ? id : null,
      issue.path.join(".") || "record",
      issue.message,
    );
  }
  const card = parsed.data;

  const fielding: Partial<Record<FieldPosition, FieldingRating>> = {};
  const eligible: FieldPosition[] = [];
  for (const p of card.positions) {
    if (fielding[p.position] !== undefined) {
      throw new PdCardError(card.card_id, "positions", `${p.position} is rated twice`);
    }
    eligible.push(p.position);
    fielding[p.position] = {
      position: p.position,
      range: p.range,
      error: p.error,
      ...(p.arm !== null ? { arm: p.arm } : {}),
      ...(p.pb !== null ? { passedBall: p.pb } : {}),
      ...(p.overthrow !== null ? { throwing: p.overthrow } : {}),
    };
  }

  const b = card.batting;
  const batting: BattingCard = {
    bats: b.hand,
    power: b.power,
    speed: b.running,
    steal: stealOf(b),
    bunt: b.bunting,
    hitAndRun: b.hit_and_run,
    // PD batters have no "plus injury" readings [D]: only the pitcher trigger injures.
    injury: null,
    vsLeft: layout(
      card.card_id,
      "batting.ratings.vL",
      battingReadings(b.ratings.vL, battingSide(b.hand, "L")),
    ),
    vsRight: layout(
      card.card_id,
      "batting.ratings.vR",
      battingReadings(b.ratings.vR, battingSide(b.hand, "R")),
    ),
  };

  let pitching: PitchingCard | null = null;
  if (card.pitching !== null) {
    const p = card.pitching;
    pitching = {
      throws: p.hand,
      vsLeft: layout(card.card_id, "pitching.ratings.vL", pitchingReadings(p.ratings.vL, "L")),
      vsRight: layout(card.card_id, "pitching.ratings.vR", pitchingReadings(p.ratings.vR, "R")),
      endurance: {
        starter: p.starter_rating,
        starterBonus: false,
        reliever: p.relief_rating,
        closer: p.closer_rating,
      },
      wildPitch: p.wild_pitch,
      balk: p.balk,
      hold: p.hold,
      injury: p.injury,
    };
  }

  return {
    league: "pd",
    id: card.card_id,
    cardId: card.card_id,
    cardsetId: card.cardset_id,
    name: card.name,
    eligible,
    fielding,
    batting,
    pitching,
  };
}
