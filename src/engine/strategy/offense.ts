import type { Grade } from "../cards.js";
import type { GameState, OffensivePlay } from "../state.js";

/**
 * What the offense may call before the dice are rolled (rules reference §6), and why a call is
 * refused. Every refusal has a typed reason, so a client can say exactly what was wrong.
 */
export type StrategyRefusal =
  | "offense/runners_not_allowed"
  | "steal/runner_count"
  | "steal/no_runner"
  | "steal/base_occupied"
  | "steal/home"
  | "steal/not_a_base_stealer"
  | "steal/not_adjacent"
  | "bunt/two_outs"
  | "bunt/no_runners"
  | "squeeze/no_runner_on_third"
  | "hitAndRun/no_runner"
  | "hitAndRun/no_open_base";

export interface Refusal {
  readonly reason: StrategyRefusal;
  readonly message: string;
}

const BASE_WORD = ["", "first", "second", "third", "home"] as const;

export function runnerOn(state: GameState, base: 1 | 2 | 3) {
  return base === 1 ? state.bases.first : base === 2 ? state.bases.second : state.bases.third;
}

const STEAL_PLAYS: readonly OffensivePlay[] = ["steal", "doubleSteal", "delayedSteal"];

export function isStealPlay(play: OffensivePlay): boolean {
  return STEAL_PLAYS.includes(play);
}

/** Why the offense may not call this play now, or null when it may. */
export function whyOffenseIllegal(
  state: GameState,
  play: OffensivePlay,
  runners: readonly (1 | 2 | 3)[],
): Refusal | null {
  if (!isStealPlay(play) && runners.length > 0) {
    return {
      reason: "offense/runners_not_allowed",
      message: `only a steal names runners; a ${play} sends nobody by name`,
    };
  }
  switch (play) {
    case "swing":
      return null;
    case "steal":
    case "delayedSteal":
      if (runners.length !== 1) {
        return {
          reason: "steal/runner_count",
          message: `a ${play === "steal" ? "steal" : "delayed steal"} sends exactly one runner (got ${runners.length})`,
        };
      }
      return whyRunnerCannotSteal(state, runners[0]!, runners);
    case "doubleSteal": {
      const unique = [...new Set(runners)].sort();
      if (unique.length !== 2 || runners.length !== 2) {
        return {
          reason: "steal/runner_count",
          message: `a double steal sends two different runners (got ${runners.length})`,
        };
      }
      for (const base of unique) {
        const why = whyRunnerCannotSteal(state, base, unique);
        if (why !== null) return why;
      }
      if (unique[1]! - unique[0]! !== 1) {
        return {
          reason: "steal/not_adjacent",
          message: "a double steal sends the runners on first and second together",
        };
      }
      return null;
    }
    case "sacrifice":
    case "squeeze":
      if (state.outs >= 2) {
        return {
          reason: "bunt/two_outs",
          message: `no ${play} with two outs: the batter's out would end the inning`,
        };
      }
      if (play === "squeeze" && state.bases.third === null) {
        return {
          reason: "squeeze/no_runner_on_third",
          message: "a squeeze needs a runner on third",
        };
      }
      if (state.bases.first === null && state.bases.second === null && state.bases.third === null) {
        return { reason: "bunt/no_runners", message: "a sacrifice needs a runner to move up" };
      }
      return null;
    case "bunt":
      return null;
    case "hitAndRun": {
      if (state.bases.first === null && state.bases.second === null) {
        return {
          reason: "hitAndRun/no_runner",
          message: "a hit-and-run needs a runner on first or second",
        };
      }
      if (hitAndRunRunners(state).length === 0) {
        return {
          reason: "hitAndRun/no_open_base",
          message: "a hit-and-run needs an open base ahead of the runners (the bases are loaded)",
        };
      }
      return null;
    }
  }
}

function whyRunnerCannotSteal(
  state: GameState,
  base: 1 | 2 | 3,
  going: readonly number[],
): Refusal | null {
  const runner = runnerOn(state, base);
  if (runner === null) {
    return {
      reason: "steal/no_runner",
      message: `nobody is on ${BASE_WORD[base]} to steal`,
    };
  }
  if (base === 3) {
    return {
      reason: "steal/home",
      message: "stealing home is not a called play; try the squeeze",
    };
  }
  const ahead = runnerOn(state, (base + 1) as 2 | 3);
  if (ahead !== null && !going.includes(base + 1)) {
    return {
      reason: "steal/base_occupied",
      message: `${BASE_WORD[base + 1]} base is occupied: the runner on ${BASE_WORD[base]} has nowhere to go`,
    };
  }
  if (state.players[runner.id]!.batting.steal === null) {
    return {
      reason: "steal/not_a_base_stealer",
      message: `${state.lineup[runner.id - 1]?.name ?? `#${runner.id}`} has no steal rating and may not steal`,
    };
  }
  return null;
}

/** The runners who go on a hit-and-run: every runner on first or second with an open base ahead (lead first). */
export function hitAndRunRunners(state: GameState): (1 | 2)[] {
  const { first, second, third } = state.bases;
  if (second !== null && third === null) return first !== null ? [2, 1] : [2];
  if (first !== null && second === null) return [1];
  return [];
}

const GRADES: readonly Grade[] = ["A", "B", "C", "D"];

/** Moves a grade `steps` toward A (positive) or toward D (negative), clamped to A..D. */
export function shiftGrade(grade: Grade, steps: number): Grade {
  const index = GRADES.indexOf(grade) - steps;
  return GRADES[Math.max(0, Math.min(GRADES.length - 1, index))]!;
}
