import { type StealRating, TWO_DICE_WEIGHT, type TwoDiceRow } from "../cards.js";
import type { PlayDice } from "../dice.js";
import { fieldingAt } from "../fielding.js";
import { nameOf } from "../resolve.js";
import { type DefenseChoice, fieldingTeam, type GameState } from "../state.js";
import {
  advanceRunners,
  moverFrom,
  putOut,
  sendTo,
  startPlay,
  type WorkingPlay,
} from "../working-play.js";
import { runnerOn } from "./offense.js";

/**
 * Steals (rules reference §6): the jump, then the safe roll.
 *
 * The jump: a "*" runner who is not held has a good lead with no roll. Otherwise d20: 1 calls a
 * pickoff check (a held runner is out on d20 <= pickoffAtMost), 2 a balk check (a balk on
 * d20 <= the pitcher's BK: every runner moves up and the steal is off); a check that comes to
 * nothing leaves the runner without a good lead [D]. Any other face: 2d6 in the card's first
 * range is a good lead, in the range after the slash the runner is caught leaning, anything else
 * no good lead. The safe roll: d20 <= the card's first number (good lead) or second (no lead),
 * plus the pitcher's hold rating when the runner is held and the catcher's arm. A safe steal on
 * d20 <= stealThrowingErrorAtMost calls a second d20: at most the catcher's T rating is a
 * throwing error and the runner takes another base (every runner moves up one [D], so a man on
 * third ahead of him scores).
 *
 * A delayed steal [D] has no jump roll (so no pickoff or balk) and no hold: safe on the card's
 * no-lead number plus the catcher's arm. On a double steal the catcher throws at the lead
 * runner; the trailing runner takes his base, credited with a steal only if the lead runner is safe.
 */
export type Jump =
  | { readonly kind: "goodLead" }
  | { readonly kind: "noLead" }
  | { readonly kind: "caughtLeaning" }
  | { readonly kind: "pickedOff" }
  | { readonly kind: "balk" };

export function isHeld(defense: DefenseChoice, base: 1 | 2 | 3): boolean {
  return base === 1 ? defense.hold.first : base === 2 ? defense.hold.second : defense.hold.third;
}

/** The safe-roll target: the card's number plus the hold (when it counts) and the catcher's arm. */
export function stealTarget(
  state: GameState,
  steal: StealRating,
  goodLead: boolean,
  held: boolean,
  delayed = false,
): number {
  const fielding = state[fieldingTeam(state)];
  const pitcher = state.players[fielding.defense.P]!.pitching!;
  const catcher = state.players[fielding.defense.C]!;
  const arm = fieldingAt(catcher, "C", state.rules).arm ?? 0;
  const holdCounts = !delayed && (held || !state.rules.holdOnlyWhenHeld);
  return (
    (goodLead ? steal.safeWithLead : steal.safeWithoutLead) + (holdCounts ? pitcher.hold : 0) + arm
  );
}

/** The chance (0..1) that a steal of this runner ends with him safe, for managers weighing it. */
export function chanceOfSafeSteal(
  state: GameState,
  base: 1 | 2,
  defense: DefenseChoice,
  delayed = false,
): number {
  const runner = runnerOn(state, base);
  if (runner === null) return 0;
  const steal = state.players[runner.id]!.batting.steal;
  if (steal === null) return 0;
  const held = isHeld(defense, base);
  const safe = (lead: boolean) =>
    Math.max(0, Math.min(20, stealTarget(state, steal, lead, held, delayed))) / 20;
  if (delayed) return safe(false);
  if (steal.autoJump && !held) return safe(true);
  const pitcher = state.players[state[fieldingTeam(state)].defense.P]!.pitching!;
  const rules = state.rules;
  const pickoff = held ? Math.min(20, rules.pickoffAtMost) / 20 : 0;
  const balk = Math.max(0, Math.min(20, pitcher.balk)) / 20;
  const good = chanceOfSums(steal.goodLead);
  const leaning = chanceOfSums(steal.caughtLeaning);
  const jumpFaces = 18 / 20;
  return (
    (1 / 20) * (1 - pickoff) * safe(false) +
    (1 / 20) * (balk + (1 - balk) * safe(false)) +
    jumpFaces * (good * safe(true) + (1 - good - leaning) * safe(false))
  );
}

function chanceOfSums(sums: readonly number[]): number {
  return sums.reduce((n, s) => n + (TWO_DICE_WEIGHT[s as TwoDiceRow] ?? 0), 0) / 36;
}

