import type { PlayRecord, PlayStats, TeamSide } from "../play-record.js";
import {
  halfInnings,
  type Movement,
  OUTS_PER_HALF_INNING,
  type ReplayedPlay,
  replay,
} from "./replay.js";

/**
 * Earned runs (Official Baseball Rules 9.16), reconstructed from the play log alone.
 *
 * The rule set, as implemented:
 *
 * 1. Reconstruction (9.16(a)-(b) and its Comment). Each half-inning is replayed a second
 *    time "without the errors (which include catcher's interference) and passed balls". Two
 *    things are tracked in that errorless replay:
 *    - Errorless outs: the real outs plus one for every out an error prevented. An error
 *      prevents an out when the batter reaches on it (on an error or catcher's interference,
 *      with no hit, walk or hit-by-pitch on the play). The scorer may not presume a double
 *      play (9.12(d) Comment), so a reached-on-error play prevents one out only.
 *    - Each runner's errorless base: advances made only because of an error or a passed ball
 *      (RunnerMove.onError, or any advance on a passed-ball play) are taken back. A batter
 *      who got extra bases on an error on a hit stands at his hit's bases. On a later play a
 *      runner's errorless base moves as far as he really moved; when he really scores, his
 *      errorless self moves at least as far as the batter's hit (a double scores him from
 *      second). Beyond that the reconstruction gives the pitcher the benefit of the doubt
 *      (9.16 Comment): no further advance is presumed.
 * 2. A run is unearned to the team when:
 *    a. the runner reached on an error or catcher's interference (9.16(a)(1), (a)(4)), or was
 *       put on base at the start of the half-inning by rule (an extra-inning runner);
 *    b. it scored on or after the play on which the errorless outs reached three, i.e. after
 *       the fielding team failed to accept the chance for the third out (9.16(a)(2), (b));
 *    c. the runner would not have scored in the errorless replay: he scored with the aid of an
 *       error or a passed ball (9.16(a)(3)).
 *    Otherwise it is earned. A wild pitch, a balk, a stolen base and a walk do not make a run
 *    unearned (9.16(a): the pitcher's own fault).
 * 3. Charging (9.16(g)): a run is charged to the pitcher who put the runner on base,
 *    RunnerMove.responsiblePitcherId, which the reducer keeps, including the 9.16(g)
 *    fielder's-choice substitutions of one runner for another.
 * 4. Relief pitchers (9.16(i)): "the relief pitcher shall not have the benefit of previous
 *    chances for outs not accepted". Each pitcher gets his own errorless-out count for the
 *    half-inning, starting at the real outs when he first pitched in it and adding the outs
 *    prevented from then on (his own and his successors' plays). Rule 2b is applied with the
 *    charged pitcher's own count; rules 2a and 2c are the same for everyone. So a run can be
 *    earned to a reliever and unearned to the team, and the pitchers' earned runs may add up
 *    to more than the team's.
 * 5. Causal: a run's status is settled on the play on which it scores, from that play and the
 *    plays before it, and no later play revisits it. The errorless outs are counted as they
 *    happen (an out prevented by an error or catcher's interference counts on that very play),
 *    a passed ball's advance is taken back on the passed-ball play, and an errorless runner
 *    moves on later plays no further than he really moved. So the reducer scores each play's
 *    e_run as the play ends with `replayErrorless`, the step this module folds over the log,
 *    and the play records' e_run always add up to the box score's team earned runs.
 *
 * Not modelled, because the play records cannot express it: an error that prevents a runner
 * (not the batter) from being put out, and a foul fly dropped to extend an at-bat.
 */

export interface ScoredRun {
  readonly playNumber: number;
  readonly inning: number;
  readonly half: "top" | "bottom";
  readonly runnerId: number;
  /** The pitcher charged with the run. */
  readonly pitcherId: number;
  /** The team whose pitcher is charged (the fielding team). */
  readonly pitchingTeam: TeamSide;
  /** Earned against the team. */
  readonly earned: boolean;
  /** Earned against the charged pitcher (9.16(i)). */
  readonly earnedToPitcher: boolean;
  /** Why the team's run is unearned, when it is. */
  readonly unearnedBecause: UnearnedReason | null;
}

export type UnearnedReason =
  | "reached-on-error"
  | "placed-runner"
  | "after-third-out-chance"
  | "advanced-by-error";

export interface RunTally {
  readonly runs: number;
  readonly earnedRuns: number;
}

