import type { OnBaseCode } from "../bases.js";
import type {
  FieldingError,
  FinalBase,
  Half,
  LineupEntry,
  PlayRecord,
  PlayStats,
  RunnerMove,
  TeamSide,
} from "../play-record.js";
import { ZERO_STATS } from "../play-record.js";
import type { FieldPosition } from "../positions.js";

/**
 * Builds valid play logs by hand, one scorer's event at a time, for tests and fixtures: it
 * keeps the bases, outs, score, batting order and pitchers the way a reducer would, and emits
 * PlayRecords exactly as the contract describes them (every runner listed in `runners`).
 *
 * Lineups: away batters are ids 1-9 and its starting pitcher 10; home batters 11-19 and its
 * starting pitcher 20 (DH game: pitchers do not bat). Substitutes take the ids you give.
 */

interface Runner {
  readonly lineupId: number;
  readonly responsiblePitcherId: number;
}

/** Where each runner ends: +n bases for all, forced-only, or an explicit map by starting base. */
export type RunnerAdvance = number | "forced" | Partial<Record<1 | 2 | 3, FinalBase>>;

export interface PlaySpec {
  readonly hitType: string;
  /** Where the batter ends; omit for a play with no plate appearance (steal, WP, balk). */
  readonly batter?: FinalBase;
  readonly runners?: RunnerAdvance;
  readonly stats?: Partial<PlayStats>;
  readonly errors?: readonly FieldingError[];
  /** The batter reached or moved up only because of an error / catcher's interference. */
  readonly batterOnError?: boolean;
  /** These starting bases' runners moved only because of an error or passed ball. */
  readonly runnersOnError?: readonly (1 | 2 | 3)[];
  readonly runnerId?: number | null;
  readonly defenderId?: number | null;
}

const AWAY_POSITIONS: readonly (FieldPosition | "DH")[] = [
  "CF",
  "SS",
  "1B",
  "LF",
  "RF",
  "3B",
  "DH",
  "C",
  "2B",
];

export interface BuilderOptions {
  readonly scheduledInnings?: number;
  readonly awayNames?: readonly string[];
  readonly homeNames?: readonly string[];
}

export class PlayLogBuilder {
  readonly lineups: LineupEntry[] = [];
  readonly plays: PlayRecord[] = [];
  inning = 1;
  half: Half = "top";
  outs = 0;
  bases: [Runner | null, Runner | null, Runner | null] = [null, null, null];
  score = { away: 0, home: 0 };
  over = false;
  private readonly nextSlot = { away: 0, home: 0 };
  private readonly slots: Record<TeamSide, number[]> = { away: [], home: [] };
  private readonly pitcher: Record<TeamSide, number> = { away: 10, home: 20 };
  private readonly catcher: Record<TeamSide, number> = { away: 8, home: 18 };
  private readonly scheduledInnings: number;

  constructor(options: BuilderOptions = {}) {
    this.scheduledInnings = options.scheduledInnings ?? 9;
    for (const team of ["away", "home"] as const) {
      const base = team === "away" ? 0 : 10;
      const names = (team === "away" ? options.awayNames : options.homeNames) ?? [];
      for (let i = 0; i < 9; i++) {
        const id = base + i + 1;
        this.slots[team].push(id);
        this.lineups.push(
          entry(id, team, names[i] ?? `${team === "away" ? "Away" : "Home"} ${i + 1}`, {
            position: AWAY_POSITIONS[i]!,
            battingOrder: i + 1,
            isStarter: true,
          }),
        );
      }
      this.lineups.push(
        entry(base + 10, team, names[9] ?? `${team === "away" ? "Away" : "Home"} P`, {
          position: "P",
          battingOrder: null,
          isStarter: true,
        }),
      );
    }
  }

  get battingTeam(): TeamSide {
    return this.half === "top" ? "away" : "home";
  }

  get fieldingTeam(): TeamSide {
    return this.half === "top" ? "home" : "away";
  }

  /** The lineup id due up for the batting team. */
  get batterId(): number {
    const team = this.battingTeam;
    return this.slots[team][this.nextSlot[team]]!;
  }

  currentPitcher(team: TeamSide): number {
    return this.pitcher[team];
  }

  get onBaseCode(): OnBaseCode {
    return ((this.bases[0] ? 1 : 0) |
      (this.bases[1] ? 2 : 0) |
      (this.bases[2] ? 4 : 0)) as OnBaseCode;
  }

