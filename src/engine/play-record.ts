import type { OnBaseCode } from "./bases.js";
import type { FieldPosition } from "./positions.js";

/**
 * One play, as it is kept: the engine emits one PlayRecord per play and the plays table stores
 * it 1:1. Everything the box score, earned runs, decisions, RE24 and WPA need is derived from a
 * game's PlayRecords alone (plus its lineups for names and positions).
 *
 * Player references are game-local lineup ids (LineupEntry.id), never league player ids.
 */
export type Half = "top" | "bottom";
export type TeamSide = "home" | "away";

/** Stat columns of one play (SBA's play record); each is a count credited on this play. */
export interface PlayStats {
  readonly pa: number;
  readonly ab: number;
  readonly hit: number;
  readonly double: number;
  readonly triple: number;
  readonly homerun: number;
  readonly bb: number;
  readonly so: number;
  readonly hbp: number;
  readonly rbi: number;
  /** Sacrifice hits (bunts). */
  readonly sac: number;
  /** Sacrifice flies. */
  readonly sf: number;
  readonly ibb: number;
  readonly gidp: number;
  readonly sb: number;
  readonly cs: number;
  readonly wild_pitch: number;
  readonly passed_ball: number;
  readonly pick_off: number;
  readonly balk: number;
  readonly bphr: number;
  readonly bpfo: number;
  readonly bp1b: number;
  readonly bplo: number;
  /** Runs scored on the play. */
  readonly run: number;
  /**
   * Earned runs (to the team, OBR 9.16) scored on the play: the box score's own reconstruction,
   * run as the play ends (scoring/earned-runs.ts, replayErrorless). Per pitcher, see the box score.
   */
  readonly e_run: number;
  /** Catcher's interference. */
  readonly ci: number;
}

/** Where a man ended the play: 1-3 a base, 4 scored, null out. */
export type FinalBase = 1 | 2 | 3 | 4 | null;

/**
 * One runner's (or the batter's) movement on the play. from 0 = the batter.
 *
 * The contract between the reducer (play-end.ts) and the scoring module (scoring/replay.ts),
 * checked on real games by scoring/engine-integration.test.ts:
 * - `runners` lists every man on base when the play began, whether he moved or not (`from` 1-3,
 *   `to` equal to onFirstFinal / onSecondFinal / onThirdFinal), and the batter (`from` 0, `to`
 *   equal to batterFinal) exactly when the play ended his plate appearance (stats.pa = 1). A
 *   play inside a plate appearance (steal, wild pitch, passed ball, balk, pickoff) lists no
 *   batter and has batterId null.
 * - `to` on a play that made the third out: where the man stood when it was made (runs that
 *   did not count are sent back to the base they started from).
 * - `onError` is true when any part of this play's advance came on an error, passed ball or
 *   catcher's interference, e.g. a runner who stole second and took third on the catcher's
 *   throwing error (he is still credited with the stolen base).
 */
export interface RunnerMove {
  readonly lineupId: number;
  readonly from: 0 | 1 | 2 | 3;
  readonly to: FinalBase;
  /** The pitcher charged with this runner (who put him on base), by lineup id. */
  readonly responsiblePitcherId: number;
  /** He reached, or moved up, only because of an error, passed ball or catcher's interference. */
  readonly onError: boolean;
}

export interface FieldingError {
  readonly position: FieldPosition;
  readonly lineupId: number;
  /** 1, 2 or 3 bases. */
  readonly bases: number;
}

export interface PlayRecord {
  readonly playNumber: number;
  /** The state version this play produced. */
  readonly version: number;
  readonly inning: number;
  readonly half: Half;
  readonly outsBefore: number;
  /** The batting-order slot at bat (1-9), or null for a play with no batter (a steal). */
  readonly battingOrder: number | null;
  readonly awayScoreBefore: number;
  readonly homeScoreBefore: number;

