/**
 * Generates the bundled sample leagues, src/leagues/bundled/sba.json and pd.json: four clearly
 * fictional teams per league, 26-man rosters (13 position players covering every position with
 * backups, 5 starters, 8 relievers), SBA players with full printed strings and card grids, PD
 * players with digital chance ratings in two cardsets.
 *
 *   npx tsx scripts/generate-sample-league.ts            write both files, print the rates
 *   npx tsx scripts/generate-sample-league.ts --check    only print the analytic league rates
 *
 * Deterministic: a small seeded PRNG (mulberry32) drives everything; the same seed writes the same
 * bytes. Ratings are drawn around league means tuned so the expected rates land in the middle of
 * the major-league norms (BA ~.250, K% ~22, BB% ~8.5, HR ~1.15 and runs ~4.5 per team-game). A
 * plate appearance reads the batter's card or the pitcher's with equal chance, so a result's
 * probability is (batter side chances + pitcher side chances) / 216; ~30/216 of readings are
 * X-checks, resolved here through the engine's own range and error charts.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { layoutFromChances, type ResultChances } from "../src/engine/card-layout.js";
import type { FieldingRating, StealRating } from "../src/engine/cards.js";
import { readErrorChart } from "../src/engine/charts/error-charts.js";
import { readRangeChart } from "../src/engine/charts/range-charts.js";
import type { FieldPosition } from "../src/engine/positions.js";
import {
  apportion,
  BATTING_BATTED_OUT_FIELDS,
  BATTING_RATING_FIELDS,
  type BattingSideRatings,
  battingReadings,
  goodLeadChance,
  PITCHER_BATTING_SIDE,
  PITCHING_BATTED_OUT_FIELDS,
  PITCHING_RATING_FIELDS,
  type PitchingSideRatings,
  pitchingReadings,
  XCHECK_POSITIONS,
} from "../src/leagues/pd/ratings.js";
import type { SbaPlayerRecord } from "../src/leagues/sba/player.js";
import {
  formatCardSide,
  formatEndurance,
  formatFieldingRatings,
  formatHold,
  formatInjury,
  formatSteal,
} from "../src/leagues/sba/ratings.js";
import { mulberry32 } from "./mulberry32.js";

export const DEFAULT_SEED = 20_240_611;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32, scripts/mulberry32.ts)

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Standard normal, Box-Muller. */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// ---------------------------------------------------------------------------------------------
// Names (invented; any likeness to a real person is a coincidence)

const FIRST_NAMES = [
  "Abel",
  "Birch",
  "Cassius",
  "Dorian",
  "Ellis",
  "Fenwick",
  "Gideon",
  "Hollis",
  "Ignatius",
  "Jory",
  "Kellan",
  "Lowell",
  "Merritt",
  "Nestor",
  "Osric",
  "Pell",
  "Quill",
  "Rainer",
  "Silas",
  "Tobiah",
  "Ulric",
  "Vesper",
  "Wendell",
  "Yardley",
  "Zebulon",
  "Alder",
  "Bram",
  "Corwin",
  "Dashiell",
  "Emrys",
  "Fitz",
  "Garrick",
  "Hale",
  "Ivo",
  "Jasper",
  "Kip",
  "Linus",
  "Milo",
  "Nash",
  "Orrin",
];
const LAST_NAMES = [
  "Ashgrove",
  "Bellwether",
  "Copperfield",
  "Dunmore",
  "Everhart",
  "Fairweather",
  "Gallowmere",
  "Hollowell",
  "Ironwood",
  "Juniper",
  "Kettleby",
  "Lanternfield",
  "Marrowby",
  "Nettlefold",
  "Oakhurst",
  "Pemberton",
  "Quarrington",
  "Rookwood",
  "Saltonstall",
  "Thistlewood",
  "Underhill",
  "Vantongeren",
  "Whitlock",
  "Yarrowby",
  "Zellweger",
  "Amberley",
  "Blackthorn",
  "Cinderford",
  "Duskwater",
  "Elderberry",
  "Foxhollow",
  "Greymantle",
  "Hearthstone",
  "Inkwell",
  "Jollimore",
  "Kingsmere",
  "Larkspur",
  "Mossbank",
  "Nightingale",
  "Overbrook",
  "Puddlefoot",
  "Quickwater",
  "Ravensworth",
  "Stillwater",
  "Tumbledown",
  "Umberfield",
  "Wickersham",
  "Wrenfield",
  "Yellowhammer",
  "Ashcombe",
];

function nameMaker(rng: Rng): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// League means, per card side, in chances out of 108. Tuned (see analyticRates) so a league of
// these players lands in the middle of the norms.

export const BATTER_MEAN: BattingSideRatings = {
  homerun: 3.2,
  bp_homerun: 1.0,
  triple: 0.5,
  double_three: 1.0,
  double_two: 2.6,
  double_pull: 1.7,
  single_two: 4.5,
  single_one: 6.3,
  single_center: 3.6,
  bp_single: 1.0,
  hbp: 1.2,
  walk: 9.7,
  strikeout: 23.8,
  lineout: 5.0,
  popout: 5.5,
  flyout_a: 3.5,
  flyout_bq: 6.0,
  flyout_lf_b: 4.0,
  flyout_rf_b: 4.0,
  groundout_a: 8.0,
  groundout_b: 8.5,
  groundout_c: 4.7,
};

