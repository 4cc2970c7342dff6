import { isVulnerable } from "../engine/fatigue.js";
import {
  type Action,
  battingTeam,
  type DefenseChoice,
  defaultAction,
  fieldingTeam,
  type GameState,
  type OnBaseCode,
  type PendingDecision,
  type Player,
  type RunnerDecision,
  type SetDefense,
  type TeamSide,
} from "../engine/index.js";
import { injuredMustLeave, replacementFor } from "../engine/injuries.js";
import type { WinExpectancyTable } from "../engine/scoring/index.js";
import { chanceOfSuccessfulBunt } from "../engine/strategy/bunt.js";
import { hitAndRunGrade } from "../engine/strategy/hit-and-run.js";
import { whyOffenseIllegal } from "../engine/strategy/offense.js";
import { chanceOfSafeSteal } from "../engine/strategy/steal.js";
import { bestRelieverOnBench, positionOf, whyPitcherMustStay } from "../engine/substitutions.js";
import {
  batterValue,
  expectedRuns,
  homeWinChance,
  isLateAndClose,
  type Situation,
  situationOf,
  stateHash,
} from "./estimates.js";
import { PERSONALITIES, type Personality, type PersonalityName } from "./personalities.js";

/**
 * An AI manager: a player's view of the game and the decision it owes in, an action out.
 * Every choice is a pure function of the view (no clock, no Math.random), so the same game and
 * seed always bring the same decisions. Each one weighs the options with the run-expectancy
 * table (RE24) early and the win-expectancy table late and close.
 */
export interface DecisionContext {
  /** The side this manager runs. */
  readonly side: TeamSide;
}

export interface Manager {
  readonly personality: Personality;
  decide(view: GameState, pending: PendingDecision, ctx: DecisionContext): Action;
}

export interface ManagerOptions {
  /** Our own simulated win-expectancy table; without it a normal approximation over RE24 is used. */
  readonly winExpectancy?: WinExpectancyTable;
}

export function createManager(name: PersonalityName, options: ManagerOptions = {}): Manager {
  const personality = PERSONALITIES[name];
  return {
    personality,
    decide(view, pending, ctx) {
      const m = new Mind(view, personality, ctx.side, options.winExpectancy);
      return m.decide(pending);
    },
  };
}

const EMPTY_HOLD = { first: false, second: false, third: false } as const;

class Mind {
  constructor(
    readonly state: GameState,
    readonly p: Personality,
    readonly side: TeamSide,
    readonly table: WinExpectancyTable | undefined,
  ) {}