export interface EarnedRunsReport {
  /** Every run, in the order scored. */
  readonly runs: readonly ScoredRun[];
  /** Runs and earned runs charged to each pitcher (lineup id). */
  readonly byPitcher: ReadonlyMap<number, RunTally>;
  /** Runs and earned runs allowed by each team's pitching staff (team earned runs). */
  readonly byTeam: Readonly<Record<TeamSide, RunTally>>;
}

/** Where a man on base stands in the errorless replay. */
export interface ErrorlessRunner {
  /** He would not be on base at all (reached on an error, or placed by rule). */
  readonly phantom: UnearnedReason | null;
  /** His base in the errorless replay (<= his real base). */
  readonly base: number;
}

/**
 * The errorless replay of a half-inning up to some play (rule 1), plain JSON data: the reducer
 * carries it in its state and scores each play's earned runs as the play ends, with the same
 * step the box score folds over the log (`replayErrorless`).
 */
export interface ErrorlessHalfInning {
  /** The men on base in the errorless replay, by the base each really stands on (0 = first). */
  readonly runners: readonly [
    ErrorlessRunner | null,
    ErrorlessRunner | null,
    ErrorlessRunner | null,
  ];
  /** The team's errorless outs. */
  readonly outs: number;
  /** Each pitcher who has pitched in the half-inning, with his own errorless outs (rule 4). */
  readonly pitchers: readonly { readonly pitcherId: number; readonly outs: number }[];
}

/** What the errorless replay reads of a play: its record less what is derived afterwards. */
export type ErrorlessPlay = Pick<
  PlayRecord,
  "playNumber" | "inning" | "half" | "pitcherId" | "outsBefore" | "outsRecorded" | "errors"
> & { readonly stats: Omit<PlayStats, "e_run"> };

export function earnedRuns(plays: readonly PlayRecord[]): EarnedRunsReport {
  const runs: ScoredRun[] = [];
  for (const half of halfInnings(replay(plays))) runs.push(...earnedRunsInHalfInning(half));

  const byPitcher = new Map<number, RunTally>();
  const byTeam: Record<TeamSide, RunTally> = {
    away: { runs: 0, earnedRuns: 0 },
    home: { runs: 0, earnedRuns: 0 },
  };
  for (const run of runs) {
    const p = byPitcher.get(run.pitcherId) ?? { runs: 0, earnedRuns: 0 };
    byPitcher.set(run.pitcherId, {
      runs: p.runs + 1,
      earnedRuns: p.earnedRuns + (run.earnedToPitcher ? 1 : 0),
    });
    const t = byTeam[run.pitchingTeam];
    byTeam[run.pitchingTeam] = {
      runs: t.runs + 1,
      earnedRuns: t.earnedRuns + (run.earned ? 1 : 0),
    };
  }
  return { runs, byPitcher, byTeam };
}

/**
 * The errorless replay before a half-inning's first play, or from any known position: the outs
 * already made and the men on base (each a phantom or not, at his real base).
 */
export function startErrorless(
  outs: number,
  runners: readonly (ErrorlessRunner | null)[],
): ErrorlessHalfInning {
  return {
    runners: [runners[0] ?? null, runners[1] ?? null, runners[2] ?? null],
    outs,
    pitchers: [],
  };
}

/**
 * One play of the errorless replay: the runs that scored on it, each earned or not (rule 2) and
 * charged (rules 3, 4), and the replay after it. Causal: whether a run is earned is settled on
 * the play it scores, from the plays before it and that play alone (see `earnedRunsInHalfInning`).
 */