export const PITCHER_MEAN: PitchingSideRatings = {
  homerun: 2.7,
  triple: 0.3,
  double_three: 0.8,
  double_two: 2.2,
  double_cf: 1.2,
  single_two: 4.0,
  single_one: 5.8,
  single_center: 2.4,
  hbp: 1.0,
  walk: 8.9,
  strikeout: 25.0,
  flyout_lf_b: 4.0,
  flyout_cf_b: 5.2,
  flyout_rf_b: 4.0,
  groundout_a: 6.0,
  groundout_b: 4.5,
  xcheck_p: 2,
  xcheck_c: 3,
  xcheck_1b: 2,
  xcheck_2b: 6,
  xcheck_3b: 3,
  xcheck_ss: 7,
  xcheck_lf: 2,
  xcheck_cf: 3,
  xcheck_rf: 2,
};

const BATTER_GROUND = new Set(["groundout_a", "groundout_b", "groundout_c"]);
const PITCHER_GROUND = new Set(["groundout_a", "groundout_b"]);

const UNITS = 20;
const SIDE_UNITS = 108 * UNITS;

/** Rounds to 0.05 units and fills the outs so the side totals exactly 108. */
function completeSide<F extends string>(
  hits: Partial<Record<F, number>>,
  outFields: readonly F[],
  outMean: Readonly<Record<string, number>>,
  groundFields: ReadonlySet<string>,
  groundTilt: number,
  allFields: readonly F[],
): Record<F, number> {
  const units: Record<string, number> = {};
  let used = 0;
  for (const field of allFields) {
    if (outFields.includes(field)) continue;
    const u = Math.max(0, Math.round((hits[field] ?? 0) * UNITS));
    units[field] = u;
    used += u;
  }
  const outUnits = SIDE_UNITS - used;
  if (outUnits < 0) throw new Error(`a side's non-outs exceed 108 chances (${used / UNITS})`);
  const weights = outFields.map(
    (f) => outMean[f]! * (groundFields.has(f) ? 1 + groundTilt : 1 - groundTilt),
  );
  const given = apportion(outUnits, weights);
  outFields.forEach((f, i) => {
    units[f] = given[i]!;
  });
  return Object.fromEntries(allFields.map((f) => [f, units[f]! / UNITS])) as Record<F, number>;
}

// ---------------------------------------------------------------------------------------------
// Players

type Hand = "L" | "R";

interface BatterTalent {
  contact: number;
  power: number;
  eye: number;
  speed: number;
  groundTilt: number;
  platoon: number;
}

/** A batter's side against a pitcher of hand `vs`. */
function batterSide(t: BatterTalent, bats: Hand | "S", vs: Hand): BattingSideRatings {
  // Platoon: better against the opposite hand; switch hitters always bat opposite.
  const edge = bats === "S" ? 0.35 : bats !== vs ? 0.75 : -0.75;
  const p = edge * t.platoon;
  const m = BATTER_MEAN;
  const singles = 1 + 0.13 * t.contact + 0.06 * p;
  const hits: Partial<Record<(typeof BATTING_RATING_FIELDS)[number], number>> = {
    homerun: Math.max(0.2, m.homerun + 1.25 * t.power + 0.3 * p),
    bp_homerun: Math.max(0, m.bp_homerun + 0.35 * t.power),
    triple: Math.max(0, m.triple + 0.3 * t.speed),
    double_three: Math.max(0, m.double_three + 0.25 * t.power),
    double_two: Math.max(0.3, m.double_two + 0.45 * t.power + 0.2 * t.contact),
    double_pull: Math.max(0, m.double_pull + 0.35 * t.power),
    single_two: Math.max(0.5, m.single_two * singles + 0.5 * t.speed),
    single_one: Math.max(1, m.single_one * singles),
    single_center: Math.max(0.5, m.single_center * singles),
    bp_single: Math.max(0, m.bp_single + 0.2 * t.contact),
    hbp: Math.max(0, m.hbp + 0.3 * t.eye),
    walk: Math.max(2, m.walk + 2.1 * t.eye + 0.3 * p),
    strikeout: clamp(m.strikeout - 2.6 * t.contact + 1.4 * t.power - 1.2 * t.eye - 0.9 * p, 8, 40),
  };
  return completeSide(
    hits,
    BATTING_BATTED_OUT_FIELDS,
    m,
    BATTER_GROUND,
    t.groundTilt,
    BATTING_RATING_FIELDS,
  );
}

interface PitcherTalent {
  stuff: number;
  control: number;
  homers: number;
  hits: number;
  groundTilt: number;
  platoon: number;
  reliever: boolean;
}