  decide(pending: PendingDecision): Action {
    switch (pending.kind) {
      case "defense":
        return this.replaceInjured(pending.side) ?? this.decideDefense(pending.side);
      case "offense":
        return this.replaceInjured(pending.side) ?? this.decideOffense(pending.side);
      case "runner":
        return this.decideRunner(pending);
      case "roll":
        return { type: "rollAtBat" };
      case "sba/read-card":
      case "gameOver": {
        const action = defaultAction(this.state);
        if (action === null) return { type: "forfeit", side: this.side };
        return action;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Values: runs early, wins late and close (for the batting team)

  private usesWins(): boolean {
    return this.state.inning >= this.state.rules.inningsPerGame - 2;
  }

  /** The batting team's value of a situation in this half-inning, with `runs` more scored. */
  private value(code: OnBaseCode, outs: number, runs: number): number {
    const s = this.state;
    if (!this.usesWins()) return runs + expectedRuns(code, outs);
    const battingHome = s.half === "bottom";
    const diff = s.home.runs - s.away.runs + (battingHome ? runs : -runs);
    const situation: Situation = { inning: s.inning, half: s.half, outs, code, diff };
    const home = homeWinChance(situation, s.rules.inningsPerGame, this.table);
    return battingHome ? home : 1 - home;
  }

  /** Is P(success) good enough? Break-even from the values of success, failure and not trying. */
  private worthIt(chance: number, success: number, failure: number, stay: number, margin: number) {
    if (success <= failure) return false;
    const breakEven = (stay - failure) / (success - failure);
    return chance >= breakEven + margin;
  }

  // -------------------------------------------------------------------------------------------
  // Defense: pitching changes, replacements, then positioning, holds and the intentional walk

  /** A hurt man due up or in the field must be replaced before anything else (§7). */
  private replaceInjured(side: TeamSide): Action | null {
    const hurt = injuredMustLeave(this.state, side);
    return hurt === null ? null : replacementFor(this.state, hurt);
  }

  private decideDefense(side: TeamSide): Action {
    const change = this.decidePitchingChange(side);
    if (change !== null) return change;
    const replacement = this.decideDefensiveReplacement(side);
    if (replacement !== null) return replacement;
    return this.decidePositioning(side);
  }

  private decidePitchingChange(side: TeamSide): Action | null {
    const s = this.state;
    const team = s[side];
    const pitcherId = team.defense.P;
    const entry = s.lineup[pitcherId - 1];
    const pitcherActive = entry?.isActive === true;
    const injured = s.injuries?.[pitcherId] !== undefined;
    if (pitcherActive && !injured && whyPitcherMustStay(s, side) !== null) return null;
    const tally = s.pitchers[pitcherId];
    const card = s.players[pitcherId]?.pitching;
    if (tally === undefined || card === undefined || card === null) return null;
    const relievers = team.bench.filter((p) => p.pitching !== null);
    if (relievers.length === 0) return null;

    const lead = side === "home" ? s.home.runs - s.away.runs : s.away.runs - s.home.runs;
    const inning = tally.innings.find((i) => i.inning === s.inning);
    const reached = inning?.hitsWalks ?? 0;
    const vulnerable = isVulnerable(card, tally, s.inning, s.rules);
    const closerSituation =
      s.inning >= s.rules.inningsPerGame &&
      lead > 0 &&
      lead <= 3 &&
      s.outs === 0 &&
      this.basesEmpty();
    const closers = relievers.filter((p) => (p.pitching!.endurance.closer ?? -1) >= 0);
    let reason: "fatigue" | "vulnerable" | "closer" | null = null;
    if (!pitcherActive || injured || tally.fatigued) reason = "fatigue";
    else if (vulnerable && reached >= this.p.pullVulnerableAfterBaserunners) reason = "vulnerable";
    else if (
      closerSituation &&
      closers.length > 0 &&
      card.endurance.closer === null &&
      tally.starter === false
    )
      reason = "closer";
    else if (closerSituation && closers.length > 0 && tally.starter && vulnerable)
      reason = "closer";
    if (reason === null) return null;

    const pick =
      reason === "closer"
        ? best(closers, (p) => p.pitching!.endurance.closer ?? 0)
        : this.bestMatchup(relievers, side);
    if (pick === undefined) return null;
    return { type: "changePitcher", side, inPlayerId: pick.id };
  }

  /** The reliever the next batter hits worst (true relievers first). */
  private bestMatchup(relievers: readonly Player[], side: TeamSide): Player | undefined {
    const s = this.state;
    const batting = s[side === "home" ? "away" : "home"];
    const batter = s.players[batting.order[batting.atBat]!]!;
    const proper = relievers.filter((p) => p.pitching!.endurance.reliever !== null);
    const pool = proper.length > 0 ? proper : relievers;
    // Long men for long work: early in the game prefer the longest endurance.
    if (s.inning <= 5) return bestRelieverOnBench(pool);
    return best(pool, (p) => -batterValue(batter, p));
  }

  /** A pinch hitter or runner who cannot field where he must go is replaced by a bench glove. */
  private decideDefensiveReplacement(side: TeamSide): Action | null {
    const s = this.state;
    const team = s[side];
    for (const id of team.order) {
      const entry = s.lineup[id - 1]!;
      if (entry.position !== "PH" && entry.position !== "PR") continue;
      let original = entry;
      while (
        (original.position === "PH" || original.position === "PR") &&
        original.replacingId !== null
      ) {
        original = s.lineup[original.replacingId - 1]!;
      }
      const position = original.position;
      if (position === "DH" || position === "PH" || position === "PR" || position === "P") continue;
      if (s.players[id]!.eligible.includes(position)) continue;
      const glove = team.bench.find((p) => p.pitching === null && p.eligible.includes(position));
      if (glove === undefined) continue;
      return { type: "substitute", side, outId: id, inPlayerId: glove.id, position };
    }
    return null;
  }

  private basesEmpty(): boolean {
    const b = this.state.bases;
    return b.first === null && b.second === null && b.third === null;
  }

  private decidePositioning(side: TeamSide): SetDefense {
    const s = this.state;
    const sit = situationOf(s);
    const lead = side === "home" ? -sit.diff : sit.diff; // the batting team's lead
    const defending = -lead;
    const late = s.inning >= s.rules.inningsPerGame - 2;
    const batterId = this.batterId();
    const batter = s.players[batterId]!;
    const pitcher = s.players[s[side].defense.P]!;
    const tally = s.pitchers[s[side].defense.P];
    const value = batterValue(batter, pitcher, tally?.fatigued === true);

    let infield: DefenseChoice["infield"] = "back";
    if (s.bases.third !== null && s.outs < 2 && late && defending <= 1 && defending >= -1) {
      infield = "in";
    } else if (
      s.outs === 0 &&
      s.bases.third === null &&
      (s.bases.first !== null || s.bases.second !== null) &&
      late &&
      Math.abs(defending) <= 1 &&
      value < this.p.sacrificeBelowValue + 0.02 &&
      (batter.batting.bunt === "A" || batter.batting.bunt === "B")
    ) {
      infield = "cornersIn";
    }

    const outfield = this.decideOutfieldDepth(defending, late);
    const defense: DefenseChoice = {
      infield,
      outfield,
      hold: EMPTY_HOLD,
      intentionalWalk: false,
    };
    const hold = {
      first:
        s.bases.first !== null &&
        s.bases.second === null &&
        chanceOfSafeSteal(s, 1, defense) >= this.p.holdAtChance,
      second:
        s.bases.second !== null &&
        s.bases.third === null &&
        chanceOfSafeSteal(s, 2, defense) >= this.p.holdAtChance + 0.1,
    };
    return {
      type: "setDefense",
      side,
      infield,
      outfield,
      hold,
      intentionalWalk: this.decideIntentionalWalk(side, value),
    };
  }

  /**
   * Outfield depth (§6 [D]). Deep takes a point off runners' extra-base checks on hits, at the
   * price of a FLY B? playing as B (the man on third scores). So deep protects a late lead of
   * 1..deepOutfieldLeadUpTo runs when a man on first or second could take an extra base, and not
   * while a runner on third with fewer than two outs would score on the deeper catch. Shallow is
   * never chosen: the engine's shallow effects (B? as B, runners +1 on extra-base checks) all
   * help the offense, so it can only cost the defense runs.
   */
  private decideOutfieldDepth(defending: number, late: boolean): DefenseChoice["outfield"] {
    const s = this.state;
    if (!late || defending < 1 || defending > this.p.deepOutfieldLeadUpTo) return "normal";
    if (s.bases.first === null && s.bases.second === null) return "normal";
    if (s.bases.third !== null && s.outs < 2) return "normal";
    return "deep";
  }

  /**
   * The intentional walk, by base, outs and score: with first base open and a man in scoring
   * position, when the batter is worth more than the next man by more than the walk costs, or
   * to set up the force with the winning run on third late.
   */
  private decideIntentionalWalk(side: TeamSide, value: number): boolean {
    const s = this.state;
    if (s.bases.first !== null) return false;
    if (s.bases.second === null && s.bases.third === null) return false;
    const sit = situationOf(s);
    const batting = s[side === "home" ? "away" : "home"];
    const nextId = batting.order[(batting.atBat + 1) % batting.order.length]!;
    const pitcher = s.players[s[side].defense.P]!;
    const next = batterValue(s.players[nextId]!, pitcher);
    const walked = (sit.code | 1) as OnBaseCode;
    const battingValueNow = this.value(sit.code, sit.outs, 0);
    const battingValueWalked = this.value(walked, sit.outs, 0);
    if (this.usesWins()) {
      const walkOffThreat =
        s.half === "bottom" &&
        s.inning >= s.rules.inningsPerGame &&
        s.home.runs === s.away.runs &&
        s.bases.third !== null &&
        s.outs < 2;
      if (walkOffThreat && value - next > this.p.walkMargin - 0.03) return true;
    }
    const scale = this.usesWins() ? 0.1 : 1; // a run is worth about 0.1 wins late and close
    const cost = battingValueWalked - battingValueNow;
    return (value - next) * scale > cost + this.p.walkMargin * scale;
  }

  // -------------------------------------------------------------------------------------------
  // Offense: pinch hitter, pinch runner, then the play

  private batterId(): number {
    const team = this.state[battingTeam(this.state)];
    return team.order[team.atBat]!;
  }

  private decideOffense(side: TeamSide): Action {
    const ph = this.decidePinchHitter(side);
    if (ph !== null) return ph;
    const pr = this.decidePinchRunner(side);
    if (pr !== null) return pr;
    return this.decidePlay(side);
  }

  private decidePinchHitter(side: TeamSide): Action | null {
    const s = this.state;
    if (!isLateAndClose(s, 3)) return null;
    const batterId = this.batterId();
    const entry = s.lineup[batterId - 1]!;
    if (entry.afterPlay !== null && entry.afterPlay >= s.playNumber) return null;
    const team = s[side];
    const position = positionOf(team, batterId);
    const bench = team.bench.filter((p) => p.pitching === null);
    if (position === "C" && !bench.some((p) => p.eligible.includes("C"))) return null;
    const fieldingSide = fieldingTeam(s);
    const pitcher = s.players[s[fieldingSide].defense.P]!;
    const fatigued = s.pitchers[s[fieldingSide].defense.P]?.fatigued === true;
    const current = batterValue(s.players[batterId]!, pitcher, fatigued);
    // Keep a catcher on the bench for the catcher's spot.
    const keep =
      position === "C"
        ? undefined
        : bench.filter((p) => p.eligible.includes("C")).length === 1
          ? bench.find((p) => p.eligible.includes("C"))
          : undefined;
    const candidates = bench.filter((p) => p !== keep);
    const hitter = best(candidates, (p) => batterValue(p, pitcher, fatigued));
    if (hitter === undefined) return null;
    if (batterValue(hitter, pitcher, fatigued) - current < this.p.pinchHitGain) return null;
    return { type: "substitute", side, outId: batterId, inPlayerId: hitter.id, position: "PH" };
  }

  private decidePinchRunner(side: TeamSide): Action | null {
    const s = this.state;
    if (s.inning < s.rules.inningsPerGame - 1) return null;
    const lead = side === "home" ? s.home.runs - s.away.runs : s.away.runs - s.home.runs;
    if (lead > 0 || lead < -2) return null;
    const team = s[side];
    const bench = team.bench.filter((p) => p.pitching === null);
    // The run that ties or wins: the lead runners first.
    for (const base of ["third", "second", "first"] as const) {
      const runner = s.bases[base];
      if (runner === null) continue;
      const runnersAhead =
        (base === "first" ? (s.bases.second ? 1 : 0) + (s.bases.third ? 1 : 0) : 0) +
        (base === "second" ? (s.bases.third ? 1 : 0) : 0);
      if (runnersAhead + 1 < -lead) continue;
      const position = positionOf(team, runner.id);
      if (position === "C") continue;
      const speed = s.players[runner.id]!.batting.speed;
      const fastest = best(bench, (p) => p.batting.speed);
      if (fastest === undefined) return null;
      if (fastest.batting.speed - speed >= this.p.pinchRunSpeedGain) {
        return {
          type: "substitute",
          side,
          outId: runner.id,
          inPlayerId: fastest.id,
          position: "PR",
        };
      }
    }
    return null;
  }

  private decidePlay(side: TeamSide): Action {
    const s = this.state;
    const defense = s.choices.defense ?? {
      infield: "back",
      outfield: "normal",
      hold: EMPTY_HOLD,
      intentionalWalk: false,
    };
    const swing: Action = { type: "setOffense", side, play: "swing" };
    const sit = situationOf(s);
    const stay = this.value(sit.code, sit.outs, 0);

    // Steals: the lead runner with an open base ahead.
    const stealCandidates: { play: "steal" | "doubleSteal"; runners: (1 | 2)[]; base: 1 | 2 }[] =
      [];
    if (s.bases.second !== null && s.bases.third === null) {
      stealCandidates.push({ play: "steal", runners: [2], base: 2 });
      if (s.bases.first !== null)
        stealCandidates.push({ play: "doubleSteal", runners: [1, 2], base: 2 });
    }
    if (s.bases.first !== null && s.bases.second === null) {
      stealCandidates.push({ play: "steal", runners: [1], base: 1 });
    }
    for (const candidate of stealCandidates) {
      if (whyOffenseIllegal(s, candidate.play, candidate.runners) !== null) continue;
      const chance = chanceOfSafeSteal(s, candidate.base, defense);
      const bit = candidate.base === 1 ? 1 : 2;
      const moved = candidate.play === "doubleSteal" ? 6 : (sit.code & ~bit) | (bit << 1);
      const success = this.value((moved | (sit.code & 4)) as OnBaseCode, sit.outs, 0);
      // Caught: the lead runner is out; on a double steal the trailing man still moves up.
      const caughtCode = candidate.play === "doubleSteal" ? 2 : sit.code & ~bit;
      const failure = this.value(caughtCode as OnBaseCode, sit.outs + 1, 0);
      if (this.worthIt(chance, success, failure, stay, this.p.stealMargin)) {
        return { type: "setOffense", side, play: candidate.play, runners: candidate.runners };
      }
    }

    const batterId = this.batterId();
    const batter = s.players[batterId]!;
    const fieldingSide = fieldingTeam(s);
    const pitcher = s.players[s[fieldingSide].defense.P]!;
    const value = batterValue(batter, pitcher, s.pitchers[pitcher.id]?.fatigued === true);
    const late = isLateAndClose(s, 1);
    const lead = side === "home" ? s.home.runs - s.away.runs : s.away.runs - s.home.runs;

    // Squeeze: the run on third, late and close.
    if (
      late &&
      lead <= 0 &&
      whyOffenseIllegal(s, "squeeze", []) === null &&
      this.p.squeezeGrades.includes(batter.batting.bunt) &&
      chanceOfSuccessfulBunt(s, batterId, defense) >= 0.5
    ) {
      return { type: "setOffense", side, play: "squeeze" };
    }
    // Sacrifice: play for one run with a weak bat, nobody out.
    if (
      late &&
      lead <= 0 &&
      s.outs === 0 &&
      s.bases.third === null &&
      value < this.p.sacrificeBelowValue &&
      whyOffenseIllegal(s, "sacrifice", []) === null
    ) {
      const success = this.value((sit.code << 1) as OnBaseCode, 1, 0);
      const failure = this.value(sit.code, 1, 0);
      const chance = chanceOfSuccessfulBunt(s, batterId, defense);
      if (chance * success + (1 - chance) * failure >= stay - 0.005) {
        return { type: "setOffense", side, play: "sacrifice" };
      }
    }
    // Hit-and-run: by the batter's grade, on a share of the chances.
    if (s.outs < 2 && whyOffenseIllegal(s, "hitAndRun", []) === null) {
      const grade = hitAndRunGrade(s, batterId, defense);
      if (stateHash(s, 17) < this.p.hitAndRunRate[grade]) {
        return { type: "setOffense", side, play: "hitAndRun" };
      }
    }
    return swing;
  }

  // -------------------------------------------------------------------------------------------
  // Runner decisions: extra bases, tag-ups, the throw

  private decideRunner(pending: RunnerDecision): Action {
    const s = this.state;
    const { side, lead, trail } = pending;
    const progress = s.inProgress;
    const play = progress?.play;
    const outsNow = play === undefined ? s.outs : play.outsBefore + play.outs;
    // Where everybody stands now (the batter included), and the runs already in.
    const standing = (play?.movers ?? []).filter((m) => !m.out && m.at >= 1 && m.at <= 3);
    const scored = (play?.movers ?? []).filter((m) => !m.out && m.at >= 4).length;
    const codeWith = (moves: Map<number, number | null>) => {
      let code = 0;
      let runs = scored;
      for (const m of standing) {
        const to = moves.has(m.id) ? moves.get(m.id)! : m.at;
        if (to === null) continue;
        if (to >= 4) runs++;
        else code |= 1 << (to - 1);
      }
      return { code: code as OnBaseCode, runs };
    };
    const valueAfter = (moves: Map<number, number | null>, extraOuts: number) => {
      const { code, runs } = codeWith(moves);
      const outs = outsNow + extraOuts;
      return outs >= 3 ? this.value(0, 3, runs) : this.value(code, outs, runs);
    };
    const attemptWorth = (a: typeof lead, tagFromSecond: boolean) => {
      const chance = a.target / 20;
      const success = valueAfter(new Map([[a.lineupId, a.to]]), 0);
      const failure = valueAfter(new Map([[a.lineupId, null]]), 1);
      const stay = valueAfter(new Map(), 0);
      if (tagFromSecond) {
        // Out only on a 20; otherwise he holds.
        const out = a.target >= 20 ? 0 : 1 / 20;
        return chance * success + out * failure + (1 - chance - out) * stay >= stay;
      }
      return this.worthIt(chance, success, failure, stay, this.p.sendMargin);
    };
    switch (pending.step) {
      case "send":
        return { type: "decideRunner", side, step: "send", send: attemptWorth(lead, false) };
      case "tagUp":
        return {
          type: "decideRunner",
          side,
          step: "tagUp",
          send: attemptWorth(lead, lead.from === 2 && this.p.name !== "safe"),
        };
      case "trail":
        return {
          type: "decideRunner",
          side,
          step: "trail",
          send: trail !== null && attemptWorth(trail, false),
        };
      case "throw":
        return {
          type: "decideRunner",
          side,
          step: "throw",
          throw: lead.target < 20 || trail === null,
        };
      case "target": {
        // Throw where the out is worth most: the runs the out takes away times the chance of it.
        const outValue = (a: typeof lead) =>
          (1 - a.target / 20) * (a.to >= 4 ? 1.2 : a.to === 3 ? 0.8 : 0.6);
        const target = trail !== null && outValue(trail) > outValue(lead) ? "trail" : "lead";
        return { type: "decideRunner", side, step: "target", target };
      }
    }
  }
}

function best<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let top: T | undefined;
  let topScore = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const value = score(item);
    if (value > topScore) {
      top = item;
      topScore = value;
    }
  }
  return top;
}
