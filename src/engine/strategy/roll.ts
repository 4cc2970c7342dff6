import { currentBatterId, currentPitcherId } from "../at-bat.js";
import { type DiceSource, recordingDice } from "../dice.js";
import type { EngineError } from "../errors.js";
import type { GameEvent } from "../events.js";
import { finishPlay } from "../play-end.js";
import { DEFAULT_DEFENSE, type Resolution } from "../resolve.js";
import { fieldingTeam, type GameState, NO_CHOICES } from "../state.js";
import { startPlay } from "../working-play.js";
import { resolveBunt } from "./bunt.js";
import { resolveHitAndRunRoll } from "./hit-and-run.js";
import { isStealPlay } from "./offense.js";
import { resolveSteal } from "./steal.js";

type Outcome =
  | { ok: true; state: GameState; events: GameEvent[] }
  | { ok: false; error: EngineError };

/**
 * The roll when the offense called a play (rules reference §6): a steal is settled before the
 * batter's at-bat (a play with no batter; the same batter stays up), a bunt replaces the at-bat,
 * and a hit-and-run rolls its own chances first and otherwise lets the at-bat be rolled as usual.
 * Returns null on a plain swing, so the usual at-bat roll runs.
 *
 * After a play that does not end the plate appearance (a steal, a pickoff, a balk, a wild pitch
 * during a hit-and-run) the bases have changed, so both sides declare again for the same batter.
 */
export function rollStrategicPlay(
  state: GameState,
  source: DiceSource,
  rollAtBat: (state: GameState, source: DiceSource) => Outcome,
): Outcome | null {
  const offense = state.choices.offense;
  if (offense === null || offense.play === "swing") return null;
  const readings = [...state.carriedDice];
  const dice = recordingDice(source, readings);
  if (isStealPlay(offense.play)) {
    const play = resolveSteal(state, dice);
    return reopenAfterPlay(finishPlay(state, play, dice.readings));
  }
  const play = startPlay(state, {
    hitType: offense.play,
    withBatter: true,
    batterId: currentBatterId(state),
    pitcherId: currentPitcherId(state),
  });
  const r: Resolution = { state, play, dice, defense: state.choices.defense ?? DEFAULT_DEFENSE };
  if (offense.play === "bunt" || offense.play === "sacrifice" || offense.play === "squeeze") {
    resolveBunt(r, offense.play);
    const finished = finishPlay(state, play, dice.readings);
    return { ok: true, state: finished.state, events: finished.events };
  }
  // Hit-and-run.
  if (resolveHitAndRunRoll(r)) {
    const finished = finishPlay(state, play, dice.readings);
    return { ok: true, state: finished.state, events: finished.events };
  }
  const rolled = rollAtBat({ ...state, carriedDice: dice.readings }, source);
  if (!rolled.ok) return rolled;
  if (rolled.state.playNumber > state.playNumber && rolled.state.pending.kind === "roll") {
    return reopenAfterPlay({ state: rolled.state, events: rolled.events });
  }
  return rolled;
}

function reopenAfterPlay(finished: { state: GameState; events: GameEvent[] }): Outcome {
  const { state, events } = finished;
  if (state.pending.kind !== "roll") return { ok: true, state, events };
  const pending = { kind: "defense", side: fieldingTeam(state) } as const;
  const last = events.at(-1);
  const trimmed = last?.type === "decisionRequired" ? events.slice(0, -1) : events;
  return {
    ok: true,
    state: { ...state, choices: NO_CHOICES, pending },
    events: [...trimmed, { type: "decisionRequired", decision: pending }],
  };
}