function pitcherSide(t: PitcherTalent, throws: Hand, vs: Hand): PitchingSideRatings {
  const edge = (throws === vs ? 0.7 : -0.7) * t.platoon;
  const m = PITCHER_MEAN;
  const k = m.strikeout + 3.2 * t.stuff + 0.9 * edge + (t.reliever ? 1.6 : -0.6);
  const singles = 1 - 0.12 * t.hits - 0.05 * edge;
  const hits: Partial<Record<(typeof PITCHING_RATING_FIELDS)[number], number>> = {
    homerun: Math.max(0.4, m.homerun - 0.8 * t.homers - 0.15 * edge),
    triple: Math.max(0, m.triple),
    double_three: Math.max(0, m.double_three - 0.1 * t.hits),
    double_two: Math.max(0.3, m.double_two - 0.35 * t.hits),
    double_cf: Math.max(0, m.double_cf - 0.15 * t.hits),
    single_two: Math.max(0.5, m.single_two * singles),
    single_one: Math.max(1, m.single_one * singles),
    single_center: Math.max(0.3, m.single_center * singles),
    hbp: Math.max(0, m.hbp - 0.25 * t.control),
    walk: Math.max(2.5, m.walk - 2.0 * t.control - 0.2 * edge),
    strikeout: clamp(k, 10, 42),
    // X-checks: the league's mean, for every pitcher.
    ...Object.fromEntries(XCHECK_POSITIONS.map(([field]) => [field, m[field]])),
  };
  return completeSide(
    hits,
    PITCHING_BATTED_OUT_FIELDS,
    m,
    PITCHER_GROUND,
    t.groundTilt,
    PITCHING_RATING_FIELDS,
  );
}

/** The 13 position-player slots: the positions each may play, the first his main one. */
const POSITION_TEMPLATES: readonly (readonly FieldPosition[])[] = [
  ["C"],
  ["SS", "2B", "3B"],
  ["CF", "LF", "RF"],
  ["2B", "SS"],
  ["1B"],
  ["RF", "LF", "1B"],
  ["3B", "1B"],
  ["LF", "RF"],
  ["1B", "LF"], // the designated hitter
  ["C", "1B"],
  ["2B", "SS", "3B"],
  ["CF", "LF", "RF"],
  ["3B", "2B", "1B"],
];
/** The first nine templates start; the ninth is the DH. */
const STARTERS = 9;

/** Error ratings: a sensible spread under each position's chart maximum. */
const ERROR_RANGE: Readonly<Record<FieldPosition, readonly [number, number]>> = {
  P: [0, 20],
  C: [2, 12],
  "1B": [2, 16],
  "2B": [6, 22],
  "3B": [8, 26],
  SS: [8, 28],
  LF: [2, 12],
  CF: [2, 10],
  RF: [2, 12],
};

function fieldingRating(rng: Rng, position: FieldPosition, primary: boolean): FieldingRating {
  const range = clamp(
    rng.weighted([
      [1, 12],
      [2, 40],
      [3, 38],
      [4, 10],
    ]) +
      (primary
        ? 0
        : rng.weighted([
            [0, 1],
            [1, 1],
          ])),
    1,
    5,
  );
  const [lo, hi] = ERROR_RANGE[position];
  const error = rng.int(lo, hi);
  const rating: FieldingRating = { position, range, error };
  if (position === "LF" || position === "CF" || position === "RF") {
    return { ...rating, arm: rng.int(-4, 3) };
  }
  if (position === "C") {
    return { ...rating, arm: rng.int(-3, 3), passedBall: rng.int(1, 9), throwing: rng.int(3, 14) };
  }
  return rating;
}

function stealOf(running: number): StealRating | null {
  if (running < 8) return null;
  if (running >= 15) {
    return {
      autoJump: true,
      goodLead: [5, 6, 7, 8, 9, 10],
      caughtLeaning: [12],
      safeWithLead: 19,
      safeWithoutLead: 15,
    };
  }
  if (running >= 13) {
    return {
      autoJump: true,
      goodLead: [7, 8, 9, 10],
      caughtLeaning: [11, 12],
      safeWithLead: 17,
      safeWithoutLead: 13,
    };
  }
  if (running >= 11) {
    return {
      autoJump: false,
      goodLead: [8, 9, 10],
      caughtLeaning: [11, 12],
      safeWithLead: 15,
      safeWithoutLead: 11,
    };
  }
  return {
    autoJump: false,
    goodLead: [9, 10],
    caughtLeaning: [2, 11, 12],
    safeWithLead: 13,
    safeWithoutLead: 8,
  };
}

const GRADES = [
  ["A", 1],
  ["B", 3],
  ["C", 4],
  ["D", 2],
] as const;

/** A player before he is written in either league's format. */
interface Prospect {
  name: string;
  bats: Hand | "S";
  throws: Hand;
  power: "N" | "W";
  positions: readonly FieldPosition[];
  fielding: FieldingRating[];
  running: number;
  bunt: "A" | "B" | "C" | "D";
  hitAndRun: "A" | "B" | "C" | "D";
  injury: { games: number; rating: number };
  batting: { vL: BattingSideRatings; vR: BattingSideRatings };
  pitcher: null | {
    role: "starter" | "reliever";
    endurance: {
      starter: number | null;
      starterBonus: boolean;
      reliever: number | null;
      closer: number | null;
    };
    wildPitch: number;
    balk: number;
    hold: number;
    injury: { games: number; rating: number };
    ratings: { vL: PitchingSideRatings; vR: PitchingSideRatings };
  };
}

