import type { PlayRecord } from "../play-record.js";
import { gameStatus } from "./replay.js";
import type { WinExpectancyTable } from "./win-expectancy.js";

/**
 * Building the win-expectancy table from simulated games (scripts/generate-win-expectancy.ts
 * feeds it the play logs of games our engine played).
 *
 * Counting: every play of a finished game is one visit to the state before it (inning bucket,
 * half, outs, on_base_code, home-minus-away difference clamped to ±maxDiff), counted as a home
 * win or not. Smoothing for sparse cells, in two steps:
 * 1. Shrinkage toward a parent: a cell's estimate is (wins + K·parent) / (visits + K), where the
 *    parent is the same inning, half and difference with all outs and bases pooled, whose own
 *    estimate shrinks the same way toward the half and difference pooled over all innings,
 *    which shrinks toward a logistic curve in the difference.
 * 2. Monotonicity: within one inning, half, outs and bases, a bigger home lead never lowers
 *    home's chance; a weighted pool-adjacent-violators pass enforces it.
 * States where the game is already over (home ahead in the bottom of the last inning) read 1.
 */
export interface BuildOptions {
  readonly innings?: number;
  readonly maxDiff?: number;
  /** Shrinkage strength K, in pseudo-visits. */
  readonly shrinkage?: number;
}

export interface GameLog {
  readonly plays: readonly PlayRecord[];
}

export interface Tally {
  readonly innings: number;
  readonly maxDiff: number;
  /** [inning][half][outs][code][diff] visits and home wins. */
  readonly visits: number[][][][][];
  readonly homeWins: number[][][][][];
  games: number;
  homeGames: number;
  /** Runs scored by both teams. */
  runs: number;
}

function grid(innings: number, width: number): number[][][][][] {
  return Array.from({ length: innings }, () =>
    [0, 1].map(() =>
      [0, 1, 2].map(() => Array.from({ length: 8 }, () => new Array<number>(width).fill(0))),
    ),
  );
}

export function emptyTally(options: BuildOptions = {}): Tally {
  const innings = options.innings ?? 9;
  const maxDiff = options.maxDiff ?? 10;
  return {
    innings,
    maxDiff,
    visits: grid(innings, 2 * maxDiff + 1),
    homeWins: grid(innings, 2 * maxDiff + 1),
    games: 0,
    homeGames: 0,
    runs: 0,
  };
}

/** Adds one game's plays to the tally; an unfinished game is skipped (returns false). */
export function tallyGame(tally: Tally, plays: readonly PlayRecord[]): boolean {
  const status = gameStatus(plays, tally.innings);
  if (!status.final) return false;
  const homeWon = status.winner === "home" ? 1 : 0;
  for (const p of plays) {
    const i = Math.min(p.inning, tally.innings) - 1;
    const h = p.half === "top" ? 0 : 1;
    const o = Math.min(p.outsBefore, 2);
    const d =
      Math.max(-tally.maxDiff, Math.min(tally.maxDiff, p.homeScoreBefore - p.awayScoreBefore)) +
      tally.maxDiff;
    tally.visits[i]![h]![o]![p.onBaseCode]![d]! += 1;
    tally.homeWins[i]![h]![o]![p.onBaseCode]![d]! += homeWon;
  }
  const last = plays.at(-1)!;
  const lastRuns = last.runsScored;
  tally.games += 1;
  tally.homeGames += homeWon;
  tally.runs += last.awayScoreBefore + last.homeScoreBefore + lastRuns;
  return true;
}

/** Adds another tally (e.g. a worker's) into this one; both must have the same shape. */
export function mergeTally(into: Tally, from: Tally): void {
  if (into.innings !== from.innings || into.maxDiff !== from.maxDiff)
    throw new RangeError("tallies of different shapes cannot be merged");
  for (let i = 0; i < into.innings; i++)
    for (let h = 0; h < 2; h++)
      for (let o = 0; o < 3; o++)
        for (let c = 0; c < 8; c++)
          for (let d = 0; d < 2 * into.maxDiff + 1; d++) {
            into.visits[i]![h]![o]![c]![d]! += from.visits[i]![h]![o]![c]![d]!;
            into.homeWins[i]![h]![o]![c]![d]! += from.homeWins[i]![h]![o]![c]![d]!;
          }
  into.games += from.games;
  into.homeGames += from.homeGames;
  into.runs += from.runs;
}

/** Weighted pool-adjacent-violators: the non-decreasing sequence closest to `values`. */
export function isotonic(values: readonly number[], weights: readonly number[]): number[] {
  const blocks: { value: number; weight: number; count: number }[] = [];
  values.forEach((v, i) => {
    blocks.push({ value: v, weight: weights[i]!, count: 1 });
    while (blocks.length > 1 && blocks.at(-2)!.value > blocks.at(-1)!.value) {
      const b = blocks.pop()!;
      const a = blocks.pop()!;
      const weight = a.weight + b.weight;
      blocks.push({
        value: (a.value * a.weight + b.value * b.weight) / weight,
        weight,
        count: a.count + b.count,
      });
    }
  });
  return blocks.flatMap((b) => new Array<number>(b.count).fill(b.value));
}

export function buildTable(
  tally: Tally,
  meta: Pick<WinExpectancyTable["meta"], "generator" | "league" | "seed">,
  options: BuildOptions = {},
): WinExpectancyTable {
  const K = options.shrinkage ?? 20;
  const { innings, maxDiff } = tally;
  const width = 2 * maxDiff + 1;
  const sum = (xs: number[][][][][], i: number | null, h: number, d: number) => {
    let total = 0;
    for (let ii = 0; ii < innings; ii++) {
      if (i !== null && ii !== i) continue;
      for (let o = 0; o < 3; o++) for (let c = 0; c < 8; c++) total += xs[ii]![h]![o]![c]![d]!;
    }
    return total;
  };
  const curve = (d: number) => 1 / (1 + Math.exp(-0.6 * (d - maxDiff)));
  const home = Array.from({ length: innings }, (_, i) =>
    [0, 1].map((h) => {
      const halfPrior = Array.from({ length: width }, (_, d) => {
        const n = sum(tally.visits, null, h, d);
        return (sum(tally.homeWins, null, h, d) + K * curve(d)) / (n + K);
      });
      const inningPrior = Array.from({ length: width }, (_, d) => {
        const n = sum(tally.visits, i, h, d);
        return (sum(tally.homeWins, i, h, d) + K * halfPrior[d]!) / (n + K);
      });
      return [0, 1, 2].map((o) =>
        Array.from({ length: 8 }, (_, c) => {
          const n = tally.visits[i]![h]![o]![c]!;
          const w = tally.homeWins[i]![h]![o]![c]!;
          const raw = n.map((visits, d) => (w[d]! + K * inningPrior[d]!) / (visits + K));
          const monotone = isotonic(
            raw,
            n.map((visits) => visits + K),
          );
          return monotone.map((p, d) => {
            const gameOver = h === 1 && i === innings - 1 && d > maxDiff;
            return gameOver ? 1 : Math.round(p * 10_000) / 10_000;
          });
        }),
      );
    }),
  );
  return {
    meta: {
      ...meta,
      games: tally.games,
      runsPerGame:
        tally.games === 0 ? 0 : Math.round((tally.runs / (2 * tally.games)) * 1000) / 1000,
      homeWinPct:
        tally.games === 0 ? 0 : Math.round((tally.homeGames / tally.games) * 10_000) / 10_000,
      smoothing: `shrinkage K=${K} toward inning/half/diff, then half/diff, then a logistic in diff; isotonic in diff`,
    },
    innings,
    maxDiff,
    home,
  };
}