  /** Records one play and moves the game on (next batter, next half-inning, game over). */
  play(spec: PlaySpec): PlayRecord {
    if (this.over) throw new Error("the game is over");
    const team = this.battingTeam;
    const pitcherId = this.pitcher[this.fieldingTeam];
    const isPa = spec.batter !== undefined;
    const batterId = this.batterId;
    const before = this.bases;
    const finals = resolveRunners(before, spec.runners ?? 0, spec.batter ?? null, isPa);
    const runners: RunnerMove[] = [];
    for (const base of [3, 2, 1] as const) {
      const r = before[base - 1];
      if (!r) continue;
      runners.push({
        lineupId: r.lineupId,
        from: base,
        to: finals[base - 1]!,
        responsiblePitcherId: r.responsiblePitcherId,
        onError: spec.runnersOnError?.includes(base) ?? false,
      });
    }
    if (isPa) {
      runners.push({
        lineupId: batterId,
        from: 0,
        to: spec.batter ?? null,
        responsiblePitcherId: pitcherId,
        onError: spec.batterOnError ?? false,
      });
    }
    const outsRecorded = runners.filter((m) => m.to === null).length;
    const runsScored = runners.filter((m) => m.to === 4).length;
    const after: [Runner | null, Runner | null, Runner | null] = [null, null, null];
    for (const m of runners) {
      if (m.to === 1 || m.to === 2 || m.to === 3) {
        if (after[m.to - 1]) throw new Error(`${spec.hitType}: two men would end on base ${m.to}`);
        after[m.to - 1] = { lineupId: m.lineupId, responsiblePitcherId: m.responsiblePitcherId };
      }
    }
    const stats: PlayStats = { ...ZERO_STATS, pa: isPa ? 1 : 0, run: runsScored, ...spec.stats };
    const record: PlayRecord = {
      playNumber: this.plays.length + 1,
      version: this.plays.length + 1,
      inning: this.inning,
      half: this.half,
      outsBefore: this.outs,
      battingOrder: isPa ? this.nextSlot[team] + 1 : null,
      awayScoreBefore: this.score.away,
      homeScoreBefore: this.score.home,
      batterId: isPa ? batterId : null,
      pitcherId,
      catcherId: this.catcher[this.fieldingTeam],
      defenderId: spec.defenderId ?? null,
      runnerId: spec.runnerId ?? null,
      onFirstId: before[0]?.lineupId ?? null,
      onSecondId: before[1]?.lineupId ?? null,
      onThirdId: before[2]?.lineupId ?? null,
      onFirstFinal: before[0] ? finals[0]! : null,
      onSecondFinal: before[1] ? finals[1]! : null,
      onThirdFinal: before[2] ? finals[2]! : null,
      batterFinal: isPa ? (spec.batter ?? null) : null,
      onBaseCode: this.onBaseCode,
      onBaseCodeAfter: ((after[0] ? 1 : 0) | (after[1] ? 2 : 0) | (after[2] ? 4 : 0)) as OnBaseCode,
      runners,
      defensiveChoices: {},
      offensiveChoices: {},
      diceRoll: [],
      hitType: spec.hitType,
      description: spec.hitType,
      outsRecorded,
      runsScored,
      checkPos: null,
      errors: spec.errors ?? [],
      stats,
      wpa: 0,
      re24: 0,
      isTied: false,
      isGoAhead: false,
      isNewInning: this.outs === 0 && this.onBaseCode === 0,
      inPow: false,
      decidedByAi: false,
      complete: true,
      locked: false,
    };
    this.plays.push(record);
    this.score[team] += runsScored;
    this.outs += outsRecorded;
    this.bases = after;
    if (isPa) this.nextSlot[team] = (this.nextSlot[team] + 1) % 9;
    this.advanceGame();
    return record;
  }

  private advanceGame(): void {
    const late = this.inning >= this.scheduledInnings;
    if (late && this.half === "bottom" && this.score.home > this.score.away) {
      this.over = true;
      return;
    }
    if (this.outs < 3) return;
    if (late && this.half === "top" && this.score.home > this.score.away) {
      this.over = true;
      return;
    }
    if (late && this.half === "bottom" && this.score.home !== this.score.away) {
      this.over = true;
      return;
    }
    this.outs = 0;
    this.bases = [null, null, null];
    if (this.half === "top") this.half = "bottom";
    else {
      this.half = "top";
      this.inning += 1;
    }
  }