function makeBatter(
  rng: Rng,
  name: string,
  template: readonly FieldPosition[],
  starter: boolean,
): Prospect {
  const level = starter ? 0.1 : -0.45;
  const talent: BatterTalent = {
    contact: rng.normal() * 0.8 + level,
    power: rng.normal() * 0.8 + level * 0.6,
    eye: rng.normal() * 0.8 + level * 0.5,
    speed: rng.normal(),
    groundTilt: clamp(rng.normal() * 0.12, -0.3, 0.3),
    platoon: clamp(1 + rng.normal() * 0.4, 0.2, 2),
  };
  if (template[0] === "CF" || template[0] === "SS") talent.speed += 0.6;
  if (template[0] === "C" || template[0] === "1B") talent.speed -= 0.6;
  const bats = rng.weighted<Hand | "S">([
    ["R", 55],
    ["L", 32],
    ["S", 13],
  ]);
  const throws: Hand = template.some((p) => p === "C" || p === "SS" || p === "2B" || p === "3B")
    ? "R"
    : rng.weighted<Hand>([
        ["R", 70],
        ["L", 30],
      ]);
  const running = clamp(Math.round(11 + 2.6 * talent.speed), 5, 17);
  return {
    name,
    bats,
    throws,
    power: talent.power < -1.1 ? "W" : "N",
    positions: template,
    fielding: template.map((position, i) => fieldingRating(rng, position, i === 0)),
    running,
    bunt: rng.weighted(GRADES),
    hitAndRun: rng.weighted(GRADES.filter(([g]) => g !== "A")),
    injury: {
      games: rng.weighted([
        [0, 1],
        [1, 4],
        [2, 3],
        [3, 2],
        [4, 1],
      ]),
      rating: rng.pick(INJURY_TABLE_RATINGS),
    },
    batting: { vL: batterSide(talent, bats, "L"), vR: batterSide(talent, bats, "R") },
    pitcher: null,
  };
}

/**
 * Injury ratings "<games digit>p<NN>" (rules §1, §7). The 3d6 injury table only has the ratings
 * p70, p65, p60, p50, p40, p30, p20: any other NN (p55) has no table and is never hurt.
 */
const INJURY_TABLE_RATINGS = [50, 60, 60, 65, 70] as const;

/**
 * A pitcher's games digit is the rating the at-bat dice check (d6 6, 2d6 s >= 13 - digit): 1 is
 * checked on 6-12 only (1 in 216 rolls), 3 on 6-10 and up (6 in 216), 5 on 6-8 and up (15 in
 * 216); and once called, the table hurts him 75-99% of the time. So the digit must be rare above
 * 1 and often 0 (never injured): this mix gives about 0.2 pitcher injuries per game (both teams),
 * near the major-league rate of pitchers going on the injured list. Each draw is one rng call, as
 * before, so the rest of the league is unchanged.
 */
const PITCHER_INJURY_GAMES_DIGIT: readonly (readonly [number, number])[] = [
  [0, 50],
  [1, 40],
  [2, 8],
  [3, 2],
];
const PITCHER_INJURY_RATING: readonly (readonly [number, number])[] = [
  [70, 40],
  [65, 30],
  [60, 20],
  [50, 10],
];

type Role =
  | { kind: "starter"; endurance: number; bonus: boolean }
  | { kind: "reliever"; reliever: number; closer: number | null; starter: number | null };

const PITCHING_STAFF: readonly Role[] = [
  { kind: "starter", endurance: 7, bonus: false },
  { kind: "starter", endurance: 6, bonus: true },
  { kind: "starter", endurance: 6, bonus: false },
  { kind: "starter", endurance: 6, bonus: false },
  { kind: "starter", endurance: 5, bonus: false },
  { kind: "reliever", reliever: 1, closer: 6, starter: null },
  { kind: "reliever", reliever: 2, closer: 3, starter: null },
  { kind: "reliever", reliever: 2, closer: 2, starter: null },
  { kind: "reliever", reliever: 2, closer: null, starter: null },
  { kind: "reliever", reliever: 2, closer: null, starter: null },
  { kind: "reliever", reliever: 3, closer: null, starter: null },
  { kind: "reliever", reliever: 3, closer: 0, starter: null },
  { kind: "reliever", reliever: 3, closer: null, starter: 3 },
];

function makePitcher(rng: Rng, name: string, role: Role): Prospect {
  const talent: PitcherTalent = {
    stuff: rng.normal() * 0.8,
    control: rng.normal() * 0.8,
    homers: rng.normal() * 0.8,
    hits: rng.normal() * 0.8,
    groundTilt: clamp(rng.normal() * 0.15, -0.35, 0.35),
    platoon: clamp(1 + rng.normal() * 0.4, 0.2, 2),
    reliever: role.kind === "reliever",
  };
  const throws = rng.weighted<Hand>([
    ["R", 70],
    ["L", 30],
  ]);
  const endurance =
    role.kind === "starter"
      ? { starter: role.endurance, starterBonus: role.bonus, reliever: null, closer: null }
      : {
          starter: role.starter,
          starterBonus: false,
          reliever: role.reliever,
          closer: role.closer,
        };
  return {
    name,
    bats: throws,
    throws,
    power: "W",
    positions: ["P"],
    fielding: [fieldingRating(rng, "P", true)],
    running: rng.int(5, 10),
    bunt: rng.weighted(GRADES),
    hitAndRun: "D",
    injury: { games: 0, rating: 65 },
    batting: { vL: PITCHER_BATTING_SIDE, vR: PITCHER_BATTING_SIDE },
    pitcher: {
      role: role.kind,
      endurance,
      wildPitch: clamp(Math.round(3 - 1.5 * talent.control + rng.normal()), 0, 12),
      balk: rng.weighted([
        [0, 5],
        [1, 3],
        [2, 2],
        [3, 1],
      ]),
      hold: rng.int(-3, 4),
      injury: {
        games: rng.weighted(PITCHER_INJURY_GAMES_DIGIT),
        rating: rng.weighted(PITCHER_INJURY_RATING),
      },
      ratings: { vL: pitcherSide(talent, throws, "L"), vR: pitcherSide(talent, throws, "R") },
    },
  };
}

