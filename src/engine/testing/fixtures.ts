import type { Action } from "../actions.js";
import type { BatSide, FieldingRating, PdPlayer, Player, Power, SbaPlayer } from "../cards.js";
import type { ScriptedRoll } from "../dice.js";
import type { FieldPosition } from "../positions.js";
import { DEFAULT_RULES, type LeagueRules } from "../rules.js";
import { createGame, type GameSetup, type TeamSetup } from "../setup.js";
import {
  type Bases,
  type DefenseChoice,
  type GameState,
  NO_CHOICES,
  type OnBase,
} from "../state.js";
import { side } from "./cards.js";

/**
 * Small fixture cards with full grids, teams built from them, and a builder for situations
 * ("R1 and R3, one out, bottom of the 9th, down by one"), so tests start where the play happens.
 */

/** A batter's card half: every kind of reading a batter's card may carry. */
export const BATTER_VS_RIGHT = side(
  [
    "HR",
    "DO**",
    "SI(cf)",
    "SI*",
    "BB",
    "K",
    "GB(ss)A",
    "FLY(cf)B",
    "SI** 1-8 | GB(2b)B 9-20",
    "LO(ss)max",
    "TR",
  ],
  [
    "BP-HR",
    "HBP",
    "DO(lf)",
    "SI**",
    "K",
    "FLY(lf)A",
    "GB(3b)C",
    "GB(1b)B+",
    "PO(2b)",
    "FLY(rf)B?",
    "DO***",
  ],
  [
    "HR 1-10 | DO** 11-20",
    "BP-1B",
    "SI*",
    "BB",
    "GB(2b)A",
    "K",
    "FLY(rf)C",
    "GB(ss)B",
    "FO(3b)",
    "LO(2b)",
    "SI*",
  ],
);

/** Against lefties the same batter reads differently (row 7 of column 1 is a single). */
export const BATTER_VS_LEFT = side(
  ["HR", "DO**", "SI(cf)", "SI*", "BB", "SI*", "GB(ss)A", "FLY(cf)B", "GB(2b)B", "LO(ss)", "TR"],
  [
    "BP-HR",
    "HBP",
    "DO(lf)",
    "SI**",
    "K",
    "FLY(lf)A",
    "GB(3b)C",
    "GB(1b)B",
    "PO(2b)",
    "FLY(rf)B?",
    "DO***",
  ],
  ["DO**", "BP-1B", "SI*", "BB", "GB(2b)A", "K", "FLY(rf)C", "GB(ss)C", "FO(3b)", "LO(2b)", "SI*"],
);

/** A pitcher's card half: X-checks, fatigue marks and a power-gated homer. */
export const PITCHER_VS_RIGHT = side(
  ["X(c)", "SI*[F]", "K", "GB(ss)A", "X(ss)", "K", "FLY(cf)B", "X(2b)", "GB(2b)B", "BB", "HR[P]"],
  [
    "X(3b)",
    "X(lf)",
    "GB(p)C",
    "K",
    "X(ss)",
    "GB(1b)A",
    "X(cf)",
    "FLY(lf)C",
    "SI*[F]",
    "X(rf)",
    "DO**",
  ],
  ["X(1b)", "BB", "FLY(rf)B", "X(ss)", "K", "X(2b)", "GB(3b)B", "X(p)", "PO(ss)", "K", "SI**[F]"],
);

export const PITCHER_VS_LEFT = side(
  ["X(c)", "SI*[F]", "K", "GB(ss)B", "X(ss)", "K", "FLY(cf)A", "X(2b)", "GB(2b)A", "BB", "HR[P]"],
  [
    "X(3b)",
    "X(lf)",
    "GB(p)C",
    "K",
    "X(ss)",
    "GB(1b)B",
    "X(cf)",
    "FLY(lf)B?",
    "SI*[F]",
    "X(rf)",
    "DO**",
  ],
  ["X(1b)", "BB", "FLY(rf)C", "X(ss)", "K", "X(2b)", "GB(3b)A", "X(p)", "PO(ss)", "K", "SI**[F]"],
);

const DEFAULT_RATING: Readonly<Record<FieldPosition, Omit<FieldingRating, "position">>> = {
  P: { range: 3, error: 20 },
  C: { range: 2, error: 6, arm: 0, passedBall: 4, throwing: 6 },
  "1B": { range: 2, error: 10 },
  "2B": { range: 2, error: 15 },
  "3B": { range: 3, error: 18 },
  SS: { range: 2, error: 24 },
  LF: { range: 3, error: 6, arm: 1 },
  CF: { range: 2, error: 5, arm: -1 },
  RF: { range: 3, error: 8, arm: -2 },
};

