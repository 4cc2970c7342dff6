import { readErrorChart } from "./charts/error-charts.js";
import { type RangeResult, readRangeChart } from "./charts/range-charts.js";
import { fieldingAt } from "./fielding.js";
import type { FieldPosition } from "./positions.js";
import {
  applyFlyball,
  applyGroundball,
  applyHit,
  fielderId,
  isPlayingIn,
  nameOf,
  positionName,
  type Resolution,
  type Waiting,
} from "./resolve.js";
import { fieldingTeamState } from "./state.js";
import {
  advanceRunners,
  forceAdvance,
  forceRunners,
  moverAt,
  moverFrom,
  outsAfter,
  putOut,
  runnersOn,
  sendTo,
  type WorkingPlay,
} from "./working-play.js";

/**
 * The defensive X-check (rules reference §5): the d20 range row read in the column of the
 * fielder's range; the 3d6 error chart of his position read with his error rating; d100 = 1 reads
 * the rare-play line instead of the error. G2#/G3# become SI2 when he plays in or holds a runner.
 */
export interface XCheckReading {
  readonly position: FieldPosition;
  readonly fielderId: number;
  readonly range: number;
  readonly error: number;
  readonly d20: number;
  readonly printed: RangeResult;
  readonly result: RangeResult;
  readonly errorRoll: number;
  readonly errorBases: 0 | 1 | 2 | 3;
  readonly d100: number;
  readonly rarePlay: boolean;
}

/**
 * The fielder is holding a runner. [D] 1B holds R1, SS holds R2 (§8); the third baseman holds R3.
 * (A switch by position rather than a table by base: this is read on every X-check.)
 */
export function holdsARunner(r: Resolution, position: FieldPosition): boolean {
  const { hold } = r.defense;
  const { bases } = r.state;
  switch (position) {
    case "1B":
      return hold.first && bases.first !== null;
    case "SS":
      return hold.second && bases.second !== null;
    case "3B":
      return hold.third && bases.third !== null;
    default:
      return false;
  }
}

export function readXCheck(r: Resolution, position: FieldPosition): XCheckReading {
  const id = fielderId(r.state, position);
  const rating = fieldingAt(r.state.players[id]!, position, r.state.rules);
  const d20 = r.dice.d20("x-check range");
  const errorRoll = r.dice.threeD6("x-check error").sum;
  const d100 = r.dice.d100("x-check rare play");
  const printed = readRangeChart(position, d20, rating.range);
  let result = printed;
  if (printed === "G2#" || printed === "G3#") {
    result =
      isPlayingIn(r, position) || holdsARunner(r, position)
        ? "SI2"
        : printed === "G2#"
          ? "G2"
          : "G3";
  }
  const rarePlay = d100 <= r.state.rules.rarePlayAtMost;
  return {
    position,
    fielderId: id,
    range: rating.range,
    error: rating.error,
    d20,
    printed,
    result,
    errorRoll,
    errorBases: rarePlay ? 0 : readErrorChart(position, errorRoll, rating.error),
    d100,
    rarePlay,
  };
}

export function applyXCheck(r: Resolution, position: FieldPosition): Waiting {
  const { play, state } = r;
  const x = readXCheck(r, position);
  play.checkPos = position;
  play.defenderId = x.fielderId;
  const converted = x.printed === x.result ? "" : ` -> ${x.result}`;
  play.description.push(
    `X-check to ${positionName(position)}: ${x.printed}${converted} (d20 ${x.d20}, range ${x.range}; 3d6 ${x.errorRoll}, e${x.error}${x.rarePlay ? `; d100 ${x.d100}: rare play` : ""})`,
  );
  const name = nameOf(state, moverFrom(play, 0)!.id);
  if (x.rarePlay) return applyRarePlay(r, x, name);
  if (x.errorBases > 0) return applyErrorResult(r, x, name);
  return applyCleanResult(r, x, name);
}

/** No error: the range result as the play it names. */
function applyCleanResult(r: Resolution, x: XCheckReading, name: string): Waiting {
  const { play } = r;
  switch (x.result) {
    case "G1":
      return applyGroundball(r, "A", x.position, false);
    case "G2":
      return applyGroundball(r, "B", x.position, false);
    case "G3":
      return applyGroundball(r, "C", x.position, false);
    case "SI1":
      return applyHit(r, 1, 1, `${name} singles`);
    case "SI2":
      return applyHit(r, 1, 2, `${name} singles`);
    case "SPD":
      return applySpeedCheck(r, x, name);
    case "PO":
      putOut(play, moverFrom(play, 0)!);
      play.description.push(`${name} pops out to the catcher`);
      return null;
    case "FO":
      return applyCatcherFoulPop(r, name);
    case "F1":
      return applyFlyball(r, "A", x.position);
    case "F2":
      return applyFlyball(r, "B", x.position);
    case "F3":
      return applyFlyball(r, "C", x.position);
    case "DO2":
      return applyHit(r, 2, 2, `${name} doubles`);
    case "DO3":
      return applyHit(r, 2, 3, `${name} doubles`);
    case "TR3":
      return applyHit(r, 3, 3, `${name} triples`);
    case "G2#":
    case "G3#":
      throw new Error("unconverted # result");
  }
}

