import { FLYBALL_CHART } from "./charts/flyball.js";
import { type GroundballPlay, type Man, readGroundballChart } from "./charts/groundball.js";
import type { PlayDice } from "./dice.js";
import { fieldingAt } from "./fielding.js";
import { type FieldPosition, isOutfield, SCORER_NUMBER } from "./positions.js";
import type { CardResult, FlyballGrade, GroundballGrade } from "./results.js";
import {
  baseCode,
  battingTeam,
  type DefenseChoice,
  fieldingTeamState,
  type GameState,
  type RunnerAttempt,
  type RunnerDecision,
} from "./state.js";
import {
  advanceRunners,
  forceAdvance,
  type Mover,
  moverAt,
  moverFrom,
  outsAfter,
  putOut,
  runnersOn,
  sendTo,
  type WorkingPlay,
} from "./working-play.js";
import { applyXCheck } from "./xcheck.js";

/**
 * Resolving one reading (rules reference §3, §4): what happens to the batter and each runner.
 * Each function is one kind of result, named the way a scorer would name it; they change the
 * working play and answer with the runner decision the play now waits on, if any.
 */
export interface Resolution {
  readonly state: GameState;
  readonly play: WorkingPlay;
  readonly dice: PlayDice;
  readonly defense: DefenseChoice;
}

export type Waiting = RunnerDecision | null;

export const DEFAULT_DEFENSE: DefenseChoice = {
  infield: "back",
  outfield: "normal",
  hold: { first: false, second: false, third: false },
  intentionalWalk: false,
};

export function nameOf(state: GameState, id: number): string {
  return state.lineup[id - 1]?.name ?? `#${id}`;
}

export function fielderId(state: GameState, position: FieldPosition): number {
  return fieldingTeamState(state).defense[position];
}

const BASE_NAME = ["home", "first", "second", "third", "home"] as const;

export function applyResult(r: Resolution, result: CardResult): Waiting {
  const { play } = r;
  const batter = moverFrom(play, 0)!;
  const name = nameOf(r.state, batter.id);
  switch (result.type) {
    case "SINGLE_1":
      return applyHit(r, 1, 1, `${name} singles`);
    case "SINGLE_2":
      return applyHit(r, 1, 2, `${name} singles`);
    case "SINGLE_UNCAPPED":
      applyHit(r, 1, 1, `${name} singles to ${positionName(result.fielder)}`);
      return offerExtraBase(r, result.fielder);
    case "DOUBLE_2":
      return applyHit(r, 2, 2, `${name} doubles`);
    case "DOUBLE_3":
      return applyHit(r, 2, 3, `${name} doubles`);
    case "DOUBLE_UNCAPPED":
      applyHit(r, 2, 2, `${name} doubles to ${positionName(result.fielder)}`);
      return offerExtraBase(r, result.fielder);
    case "TRIPLE":
      return applyHit(r, 3, 3, `${name} triples`);
    case "HOMERUN":
      return applyHit(r, 4, 3, `${name} homers`);
    case "BP_HOMERUN": {
      const d20 = r.dice.d20("ballpark");
      if (d20 <= r.state.ballpark.homerun) {
        play.stats.bphr = 1;
        return applyHit(r, 4, 3, `${name} homers (ballpark, d20 ${d20})`);
      }
      play.stats.bpfo = 1;
      putOut(play, batter);
      play.description.push(`${name} flies out at the wall (ballpark, d20 ${d20})`);
      return null;
    }
    case "BP_SINGLE": {
      const d20 = r.dice.d20("ballpark");
      if (d20 <= r.state.ballpark.single) {
        play.stats.bp1b = 1;
        return applyHit(r, 1, 1, `${name} singles (ballpark, d20 ${d20})`);
      }
      play.stats.bplo = 1;
      putOut(play, batter);
      play.description.push(`${name} lines out (ballpark, d20 ${d20})`);
      return null;
    }
    case "WALK":
      play.stats.bb = 1;
      forceAdvance(play);
      play.description.push(`${name} walks`);
      return null;
    case "HBP":
      play.stats.hbp = 1;
      forceAdvance(play);
      play.description.push(`${name} is hit by a pitch`);
      return null;
    case "STRIKEOUT":
      play.stats.so = 1;
      putOut(play, batter);
      play.description.push(`${name} strikes out`);
      return null;
    case "GROUNDBALL":
      return applyGroundball(r, result.grade, result.fielder, result.plus);
    case "FLYBALL":
      return applyFlyball(r, result.grade, result.fielder);
    case "LINEOUT":
      return applyLineout(r, result.fielder, result.max);
    case "POPOUT":
      play.defenderId = fielderId(r.state, result.fielder);
      putOut(play, batter);
      play.description.push(`${name} pops out to ${positionName(result.fielder)}`);
      return null;
    case "FOULOUT":
      play.defenderId = fielderId(r.state, result.fielder);
      putOut(play, batter);
      play.description.push(`${name} fouls out to ${positionName(result.fielder)}`);
      return null;
    case "XCHECK":
      return applyXCheck(r, result.position);
  }
}

