/**
 * The three AI managers are one decision model with three parameter sets. Margins are added to
 * the break-even probability a play needs (from the run- or win-expectancy tables): a negative
 * margin takes the gamble sooner, a positive one later.
 */
export type PersonalityName = "balanced" | "yolo" | "safe";

export interface Personality {
  readonly name: PersonalityName;
  /** Steal when P(safe) >= break-even + this. */
  readonly stealMargin: number;
  /** Send a runner for an extra base or on a tag-up when P(safe) >= break-even + this. */
  readonly sendMargin: number;
  /** Share (0..1) of eligible plate appearances on which the hit-and-run is called, by the batter's grade. */
  readonly hitAndRunRate: Readonly<Record<"A" | "B" | "C" | "D", number>>;
  /** Sacrifice late in a close game when the batter's run value per PA is below this. */
  readonly sacrificeBelowValue: number;
  /** Squeeze late in a close game with a batter whose bunt grade is at least this good. */
  readonly squeezeGrades: readonly ("A" | "B" | "C" | "D")[];
  /** Intentional walk when the batter is worth this many runs per PA more than the next one, beyond the walk's cost. */
  readonly walkMargin: number;
  /** Pinch-hit when a bench bat is worth this many runs per PA more (late, close). */
  readonly pinchHitGain: number;
  /** Pinch-run when a bench runner is this much faster (late, close, the run matters). */
  readonly pinchRunSpeedGain: number;
  /** Pull a vulnerable pitcher once this many men have reached against him in the inning. */
  readonly pullVulnerableAfterBaserunners: number;
  /** Hold a runner whose unheld steal chance is at least this. */
  readonly holdAtChance: number;
  /**
   * Play the outfield deep late with a lead of 1..this many runs and a man on first or second
   * (it cuts runners' extra bases on hits, §6 [D]); 0 never plays deep.
   */
  readonly deepOutfieldLeadUpTo: number;
}

export const PERSONALITIES: Readonly<Record<PersonalityName, Personality>> = {
  balanced: {
    name: "balanced",
    stealMargin: 0.08,
    sendMargin: 0,
    hitAndRunRate: { A: 0.3, B: 0.15, C: 0.05, D: 0 },
    sacrificeBelowValue: -0.02,
    squeezeGrades: ["A"],
    walkMargin: 0.02,
    pinchHitGain: 0.03,
    pinchRunSpeedGain: 5,
    pullVulnerableAfterBaserunners: 2,
    holdAtChance: 0.65,
    deepOutfieldLeadUpTo: 2,
  },
  yolo: {
    name: "yolo",
    stealMargin: -0.04,
    sendMargin: -0.12,
    hitAndRunRate: { A: 0.6, B: 0.4, C: 0.25, D: 0.1 },
    sacrificeBelowValue: -0.08,
    squeezeGrades: ["A", "B", "C"],
    walkMargin: -0.01,
    pinchHitGain: 0.02,
    pinchRunSpeedGain: 3,
    pullVulnerableAfterBaserunners: 3,
    holdAtChance: 0.75,
    deepOutfieldLeadUpTo: 1,
  },
  safe: {
    name: "safe",
    stealMargin: 0.16,
    sendMargin: 0.1,
    hitAndRunRate: { A: 0.05, B: 0, C: 0, D: 0 },
    sacrificeBelowValue: 0.02,
    squeezeGrades: [],
    walkMargin: 0.05,
    pinchHitGain: 0.05,
    pinchRunSpeedGain: 6,
    pullVulnerableAfterBaserunners: 1,
    holdAtChance: 0.55,
    deepOutfieldLeadUpTo: 3,
  },
};