/** SPD: the batter is safe with SI* if d20 <= his running rating, otherwise GB C. */
function applySpeedCheck(r: Resolution, x: XCheckReading, name: string): Waiting {
  const batter = moverFrom(r.play, 0)!;
  const speed = r.state.players[batter.id]!.batting.speed;
  const d20 = r.dice.d20("speed check");
  if (d20 <= speed) return applyHit(r, 1, 1, `${name} beats it out (speed ${speed}, d20 ${d20})`);
  r.play.description.push(`${name} is thrown out on the speed check (speed ${speed}, d20 ${d20})`);
  return applyGroundball(r, "C", x.position, false);
}

/** FO by the catcher: with runners on, a passed-ball check first (PB: the batter rolls again). */
function applyCatcherFoulPop(r: Resolution, name: string): Waiting {
  const { play, state } = r;
  if (runnersOn(play).length > 0) {
    const catcherId = fieldingTeamState(state).defense.C;
    const pb = fieldingAt(state.players[catcherId]!, "C", state.rules).passedBall ?? 0;
    const d20 = r.dice.d20("pb check");
    if (d20 <= pb) {
      applyPassedBall(play, state.rules.wildPitchAdvance);
      play.description.push(`passed ball (d20 ${d20}, PB ${pb}); ${name} bats again`);
      return null;
    }
    play.description.push(`no passed ball (d20 ${d20}, PB ${pb})`);
  }
  putOut(play, moverFrom(play, 0)!);
  play.description.push(`${name} fouls out to the catcher`);
  return null;
}

/** A passed ball inside a plate appearance: runners move up, the batter stays at the plate. */
export function applyPassedBall(play: WorkingPlay, bases: number): void {
  const batter = moverFrom(play, 0);
  if (batter !== undefined) play.movers = play.movers.filter((m) => m !== batter);
  play.endsAppearance = false;
  play.hitType = "PB";
  play.stats.passed_ball = 1;
  play.rbiEligible = false;
  advanceRunners(play, bases, true);
}

function chargeError(r: Resolution, x: XCheckReading, bases: number): void {
  r.play.errors.push({ position: x.position, lineupId: x.fielderId, bases });
}

/**
 * An error (§5): N-base error = the batter reaches base N and every runner moves up N [D], on
 * outs and on hits alike, except where the chart row says otherwise (hits: the batter's base
 * includes his hit; DO/TR errors and E2+ on singles: all runners score).
 */
function applyErrorResult(r: Resolution, x: XCheckReading, name: string): Waiting {
  const { play } = r;
  const e = x.errorBases;
  const batter = moverFrom(play, 0)!;
  chargeError(r, x, e);
  switch (x.result) {
    case "G1":
    case "G2":
    case "G3":
    case "F1":
    case "F2":
    case "F3":
    case "PO": {
      // The batter reaches on the error: an out that was not made.
      const base = x.result === "PO" && e >= 2 ? 2 : Math.min(3, e);
      const runnerBases = x.result === "PO" && e >= 2 ? 3 : e === 3 ? 3 : e;
      batter.unearned = true;
      advanceRunners(play, runnerBases, true);
      sendTo(batter, base, true);
      play.description.push(`${name} reaches on a ${e}-base error by ${positionName(x.position)}`);
      return null;
    }
    case "FO": {
      // A dropped foul pop: the error stands and the batter rolls again.
      if (batter !== undefined) play.movers = play.movers.filter((m) => m !== batter);
      play.endsAppearance = false;
      play.hitType = "E-FO";
      play.description.push(`the catcher drops a foul pop for an error; ${name} bats again`);
      return null;
    }
    case "SPD":
    case "SI1":
    case "SI2": {
      play.stats.hit = 1;
      if (e === 1) {
        advanceRunners(play, 2, true);
        sendTo(batter, 2, true);
        play.description.push(
          `${name} singles and takes second on an error by ${positionName(x.position)}`,
        );
      } else {
        advanceRunners(play, 3, true);
        sendTo(batter, 3, true);
        play.description.push(
          `${name} singles and takes third on a ${e}-base error by ${positionName(x.position)}`,
        );
      }
      return null;
    }
    case "DO2":
    case "DO3": {
      play.stats.hit = 1;
      play.stats.double = 1;
      advanceRunners(play, 3, true);
      const batterScores = e === 3 || (x.result === "DO3" && e === 2);
      sendTo(batter, batterScores ? 4 : 3, true);
      play.description.push(
        `${name} doubles and ${batterScores ? "scores" : "takes third"} on an error by ${positionName(x.position)}`,
      );
      return null;
    }
    case "TR3": {
      play.stats.hit = 1;
      play.stats.triple = 1;
      advanceRunners(play, 3, true);
      sendTo(batter, 4, true);
      play.description.push(
        `${name} triples and scores on an error by ${positionName(x.position)}`,
      );
      return null;
    }
    case "G2#":
    case "G3#":
      throw new Error("unconverted # result");
  }
}