interface ProspectTeam {
  id: number;
  abbrev: string;
  name: string;
  ballpark: { name: string; homerun: number; single: number };
  batters: Prospect[];
  pitchers: Prospect[];
}

const SBA_TEAMS = [
  { abbrev: "HCL", name: "Harbor City Lamplighters", park: "Breakwater Yard" },
  { abbrev: "MBT", name: "Millbrook Tinkers", park: "Gearworks Field" },
  { abbrev: "CFO", name: "Cedar Falls Owls", park: "Hollow Oak Park" },
  { abbrev: "PEG", name: "Port Ellery Gulls", park: "Tidewater Grounds" },
];
const PD_TEAMS = [
  { abbrev: "IVF", name: "Ironvale Foundrymen", park: "Smelter Stadium" },
  { abbrev: "SMH", name: "Saltmarsh Herons", park: "Reedbank Park" },
  { abbrev: "CRP", name: "Copper Ridge Prospectors", park: "Lode Field" },
  { abbrev: "LBK", name: "Lantern Bay Keepers", park: "Beacon Grounds" },
];

function makeTeams(
  rng: Rng,
  specs: readonly { abbrev: string; name: string; park: string }[],
  firstId: number,
): ProspectTeam[] {
  const nextName = nameMaker(rng);
  return specs.map((spec, i) => ({
    id: firstId + i,
    abbrev: spec.abbrev,
    name: spec.name,
    // Park ratings around the rules' default (BP readings succeed on d20 1..10).
    ballpark: { name: spec.park, homerun: 9 + (i % 3), single: 10 + ((i + 1) % 3) - 1 },
    batters: POSITION_TEMPLATES.map((template, slot) =>
      makeBatter(rng, nextName(), template, slot < STARTERS),
    ),
    pitchers: PITCHING_STAFF.map((role) => makePitcher(rng, nextName(), role)),
  }));
}

// ---------------------------------------------------------------------------------------------
// SBA output: printed strings and card grids

function markedReadings(
  readings: ResultChances[],
  mark: (r: ResultChances) => ResultChances[],
): ResultChances[] {
  return readings.flatMap(mark);
}

/** Splits `chances` off a reading into a marked copy (both parts stay multiples of 0.05). */
function splitMark(
  r: ResultChances,
  chances: number,
  marks: ResultChances["marks"],
): ResultChances[] {
  const take = Math.min(chances, r.chances);
  if (take <= 0) return [r];
  const rest = Math.round((r.chances - take) * UNITS) / UNITS;
  return [
    { ...r, chances: rest },
    { ...r, chances: take, marks },
  ];
}

function sbaBattingHalf(side: BattingSideRatings, bats: Hand, speed: number): string[][] {
  let injuryMarked = false;
  const readings = markedReadings(battingReadings(side, bats), (r) => {
    // Fast runners beat out "+" grounders when the infield is in.
    if (r.result.type === "GROUNDBALL" && r.result.grade === "B" && speed >= 13) {
      return [{ ...r, result: { ...r.result, plus: true } }];
    }
    // One plus-injury reading per half, on his grounder to short.
    if (
      !injuryMarked &&
      r.result.type === "GROUNDBALL" &&
      r.result.grade === "A" &&
      r.chances >= 1
    ) {
      injuryMarked = true;
      return splitMark(r, 1, { injury: true });
    }
    return [r];
  });
  return formatCardSide(layoutFromChances(readings));
}

function sbaPitchingHalf(side: PitchingSideRatings, batter: Hand): string[][] {
  const readings = markedReadings(pitchingReadings(side, batter), (r) => {
    // Some homers are HR only for normal-power hitters.
    if (r.result.type === "HOMERUN")
      return splitMark(r, Math.round(r.chances * 8) / 20, { powerGated: true });
    // Fatigue marks: these outs become SI** once he is fatigued.
    if (r.result.type === "FLYBALL" && r.result.fielder === "CF")
      return splitMark(r, 2, { fatigue: true });
    if (r.result.type === "GROUNDBALL" && r.result.grade === "B" && r.result.fielder === "SS") {
      return splitMark(r, 1, { fatigue: true });
    }
    return [r];
  });
  return formatCardSide(layoutFromChances(readings));
}

const facing = (bats: Hand | "S", pitcher: Hand): Hand =>
  bats === "S" ? (pitcher === "R" ? "L" : "R") : bats;