export interface BatterOptions {
  readonly id: number;
  readonly name: string;
  readonly position: FieldPosition | "DH";
  readonly bats?: BatSide;
  readonly power?: Power;
  readonly speed?: number;
  readonly league?: "sba" | "pd";
  readonly fielding?: Partial<Record<FieldPosition, Omit<FieldingRating, "position">>>;
}

export function fixtureBatter(options: BatterOptions): Player {
  const positions: FieldPosition[] =
    options.position === "DH" ? ["1B"] : [options.position as FieldPosition];
  const fielding: Partial<Record<FieldPosition, FieldingRating>> = {};
  for (const position of positions) {
    fielding[position] = { position, ...DEFAULT_RATING[position], ...options.fielding?.[position] };
  }
  return withLeague(options.league ?? "pd", {
    id: options.id,
    name: options.name,
    eligible: positions,
    fielding,
    batting: {
      bats: options.bats ?? "R",
      power: options.power ?? "N",
      speed: options.speed ?? 10,
      steal: {
        autoJump: false,
        goodLead: [8, 9, 10],
        caughtLeaning: [11, 12],
        safeWithLead: 15,
        safeWithoutLead: 11,
      },
      bunt: "C",
      hitAndRun: "C",
      injury: null,
      vsLeft: BATTER_VS_LEFT,
      vsRight: BATTER_VS_RIGHT,
    },
    pitching: null,
  });
}

export function fixturePitcher(options: {
  id: number;
  name: string;
  throws?: "L" | "R";
  wildPitch?: number;
  league?: "sba" | "pd";
  starter?: number | null;
  reliever?: number | null;
}): Player {
  return withLeague(options.league ?? "pd", {
    id: options.id,
    name: options.name,
    eligible: ["P"],
    fielding: { P: { position: "P", ...DEFAULT_RATING.P } },
    batting: {
      bats: "R",
      power: "W",
      speed: 5,
      steal: null,
      bunt: "B",
      hitAndRun: "D",
      injury: null,
      vsLeft: BATTER_VS_LEFT,
      vsRight: BATTER_VS_RIGHT,
    },
    pitching: {
      throws: options.throws ?? "R",
      vsLeft: PITCHER_VS_LEFT,
      vsRight: PITCHER_VS_RIGHT,
      endurance: {
        starter: options.starter === undefined ? 6 : options.starter,
        starterBonus: false,
        reliever: options.reliever === undefined ? null : options.reliever,
        closer: null,
      },
      wildPitch: options.wildPitch ?? 4,
      balk: 1,
      hold: 0,
      injury: null,
    },
  });
}

function withLeague(
  league: "sba" | "pd",
  base: Omit<Player, "league" | "playerId" | "printed" | "cardId" | "cardsetId">,
): Player {
  if (league === "sba") {
    const player: SbaPlayer = { ...base, league: "sba", playerId: base.id, printed: {} };
    return player;
  }
  const player: PdPlayer = { ...base, league: "pd", cardId: base.id, cardsetId: 1 };
  return player;
}

const ORDER: readonly (FieldPosition | "DH")[] = [
  "CF",
  "SS",
  "1B",
  "DH",
  "RF",
  "3B",
  "LF",
  "C",
  "2B",
];

const AWAY_NAMES = [
  "Abbott",
  "Baker",
  "Carter",
  "Dalton",
  "Ellis",
  "Foster",
  "Grant",
  "Hughes",
  "Irving",
];
const HOME_NAMES = [
  "Jones",
  "Keller",
  "Lewis",
  "Morgan",
  "Nolan",
  "Owens",
  "Price",
  "Quinn",
  "Reyes",
];

/** A team: nine batters (CF SS 1B DH RF 3B LF C 2B), a starting pitcher and a small bench. */
export function fixtureTeam(
  side: "away" | "home",
  options: { league?: "sba" | "pd"; bats?: BatSide[] } = {},
): TeamSetup {
  const base = side === "away" ? 100 : 200;
  const names = side === "away" ? AWAY_NAMES : HOME_NAMES;
  const league = options.league ?? "pd";
  return {
    name: side === "away" ? "Visitors" : "Locals",
    lineup: ORDER.map((position, index) => ({
      position,
      player: fixtureBatter({
        id: base + index + 1,
        name: names[index]!,
        position,
        league,
        bats: options.bats?.[index] ?? (index % 3 === 2 ? "L" : index === 4 ? "S" : "R"),
        speed: 8 + (index % 5) * 2,
      }),
    })),
    pitcher: fixturePitcher({
      id: base + 10,
      name: side === "away" ? "Sutton" : "Tanner",
      throws: side === "away" ? "R" : "L",
      league,
    }),
    bench: [
      fixturePitcher({
        id: base + 11,
        name: side === "away" ? "Upton" : "Vance",
        reliever: 2,
        starter: null,
        league,
      }),
      fixtureBatter({
        id: base + 12,
        name: side === "away" ? "Walsh" : "Young",
        position: "SS",
        league,
      }),
    ],
  };
}

