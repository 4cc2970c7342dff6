import type { FieldingError, FinalBase, PlayStats } from "./play-record.js";
import { zeroStats } from "./play-record.js";
import type { FieldPosition } from "./positions.js";
import type { GameState, OnBase } from "./state.js";

/**
 * The play being built. A short-lived, mutable scratch record while one action resolves; it is
 * plain data, so a play waiting on a runner decision can sit in the game state (copied first).
 */
export interface Mover {
  readonly id: number;
  /** 0 = the batter; 1..3 = the base he started the play on. */
  readonly from: 0 | 1 | 2 | 3;
  /** Where he stands now: 0 at the plate, 1..3 a base, 4 scored. */
  at: number;
  out: boolean;
  readonly pitcherId: number;
  /** His run would be unearned (he reached on an error, or is the extra-inning runner). */
  unearned: boolean;
  /** He moved up on this play only because of an error, passed ball or interference. */
  onError: boolean;
}

export type MutableStats = { -readonly [K in keyof PlayStats]: number };

export interface WorkingPlay {
  hitType: string;
  /** The plate appearance ends with this play (false: a wild pitch, a dropped foul, ...). */
  endsAppearance: boolean;
  readonly batterId: number | null;
  readonly pitcherId: number;
  movers: Mover[];
  readonly outsBefore: number;
  outs: number;
  /** Outs are forces (or the batter before first): if one is the third out, no run counts. */
  forceOuts: boolean;
  /** Runs on this play are driven in (false on a double play and on wild pitches). */
  rbiEligible: boolean;
  errors: FieldingError[];
  stats: MutableStats;
  description: string[];
  defenderId: number | null;
  checkPos: FieldPosition | null;
  decidedByAi: boolean;
  /** The batter flied out: a run driven in on it makes a sacrifice fly. */
  caughtFly: boolean;
  /** The runner the play is about (a steal, caught stealing or pickoff), when not the batter. */
  runnerId: number | null;
}

export function startPlay(
  state: GameState,
  options: { hitType: string; withBatter: boolean; batterId: number; pitcherId: number },
): WorkingPlay {
  const movers: Mover[] = [];
  if (options.withBatter) {
    movers.push({
      id: options.batterId,
      from: 0,
      at: 0,
      out: false,
      pitcherId: options.pitcherId,
      unearned: false,
      onError: false,
    });
  }
  if (state.bases.first !== null) movers.push(runnerMover(state.bases.first, 1));
  if (state.bases.second !== null) movers.push(runnerMover(state.bases.second, 2));
  if (state.bases.third !== null) movers.push(runnerMover(state.bases.third, 3));
  return {
    hitType: options.hitType,
    endsAppearance: options.withBatter,
    batterId: options.batterId,
    pitcherId: options.pitcherId,
    movers,
    outsBefore: state.outs,
    outs: 0,
    forceOuts: false,
    rbiEligible: true,
    errors: [],
    stats: zeroStats(),
    description: [],
    defenderId: null,
    checkPos: null,
    decidedByAi: false,
    caughtFly: false,
    runnerId: null,
  };
}

function runnerMover(runner: OnBase, base: 1 | 2 | 3): Mover {
  return {
    id: runner.id,
    from: base,
    at: base,
    out: false,
    pitcherId: runner.pitcherId,
    unearned: runner.unearned,
    onError: false,
  };
}

/**
 * A copy to go on with (a play resumed after a runner decision). Written field by field in
 * startPlay's order, and its movers and stats as startPlay makes them, rather than spread: a
 * spread copy has another object layout, and the rules and finishPlay, which read every play,
 * slowed down once they had seen plays of several layouts.
 */
export function copyPlay(play: WorkingPlay): WorkingPlay {
  return {
    hitType: play.hitType,
    endsAppearance: play.endsAppearance,
    batterId: play.batterId,
    pitcherId: play.pitcherId,
    movers: play.movers.map(copyMover),
    outsBefore: play.outsBefore,
    outs: play.outs,
    forceOuts: play.forceOuts,
    rbiEligible: play.rbiEligible,
    errors: [...play.errors],
    stats: Object.assign(zeroStats(), play.stats),
    description: [...play.description],
    defenderId: play.defenderId,
    checkPos: play.checkPos,
    decidedByAi: play.decidedByAi,
    caughtFly: play.caughtFly,
    runnerId: play.runnerId,
  };
}

function copyMover(mover: Mover): Mover {
  return {
    id: mover.id,
    from: mover.from,
    at: mover.at,
    out: mover.out,
    pitcherId: mover.pitcherId,
    unearned: mover.unearned,
    onError: mover.onError,
  };
}

/** The man who started the play at `from` (0 = batter), if he is in the play. */
export function moverFrom(play: WorkingPlay, from: number): Mover | undefined {
  for (const mover of play.movers) if (mover.from === from) return mover;
  return undefined;
}

/** The man standing on `base` now (1..3), if any. */
export function moverAt(play: WorkingPlay, base: number): Mover | undefined {
  for (const mover of play.movers) if (!mover.out && mover.at === base) return mover;
  return undefined;
}

/** Runners still on base (not the batter at the plate, not scored, not out), lead runner first. */
export function runnersOn(play: WorkingPlay): Mover[] {
  return play.movers.filter((m) => !m.out && m.at >= 1 && m.at <= 3).sort((a, b) => b.at - a.at);
}

export function putOut(play: WorkingPlay, mover: Mover): void {
  if (mover.out) return;
  mover.out = true;
  play.outs++;
}

/** Moves a man to a base (4 scores), never backwards and never past home. */
export function sendTo(mover: Mover, base: number, onError = false): void {
  const to = Math.min(4, base);
  if (to > mover.at) {
    mover.at = to;
    if (onError) mover.onError = true;
  }
}

/**
 * Every runner on base moves up `bases` (lead runner first, so nobody passes anybody).
 * The batter is placed separately.
 */
export function advanceRunners(play: WorkingPlay, bases: number, onError = false): void {
  for (const runner of runnersOn(play)) sendTo(runner, runner.at + bases, onError);
}

/** A free base: the batter to first, and each runner forced by the man behind him moves up one. */
export function forceAdvance(play: WorkingPlay, onError = false): void {
  forceRunners(play, onError);
  const batter = moverFrom(play, 0);
  if (batter !== undefined) sendTo(batter, 1, onError);
}

/** The runners the batter's run to first forces, each up one base. */
export function forceRunners(play: WorkingPlay, onError = false): void {
  const first = moverAt(play, 1);
  const second = moverAt(play, 2);
  const third = moverAt(play, 3);
  if (first !== undefined) {
    if (second !== undefined) {
      if (third !== undefined) sendTo(third, 4, onError);
      sendTo(second, 3, onError);
    }
    sendTo(first, 2, onError);
  }
}

/** Outs after this play (before third-out rules). */
export function outsAfter(play: WorkingPlay): number {
  return play.outsBefore + play.outs;
}

export function finalBase(mover: Mover | undefined): FinalBase | undefined {
  if (mover === undefined) return undefined;
  if (mover.out) return null;
  return mover.at as FinalBase;
}