/** A hit: the batter to `batterBase` (4 = home run), every runner up `runnerBases`. */
export function applyHit(
  r: Resolution,
  batterBase: number,
  runnerBases: number,
  text: string,
): Waiting {
  const { play } = r;
  play.stats.hit = 1;
  if (batterBase === 2) play.stats.double = 1;
  if (batterBase === 3) play.stats.triple = 1;
  if (batterBase === 4) play.stats.homerun = 1;
  advanceRunners(play, runnerBases);
  sendTo(moverFrom(play, 0)!, batterBase);
  play.description.push(text);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Groundballs (§4.2, §4.3)

/** Does the fielder at this position play in (infield in, or corners in for 1B/3B/P/C)? */
export function isPlayingIn(r: Resolution, position: FieldPosition): boolean {
  const { infield } = r.defense;
  if (isOutfield(position)) return false;
  if (infield === "in") return true;
  if (infield !== "cornersIn") return false;
  if (position === "1B" || position === "3B") return true;
  return (position === "P" || position === "C") && r.state.rules.cornersInIncludesBattery;
}

export function applyGroundball(
  r: Resolution,
  grade: GroundballGrade,
  fielder: FieldPosition,
  plus: boolean,
): Waiting {
  const { play, state } = r;
  const batter = moverFrom(play, 0)!;
  const name = nameOf(state, batter.id);
  play.defenderId = fielderId(state, fielder);
  const playingIn = isPlayingIn(r, fielder);
  if (plus && playingIn) {
    return applyHit(
      r,
      1,
      2,
      `${name} grounds a single through the drawn-in infield at ${positionName(fielder)}`,
    );
  }
  play.forceOuts = true;
  if (play.outsBefore === 2) {
    putOut(play, batter);
    play.description.push(`${name} grounds out, ${throwSequence(fielder, [0])}`);
    return null;
  }
  const chart = readGroundballChart(baseCode(state.bases), grade, playingIn);
  applyChartPlay(play, chart);
  play.description.push(describeGroundball(state, name, fielder, chart));
  return null;
}

export function applyChartPlay(play: WorkingPlay, chart: GroundballPlay): void {
  for (const man of chart.outs) {
    const mover = moverFrom(play, man);
    if (mover !== undefined && outsAfter(play) < 3) putOut(play, mover);
  }
  // Lead runners move first so nobody passes anybody.
  for (const man of [3, 2, 1, 0] as const) {
    const to = chart.to[man];
    const mover = moverFrom(play, man);
    if (to !== undefined && mover !== undefined && !mover.out) sendTo(mover, to);
  }
  if (chart.dp) {
    play.stats.gidp = 1;
    play.rbiEligible = false;
  }
}

/** "6-4-3": the scorer's numbers of the fielders who handled the ball, by who was put out. */
export function throwSequence(fielder: FieldPosition, outs: readonly Man[]): string {
  const f = SCORER_NUMBER[fielder];
  const coverSecond = fielder === "SS" || fielder === "3B" ? 4 : 6;
  const steps: number[] = [f];
  for (const man of outs) {
    const base = man === 0 ? 1 : man + 1;
    const taker = base === 1 ? 3 : base === 2 ? coverSecond : base === 3 ? 5 : 2;
    if (steps[steps.length - 1] !== taker) steps.push(taker);
  }
  if (steps.length === 1) return `${f}U`;
  return steps.join("-");
}

function describeGroundball(
  state: GameState,
  name: string,
  fielder: FieldPosition,
  chart: GroundballPlay,
): string {
  const sequence = throwSequence(fielder, chart.outs);
  if (chart.dp) return `${name} grounds into a ${sequence} double play`;
  if (chart.outs.length === 1 && chart.outs[0] === 0) return `${name} grounds out, ${sequence}`;
  const forced = chart.outs
    .filter((man) => man !== 0)
    .map((man) => {
      const runnerId = runnerIdStartingOn(state, man);
      return `${runnerId === null ? "the runner" : nameOf(state, runnerId)} out at ${BASE_NAME[man + 1]}`;
    });
  return `${name} reaches on a fielder's choice, ${sequence} (${forced.join(", ")})`;
}

function runnerIdStartingOn(state: GameState, base: number): number | null {
  const runner =
    base === 1 ? state.bases.first : base === 2 ? state.bases.second : state.bases.third;
  return runner?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Flyballs (§4.1) and lineouts

export function applyFlyball(r: Resolution, grade: FlyballGrade, fielder: FieldPosition): Waiting {
  const { play, state } = r;
  const batter = moverFrom(play, 0)!;
  const name = nameOf(state, batter.id);
  play.defenderId = fielderId(state, fielder);
  putOut(play, batter);
  play.caughtFly = true;
  const shown = grade === "BQ" ? "B?" : grade;
  play.description.push(`${name} flies out to ${positionName(fielder)} (fly ${shown})`);
  if (outsAfter(play) >= 3) return null;
  // §6 [D]: with the outfield shallow or deep, a FLY B? plays as B.
  const played = grade === "BQ" && r.defense.outfield !== "normal" ? "B" : grade;
  const chart = FLYBALL_CHART[played];
  let tag: Waiting = null;
  for (const runner of runnersOn(play)) {
    const rule = chart[runner.at as 1 | 2 | 3];
    if (rule === "advances") sendTo(runner, runner.at + 1);
    else if (
      (rule === "tagOrOut" || rule === "tagOrHold") &&
      tag === null &&
      isOpen(play, runner.at + 1)
    ) {
      tag = {
        kind: "runner",
        side: battingTeam(state),
        step: "tagUp",
        lead: attempt(r, runner, runner.at + 1, fielder, "tag"),
        trail: null,
      };
    }
  }
  return tag;
}

/** Resolves a tag-up the offense sent (or held). */
export function resolveTagUp(
  r: Resolution,
  decision: RunnerDecision,
  send: boolean,
  fielder: FieldPosition | null,
): void {
  const { play, state } = r;
  const runner = play.movers.find((m) => m.id === decision.lead.lineupId)!;
  const name = nameOf(state, runner.id);
  if (!send) {
    play.description.push(`${name} holds`);
    return;
  }
  const d20 = r.dice.d20("tag-up");
  const fromThird = decision.lead.from === 3;
  if (d20 <= decision.lead.target) {
    sendTo(runner, decision.lead.to);
    play.description.push(
      `${name} tags and is safe at ${BASE_NAME[decision.lead.to]} (d20 ${d20}, needed ${decision.lead.target} or less)`,
    );
  } else if (fromThird || d20 === state.rules.tagUpOutOnFace) {
    putOut(play, runner);
    play.description.push(
      `${name} tags and is thrown out at ${BASE_NAME[decision.lead.to]}${fielder ? ` by ${positionName(fielder)}` : ""} (d20 ${d20})`,
    );
  } else {
    play.description.push(`${name} starts to tag but holds (d20 ${d20})`);
  }
}

export function applyLineout(r: Resolution, fielder: FieldPosition, max: boolean): Waiting {
  const { play, state } = r;
  const batter = moverFrom(play, 0)!;
  play.defenderId = fielderId(state, fielder);
  putOut(play, batter);
  const doubled: string[] = [];
  if (max) {
    for (const runner of runnersOn(play)) {
      if (outsAfter(play) >= 3) break;
      putOut(play, runner);
      doubled.push(`${nameOf(state, runner.id)} doubled off ${BASE_NAME[runner.at]}`);
    }
  }
  const outs = play.outs;
  play.description.push(
    `${nameOf(state, batter.id)} lines ${outs === 3 ? "into a triple play" : outs === 2 ? "into a double play" : "out"} to ${positionName(fielder)}${doubled.length > 0 ? `; ${doubled.join(", ")}` : ""}`,
  );
  return null;
}

// ---------------------------------------------------------------------------------------------
// Uncapped hits (§4.3): the lead runner may try for an extra base

/**
 * After an uncapped single or double: if a runner may try for one more base (the lead runner
 * whose next base is open), the offense must decide. Targets: speed + the fielder's arm, +2 with
 * two outs; R1 going first to third also -2 to LF, 0 to CF, +2 to RF; a shallow outfield +1,
 * a deep one -1 [D].
 */
export function offerExtraBase(r: Resolution, fielder: FieldPosition): Waiting {
  const { play, state } = r;
  if (outsAfter(play) >= 3) return null;
  const onBase = runnersOn(play);
  const lead = onBase.find((runner) => runner.from !== 0 && isOpen(play, runner.at + 1));
  if (lead === undefined) return null;
  // The trailing man: the next runner behind the lead runner (possibly the batter).
  const behind = play.movers
    .filter((m) => !m.out && m.at >= 1 && m.at < lead.at)
    .sort((a, b) => b.at - a.at)[0];
  const trail =
    behind !== undefined &&
    behind.at + 1 <= 3 &&
    (behind.at + 1 === lead.at || isOpen(play, behind.at + 1))
      ? attempt(r, behind, behind.at + 1, fielder, "extra")
      : null;
  return {
    kind: "runner",
    side: battingTeam(state),
    step: "send",
    lead: attempt(r, lead, lead.at + 1, fielder, "extra"),
    trail,
  };
}

/** Home is always open; a base is open when nobody stands on it. */
export function isOpen(play: WorkingPlay, base: number): boolean {
  return base >= 4 || moverAt(play, base) === undefined;
}

function attempt(
  r: Resolution,
  mover: Mover,
  to: number,
  fielder: FieldPosition,
  kind: "tag" | "extra",
): RunnerAttempt {
  const { state, play } = r;
  const rules = state.rules;
  const speed = state.players[mover.id]!.batting.speed;
  const fielderPlayer = state.players[fielderId(state, fielder)]!;
  const arm = fieldingAt(fielderPlayer, fielder, rules).arm ?? 0;
  let target = speed + arm;
  if (kind === "tag") target += rules.tagUpBonus;
  else {
    if (play.outsBefore + play.outs === 2) target += rules.extraBaseTwoOutBonus;
    if (
      mover.from === 1 &&
      to === 3 &&
      (fielder === "LF" || fielder === "CF" || fielder === "RF")
    ) {
      target += rules.firstToThirdByFielder[fielder];
    }
    if (r.defense.outfield === "shallow") target += rules.shallowOutfieldExtraBaseBonus;
    if (r.defense.outfield === "deep") target -= rules.deepOutfieldExtraBasePenalty;
  }
  return { lineupId: mover.id, from: mover.at, to, target: Math.min(20, Math.max(1, target)) };
}

/** Settles an extra-base attempt: the targeted runner rolls; an untargeted sent runner is safe. */
export function resolveExtraBase(
  r: Resolution,
  decision: RunnerDecision,
  choice: { leadSent: boolean; thrown: boolean; trailSent: boolean; target: "lead" | "trail" },
): void {
  const { play, state } = r;
  const lead = play.movers.find((m) => m.id === decision.lead.lineupId)!;
  const trail =
    decision.trail === null
      ? undefined
      : play.movers.find((m) => m.id === decision.trail!.lineupId);
  if (!choice.leadSent) {
    play.description.push(`${nameOf(state, lead.id)} holds at ${BASE_NAME[lead.at]}`);
    return;
  }
  if (!choice.thrown) {
    sendTo(lead, decision.lead.to);
    play.description.push(
      `${nameOf(state, lead.id)} takes ${BASE_NAME[decision.lead.to]} with no throw`,
    );
    return;
  }
  const targeted =
    choice.target === "trail" && trail !== undefined && choice.trailSent ? "trail" : "lead";
  const runner = targeted === "lead" ? lead : trail!;
  const aim = targeted === "lead" ? decision.lead : decision.trail!;
  const other = targeted === "lead" ? (choice.trailSent ? trail : undefined) : lead;
  const otherAim = targeted === "lead" ? decision.trail : decision.lead;
  // The runner not thrown at moves up first (the lead runner first, so nobody passes anybody).
  if (other !== undefined && otherAim !== null && targeted === "trail") sendTo(other, otherAim.to);
  const d20 = r.dice.d20("extra base");
  if (d20 <= aim.target) {
    sendTo(runner, aim.to);
    play.description.push(
      `${nameOf(state, runner.id)} tries for ${BASE_NAME[aim.to]} and is safe (d20 ${d20}, needed ${aim.target} or less)`,
    );
  } else {
    putOut(play, runner);
    play.description.push(
      `${nameOf(state, runner.id)} is thrown out at ${BASE_NAME[aim.to]} (d20 ${d20})`,
    );
  }
  if (other !== undefined && otherAim !== null && targeted === "lead") sendTo(other, otherAim.to);
}

export function positionName(position: FieldPosition): string {
  return POSITION_NAME[position];
}

const POSITION_NAME: Readonly<Record<FieldPosition, string>> = {
  P: "the pitcher",
  C: "the catcher",
  "1B": "first",
  "2B": "second",
  "3B": "third",
  SS: "short",
  LF: "left",
  CF: "center",
  RF: "right",
};

export { BASE_NAME };
