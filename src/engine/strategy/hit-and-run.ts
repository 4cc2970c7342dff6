import type { Grade } from "../cards.js";
import {
  applyGroundball,
  applyHit,
  applyResult,
  nameOf,
  type Resolution,
  type Waiting,
} from "../resolve.js";
import type { CardResult } from "../results.js";
import type { DefenseChoice, GameState } from "../state.js";
import { moverFrom, outsAfter, putOut, runnersOn, sendTo } from "../working-play.js";
import { hitAndRunRunners, runnerOn, shiftGrade } from "./offense.js";
import { isHeld, stealTarget } from "./steal.js";

/**
 * The hit-and-run (rules reference §6). The batter's grade (B-D on cards) rises one step when
 * the corners or the infield are in and one step when the lead runner is held (up to A).
 *
 * First the hit-and-run roll: two d6 read as one of 36 chances. Within the grade's hit chances
 * (A 8, B 7, C 5, D 3 of 36) the batter singles through the vacated hole and the runners take an
 * extra base; within the next advance chances (A 23, B 21; none for C and D) he grounds out to
 * second and the runners move up. Otherwise the at-bat is rolled as usual and the reading plays
 * by the [D] chart: a strikeout leaves the runners stealing with no lead; a grounder is a GB C;
 * a lineout doubles the lead runner off; a single or double gives the runners one extra base.
 */
export function hitAndRunGrade(state: GameState, batterId: number, defense: DefenseChoice): Grade {
  let grade = state.players[batterId]!.batting.hitAndRun;
  if (defense.infield === "in" || defense.infield === "cornersIn") grade = shiftGrade(grade, 1);
  const lead = hitAndRunRunners(state)[0];
  if (lead !== undefined && isHeld(defense, lead)) grade = shiftGrade(grade, 1);
  return grade;
}

/** The chance (0..1) that the hit-and-run roll itself settles the play as a hit / a productive out. */
export function chancesOfHitAndRun(
  state: GameState,
  batterId: number,
  defense: DefenseChoice,
): { hit: number; advance: number } {
  const grade = hitAndRunGrade(state, batterId, defense);
  return {
    hit: state.rules.hitAndRunHitChances[grade] / 36,
    advance: (state.rules.hitAndRunAdvanceChances[grade] ?? 0) / 36,
  };
}

/**
 * The hit-and-run roll. Returns true when it settled the play (a hit or a productive out);
 * false when the at-bat must be rolled as usual.
 */
export function resolveHitAndRunRoll(r: Resolution): boolean {
  const { state, play, dice } = r;
  const batter = moverFrom(play, 0)!;
  const grade = hitAndRunGrade(state, batter.id, r.defense);
  const high = dice.d6("hit-and-run");
  const low = dice.d6("hit-and-run");
  const chance = (high - 1) * 6 + low;
  const hit = state.rules.hitAndRunHitChances[grade];
  const advance = state.rules.hitAndRunAdvanceChances[grade] ?? 0;
  const roll = `hit-and-run ${chance} of 36, grade ${grade}`;
  if (chance <= hit) {
    play.hitType = "H&R SI";
    applyHit(
      r,
      1,
      2,
      `${nameOf(state, batter.id)} singles through the hole on the hit-and-run (${roll})`,
    );
    return true;
  }
  if (chance <= hit + advance) {
    play.hitType = "H&R GB";
    play.description.push(`the runners go (${roll})`);
    applyGroundball(r, "C", "2B", false);
    return true;
  }
  play.description.push(`the runners go; the batter swings (${roll})`);
  return false;
}

/** A reading on a hit-and-run, as the [D] chart plays it. */
export function applyHitAndRunResult(r: Resolution, result: CardResult): Waiting {
  const { play, state } = r;
  switch (result.type) {
    case "SINGLE_1":
    case "SINGLE_UNCAPPED":
      return applyResult(r, { type: "SINGLE_2" });
    case "DOUBLE_2":
    case "DOUBLE_UNCAPPED":
      return applyResult(r, { type: "DOUBLE_3" });
    case "GROUNDBALL":
      return applyGroundball(r, "C", result.fielder, result.plus);
    case "LINEOUT": {
      const waiting = applyResult(r, { ...result, max: false });
      const lead = runnersOn(play)[0];
      if (lead !== undefined && outsAfter(play) < 3) {
        putOut(play, lead);
        play.description.push(`${nameOf(state, lead.id)} is doubled off`);
      }
      return waiting;
    }
    case "STRIKEOUT": {
      const waiting = applyResult(r, result);
      if (outsAfter(play) >= 3) return waiting;
      const running = runnersOn(play);
      const lead = running[0];
      if (lead === undefined) return waiting;
      const base = lead.from as 1 | 2 | 3;
      const steal = state.players[lead.id]!.batting.steal;
      const held = base !== 3 && isHeld(r.defense, base);
      const target =
        steal === null
          ? 0
          : stealTarget(state, steal, false, held && runnerOn(state, base) !== null);
      const d20 = r.dice.d20("steal");
      play.runnerId = lead.id;
      if (d20 <= target) {
        for (const runner of running) sendTo(runner, runner.at + 1);
        play.stats.sb = running.length;
        play.description.push(
          `${nameOf(state, lead.id)} steals with no lead (d20 ${d20}, needed ${target} or less)`,
        );
      } else {
        putOut(play, lead);
        play.stats.cs = 1;
        for (const runner of running.slice(1)) sendTo(runner, runner.at + 1);
        play.description.push(
          `${nameOf(state, lead.id)} is thrown out stealing (d20 ${d20}, needed ${target} or less)`,
        );
      }
      return waiting;
    }
    default:
      return applyResult(r, result);
  }
}