  readonly batterId: number | null;
  readonly pitcherId: number;
  readonly catcherId: number;
  /** The fielder who made the check (X-check) or fielded the ball, when there is one. */
  readonly defenderId: number | null;
  /** The runner the play is about (steal, pickoff), when it is not the batter. */
  readonly runnerId: number | null;

  readonly onFirstId: number | null;
  readonly onSecondId: number | null;
  readonly onThirdId: number | null;
  readonly onFirstFinal: FinalBase;
  readonly onSecondFinal: FinalBase;
  readonly onThirdFinal: FinalBase;
  readonly batterFinal: FinalBase;
  readonly onBaseCode: OnBaseCode;
  readonly onBaseCodeAfter: OnBaseCode;
  readonly runners: readonly RunnerMove[];

  readonly defensiveChoices: Readonly<Record<string, unknown>>;
  readonly offensiveChoices: Readonly<Record<string, unknown>>;
  /** Every roll made for this play, in order, with what it was for. */
  readonly diceRoll: readonly DiceReading[];

  /** The reading's code as printed (e.g. "GB(ss)A", "SI**"), or the play's kind ("SB", "WP"). */
  readonly hitType: string;
  readonly description: string;
  readonly outsRecorded: number;
  readonly runsScored: number;
  readonly checkPos: FieldPosition | null;
  readonly errors: readonly FieldingError[];
  readonly stats: PlayStats;

  readonly wpa: number;
  readonly re24: number;
  readonly isTied: boolean;
  readonly isGoAhead: boolean;
  readonly isNewInning: boolean;
  /** The pitcher was past his point of weakness (vulnerable/fatigued) on this play. */
  readonly inPow: boolean;
  /** The side's manager ran out of time and the AI decided for him. */
  readonly decidedByAi: boolean;
  readonly complete: boolean;
  readonly locked: boolean;
}

/** One roll: which dice, what for, what came up. */
export interface DiceReading {
  /** What the roll was for, e.g. "at-bat", "wp-check", "x-check-range", "steal". */
  readonly purpose: string;
  /** "d6", "2d6", "d20", "3d6", "d100". */
  readonly dice: string;
  readonly value: number;
}

/**
 * A play's stats before anything is counted: a fresh object from a literal, for a working play to
 * count into. (Copying ZERO_STATS with a spread cost some 20 times as much: an object spread of
 * this many fields takes V8's slow path, and the engine starts one for every play.)
 */
export function zeroStats(): { -readonly [K in keyof PlayStats]: number } {
  return {
    pa: 0,
    ab: 0,
    hit: 0,
    double: 0,
    triple: 0,
    homerun: 0,
    bb: 0,
    so: 0,
    hbp: 0,
    rbi: 0,
    sac: 0,
    sf: 0,
    ibb: 0,
    gidp: 0,
    sb: 0,
    cs: 0,
    wild_pitch: 0,
    passed_ball: 0,
    pick_off: 0,
    balk: 0,
    bphr: 0,
    bpfo: 0,
    bp1b: 0,
    bplo: 0,
    run: 0,
    e_run: 0,
    ci: 0,
  };
}

export const ZERO_STATS: PlayStats = zeroStats();

/** A place in a team's lineup over a game: starters and every substitute get one. */
export interface LineupEntry {
  /** Game-local id, referenced by plays. */
  readonly id: number;
  readonly team: TeamSide;
  /** The league's id for him: SBA player_id or PD card_id. */
  readonly playerId: number;
  readonly name: string;
  readonly position: FieldPosition | "DH" | "PH" | "PR";
  /** 1-9, or null for a pitcher who does not bat (DH games). */
  readonly battingOrder: number | null;
  readonly isStarter: boolean;
  readonly isActive: boolean;
  readonly enteredInning: number;
  /** The lineup id of the man he replaced. */
  readonly replacingId: number | null;
  /** The play number after which he entered (null for starters and anyone in before the first play). */
  readonly afterPlay: number | null;
  readonly isFatigued: boolean;
}