function sbaRecord(p: Prospect, playerId: number): SbaPlayerRecord {
  const positions = p.positions;
  return {
    player_id: playerId,
    name: p.name,
    hand: p.throws,
    bats: p.bats,
    power: p.power,
    pos_1: positions[0]!,
    pos_2: positions[1] ?? null,
    pos_3: positions[2] ?? null,
    pos_4: null,
    pos_5: null,
    pos_6: null,
    pos_7: null,
    pos_8: null,
    fielding: formatFieldingRatings(p.fielding),
    running: `1-${p.running}`,
    steal: formatSteal(p.pitcher ? null : stealOf(p.running)),
    bunt: p.bunt,
    hit_and_run: p.hitAndRun,
    injury: p.pitcher ? null : formatInjury(p.injury),
    batting_card: {
      vs_lhp: sbaBattingHalf(p.batting.vL, facing(p.bats, "L"), p.running),
      vs_rhp: sbaBattingHalf(p.batting.vR, facing(p.bats, "R"), p.running),
    },
    pitching: p.pitcher
      ? {
          endurance: formatEndurance(p.pitcher.endurance),
          wild_pitch: String(p.pitcher.wildPitch),
          balk: String(p.pitcher.balk),
          hold: formatHold(p.pitcher.hold),
          injury: formatInjury(p.pitcher.injury),
          card: {
            vs_lhb: sbaPitchingHalf(p.pitcher.ratings.vL, "L"),
            vs_rhb: sbaPitchingHalf(p.pitcher.ratings.vR, "R"),
          },
        }
      : null,
  };
}

interface DepthChart {
  lineup: { id: number; position: FieldPosition | "DH" }[];
  rotation: number[];
  bullpen: number[];
}

/** Batting order: the starters by on-base and power, each at his main position, the ninth at DH. */
function depthChart(team: ProspectTeam, ids: number[]): DepthChart {
  const starters = team.batters.slice(0, STARTERS).map((p, i) => ({
    id: ids[i]!,
    position: i === STARTERS - 1 ? ("DH" as const) : p.positions[0]!,
    value: battingValue(p.batting.vR),
  }));
  const sorted = [...starters].sort((a, b) => b.value - a.value);
  // A conventional order: 2nd best leads off, best bats third, next cleanup, then the rest.
  const order = [sorted[1]!, sorted[3]!, sorted[0]!, sorted[2]!, ...sorted.slice(4)];
  const pitcherIds = ids.slice(team.batters.length);
  return {
    lineup: order.map(({ id, position }) => ({ id, position })),
    rotation: pitcherIds.slice(0, 5),
    bullpen: pitcherIds.slice(5),
  };
}

/** A team as the bundled league lists it: `ids` are its roster's player (SBA) or card (PD) ids. */
function teamRecord(team: ProspectTeam, ids: number[]) {
  return {
    id: team.id,
    abbrev: team.abbrev,
    name: team.name,
    ballpark: team.ballpark,
    roster: ids,
    ...depthChart(team, ids),
  };
}

function battingValue(side: BattingSideRatings): number {
  const hits = side.single_one + side.single_two + side.single_center + side.bp_single / 2;
  return (
    hits +
    side.walk +
    side.hbp +
    2 * (side.double_two + side.double_three + side.double_pull) +
    4 * side.homerun
  );
}

export interface GeneratedLeagues {
  sba: unknown;
  pd: unknown;
  prospects: { sba: ProspectTeam[]; pd: ProspectTeam[] };
}

export function generateLeagues(seed = DEFAULT_SEED): GeneratedLeagues {
  const sbaRng = new Rng(seed);
  const sbaTeams = makeTeams(sbaRng, SBA_TEAMS, 101);
  let nextPlayerId = 1001;
  const sbaPlayers: SbaPlayerRecord[] = [];
  const sba = {
    league: "sba",
    name: "Sample SBA league (fictional)",
    note: "Every team, player and park here is invented. Generated by scripts/generate-sample-league.ts.",
    seed,
    teams: sbaTeams.map((team) => {
      const ids = [...team.batters, ...team.pitchers].map((p) => {
        const id = nextPlayerId++;
        sbaPlayers.push(sbaRecord(p, id));
        return id;
      });
      return teamRecord(team, ids);
    }),
    players: sbaPlayers,
  };

  const pdRng = new Rng(seed ^ 0x5eed);
  const pdTeams = makeTeams(pdRng, PD_TEAMS, 201);
  const cardsets = [
    { id: 1, name: "Sample Classic (fictional)", priority: 1 },
    { id: 2, name: "Sample Current (fictional)", priority: 2 },
  ];
  const cards: unknown[] = [];
  const nextCard: Record<1 | 2, number> = { 1: 10_001, 2: 20_001 };
  let nextPdPlayer = 501;
  const pd = {
    league: "pd",
    name: "Sample Paper Dynasty league (fictional)",
    note: "Every team, player, card and park here is invented. Generated by scripts/generate-sample-league.ts.",
    seed,
    cardsets,
    teams: pdTeams.map((team) => {
      const ids = [...team.batters, ...team.pitchers].map((p, index) => {
        const playerId = nextPdPlayer++;
        // Most rostered cards are from the current set; every fifth man plays his classic card.
        const rosteredSet: 1 | 2 = index % 5 === 4 ? 1 : 2;
        const cardId = nextCard[rosteredSet]++;
        cards.push(pdCard(p, cardId, playerId, rosteredSet));
        // Every third man also has a card in the other set (not on the roster), rated a little
        // differently, so "the highest-priority cardset wins" has something to choose between.
        if (index % 3 === 0) {
          const otherSet: 1 | 2 = rosteredSet === 1 ? 2 : 1;
          cards.push(pdCard(p, nextCard[otherSet]++, playerId, otherSet, pdRng));
        }
        return cardId;
      });
      return teamRecord(team, ids);
    }),
    cards,
  };
  return { sba, pd, prospects: { sba: sbaTeams, pd: pdTeams } };
}

