import type { PlayRecord, TeamSide } from "../play-record.js";
import { halfInnings, OUTS_PER_HALF_INNING, type ReplayedPlay, replay } from "./replay.js";

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

/** Where a runner stands in the errorless replay. */
interface ErrorlessRunner {
  /** He would not be on base at all (reached on an error, or placed by rule). */
  readonly phantom: UnearnedReason | null;
  /** His base in the errorless replay (<= his real base). */
  readonly base: number;
}

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

/** The bases the batter's hit (or walk) earned him: 4 for a homer ... 1 for a single or walk. */
function basesEarnedByBatter(play: PlayRecord): number {
  const s = play.stats;
  if (s.homerun > 0) return 4;
  if (s.triple > 0) return 3;
  if (s.double > 0) return 2;
  if (s.hit > 0 || s.bb > 0 || s.ibb > 0 || s.hbp > 0) return 1;
  return 0;
}

/** The batter reached base only because of an error or catcher's interference. */
function batterReachedOnError(r: ReplayedPlay): boolean {
  const p = r.play;
  const batter = r.movements.find((m) => m.from === 0);
  if (!batter || batter.to === null) return false;
  if (p.stats.ci > 0) return true;
  if (basesEarnedByBatter(p) > 0) return false;
  return batter.onError || (p.errors.length > 0 && p.outsRecorded === 0);
}

function errorBasesOf(play: PlayRecord): number {
  return Math.max(1, ...play.errors.map((e) => e.bases));
}

function earnedRunsInHalfInning(half: readonly ReplayedPlay[]): ScoredRun[] {
  const scored: ScoredRun[] = [];
  // Errorless replay, indexed by the real base (0 = first) the runner stands on.
  let errorless: (ErrorlessRunner | null)[] = [null, null, null];
  const first = half[0]!;
  first.basesBefore.forEach((runner, i) => {
    if (runner) errorless[i] = { phantom: "placed-runner", base: i + 1 };
  });
  // Errorless outs for the team and for each pitcher from the moment he entered the half.
  let teamOuts = first.outsBefore;
  const pitcherOuts = new Map<number, number>();

  for (const r of half) {
    const p = r.play;
    if (!pitcherOuts.has(p.pitcherId)) pitcherOuts.set(p.pitcherId, p.outsBefore);
    const prevented = batterReachedOnError(r) ? 1 : 0;
    const outsOnPlay = p.outsRecorded + prevented;
    const teamOutsAfter = teamOuts + outsOnPlay;
    const pitcherOutsAfter = new Map<number, number>();
    for (const [id, outs] of pitcherOuts) pitcherOutsAfter.set(id, outs + outsOnPlay);

    const batterBases = basesEarnedByBatter(p);
    const errorBases = errorBasesOf(p);
    const next: (ErrorlessRunner | null)[] = [null, null, null];
    for (const m of r.movements) {
      let runner: ErrorlessRunner;
      if (m.from === 0) {
        if (prevented) runner = { phantom: "reached-on-error", base: 0 };
        else runner = { phantom: null, base: 0 };
      } else {
        runner = errorless[m.from - 1] ?? { phantom: null, base: m.from };
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
        const ownOuts = pitcherOutsAfter.get(m.responsiblePitcherId) ?? teamOutsAfter;
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
          pitchingTeam: r.fieldingTeam,
          earned: reason === null,
          earnedToPitcher,
          unearnedBecause: reason,
        });
      } else {
        next[realTo - 1] = { phantom: runner.phantom, base };
      }
    }
    errorless = next;
    teamOuts = teamOutsAfter;
    for (const [id, outs] of pitcherOutsAfter) pitcherOuts.set(id, outs);
  }
  return scored;
}
