import {
  type CardResult,
  type CardSide,
  type GameState,
  type OnBaseCode,
  type Player,
  platoonHalves,
  TWO_DICE_WEIGHT,
  type TwoDiceRow,
} from "../engine/index.js";
import { runExpectancy, type WinExpectancyTable, winExpectancy } from "../engine/scoring/index.js";

/**
 * What the AI knows about a situation: how many runs a batter is worth against a pitcher (read
 * off both cards with linear weights), the run expectancy of a base-out state (RE24, §9) and the
 * win expectancy of a game state: from our own simulated table when one is given, otherwise from
 * a normal approximation built on the RE24 table and 0.5 runs per half-inning.
 */

/** Runs a result is worth relative to an average plate appearance (linear weights). */
function runValue(result: CardResult, fatigued: boolean, marked: boolean): number {
  if (fatigued && marked) return 0.5;
  switch (result.type) {
    case "SINGLE_1":
      return 0.45;
    case "SINGLE_2":
      return 0.5;
    case "SINGLE_UNCAPPED":
      return 0.48;
    case "DOUBLE_2":
      return 0.75;
    case "DOUBLE_3":
      return 0.8;
    case "DOUBLE_UNCAPPED":
      return 0.77;
    case "TRIPLE":
      return 1.05;
    case "HOMERUN":
      return 1.4;
    case "BP_HOMERUN":
      return 0.55;
    case "BP_SINGLE":
      return 0.1;
    case "WALK":
      return 0.32;
    case "HBP":
      return 0.34;
    case "STRIKEOUT":
      return -0.28;
    case "GROUNDBALL":
      return result.grade === "A" ? -0.34 : -0.27;
    case "FLYBALL":
      return result.grade === "A" ? -0.2 : -0.26;
    case "LINEOUT":
      return result.max ? -0.32 : -0.27;
    case "POPOUT":
    case "FOULOUT":
      return -0.28;
    case "XCHECK":
      return -0.12;
  }
}

function sideValue(side: CardSide, fatigued: boolean): number {
  let total = 0;
  for (const column of side.columns) {
    for (const row of Object.keys(column)) {
      const weight = TWO_DICE_WEIGHT[Number(row) as TwoDiceRow];
      for (const entry of column[Number(row) as TwoDiceRow]) {
        const share = (entry.to - entry.from + 1) / 20;
        total += weight * share * runValue(entry.result, fatigued, entry.fatigue === true);
      }
    }
  }
  return total / 108;
}

const valueCache = new WeakMap<Player, Map<Player, [number, number]>>();

/** A batter's run value per plate appearance against a pitcher (fresh, fatigued). */
export function batterValue(batter: Player, pitcher: Player, fatigued = false): number {
  let byPitcher = valueCache.get(batter);
  if (byPitcher === undefined) {
    byPitcher = new Map();
    valueCache.set(batter, byPitcher);
  }
  let values = byPitcher.get(pitcher);
  if (values === undefined) {
    const { batterHalf, pitcherHalf } = platoonHalves(batter, pitcher);
    const batting = sideValue(batter.batting[batterHalf], false);
    const pitching = pitcher.pitching;
    values =
      pitching === null
        ? [batting, batting]
        : [
            (batting + sideValue(pitching[pitcherHalf], false)) / 2,
            (batting + sideValue(pitching[pitcherHalf], true)) / 2,
          ];
    byPitcher.set(pitcher, values);
  }
  return fatigued ? values[1] : values[0];
}

/** Expected runs to the end of the half-inning from a base-out state. */
export function expectedRuns(code: OnBaseCode, outs: number): number {
  return runExpectancy(code, Math.min(3, outs));
}

export interface Situation {
  readonly inning: number;
  readonly half: "top" | "bottom";
  readonly outs: number;
  readonly code: OnBaseCode;
  /** Home runs minus away runs. */
  readonly diff: number;
}

const RUNS_PER_HALF = 0.5;
const VARIANCE_PER_HALF = 1.0;
const HOME_EXTRA_INNINGS_EDGE = 0.52;

/** The home team's chance of winning from a situation. */
export function homeWinChance(
  situation: Situation,
  scheduled: number,
  table?: WinExpectancyTable,
): number {
  const { inning, half, outs, code, diff } = situation;
  if (inning >= scheduled && half === "bottom" && diff > 0) return 1;
  if (outs >= 3) {
    const next: Situation =
      half === "top"
        ? { inning, half: "bottom", outs: 0, code: 0, diff }
        : { inning: inning + 1, half: "top", outs: 0, code: 0, diff };
    if (half === "top" && inning >= scheduled && diff > 0) return 1;
    if (half === "bottom" && inning >= scheduled && diff < 0) return 0;
    return homeWinChance(next, scheduled, table);
  }
  if (table !== undefined) {
    return winExpectancy(
      table,
      { inning, half, outs, onBaseCode: code, scoreDiff: diff },
      { scheduledInnings: scheduled },
    );
  }
  const last = Math.max(scheduled, inning);
  const awayLeft = half === "top" ? last - inning : last - inning;
  const homeLeft = half === "top" ? last - inning + 1 : last - inning;
  const current = expectedRuns(code, outs);
  const mean =
    diff + RUNS_PER_HALF * (homeLeft - awayLeft) + (half === "bottom" ? current : -current);
  const variance = VARIANCE_PER_HALF * (homeLeft + awayLeft) + current * 1.6;
  if (variance <= 1e-9) return diff > 0 ? 1 : diff < 0 ? 0 : HOME_EXTRA_INNINGS_EDGE;
  const sd = Math.sqrt(variance);
  const win = 1 - normalCdf((0.5 - mean) / sd);
  const tie = normalCdf((0.5 - mean) / sd) - normalCdf((-0.5 - mean) / sd);
  return win + tie * HOME_EXTRA_INNINGS_EDGE;
}

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 erf approximation.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** The situation the game is in now (before the pending decision). */
export function situationOf(state: GameState): Situation {
  const code = ((state.bases.first ? 1 : 0) |
    (state.bases.second ? 2 : 0) |
    (state.bases.third ? 4 : 0)) as OnBaseCode;
  return {
    inning: state.inning,
    half: state.half,
    outs: state.outs,
    code,
    diff: state.home.runs - state.away.runs,
  };
}

/** Late and close: where the managers play for one run and watch the win expectancy. */
export function isLateAndClose(state: GameState, maxDiff = 2): boolean {
  return (
    state.inning >= state.rules.inningsPerGame - 2 &&
    Math.abs(state.home.runs - state.away.runs) <= maxDiff
  );
}

/** A deterministic number in [0, 1) from the state, for mixed strategies (never Math.random). */
export function stateHash(state: GameState, salt: number): number {
  let h = 2166136261 ^ salt;
  for (const n of [
    state.version,
    state.playNumber,
    state.inning,
    state.outs,
    state.away.runs,
    state.home.runs,
  ]) {
    h = Math.imul(h ^ n, 16777619);
    h ^= h >>> 13;
  }
  return (h >>> 0) / 4294967296;
}