/** Moves a chance of the side's strikeouts to walks or back, keeping 108 (an alternate card). */
function nudge<T extends { strikeout: number; walk: number }>(side: T, rng: Rng): T {
  const shift = rng.int(-20, 20) / UNITS;
  const strikeout = Math.round((side.strikeout - shift) * UNITS) / UNITS;
  const walk = Math.round((side.walk + shift) * UNITS) / UNITS;
  if (strikeout < 0 || walk < 0) return side;
  return { ...side, strikeout, walk };
}

function pdCard(
  p: Prospect,
  cardId: number,
  playerId: number,
  cardsetId: number,
  alternate?: Rng,
): unknown {
  const vary = <T extends { strikeout: number; walk: number }>(side: T) =>
    alternate ? nudge(side, alternate) : side;
  const steal = p.pitcher ? null : stealOf(p.running);
  return {
    card_id: cardId,
    player_id: playerId,
    name: p.name,
    cardset_id: cardsetId,
    positions: p.fielding.map((f) => ({
      position: f.position,
      range: f.range,
      error: f.error,
      arm: f.arm ?? null,
      pb: f.passedBall ?? null,
      overthrow: f.throwing ?? null,
    })),
    batting: {
      hand: p.bats,
      power: p.power,
      running: p.running,
      steal_low: steal?.safeWithoutLead ?? 0,
      steal_high: steal?.safeWithLead ?? 0,
      steal_auto: steal?.autoJump ?? false,
      steal_jump: steal ? Math.round(goodLeadChance(steal.goodLead) * 1000) / 1000 : 0,
      bunting: p.bunt,
      hit_and_run: p.hitAndRun,
      ratings: { vL: vary(p.batting.vL), vR: vary(p.batting.vR) },
    },
    pitching: p.pitcher
      ? {
          hand: p.throws,
          starter_rating: p.pitcher.endurance.starter,
          relief_rating: p.pitcher.endurance.reliever,
          closer_rating: p.pitcher.endurance.closer,
          wild_pitch: p.pitcher.wildPitch,
          balk: p.pitcher.balk,
          hold: p.pitcher.hold,
          injury: p.pitcher.injury,
          ratings: { vL: vary(p.pitcher.ratings.vL), vR: vary(p.pitcher.ratings.vR) },
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Analytic league rates

export interface LeagueRates {
  battingAverage: number;
  strikeoutRate: number;
  walkRate: number;
  homerunsPerTeamGame: number;
  runsPerTeamGame: number;
  plateAppearancesPerTeamGame: number;
}

interface Outcome {
  single: number;
  double: number;
  triple: number;
  homerun: number;
  walk: number;
  hbp: number;
  strikeout: number;
  out: number;
  error: number;
}

function emptyOutcome(): Outcome {
  return {
    single: 0,
    double: 0,
    triple: 0,
    homerun: 0,
    walk: 0,
    hbp: 0,
    strikeout: 0,
    out: 0,
    error: 0,
  };
}

/** What one X-check at a position gives, per chance, for a fielder's range and error rating. */
function xcheckOutcome(
  position: FieldPosition,
  range: number,
  error: number,
  speed: number,
): Outcome {
  const o = emptyOutcome();
  // 3d6 distribution for the error chart.
  const threeD6: number[] = Array(19).fill(0);
  for (let a = 1; a <= 6; a++)
    for (let b = 1; b <= 6; b++) for (let c = 1; c <= 6; c++) threeD6[a + b + c]! += 1;
  let errorChance = 0;
  for (let roll = 3; roll <= 18; roll++)
    if (readErrorChart(position, roll, error) > 0) errorChance += threeD6[roll]! / 216;
  for (let d20 = 1; d20 <= 20; d20++) {
    const r = readRangeChart(position, d20, range);
    const w = 1 / 20;
    if (r === "SI1" || r === "SI2") o.single += w;
    else if (r === "DO2" || r === "DO3") o.double += w;
    else if (r === "TR3") o.triple += w;
    else if (r === "SPD") {
      o.single += (w * speed) / 20;
      o.out += w * (1 - speed / 20);
    } else {
      // An out unless the fielder errs.
      o.error += w * errorChance;
      o.out += w * (1 - errorChance);
    }
  }
  return o;
}

function addScaled(into: Outcome, from: Outcome, k: number): void {
  for (const key of Object.keys(into) as (keyof Outcome)[]) into[key] += from[key] * k;
}

/** Expected league rates of a set of teams, every lineup against every other team's staff. */
export function analyticRates(teams: readonly ProspectTeam[], ballparkSuccess = 0.5): LeagueRates {
  const total = emptyOutcome();
  let pairs = 0;
  for (const batting of teams) {
    for (const pitching of teams) {
      if (batting === pitching) continue;
      const lineup = batting.batters.slice(0, STARTERS);
      const defense = new Map<FieldPosition, FieldingRating>();
      pitching.batters.slice(0, STARTERS - 1).forEach((p) => {
        defense.set(p.positions[0]!, p.fielding[0]!);
      });
      const staff = pitching.pitchers.map((p, i) => ({ p, weight: i < 5 ? 0.66 / 5 : 0.34 / 8 }));
      for (const { p: pitcher, weight } of staff) {
        const throws = pitcher.throws;
        defense.set("P", pitcher.fielding[0]!);
        for (const batter of lineup) {
          const b = throws === "L" ? batter.batting.vL : batter.batting.vR;
          const side = facing(batter.bats, throws);
          const p = side === "L" ? pitcher.pitcher!.ratings.vL : pitcher.pitcher!.ratings.vR;
          const o = emptyOutcome();
          const k = 1 / 216;
          o.homerun += (b.homerun + p.homerun + b.bp_homerun * ballparkSuccess) * k;
          o.out += b.bp_homerun * (1 - ballparkSuccess) * k;
          o.triple += (b.triple + p.triple) * k;
          o.double +=
            (b.double_three +
              b.double_two +
              b.double_pull +
              p.double_three +
              p.double_two +
              p.double_cf) *
            k;
          o.single +=
            (b.single_one +
              b.single_two +
              b.single_center +
              p.single_one +
              p.single_two +
              p.single_center) *
              k +
            b.bp_single * ballparkSuccess * k;
          o.out += b.bp_single * (1 - ballparkSuccess) * k;
          o.walk += (b.walk + p.walk) * k;
          o.hbp += (b.hbp + p.hbp) * k;
          o.strikeout += (b.strikeout + p.strikeout) * k;
          for (const f of BATTING_BATTED_OUT_FIELDS) o.out += b[f] * k;
          for (const f of PITCHING_BATTED_OUT_FIELDS) o.out += p[f] * k;
          for (const [field, position] of XCHECK_POSITIONS) {
            const fielder = defense.get(position)!;
            addScaled(
              o,
              xcheckOutcome(position, fielder.range, fielder.error, batter.running),
              p[field] * k,
            );
          }
          addScaled(total, o, weight / lineup.length);
        }
      }
      pairs += 1;
    }
  }
  for (const key of Object.keys(total) as (keyof Outcome)[]) total[key] /= pairs;
  const pa = 1;
  const hits = total.single + total.double + total.triple + total.homerun;
  const ab = pa - total.walk - total.hbp;
  const tb = total.single + 2 * total.double + 3 * total.triple + 4 * total.homerun;
  // BaseRuns; errors count as singles on base.
  const a = hits + total.walk + total.hbp + total.error - total.homerun;
  const b = (1.4 * tb - 0.6 * hits - 3 * total.homerun + 0.1 * (total.walk + total.hbp)) * 1.02;
  const c = ab - hits - total.error;
  const runsPerPa = (a * b) / (b + c) + total.homerun;
  // Outs per PA, with about one double play per 45 PAs.
  const outsPerPa = c + 1 / 45;
  const paPerGame = 27 / outsPerPa;
  return {
    battingAverage: hits / ab,
    strikeoutRate: total.strikeout,
    walkRate: total.walk,
    homerunsPerTeamGame: total.homerun * paPerGame,
    runsPerTeamGame: runsPerPa * paPerGame,
    plateAppearancesPerTeamGame: paPerGame,
  };
}

function formatRates(label: string, r: LeagueRates): string {
  return `${label}: BA ${r.battingAverage.toFixed(3)}  K% ${(100 * r.strikeoutRate).toFixed(1)}  BB% ${(100 * r.walkRate).toFixed(1)}  HR/team-game ${r.homerunsPerTeamGame.toFixed(2)}  R/team-game ${r.runsPerTeamGame.toFixed(2)}  PA/team-game ${r.plateAppearancesPerTeamGame.toFixed(1)}`;
}

export const BUNDLED_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "src",
  "leagues",
  "bundled",
);

/** The bytes each file gets: stable key order, two-space indent, trailing newline. */
export function serialize(data: unknown): string {
  return `${JSON.stringify(data, null, 1)}\n`;
}

function main(): void {
  const check = process.argv.includes("--check");
  const leagues = generateLeagues(DEFAULT_SEED);
  console.log(formatRates("SBA analytic", analyticRates(leagues.prospects.sba)));
  console.log(formatRates("PD  analytic", analyticRates(leagues.prospects.pd)));
  if (check) return;
  writeFileSync(join(BUNDLED_DIR, "sba.json"), serialize(leagues.sba));
  writeFileSync(join(BUNDLED_DIR, "pd.json"), serialize(leagues.pd));
  console.log(`wrote ${join(BUNDLED_DIR, "sba.json")} and pd.json`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
