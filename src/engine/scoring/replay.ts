import type { OnBaseCode } from "../bases.js";
import type { FinalBase, Half, PlayRecord, TeamSide } from "../play-record.js";

/**
 * Replaying a game's play log, the one source every scoring module reads.
 *
 * How this module reads a PlayRecord (the contract in play-record.ts, RunnerMove):
 * - The reducer lists in `runners` every man on base at the start of the play and the batter
 *   (`from` 0) when his plate appearance ended. This module also reads shorter logs (e.g. hand
 *   entered): a man on base at the start of the play who is not listed ended where
 *   `onFirstFinal` / `onSecondFinal` / `onThirdFinal` says (a base, 4 = scored, null = out). A
 *   batter not listed, on a play that counts a plate appearance, ended at `batterFinal`. On a
 *   play without a plate appearance (steal, wild pitch, balk) the batter stays at the plate.
 * - A listed move's `responsiblePitcherId` and `onError` are used as recorded; an unlisted
 *   runner keeps the responsibility he had, and a batter is charged to the pitcher of the play.
 */

/** One man's movement on one play, complete: every runner on base and the batter (if his PA ended). */
export interface Movement {
  readonly lineupId: number;
  readonly from: 0 | 1 | 2 | 3;
  readonly to: FinalBase;
  readonly responsiblePitcherId: number;
  readonly onError: boolean;
}

/** A man on base, with the pitcher charged with him. */
export interface BaseRunner {
  readonly lineupId: number;
  readonly responsiblePitcherId: number;
}

export type Bases = readonly [BaseRunner | null, BaseRunner | null, BaseRunner | null];

/** A play with the state around it, as the replay saw it. */
export interface ReplayedPlay {
  readonly play: PlayRecord;
  readonly index: number;
  readonly battingTeam: TeamSide;
  readonly fieldingTeam: TeamSide;
  readonly basesBefore: Bases;
  readonly basesAfter: Bases;
  readonly outsBefore: number;
  readonly outsAfter: number;
  /** Every movement, in scoring order: lead runner first, the batter last. */
  readonly movements: readonly Movement[];
  /** Movements that crossed the plate, in the order the runs scored. */
  readonly scorers: readonly Movement[];
  readonly awayScoreAfter: number;
  readonly homeScoreAfter: number;
  /** This play made the third out. */
  readonly endsHalfInning: boolean;
  /** A plate appearance ended on this play. */
  readonly isPlateAppearance: boolean;
}

export const OUTS_PER_HALF_INNING = 3;

export function battingTeamOf(half: Half): TeamSide {
  return half === "top" ? "away" : "home";
}

export function fieldingTeamOf(half: Half): TeamSide {
  return half === "top" ? "home" : "away";
}

export function otherTeam(team: TeamSide): TeamSide {
  return team === "home" ? "away" : "home";
}

export function basesCode(bases: Bases): OnBaseCode {
  return ((bases[0] ? 1 : 0) | (bases[1] ? 2 : 0) | (bases[2] ? 4 : 0)) as OnBaseCode;
}

const EMPTY: Bases = [null, null, null];

/** Is this the same half-inning as the other play? */
export function sameHalfInning(a: PlayRecord, b: PlayRecord): boolean {
  return a.inning === b.inning && a.half === b.half;
}

/** The movements of one play, completed from the play's base fields where `runners` is silent. */
export function readMovements(play: PlayRecord, before: Bases): Movement[] {
  const listed = play.runners;
  const movements: Movement[] = [];
  const occupants = [play.onFirstId, play.onSecondId, play.onThirdId] as const;
  const finals = [play.onFirstFinal, play.onSecondFinal, play.onThirdFinal] as const;
  for (const base of [3, 2, 1] as const) {
    const id = occupants[base - 1];
    if (id === null) continue;
    const move = listed.find((m) => m.from === base && m.lineupId === id);
    const known = before[base - 1];
    movements.push({
      lineupId: id,
      from: base,
      to: move ? move.to : (finals[base - 1] ?? null),
      responsiblePitcherId:
        move?.responsiblePitcherId ?? known?.responsiblePitcherId ?? play.pitcherId,
      onError: move?.onError ?? false,
    });
  }
  const batterMove = listed.find((m) => m.from === 0);
  if (batterMove) {
    movements.push({ ...batterMove });
  } else if (play.stats.pa > 0 && play.batterId !== null) {
    movements.push({
      lineupId: play.batterId,
      from: 0,
      to: play.batterFinal,
      responsiblePitcherId: play.pitcherId,
      onError: false,
    });
  }
  return movements;
}