/** The jump roll for a runner (not for a delayed steal). */
export function readJump(
  state: GameState,
  dice: PlayDice,
  steal: StealRating,
  held: boolean,
): { jump: Jump; note: string } {
  if (steal.autoJump && !held) return { jump: { kind: "goodLead" }, note: "automatic good lead" };
  const face = dice.d20("jump");
  const rules = state.rules;
  if (face === 1) {
    const check = dice.d20("pickoff check");
    if (held && check <= rules.pickoffAtMost)
      return { jump: { kind: "pickedOff" }, note: `pickoff check d20 ${check}` };
    return {
      jump: { kind: "noLead" },
      note: `pickoff check d20 ${check}${held ? "" : " (not held)"}: no good lead`,
    };
  }
  if (face === 2) {
    const check = dice.d20("balk check");
    const pitcher = state.players[state[fieldingTeam(state)].defense.P]!.pitching!;
    if (check <= pitcher.balk) return { jump: { kind: "balk" }, note: `balk check d20 ${check}` };
    return { jump: { kind: "noLead" }, note: `balk check d20 ${check}: no good lead` };
  }
  const lead = dice.twoD6("lead").sum;
  if (steal.goodLead.includes(lead))
    return { jump: { kind: "goodLead" }, note: `lead 2d6 ${lead}` };
  if (steal.caughtLeaning.includes(lead))
    return { jump: { kind: "caughtLeaning" }, note: `lead 2d6 ${lead}` };
  return { jump: { kind: "noLead" }, note: `lead 2d6 ${lead}: no good lead` };
}

/**
 * Resolves the steal the offense called (steal, double steal or delayed steal) into a play with
 * no batter: the same batter stays at the plate afterwards.
 */
export function resolveSteal(state: GameState, dice: PlayDice): WorkingPlay {
  const offense = state.choices.offense!;
  const defense = state.choices.defense!;
  const delayed = offense.play === "delayedSteal";
  const bases = [...offense.runners].sort((a, b) => b - a) as (1 | 2)[];
  const leadBase = bases[0]!;
  const trailBase = bases[1];
  const fielding = state[fieldingTeam(state)];
  const play = startPlay(state, {
    hitType: "SB",
    withBatter: false,
    batterId:
      state[state.half === "top" ? "away" : "home"].order[
        state[state.half === "top" ? "away" : "home"].atBat
      ]!,
    pitcherId: fielding.defense.P,
  });
  play.rbiEligible = false;
  const lead = moverFrom(play, leadBase)!;
  const trail = trailBase === undefined ? undefined : moverFrom(play, trailBase);
  const leadName = nameOf(state, lead.id);
  const steal = state.players[lead.id]!.batting.steal!;
  const held = isHeld(defense, leadBase);
  const toBase = ["", "first", "second", "third", "home"] as const;
  const what = delayed ? "delayed steal" : trail ? "double steal" : "steal";
  // The play is about the lead runner: the catcher throws at him (a balk is about nobody).
  play.runnerId = lead.id;

  let goodLead = false;
  if (!delayed) {
    const { jump, note } = readJump(state, dice, steal, held);
    switch (jump.kind) {
      case "pickedOff":
        putOut(play, lead);
        play.hitType = "PO";
        play.stats.pick_off = 1;
        play.defenderId = fielding.defense[leadBase === 1 ? "1B" : "SS"];
        play.description.push(`${leadName} is picked off ${toBase[leadBase]} (${note})`);
        return play;
      case "balk":
        play.runnerId = null;
        advanceRunners(play, 1);
        play.hitType = "BK";
        play.stats.balk = 1;
        play.description.push(`balk by ${nameOf(state, fielding.defense.P)} (${note})`);
        return play;
      case "caughtLeaning":
        putOut(play, lead);
        play.hitType = "CS";
        play.stats.cs = 1;
        play.description.push(`${leadName} is caught leaning off ${toBase[leadBase]} (${note})`);
        return play;
      case "goodLead":
        goodLead = true;
        play.description.push(`${leadName} gets a good lead (${note})`);
        break;
      case "noLead":
        play.description.push(`${leadName} goes without a good lead (${note})`);
        break;
    }
  }
  const target = stealTarget(state, steal, goodLead, held, delayed);
  const d20 = dice.d20("steal");
  const catcherId = fielding.defense.C;
  play.defenderId = catcherId;
  if (d20 <= target) {
    sendTo(lead, leadBase + 1);
    play.stats.sb = trail ? 2 : 1;
    play.description.push(
      `${leadName} steals ${toBase[leadBase + 1]} on the ${what} (d20 ${d20}, needed ${target} or less)`,
    );
    if (trail) {
      sendTo(trail, trailBase! + 1);
      play.description.push(`${nameOf(state, trail.id)} steals ${toBase[trailBase! + 1]}`);
    }
    if (d20 <= state.rules.stealThrowingErrorAtMost) {
      const check = dice.d20("throwing error");
      const catcher = state.players[catcherId]!;
      const rating = fieldingAt(catcher, "C", state.rules).throwing ?? 0;
      if (check <= rating) {
        // The ball gets away: the runner takes another base, and so does every runner ahead of him.
        advanceRunners(play, 1, true);
        play.errors.push({ position: "C", lineupId: catcherId, bases: 1 });
        play.description.push(
          `throwing error by ${nameOf(state, catcherId)} (d20 ${check}, T ${rating}): ${leadName} takes another base`,
        );
      }
    }
    return play;
  }
  putOut(play, lead);
  play.hitType = "CS";
  play.stats.cs = 1;
  play.description.push(
    `${leadName} is caught stealing ${toBase[leadBase + 1]} (d20 ${d20}, needed ${target} or less)`,
  );
  if (trail) {
    sendTo(trail, trailBase! + 1);
    play.description.push(
      `${nameOf(state, trail.id)} takes ${toBase[trailBase! + 1]} on the throw`,
    );
  }
  return play;
}