/** d100 = 1: the rare-play line of the range result (§5, chart_data.py). */
function applyRarePlay(r: Resolution, x: XCheckReading, name: string): Waiting {
  const { play, state } = r;
  const batter = moverFrom(play, 0)!;
  switch (x.result) {
    case "G1": {
      // Runner interference breaks up the DP: the batter is out on a GIDP (R1 too).
      const r1 = moverAt(play, 1);
      play.forceOuts = true;
      putOut(play, batter);
      if (r1 !== undefined && outsAfter(play) < 3) {
        putOut(play, r1);
        play.stats.gidp = 1;
        play.rbiEligible = false;
        play.description.push(
          `rare play: ${nameOf(state, r1.id)} is called for interference; ${name} out on a GIDP`,
        );
      } else {
        play.description.push(`rare play: ${name} grounds out`);
      }
      return null;
    }
    case "G2": {
      play.forceOuts = true;
      putOut(play, batter);
      if (outsAfter(play) < 3) {
        // Runners advance only if forced (the batter's run to first forced them).
        forceRunners(play);
      }
      play.description.push(
        `rare play: off the pitcher to ${positionName(x.position)}, ${name} out at first`,
      );
      return null;
    }
    case "G3":
      play.forceOuts = true;
      putOut(play, batter);
      if (outsAfter(play) < 3) advanceRunners(play, 1);
      play.description.push(
        `rare play: off the mound to ${positionName(x.position)}, ${name} out at first`,
      );
      return null;
    case "SI1": {
      const r1 = moverAt(play, 1);
      if (r1 === undefined)
        return applyHit(r, 1, 1, `${name} singles (rare play: nobody on first)`);
      play.stats.hit = 1;
      putOut(play, r1);
      sendTo(batter, 1);
      play.description.push(
        `rare play: ${name}'s liner hits ${nameOf(state, r1.id)}, who is out; ${name} to first with a single`,
      );
      return null;
    }
    case "SPD":
      play.description.push("rare play: no effect");
      return applySpeedCheck(r, x, name);
    case "SI2":
      applyHit(r, 1, 2, `${name} singles`);
      if (outsAfter(play) < 3) {
        putOut(play, batter);
        play.description.push(`rare play: ${name} is thrown out rounding first`);
      }
      return null;
    case "PO":
      return applyHit(r, 1, 1, `rare play: ${name}'s popup drops in for a single`);
    case "FO":
      play.stats.ci = 1;
      forceAdvance(play, true);
      play.description.push(`rare play: catcher's interference, ${name} awarded first`);
      return null;
    case "F1":
      putOut(play, batter);
      if (outsAfter(play) < 3) advanceRunners(play, 2);
      play.description.push(
        `rare play: ${name}'s fly is caught at the wall; runners take two bases`,
      );
      return null;
    case "F2": {
      putOut(play, batter);
      const r3 = moverAt(play, 3);
      if (r3 !== undefined && outsAfter(play) < 3) {
        putOut(play, r3);
        play.description.push(
          `rare play: ${name} flies out; ${nameOf(state, r3.id)} tags, scores, and is out on appeal`,
        );
      } else {
        play.description.push(`rare play: ${name} flies out`);
      }
      return null;
    }
    case "F3": {
      putOut(play, batter);
      const lead = runnersOn(play)[0];
      if (lead !== undefined && outsAfter(play) < 3) {
        putOut(play, lead);
        play.description.push(
          `rare play: ${name} flies out; ${nameOf(state, lead.id)} is doubled off`,
        );
      } else {
        play.description.push(`rare play: ${name} flies out`);
      }
      return null;
    }
    case "DO2": {
      applyHit(r, 2, 2, `${name} doubles`);
      if (outsAfter(play) < 3) {
        putOut(play, batter);
        play.description.push(`rare play: hidden-ball trick, ${name} is out at second`);
      }
      return null;
    }
    case "DO3":
      if (runnersOn(play).length > 0)
        return applyHit(r, 2, 3, `rare play: ${name} doubles as the outfielders collide`);
      putOut(play, batter);
      play.description.push(`rare play: ${name} doubles but is out on appeal for missing first`);
      return null;
    case "TR3":
      return applyHit(r, 4, 3, `rare play: ${name} circles the bases, an inside-the-park home run`);
    case "G2#":
    case "G3#":
      throw new Error("unconverted # result");
  }
}