/**
 * The men on base as the play records them, with the pitcher charged with each: as recorded on
 * the play's move, else as carried from the play before (a pinch runner inherits the charge of
 * the man he ran for), else the pitcher of the play.
 */
function readBasesBefore(play: PlayRecord, carried: Bases): Bases {
  const ids = [play.onFirstId, play.onSecondId, play.onThirdId] as const;
  return ids.map((id, i) => {
    if (id === null) return null;
    const move = play.runners.find((m) => m.from === i + 1 && m.lineupId === id);
    const known = carried.find((r) => r?.lineupId === id) ?? carried[i];
    return {
      lineupId: id,
      responsiblePitcherId:
        move?.responsiblePitcherId ?? known?.responsiblePitcherId ?? play.pitcherId,
    };
  }) as unknown as Bases;
}

function basesAfterMovements(movements: readonly Movement[]): Bases {
  const after: [BaseRunner | null, BaseRunner | null, BaseRunner | null] = [null, null, null];
  for (const m of movements) {
    if (m.to === 1 || m.to === 2 || m.to === 3) {
      after[m.to - 1] = { lineupId: m.lineupId, responsiblePitcherId: m.responsiblePitcherId };
    }
  }
  return after;
}

/**
 * Replays the log in order. Bases carry over between plays of one half-inning and are cleared
 * at a new half-inning (a runner placed on base at the start of a half-inning is read from the
 * first play's base fields).
 */
export function replay(plays: readonly PlayRecord[]): ReplayedPlay[] {
  const out: ReplayedPlay[] = [];
  let bases: Bases = EMPTY;
  let previous: PlayRecord | null = null;
  plays.forEach((play, index) => {
    if (previous === null || !sameHalfInning(previous, play)) bases = EMPTY;
    const basesBefore = readBasesBefore(play, bases);
    const movements = readMovements(play, basesBefore);
    const basesAfter = basesAfterMovements(movements);
    const scorers = movements.filter((m) => m.to === 4);
    const runs = scorers.length;
    const battingTeam = battingTeamOf(play.half);
    const outsAfter = play.outsBefore + play.outsRecorded;
    out.push({
      play,
      index,
      battingTeam,
      fieldingTeam: otherTeam(battingTeam),
      basesBefore,
      basesAfter,
      outsBefore: play.outsBefore,
      outsAfter,
      movements,
      scorers,
      awayScoreAfter: play.awayScoreBefore + (battingTeam === "away" ? runs : 0),
      homeScoreAfter: play.homeScoreBefore + (battingTeam === "home" ? runs : 0),
      endsHalfInning: outsAfter >= OUTS_PER_HALF_INNING,
      isPlateAppearance: play.stats.pa > 0,
    });
    bases = basesAfter;
    previous = play;
  });
  return out;
}