  // --- Plate appearances, in the scorer's words -------------------------------------------

  single(runners: RunnerAdvance = 1): PlayRecord {
    return this.hit("SI*", 1, runners);
  }

  double(runners: RunnerAdvance = 2): PlayRecord {
    return this.hit("DO**", 2, runners);
  }

  triple(): PlayRecord {
    return this.hit("TR", 3, 3);
  }

  homeRun(): PlayRecord {
    return this.hit("HR", 4, 4);
  }

  private hit(hitType: string, bases: 1 | 2 | 3 | 4, runners: RunnerAdvance): PlayRecord {
    const runs = countRuns(this.bases, runners, bases);
    return this.play({
      hitType,
      batter: bases,
      runners,
      stats: {
        ab: 1,
        hit: 1,
        double: bases === 2 ? 1 : 0,
        triple: bases === 3 ? 1 : 0,
        homerun: bases === 4 ? 1 : 0,
        rbi: runs,
      },
    });
  }

  walk(): PlayRecord {
    return this.play({
      hitType: "BB",
      batter: 1,
      runners: "forced",
      stats: { bb: 1, rbi: countRuns(this.bases, "forced", 1) },
    });
  }

  hitByPitch(): PlayRecord {
    return this.play({
      hitType: "HBP",
      batter: 1,
      runners: "forced",
      stats: { hbp: 1, rbi: countRuns(this.bases, "forced", 1) },
    });
  }

  strikeout(): PlayRecord {
    return this.play({ hitType: "K", batter: null, stats: { ab: 1, so: 1 } });
  }

  /** A batted-ball out; runners as given (default: they hold). RBI for runs unless a DP. */
  out(runners: RunnerAdvance = 0, hitType = "GB(ss)A"): PlayRecord {
    const runs = countRuns(this.bases, runners, null);
    return this.play({ hitType, batter: null, runners, stats: { ab: 1, rbi: runs } });
  }

  sacrificeFly(): PlayRecord {
    return this.play({
      hitType: "FLY(cf)B",
      batter: null,
      runners: { 3: 4 },
      stats: { sf: 1, rbi: 1 },
    });
  }

  sacrificeBunt(): PlayRecord {
    return this.play({ hitType: "BUNT", batter: null, runners: 1, stats: { sac: 1 } });
  }

  /** Ground-ball double play: the runner on first and the batter out, others hold. */
  doublePlay(): PlayRecord {
    return this.play({
      hitType: "GB(ss)A",
      batter: null,
      runners: { 1: null },
      stats: { ab: 1, gidp: 1 },
    });
  }

  /** Batter safe at first on an error (he would have been out); runners +bases. */
  reachOnError(position: FieldPosition, fielderId: number, bases: 1 | 2 | 3 = 1): PlayRecord {
    const on = ([1, 2, 3] as const).filter((b) => this.bases[b - 1] !== null);
    return this.play({
      hitType: `X(${position.toLowerCase()})`,
      batter: bases,
      runners: bases,
      batterOnError: true,
      runnersOnError: on,
      errors: [{ position, lineupId: fielderId, bases }],
      defenderId: fielderId,
      stats: { ab: 1 },
    });
  }

  /** Catcher's interference: batter to first, forced runners up. */
  catcherInterference(): PlayRecord {
    const catcherId = this.catcher[this.fieldingTeam];
    return this.play({
      hitType: "CI",
      batter: 1,
      runners: "forced",
      batterOnError: true,
      errors: [{ position: "C", lineupId: catcherId, bases: 1 }],
      stats: { ci: 1 },
    });
  }

  // --- Plays without a plate appearance -----------------------------------------------------

  wildPitch(): PlayRecord {
    return this.play({ hitType: "WP", runners: 1, stats: { wild_pitch: 1 } });
  }

  passedBall(): PlayRecord {
    const on = ([1, 2, 3] as const).filter((b) => this.bases[b - 1] !== null);
    return this.play({ hitType: "PB", runners: 1, runnersOnError: on, stats: { passed_ball: 1 } });
  }

  balk(): PlayRecord {
    return this.play({ hitType: "BK", runners: 1, stats: { balk: 1 } });
  }

  stealSecond(safe = true): PlayRecord {
    const runner = this.bases[0]!;
    return this.play({
      hitType: safe ? "SB" : "CS",
      runners: { 1: safe ? 2 : null },
      runnerId: runner.lineupId,
      stats: safe ? { sb: 1 } : { cs: 1 },
    });
  }