export function fixtureSetup(
  options: { league?: "sba" | "pd"; rules?: Partial<LeagueRules> } = {},
): GameSetup {
  const league = options.league ?? "pd";
  return {
    league,
    rules: { ...DEFAULT_RULES, ...options.rules },
    away: fixtureTeam("away", { league }),
    home: fixtureTeam("home", { league }),
  };
}

export function fixtureGame(
  options: { league?: "sba" | "pd"; rules?: Partial<LeagueRules> } = {},
): GameState {
  const created = createGame(fixtureSetup(options));
  if (!created.ok) throw new Error(created.error.message);
  return created.state;
}

/** Lineup ids in fixture games: away batting slot n is id n, away pitcher 10; home slot n is 10 + n, home pitcher 20. */
export const AWAY_PITCHER_ID = 10;
export const HOME_PITCHER_ID = 20;
export function awaySlot(n: number): number {
  return n;
}
export function homeSlot(n: number): number {
  return 10 + n;
}

export interface Situation {
  readonly inning?: number;
  readonly half?: "top" | "bottom";
  readonly outs?: number;
  /** Lineup ids of the runners (of the batting team). */
  readonly first?: number;
  readonly second?: number;
  readonly third?: number;
  readonly score?: { readonly away: number; readonly home: number };
  /** The batting-order slot (1-9) due up. */
  readonly batting?: number;
  readonly defense?: Partial<DefenseChoice>;
  readonly league?: "sba" | "pd";
  readonly rules?: Partial<LeagueRules>;
  /** Stop before the defense declares (default: declared, swing chosen, waiting on the roll). */
  readonly awaiting?: "defense" | "roll";
}

/** A game state in a chosen situation, built directly (never played up to). */
export function situation(s: Situation = {}): GameState {
  const game = fixtureGame({ league: s.league, rules: s.rules });
  const half = s.half ?? "top";
  const batting = half === "top" ? "away" : "home";
  const fielding = half === "top" ? "home" : "away";
  const pitcherId = game[fielding].defense.P;
  const on = (id: number | undefined): OnBase | null =>
    id === undefined ? null : { id, pitcherId, unearned: false };
  const bases: Bases = { first: on(s.first), second: on(s.second), third: on(s.third) };
  const inning = s.inning ?? 1;
  const score = s.score ?? { away: 0, home: 0 };
  const lineScore = (runs: number, innings: number) => {
    const line = new Array<number>(Math.max(0, innings)).fill(0);
    if (line.length > 0) line[0] = runs;
    return line;
  };
  const awayInnings = inning;
  const homeInnings = half === "top" ? inning - 1 : inning;
  const defense: DefenseChoice = {
    infield: "back",
    outfield: "normal",
    intentionalWalk: false,
    ...s.defense,
    hold: { first: false, second: false, third: false, ...s.defense?.hold },
  };
  const awaiting = s.awaiting ?? "roll";
  return {
    ...game,
    inning,
    half,
    outs: s.outs ?? 0,
    bases,
    away: { ...game.away, runs: score.away, lineScore: lineScore(score.away, awayInnings) },
    home: { ...game.home, runs: score.home, lineScore: lineScore(score.home, homeInnings) },
    [batting]: {
      ...game[batting],
      runs: score[batting],
      lineScore: lineScore(score[batting], batting === "away" ? awayInnings : homeInnings),
      atBat: (s.batting ?? 1) - 1,
    },
    choices:
      awaiting === "roll"
        ? { ...NO_CHOICES, defense, offense: { play: "swing", runners: [] } }
        : NO_CHOICES,
    pending:
      awaiting === "roll" ? { kind: "roll", side: "server" } : { kind: "defense", side: fielding },
  };
}

/** The three at-bat dice, labelled: d6 (column), 2d6 sum (row), d20 (split). */
export function atBat(d6: number, row: number, d20: number): ScriptedRoll[] {
  return [
    { die: "d6", value: d6 },
    { die: "2d6", value: row },
    { die: "d20", value: d20 },
  ];
}

export function d20(value: number): ScriptedRoll {
  return { die: "d20", value };
}
export function d100(value: number): ScriptedRoll {
  return { die: "d100", value };
}
export function threeD6(value: number): ScriptedRoll {
  return { die: "3d6", value };
}

/** The X-check dice: range d20, error 3d6, rare-play d100. */
export function xCheck(range: number, error: number, rare = 50): ScriptedRoll[] {
  return [d20(range), threeD6(error), d100(rare)];
}

export const ROLL: Action = { type: "rollAtBat" };