/** Groups replayed plays by half-inning, in order. */
export function halfInnings(replayed: readonly ReplayedPlay[]): ReplayedPlay[][] {
  const groups: ReplayedPlay[][] = [];
  for (const r of replayed) {
    const last = groups.at(-1);
    if (last && sameHalfInning(last[0]!.play, r.play)) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

/** A problem found in a play log: the record disagrees with itself or with the play before it. */
export interface PlayLogIssue {
  readonly playNumber: number;
  readonly code:
    | "log/runs_mismatch"
    | "log/outs_mismatch"
    | "log/score_discontinuity"
    | "log/outs_discontinuity"
    | "log/bases_mismatch";
  readonly message: string;
}

/**
 * Checks that a log is consistent enough to score: each play's runs and outs agree with its
 * movements, scores and outs carry from play to play, and the bases after agree with the code.
 */
export function checkPlayLog(plays: readonly PlayRecord[]): PlayLogIssue[] {
  const issues: PlayLogIssue[] = [];
  const replayed = replay(plays);
  replayed.forEach((r, i) => {
    const p = r.play;
    const outsMoved = r.movements.filter((m) => m.to === null).length;
    if (r.scorers.length !== p.runsScored) {
      issues.push({
        playNumber: p.playNumber,
        code: "log/runs_mismatch",
        message: `${r.scorers.length} men crossed the plate but runsScored is ${p.runsScored}`,
      });
    }
    if (outsMoved !== p.outsRecorded) {
      issues.push({
        playNumber: p.playNumber,
        code: "log/outs_mismatch",
        message: `${outsMoved} men were put out but outsRecorded is ${p.outsRecorded}`,
      });
    }
    if (basesCode(r.basesAfter) !== p.onBaseCodeAfter && !r.endsHalfInning) {
      issues.push({
        playNumber: p.playNumber,
        code: "log/bases_mismatch",
        message: `bases after read as code ${basesCode(r.basesAfter)} but onBaseCodeAfter is ${p.onBaseCodeAfter}`,
      });
    }
    const next = replayed[i + 1];
    if (!next) return;
    if (
      next.play.awayScoreBefore !== r.awayScoreAfter ||
      next.play.homeScoreBefore !== r.homeScoreAfter
    ) {
      issues.push({
        playNumber: next.play.playNumber,
        code: "log/score_discontinuity",
        message: `score before is ${next.play.awayScoreBefore}-${next.play.homeScoreBefore}, the play before left it ${r.awayScoreAfter}-${r.homeScoreAfter}`,
      });
    }
    const expectedOuts = sameHalfInning(p, next.play) ? r.outsAfter : 0;
    if (next.play.outsBefore !== expectedOuts) {
      issues.push({
        playNumber: next.play.playNumber,
        code: "log/outs_discontinuity",
        message: `outs before is ${next.play.outsBefore}, expected ${expectedOuts}`,
      });
    }
  });
  return issues;
}

/** The score after the last play. */
export function finalScore(plays: readonly PlayRecord[]): { away: number; home: number } {
  const replayed = replay(plays);
  const last = replayed.at(-1);
  return last ? { away: last.awayScoreAfter, home: last.homeScoreAfter } : { away: 0, home: 0 };
}

export interface GameStatus {
  readonly final: boolean;
  /** The last inning with a play. */
  readonly innings: number;
  readonly winner: TeamSide | null;
  /** The home team did not bat in the last inning because it led. */
  readonly bottomOfLastUnplayed: boolean;
  readonly walkOff: boolean;
}

/**
 * Whether the log describes a finished game: after a top half of the last scheduled inning or
 * later with the home team ahead, after a full bottom half with the score not tied, or on a
 * walk-off (the home team going ahead in the bottom of the last scheduled inning or later).
 */
export function gameStatus(plays: readonly PlayRecord[], scheduledInnings = 9): GameStatus {
  const replayed = replay(plays);
  const last = replayed.at(-1);
  if (!last) {
    return { final: false, innings: 0, winner: null, bottomOfLastUnplayed: false, walkOff: false };
  }
  const { inning, half } = last.play;
  const away = last.awayScoreAfter;
  const home = last.homeScoreAfter;
  const lateEnough = inning >= scheduledInnings;
  let final = false;
  let bottomOfLastUnplayed = false;
  let walkOff = false;
  if (lateEnough && half === "top" && last.endsHalfInning && home > away) {
    final = true;
    bottomOfLastUnplayed = true;
  } else if (lateEnough && half === "bottom" && home > away) {
    final = true;
    walkOff = true;
  } else if (lateEnough && half === "bottom" && last.endsHalfInning && home !== away) {
    final = true;
  }
  const winner = final ? (home > away ? "home" : "away") : null;
  return { final, innings: inning, winner, bottomOfLastUnplayed, walkOff };
}
