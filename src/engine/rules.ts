import type { Grade } from "./cards.js";

/**
 * League rules: every number the rules reference leaves to us ([D], §8) is a named value here,
 * and every one the sources state ([S]) that a league might change. The league configs in
 * src/leagues instantiate LeagueRules for SBA and PD from DEFAULT_RULES.
 */
export interface LeagueRules {
  /** Regulation innings (9). */
  readonly inningsPerGame: number;
  readonly outsPerInning: number;
  /** Extra innings start with the last out of the previous inning on second [D on]. */
  readonly extraInningRunnerOnSecond: boolean;
  /** The designated hitter bats for the pitcher [D on in both leagues]. */
  readonly designatedHitter: boolean;
  /**
   * Who reads the card: "automatic" resolves from the card grid (PD, and simulations);
   * "manager" pauses in an "sba/read-card" decision for the manager to submit the printed result.
   */
  readonly cardReading: "automatic" | "manager";

  /** §1: the at-bat d20 faces that call for a wild-pitch / passed-ball check with runners on. */
  readonly wildPitchCheckFace: number;
  readonly passedBallCheckFace: number;
  /** §1 [D]: WP if d20 <= the pitcher's WP rating, PB if d20 <= the catcher's PB rating. */
  readonly wildPitchCheck: "d20-at-most-rating";
  /** §1 [D]: bases every runner takes on a wild pitch or passed ball. */
  readonly wildPitchAdvance: number;

  /** §2, §8 [D]: ballpark readings succeed on d20 <= these. */
  readonly ballparkHomerunSucceedsAtMost: number;
  readonly ballparkSingleSucceedsAtMost: number;

  /** §1 [D]: the pitcher-injury check when d6 = 6 and 2d6 = s >= this; checked at rating >= base - s. */
  readonly pitcherInjuryMinRow: number;
  readonly pitcherInjuryBase: number;

  /** §4.1: the tag-up target is speed + arm + this, clamped to 1..20. */
  readonly tagUpBonus: number;
  /** §4.1: R2 tagging on FLY B is out on this d20 (otherwise he holds when not safe). */
  readonly tagUpOutOnFace: number;
  /** §4.3: uncapped-hit targets: speed + arm, + this with two outs. */
  readonly extraBaseTwoOutBonus: number;
  /** §4.3: R1 going first to third: by the outfielder who fields it. */
  readonly firstToThirdByFielder: Readonly<{ LF: number; CF: number; RF: number }>;
  /** §6 [D]: a shallow outfield gives runners this much on extra-base checks (and B? -> B). */
  readonly shallowOutfieldExtraBaseBonus: number;
  /**
   * §6 [D] (ours; the references give deep no effect): a deep outfield takes this much off
   * runners' extra-base checks on hits (it cuts balls off sooner), and its price is the deeper
   * catch: a FLY B? plays as B, as with a shallow outfield (the runner on third scores).
   */
  readonly deepOutfieldExtraBasePenalty: number;

  /** §4.3 [D]: the pitcher and catcher use the infield-in chart when the corners are in. */
  readonly cornersInIncludesBattery: boolean;

  /** §5: X-check rare play on d100 <= this. */
  readonly rarePlayAtMost: number;
  /** §5 out of position: range, arm penalty, catcher T and PB. */
  readonly outOfPosition: {
    readonly range: number;
    readonly armPenalty: number;
    readonly catcherThrowing: number;
    readonly catcherPassedBall: number;
  };

  /** §6 [D]: a held runner is picked off on d20 <= this. */
  readonly pickoffAtMost: number;
  /** §6 [D]: the pitcher's hold rating counts only when the runner is held. */
  readonly holdOnlyWhenHeld: boolean;
  /** §6: on a safe steal with d20 <= this, a second d20 <= the catcher's T is a throwing error. */
  readonly stealThrowingErrorAtMost: number;
  /** §6 [S]: hit-and-run hit and advance chances, out of 36. */
  readonly hitAndRunHitChances: Readonly<Record<Grade | "A", number>>;
  readonly hitAndRunAdvanceChances: Readonly<Partial<Record<Grade, number>>>;
  /** §6 [D]: bunt / squeeze success on d20 <= this by grade. */
  readonly buntSuccessAtMost: Readonly<Record<Grade, number>>;
  /** §6 [S]: grades drop this many steps for a bunt with bases loaded and the corners or infield in. */
  readonly buntLoadedInfieldInPenalty: number;

  /** §7 fatigue. A reliever R(n) is vulnerable after 3·(n-1) outs [D]. */
  readonly relieverVulnerableOutsPerStep: number;
  /** Once vulnerable: the hit+walk count in an inning (and over 2, 3 innings) that fatigues him. */
  readonly fatigueHitsWalks: readonly [number, number, number];
  /** At any time: runs in an inning (over 2, 3 innings) that fatigue him. */
  readonly fatigueRuns: readonly [number, number, number];
  /** Innings cap: starter S + this; reliever R(n) n + this. */
  readonly starterCapBonus: number;
  readonly relieverCapBonus: number;
  /** "S(6*)": one more inning on the cap [D]. */
  readonly starStarterExtraInnings: number;
  /** [D] PD cards without fatigue marks: SINGLE* readings become SINGLE** when he is fatigued. */
  readonly unmarkedFatigueConvertsSingles: boolean;

  /** §8 [D] rest: a starter rests this many games; a reliever one game per this many outs. */
  readonly starterRestGames: number;
  readonly relieverOutsPerRestGame: number;

  /** §6: a new reliever must face at least one batter; a replaced player cannot return [D]. */
  readonly relieverMinimumBatters: number;
  readonly reentryAllowed: boolean;
}

export const DEFAULT_RULES: LeagueRules = {
  inningsPerGame: 9,
  outsPerInning: 3,
  extraInningRunnerOnSecond: true,
  designatedHitter: true,
  cardReading: "automatic",

  wildPitchCheckFace: 1,
  passedBallCheckFace: 2,
  wildPitchCheck: "d20-at-most-rating",
  wildPitchAdvance: 1,

  ballparkHomerunSucceedsAtMost: 10,
  ballparkSingleSucceedsAtMost: 10,

  pitcherInjuryMinRow: 7,
  pitcherInjuryBase: 13,

  tagUpBonus: 2,
  tagUpOutOnFace: 20,
  extraBaseTwoOutBonus: 2,
  firstToThirdByFielder: { LF: -2, CF: 0, RF: 2 },
  shallowOutfieldExtraBaseBonus: 1,
  deepOutfieldExtraBasePenalty: 1,

  cornersInIncludesBattery: true,

  rarePlayAtMost: 1,
  outOfPosition: { range: 5, armPenalty: 5, catcherThrowing: 20, catcherPassedBall: 20 },

  pickoffAtMost: 3,
  holdOnlyWhenHeld: true,
  stealThrowingErrorAtMost: 3,
  hitAndRunHitChances: { A: 8, B: 7, C: 5, D: 3 },
  hitAndRunAdvanceChances: { A: 23, B: 21 },
  buntSuccessAtMost: { A: 17, B: 14, C: 11, D: 8 },
  buntLoadedInfieldInPenalty: 2,

  relieverVulnerableOutsPerStep: 3,
  fatigueHitsWalks: [3, 4, 5],
  fatigueRuns: [5, 6, 7],
  starterCapBonus: 2,
  relieverCapBonus: 2,
  starStarterExtraInnings: 1,
  unmarkedFatigueConvertsSingles: true,

  starterRestGames: 4,
  relieverOutsPerRestGame: 3,

  relieverMinimumBatters: 1,
  reentryAllowed: false,
};