export function replayErrorless(
  before: ErrorlessHalfInning,
  p: ErrorlessPlay,
  movements: readonly Movement[],
  fieldingTeam: TeamSide,
): { readonly after: ErrorlessHalfInning; readonly runs: readonly ScoredRun[] } {
  const scored: ScoredRun[] = [];
  const pitchers = before.pitchers.some((q) => q.pitcherId === p.pitcherId)
    ? before.pitchers
    : [...before.pitchers, { pitcherId: p.pitcherId, outs: p.outsBefore }];
  const prevented = batterReachedOnError(p, movements) ? 1 : 0;
  const outsOnPlay = p.outsRecorded + prevented;
  const teamOutsAfter = before.outs + outsOnPlay;
  // Unchanged parts of the replay are shared, not copied: it is plain data no one mutates.
  const pitchersAfter =
    outsOnPlay === 0
      ? pitchers
      : pitchers.map((q) => ({ pitcherId: q.pitcherId, outs: q.outs + outsOnPlay }));

  const batterBases = basesEarnedByBatter(p);
  const errorBases = errorBasesOf(p);
  const next: [ErrorlessRunner | null, ErrorlessRunner | null, ErrorlessRunner | null] = [
    null,
    null,
    null,
  ];
  // Indexed, not for-of: V8 did not see through the iterator here (one play at a time, every play).
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i]!;
    let runner: ErrorlessRunner;
    if (m.from === 0) {
      if (prevented) runner = { phantom: "reached-on-error", base: 0 };
      else runner = { phantom: null, base: 0 };
    } else {
      runner = before.runners[m.from - 1] ?? { phantom: null, base: m.from };
    }
    if (m.to === null) continue;
    const realTo = m.to;
    const realAdvance = realTo - m.from;
    let advance: number;
    if (m.from === 0) {
      advance = m.onError && batterBases > 0 ? Math.min(realAdvance, batterBases) : realAdvance;
    } else if (p.stats.passed_ball > 0 && p.stats.pa === 0) {
      advance = 0;
    } else if (m.onError) {
      advance = Math.max(0, realAdvance - errorBases);
    } else {
      advance = realAdvance;
      if (realTo === 4) advance = Math.max(advance, batterBases);
    }
    const base = Math.min(4, Math.min(runner.base + advance, realTo));
    if (realTo === 4) {
      const ownOuts =
        pitchersAfter.find((q) => q.pitcherId === m.responsiblePitcherId)?.outs ?? teamOutsAfter;
      const reason: UnearnedReason | null =
        runner.phantom ??
        (teamOutsAfter >= OUTS_PER_HALF_INNING
          ? "after-third-out-chance"
          : base < 4
            ? "advanced-by-error"
            : null);
      const earnedToPitcher =
        runner.phantom === null && base >= 4 && ownOuts < OUTS_PER_HALF_INNING;
      scored.push({
        playNumber: p.playNumber,
        inning: p.inning,
        half: p.half,
        runnerId: m.lineupId,
        pitcherId: m.responsiblePitcherId,
        pitchingTeam: fieldingTeam,
        earned: reason === null,
        earnedToPitcher,
        unearnedBecause: reason,
      });
    } else {
      next[realTo - 1] = base === runner.base ? runner : { phantom: runner.phantom, base };
    }
  }
  // Nobody on base moved in the replay (a strikeout, a fly ball held): the bases are shared too.
  const runners =
    next[0] === before.runners[0] && next[1] === before.runners[1] && next[2] === before.runners[2]
      ? before.runners
      : next;
  return {
    after: { runners, outs: teamOutsAfter, pitchers: pitchersAfter },
    runs: scored,
  };
}

/** The bases the batter's hit (or walk) earned him: 4 for a homer ... 1 for a single or walk. */
function basesEarnedByBatter(play: ErrorlessPlay): number {
  const s = play.stats;
  if (s.homerun > 0) return 4;
  if (s.triple > 0) return 3;
  if (s.double > 0) return 2;
  if (s.hit > 0 || s.bb > 0 || s.ibb > 0 || s.hbp > 0) return 1;
  return 0;
}

/** The batter reached base only because of an error or catcher's interference. */
function batterReachedOnError(p: ErrorlessPlay, movements: readonly Movement[]): boolean {
  const batter = movements.find((m) => m.from === 0);
  if (!batter || batter.to === null) return false;
  if (p.stats.ci > 0) return true;
  if (basesEarnedByBatter(p) > 0) return false;
  return batter.onError || (p.errors.length > 0 && p.outsRecorded === 0);
}

function errorBasesOf(play: ErrorlessPlay): number {
  let bases = 1;
  for (const error of play.errors) bases = Math.max(bases, error.bases);
  return bases;
}

/**
 * A half-inning's runs, folded play by play. A man on base before its first play was put there
 * by rule (an extra-inning runner).
 */
function earnedRunsInHalfInning(half: readonly ReplayedPlay[]): ScoredRun[] {
  const first = half[0]!;
  let errorless = startErrorless(
    first.outsBefore,
    first.basesBefore.map((runner, i) =>
      runner ? { phantom: "placed-runner" as const, base: i + 1 } : null,
    ),
  );
  const scored: ScoredRun[] = [];
  for (const r of half) {
    const step = replayErrorless(errorless, r.play, r.movements, r.fieldingTeam);
    scored.push(...step.runs);
    errorless = step.after;
  }
  return scored;
}