  pickoff(base: 1 | 2 | 3): PlayRecord {
    const runner = this.bases[base - 1]!;
    return this.play({
      hitType: "PO",
      runners: { [base]: null },
      runnerId: runner.lineupId,
      stats: { pick_off: 1 },
    });
  }

  // --- Substitutions ------------------------------------------------------------------------

  /** A new pitcher for the fielding team. */
  changePitcher(newId: number, name = `Reliever ${newId}`): void {
    const team = this.fieldingTeam;
    this.lineups.push(
      entry(newId, team, name, {
        position: "P",
        battingOrder: null,
        isStarter: false,
        enteredInning: this.inning,
        replacingId: this.pitcher[team],
        afterPlay: this.plays.length,
      }),
    );
    this.pitcher[team] = newId;
  }

  /** A pinch hitter for the man due up. */
  pinchHit(newId: number, name = `Pinch ${newId}`): void {
    const team = this.battingTeam;
    const slot = this.nextSlot[team];
    this.lineups.push(
      entry(newId, team, name, {
        position: "PH",
        battingOrder: slot + 1,
        isStarter: false,
        enteredInning: this.inning,
        replacingId: this.slots[team][slot]!,
        afterPlay: this.plays.length,
      }),
    );
    this.slots[team][slot] = newId;
  }

  /** A pinch runner for the man on `base`; he keeps the responsibility of the man he replaced. */
  pinchRun(base: 1 | 2 | 3, newId: number, name = `Runner ${newId}`): void {
    const team = this.battingTeam;
    const old = this.bases[base - 1]!;
    const slot = this.slots[team].indexOf(old.lineupId);
    this.lineups.push(
      entry(newId, team, name, {
        position: "PR",
        battingOrder: slot + 1,
        isStarter: false,
        enteredInning: this.inning,
        replacingId: old.lineupId,
        afterPlay: this.plays.length,
      }),
    );
    this.slots[team][slot] = newId;
    this.bases[base - 1] = { lineupId: newId, responsiblePitcherId: old.responsiblePitcherId };
  }

  /** Plays quick 1-2-3 half-innings until the given inning and half begins (or the game ends). */
  skipTo(inning: number, half: Half): this {
    while (!this.over && (this.inning < inning || (this.inning === inning && this.half !== half))) {
      this.out(0, "FLY(cf)C");
    }
    return this;
  }

  /** Three outs on fly balls with the bases as they are. */
  retireSide(): this {
    const start = `${this.inning}${this.half}`;
    while (!this.over && `${this.inning}${this.half}` === start) this.out(0, "FLY(cf)C");
    return this;
  }
}

function entry(
  id: number,
  team: TeamSide,
  name: string,
  fields: Partial<LineupEntry> & Pick<LineupEntry, "position" | "battingOrder" | "isStarter">,
): LineupEntry {
  return {
    id,
    team,
    playerId: 1000 + id,
    name,
    isActive: true,
    enteredInning: 1,
    replacingId: null,
    afterPlay: null,
    isFatigued: false,
    ...fields,
  };
}

/** Where each runner on `bases` ends, by the advance rule. */
function resolveRunners(
  bases: readonly (Runner | null)[],
  advance: RunnerAdvance,
  batterTo: FinalBase,
  isPa: boolean,
): FinalBase[] {
  const finals: FinalBase[] = [1, 2, 3];
  for (const base of [1, 2, 3] as const) {
    if (!bases[base - 1]) continue;
    if (typeof advance === "number") {
      finals[base - 1] = Math.min(base + advance, 4) as FinalBase;
    } else if (advance === "forced") {
      let forced = isPa && batterTo !== null;
      for (let b = 1; b <= base; b++) if (!bases[b - 1]) forced = false;
      finals[base - 1] = forced ? ((base + 1) as FinalBase) : base;
    } else {
      finals[base - 1] = base in advance ? advance[base]! : base;
    }
  }
  return finals;
}

function countRuns(
  bases: readonly (Runner | null)[],
  advance: RunnerAdvance,
  batterTo: FinalBase,
): number {
  const finals = resolveRunners(bases, advance, batterTo, true);
  let runs = bases.filter((r, i) => r !== null && finals[i] === 4).length;
  if (batterTo === 4) runs += 1;
  return runs;
}
