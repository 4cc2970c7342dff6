import type { PitchingCard } from "./cards.js";
import type { LeagueRules } from "./rules.js";
import { type Bases, baseCode, fieldingTeam, type GameState, type PitcherTally } from "./state.js";

/**
 * Fatigue (rules reference §7): when a pitcher becomes vulnerable, and when he is fatigued.
 * A fatigued pitcher's marked results read as SINGLE** (see at-bat.ts). Once fatigued he stays so.
 *
 * The closer rule [S]: a closer situation is a lead in the 9th or later (the last scheduled
 * inning) with the tying run on base or at bat. A pitcher with a closer rating C(n) ("N" is C0)
 * may record n outs before he is vulnerable there, counting every out he already recorded in the
 * game; once he is, one hit or walk in a closer situation fatigues him.
 */

/** A lead in the last scheduled inning or later with the tying run on base or at bat (§7). */
export function isCloserSituation(
  state: Pick<GameState, "inning" | "half" | "away" | "home" | "bases" | "rules">,
): boolean {
  if (state.inning < state.rules.inningsPerGame) return false;
  const fielding = fieldingTeam(state);
  const lead =
    fielding === "home" ? state.home.runs - state.away.runs : state.away.runs - state.home.runs;
  // The batter and every runner on base could score: the tying run is among them.
  return lead > 0 && lead <= runnersOn(state.bases) + 1;
}

function runnersOn(bases: Bases): number {
  const code = baseCode(bases);
  return (code & 1) + ((code >> 1) & 1) + ((code >> 2) & 1);
}

/** Closer rule: in a closer situation he has recorded his C(n) outs (null: no closer rating). */
export function isCloserVulnerable(card: PitchingCard, tally: PitcherTally): boolean | null {
  const closer = card.endurance.closer;
  if (closer === null) return null;
  return tally.outsRecorded >= closer;
}

/** The outs after which he is vulnerable (starters: by innings, handled separately). */
function vulnerableAfterOuts(
  card: PitchingCard,
  tally: PitcherTally,
  rules: LeagueRules,
): number | null {
  if (tally.starter) return null;
  const reliever = card.endurance.reliever;
  if (reliever === null) return 0;
  return rules.relieverVulnerableOutsPerStep * Math.max(0, reliever - 1);
}

export function isVulnerable(
  card: PitchingCard,
  tally: PitcherTally,
  inning: number,
  rules: LeagueRules,
): boolean {
  if (tally.starter) {
    const starter = card.endurance.starter;
    if (starter === null) return true;
    return inning - tally.enteredInning + 1 >= starter;
  }
  const outs = vulnerableAfterOuts(card, tally, rules);
  return outs === null || tally.outsRecorded >= outs;
}

/** The innings cap: starter S + 2 (+1 for "S(n*)"), reliever R(n) n + 2. */
export function inningsCap(
  card: PitchingCard,
  tally: PitcherTally,
  rules: LeagueRules,
): number | null {
  const { starter, starterBonus, reliever } = card.endurance;
  if (tally.starter && starter !== null) {
    return starter + rules.starterCapBonus + (starterBonus ? rules.starStarterExtraInnings : 0);
  }
  if (!tally.starter && reliever !== null) return reliever + rules.relieverCapBonus;
  return null;
}

export function isFatiguedNow(
  card: PitchingCard,
  tally: PitcherTally,
  inning: number,
  rules: LeagueRules,
): boolean {
  if (tally.fatigued) return true;
  // Runs and hits + walks over the last one, two and three innings he pitched in (the current
  // one included), summed in one pass over his innings.
  let runs1 = 0;
  let runs2 = 0;
  let runs3 = 0;
  let hitsWalks1 = 0;
  let hitsWalks2 = 0;
  let hitsWalks3 = 0;
  for (const line of tally.innings) {
    const ago = inning - line.inning;
    if (ago < 0 || ago > 2) continue;
    runs3 += line.runs;
    hitsWalks3 += line.hitsWalks;
    if (ago > 1) continue;
    runs2 += line.runs;
    hitsWalks2 += line.hitsWalks;
    if (ago > 0) continue;
    runs1 += line.runs;
    hitsWalks1 += line.hitsWalks;
  }
  const fatigueRuns = rules.fatigueRuns;
  if (runs1 >= fatigueRuns[0] || runs2 >= fatigueRuns[1] || runs3 >= fatigueRuns[2]) return true;
  const cap = inningsCap(card, tally, rules);
  if (cap !== null && tally.outsRecorded >= cap * 3) return true;
  if (!isVulnerable(card, tally, inning, rules)) return false;
  const fatigueHitsWalks = rules.fatigueHitsWalks;
  return (
    hitsWalks1 >= fatigueHitsWalks[0] ||
    hitsWalks2 >= fatigueHitsWalks[1] ||
    hitsWalks3 >= fatigueHitsWalks[2]
  );
}

/**
 * The tally after a play: outs, batters faced, hits + walks and runs in this inning, fatigue.
 * `closerSituation`: the play began in a closer situation (isCloserSituation, before the play).
 */
export function tallyPlay(
  tally: PitcherTally,
  card: PitchingCard,
  play: {
    inning: number;
    outs: number;
    battersFaced: number;
    hitsWalks: number;
    runs: number;
    closerSituation?: boolean;
  },
  rules: LeagueRules,
): PitcherTally {
  const last = tally.innings[tally.innings.length - 1];
  let innings = tally.innings;
  if (last === undefined || last.inning !== play.inning) {
    innings = [...innings, { inning: play.inning, hitsWalks: play.hitsWalks, runs: play.runs }];
  } else if (play.hitsWalks !== 0 || play.runs !== 0) {
    const added = [...innings];
    added[added.length - 1] = {
      inning: play.inning,
      hitsWalks: last.hitsWalks + play.hitsWalks,
      runs: last.runs + play.runs,
    };
    innings = added;
  }
  // else: nothing to add to this inning's line, so the new tally shares the old one's innings
  // (plain data no one mutates; most plays are outs with nobody scoring).
  // Written field by field in createGame's order: one object layout for every tally.
  const next = {
    pitcherId: tally.pitcherId,
    enteredInning: tally.enteredInning,
    starter: tally.starter,
    outsRecorded: tally.outsRecorded + play.outs,
    battersFaced: tally.battersFaced + play.battersFaced,
    innings,
    fatigued: tally.fatigued,
  };
  const closerFatigue =
    play.closerSituation === true && play.hitsWalks > 0 && isCloserVulnerable(card, tally) === true;
  if (closerFatigue || isFatiguedNow(card, next, play.inning, rules)) next.fatigued = true;
  return next;
}
