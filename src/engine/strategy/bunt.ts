import type { Grade } from "../cards.js";
import { applyHit, nameOf, type Resolution } from "../resolve.js";
import { baseCode, type DefenseChoice, type GameState } from "../state.js";
import {
  advanceRunners,
  forceRunners,
  moverFrom,
  putOut,
  runnersOn,
  sendTo,
} from "../working-play.js";
import { shiftGrade } from "./offense.js";

/**
 * Bunts (rules reference §6 [D]): the batter's bunt grade A-D, two steps worse with the bases
 * loaded and the corners or the infield in. Success on d20 <= buntSuccessAtMost[grade].
 *
 * - sacrifice: success = batter out, every runner up one (SH); failure = the lead runner is out
 *   at his next base, the batter is safe at first, the forced runners move up.
 * - squeeze: the same, with the runner on third scoring on success and out at home on failure.
 * - bunt (for a hit): success = the batter beats it out on a second d20 <= his running rating
 *   (a single, runners up one), otherwise a sacrifice; failure with runners on as a failed
 *   sacrifice, with the bases empty the batter is out.
 */
export function buntGrade(state: GameState, batterId: number, defense: DefenseChoice): Grade {
  const grade = state.players[batterId]!.batting.bunt;
  const drawnIn = defense.infield === "in" || defense.infield === "cornersIn";
  return baseCode(state.bases) === 7 && drawnIn
    ? shiftGrade(grade, -state.rules.buntLoadedInfieldInPenalty)
    : grade;
}

export function chanceOfSuccessfulBunt(
  state: GameState,
  batterId: number,
  defense: DefenseChoice,
): number {
  return Math.min(20, state.rules.buntSuccessAtMost[buntGrade(state, batterId, defense)]) / 20;
}

export function resolveBunt(r: Resolution, kind: "bunt" | "sacrifice" | "squeeze"): void {
  const { play, state, dice } = r;
  const batter = moverFrom(play, 0)!;
  const name = nameOf(state, batter.id);
  const grade = buntGrade(state, batter.id, r.defense);
  const needed = state.rules.buntSuccessAtMost[grade];
  const d20 = dice.d20("bunt");
  const runnersBefore = runnersOn(play);
  play.hitType = kind === "squeeze" ? "SQZ" : kind === "sacrifice" ? "SAC" : "BUNT";
  play.forceOuts = true;
  play.defenderId =
    r.state[state.half === "top" ? "home" : "away"].defense[kind === "bunt" ? "3B" : "P"];
  const roll = `d20 ${d20}, grade ${grade} needs ${needed} or less`;
  if (d20 <= needed) {
    if (kind === "bunt") {
      const speed = state.players[batter.id]!.batting.speed;
      const race = dice.d20("bunt single");
      if (race <= speed) {
        applyHit(r, 1, 1, `${name} bunts for a single (${roll}; d20 ${race}, speed ${speed})`);
        return;
      }
      play.description.push(
        `${name} bunts and is thrown out at first (${roll}; d20 ${race}, speed ${speed})`,
      );
    } else {
      play.description.push(`${name} ${kind === "squeeze" ? "squeezes" : "sacrifices"} (${roll})`);
    }
    putOut(play, batter);
    if (runnersBefore.length > 0 && play.outsBefore < 2) play.stats.sac = 1;
    advanceRunners(play, 1);
    return;
  }
  const lead = runnersBefore[0];
  if (lead === undefined) {
    putOut(play, batter);
    play.description.push(`${name} pops up the bunt (${roll})`);
    return;
  }
  // The lead runner is cut down; the batter reaches, pushing the forced runners ahead of him.
  const leadBase = lead.at;
  putOut(play, lead);
  forceRunners(play);
  sendTo(batter, 1);
  play.description.push(
    `${name}'s ${kind === "squeeze" ? "squeeze" : "bunt"} fails (${roll}): ${nameOf(state, lead.id)} is out at ${["", "first", "second", "third", "home"][leadBase + 1]}`,
  );
}
