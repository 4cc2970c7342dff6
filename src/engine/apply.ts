import type {
  Action,
  DecideRunner,
  SetDefense,
  SetOffense,
  SubmitCardResult,
  Timeout,
} from "./actions.js";
import {
  currentBatterId,
  currentPitcherId,
  entryForSplit,
  playedResult,
  readCell,
  rollAtBatDice,
} from "./at-bat.js";
import { AWAITING_ROLL, awaitingOffense } from "./awaiting.js";
import { type CellEntry, hasTranscribedGrid } from "./cards.js";
import { defaultAction } from "./defaults.js";
import { type DiceSource, type PlayDice, recordingDice } from "./dice.js";
import { type EngineError, engineError } from "./errors.js";
import type { GameEvent } from "./events.js";
import { fieldingAt } from "./fielding.js";
import {
  checkBatterInjury,
  checkPitcherInjury,
  describeInjury,
  type InjuredMustLeave,
  injuredMustLeave,
} from "./injuries.js";
import { endGame, finishPlay } from "./play-end.js";
import type { DiceReading } from "./play-record.js";
import {
  applyResult,
  DEFAULT_DEFENSE,
  nameOf,
  type Resolution,
  resolveExtraBase,
  resolveTagUp,
} from "./resolve.js";
import {
  formatResult,
  parseResult,
  sameResult,
  splitPlusInjury,
  whyNotPossible,
} from "./result-codes.js";
import type { CardResult } from "./results.js";
import {
  type AtBatReading,
  baseCode,
  battingTeam,
  type Choices,
  type DefenseChoice,
  draftOf,
  fieldingTeam,
  fieldingTeamState,
  type GameState,
  type OffenseChoice,
  type OffensivePlay,
  type PlayInProgress,
  type RunnerDecision,
  type StateDraft,
} from "./state.js";
import { applyHitAndRunResult } from "./strategy/hit-and-run.js";
import { whyOffenseIllegal } from "./strategy/offense.js";
import { rollStrategicPlay } from "./strategy/roll.js";
import {
  applyChangePitcher,
  applySubstitute,
  applySwitchPositions,
  takeTheField,
} from "./substitutions.js";
import {
  advanceRunners,
  copyPlay,
  forceAdvance,
  startPlay,
  type WorkingPlay,
} from "./working-play.js";

export type ApplyResult =
  | { readonly ok: true; readonly state: GameState; readonly events: readonly GameEvent[] }
  | { readonly ok: false; readonly error: EngineError };

/**
 * What an action's handler returns. An accepted action's state is a new object this action
 * built (every accepted action bumps the version), so applyAction may still set its dice cursor.
 */
type Outcome =
  | { ok: true; state: StateDraft; events: GameEvent[] }
  | { ok: false; error: EngineError };

/**
 * The reducer: applyAction(state, action, dice) -> the next state and what happened, or a typed
 * refusal with the input state untouched. Checks run cheapest first: the game is not over, the
 * action answers the pending decision, it comes from the side that owes it, then its legality.
 * Every roll comes from `dice` and is recorded in the play it belongs to.
 */
export function applyAction(state: GameState, action: Action, dice: DiceSource): ApplyResult {
  const before = dice.cursor();
  const outcome = dispatch(state, action, dice);
  if (!outcome.ok) {
    dice.seek(before);
    return outcome;
  }
  const after = dice.cursor();
  const moved = before.kind !== after.kind || cursorIndex(before) !== cursorIndex(after);
  // The accepted action built this state (it bumped the version): it is still ours to finish.
  if (moved || outcome.state.diceCursor === null) outcome.state.diceCursor = after;
  return outcome;
}

/** The next state, one version on, now awaiting `pending` (its other changes still to set). */
function awaiting(state: GameState, pending: GameState["pending"]): StateDraft {
  const next = draftOf(state);
  next.pending = pending;
  next.version = state.version + 1;
  return next;
}

function cursorIndex(cursor: ReturnType<DiceSource["cursor"]>): number {
  return cursor.kind === "chacha20" ? cursor.word : cursor.index;
}

/** Who must decide what next. */
export function pendingDecision(state: GameState) {
  return state.pending;
}

function refuse(
  code: EngineError["code"],
  message: string,
  details?: Record<string, unknown>,
): Outcome {
  return { ok: false, error: engineError(code, message, details) };
}

const WAITING_FOR: Readonly<Record<GameState["pending"]["kind"], string>> = {
  defense: "the defense to set its positioning (setDefense)",
  offense: "the offense to choose its play (setOffense)",
  roll: "the at-bat roll (rollAtBat)",
  "sba/read-card": "the result read from the card (submitCardResult)",
  runner: "a runner decision (decideRunner)",
  gameOver: "nothing: the game is over",
};

/** The pending decision an action answers; null for one a side may take at any time. (A switch,
 *  not a table looked up by the action's type: that lookup by a name varying with every action
 *  took V8's slow, generic path.) */
function decisionAnswered(type: Action["type"]): GameState["pending"]["kind"] | null {
  switch (type) {
    case "setDefense":
      return "defense";
    case "setOffense":
      return "offense";
    case "rollAtBat":
      return "roll";
    case "submitCardResult":
      return "sba/read-card";
    case "decideRunner":
      return "runner";
    case "substitute":
    case "changePitcher":
    case "switchPositions":
    case "timeout":
    case "forfeit":
      return null;
  }
}

function dispatch(state: GameState, action: Action, dice: DiceSource): Outcome {
  const pending = state.pending;
  if (pending.kind === "gameOver") return refuse("game/over", "the game is over");
  if (action.type === "forfeit") {
    const ended = endGame({ ...state, version: state.version + 1 }, [], "forfeit", action.side);
    return { ok: true, state: ended.state, events: ended.events };
  }
  const answers = decisionAnswered(action.type);
  if (answers !== null && answers !== pending.kind) {
    return refuse(
      "decision/out_of_order",
      `${action.type} is not expected now: the game is waiting for ${WAITING_FOR[pending.kind]}`,
      { pending: pending.kind },
    );
  }
  if (answers !== null && action.type !== "rollAtBat" && action.side !== pending.side) {
    return refuse(
      "decision/not_your_turn",
      `it is the ${pending.side === "server" ? "server's" : `${pending.side} side's`} turn to act, not the ${action.side} side's`,
      { pending: pending.kind, side: pending.side },
    );
  }
  switch (action.type) {
    case "setDefense": {
      // The team takes the field: pinch hitters and runners move to their positions first.
      const fielded = takeTheField(state);
      const hurt = injuredMustLeave(fielded.state, action.side);
      if (hurt !== null) return refuseInjured(fielded.state, hurt);
      const outcome = applySetDefense(fielded.state, action, dice);
      if (outcome.ok && fielded.events.length > 0) outcome.events.unshift(...fielded.events);
      return outcome;
    }
    case "setOffense":
      return applySetOffense(state, action);
    case "rollAtBat":
      return rollStrategicPlay(state, dice, applyRoll) ?? applyRoll(state, dice);
    case "submitCardResult":
      return applyCardResult(state, action, dice);
    case "decideRunner":
      return applyRunnerDecision(state, action, dice);
    case "timeout":
      return applyTimeout(state, action, dice);
    case "substitute":
      return applySubstitute(state, action);
    case "changePitcher":
      return applyChangePitcher(state, action);
    case "switchPositions":
      return applySwitchPositions(state, action);
  }
}

// ---------------------------------------------------------------------------------------------
// The defense declares first, then the offense

/** The first base the defense would hold a runner on that has no runner, or null. (Spelled out
 *  base by base: a lookup by a base name that varies takes V8's slow, generic path.) */
function emptyBaseHeld(
  hold: SetDefense["hold"],
  bases: GameState["bases"],
): "first" | "second" | "third" | null {
  if (hold.first && bases.first === null) return "first";
  if (hold.second && bases.second === null) return "second";
  if (hold.third && bases.third === null) return "third";
  return null;
}

function applySetDefense(state: GameState, action: SetDefense, dice: DiceSource): Outcome {
  const emptyHeld = emptyBaseHeld(action.hold, state.bases);
  if (emptyHeld !== null) {
    return refuse(
      "decision/illegal",
      `cannot hold a runner on ${emptyHeld}: ${emptyHeld} base is empty`,
      { base: emptyHeld },
    );
  }
  const choice: DefenseChoice = {
    infield: action.infield,
    outfield: action.outfield,
    hold: {
      first: action.hold.first ?? false,
      second: action.hold.second ?? false,
      third: action.hold.third ?? false,
    },
    intentionalWalk: action.intentionalWalk,
  };
  const declaredSet: GameEvent = { type: "defenseSet", side: action.side, choice };
  const choices: Choices = {
    defense: choice,
    offense: state.choices.offense,
    aiDecided: state.choices.aiDecided,
  };
  if (choice.intentionalWalk) {
    const declared: GameState = { ...state, choices };
    const readings = [...state.carriedDice];
    const play = newPlateAppearance(declared, "IBB");
    play.stats.bb = 1;
    play.stats.ibb = 1;
    forceAdvance(play);
    play.description.push(`${nameOf(state, play.batterId!)} is walked intentionally`);
    void dice;
    const finished = finishPlay(declared, play, readings, [declaredSet]);
    return { ok: true, state: finished.state, events: finished.events };
  }
  const offense = awaitingOffense(battingTeam(state));
  const next = awaiting(state, offense.decision);
  next.choices = choices;
  return { ok: true, state: next, events: [declaredSet, offense.announced] };
}

function applySetOffense(state: GameState, action: SetOffense): Outcome {
  const hurt = injuredMustLeave(state, action.side);
  if (hurt !== null) return refuseInjured(state, hurt);
  const illegal = whyOffenseIllegal(state, action.play, action.runners ?? NOBODY_SENT);
  if (illegal !== null) {
    return refuse("decision/illegal", illegal.message, {
      reason: illegal.reason,
      play: action.play,
    });
  }
  const choice = declaredOffense(action);
  const next = awaiting(state, AWAITING_ROLL.decision);
  next.choices = {
    defense: state.choices.defense,
    offense: choice,
    aiDecided: state.choices.aiDecided,
  };
  return {
    ok: true,
    state: next,
    events: [{ type: "offenseSet", side: action.side, choice }, AWAITING_ROLL.announced],
  };
}

const NOBODY_SENT: readonly (1 | 2 | 3)[] = Object.freeze([]);

/** A play called without naming runners (every play but a steal) is one shared choice per play,
 *  not a new one for each plate appearance: plain data no one mutates, like a state's parts. */
const UNNAMED_OFFENSE = new Map<OffensivePlay, OffenseChoice>();

function declaredOffense(action: SetOffense): OffenseChoice {
  if (action.runners !== undefined && action.runners.length > 0) {
    return { play: action.play, runners: action.runners };
  }
  let choice = UNNAMED_OFFENSE.get(action.play);
  if (choice === undefined) {
    choice = Object.freeze({ play: action.play, runners: NOBODY_SENT });
    UNNAMED_OFFENSE.set(action.play, choice);
  }
  return choice;
}

// ---------------------------------------------------------------------------------------------
// The roll

function applyRoll(state: GameState, source: DiceSource): Outcome {
  const readings: DiceReading[] = [...state.carriedDice];
  const dice = recordingDice(source, readings);
  const reading = rollAtBatDice(state, dice);
  state = checkPitcherInjury(state, reading, dice);
  const rules = state.rules;
  const runnersOn = baseCode(state.bases) !== 0;
  if (
    runnersOn &&
    (reading.d20 === rules.wildPitchCheckFace || reading.d20 === rules.passedBallCheckFace)
  ) {
    return applyWildPitchCheck(state, reading, dice);
  }
  const rolled: GameEvent = { type: "atBatRolled", reading, voided: false };
  // A card with no transcribed grid is always read by its manager, never by the engine.
  if (rules.cardReading === "manager" || !hasTranscribedGrid(state.players[reading.cardOf]!)) {
    const owner = reading.card === "batter" ? battingTeam(state) : fieldingTeam(state);
    const pending = { kind: "sba/read-card", side: owner, reading } as const;
    const next = awaiting(state, pending);
    next.carriedDice = readings;
    return {
      ok: true,
      state: next,
      events: [rolled, { type: "decisionRequired", decision: pending }],
    };
  }
  const entry = entryForSplit(readCell(state, reading), reading.d20);
  if (entry === undefined) {
    return refuse(
      "card/incomplete",
      `${nameOf(state, reading.cardOf)}'s ${reading.card} card has no reading at ${describeReading(reading)}`,
      { reading },
    );
  }
  return resolvePlateAppearance(state, reading, entry, dice, [rolled]);
}

/**
 * d20 = 1 / 2 with runners on (§1): the reading is void; a new d20 settles the wild-pitch (or
 * passed-ball) check; then the batter rolls again.
 */
function applyWildPitchCheck(state: GameState, reading: AtBatReading, dice: PlayDice): Outcome {
  const rules = state.rules;
  const wild = reading.d20 === rules.wildPitchCheckFace;
  const pitcherId = currentPitcherId(state);
  const catcherId = fieldingTeamState(state).defense.C;
  const rating = wild
    ? state.players[pitcherId]!.pitching!.wildPitch
    : (fieldingAt(state.players[catcherId]!, "C", rules).passedBall ?? 0);
  const d20 = dice.d20(wild ? "wp check" : "pb check");
  const events: GameEvent[] = [{ type: "atBatRolled", reading, voided: true }];
  if (d20 > rating) {
    events.push(AWAITING_ROLL.announced);
    const next = awaiting(state, AWAITING_ROLL.decision);
    next.carriedDice = dice.readings;
    return { ok: true, state: next, events };
  }
  const play = startPlay(state, {
    hitType: wild ? "WP" : "PB",
    withBatter: false,
    batterId: currentBatterId(state),
    pitcherId,
  });
  play.rbiEligible = false;
  if (wild) play.stats.wild_pitch = 1;
  else play.stats.passed_ball = 1;
  advanceRunners(play, rules.wildPitchAdvance, !wild);
  play.description.push(
    wild
      ? `wild pitch by ${nameOf(state, pitcherId)} (d20 ${d20}, WP ${rating})`
      : `passed ball by ${nameOf(state, catcherId)} (d20 ${d20}, PB ${rating})`,
  );
  const finished = finishPlay(state, play, dice.readings, events);
  return { ok: true, state: finished.state, events: finished.events };
}

function describeReading(reading: AtBatReading): string {
  return `${reading.cardHalf === "vsLeft" ? "vs L" : "vs R"}, column ${reading.column} (d6 ${reading.d6}), row ${reading.row}, d20 ${reading.d20}`;
}

// ---------------------------------------------------------------------------------------------
// SBA: the manager reads the card

function applyCardResult(state: GameState, action: SubmitCardResult, source: DiceSource): Outcome {
  const pending = state.pending;
  if (pending.kind !== "sba/read-card")
    return refuse("decision/out_of_order", "no card reading is pending");
  const reading = pending.reading;
  const { code, plusInjury } = splitPlusInjury(action.code);
  const parsed = parseResult(code);
  if (!parsed.ok) return refuse("card/result_malformed", parsed.message, { code: action.code });
  const submitted = parsed.result;
  const cell = readCell(state, reading);
  const owner = nameOf(state, reading.cardOf);
  let entry: CellEntry;
  if (cell.length > 0) {
    const matching = cell.filter(
      (e) => sameResult(e.result, submitted) && (!plusInjury || e.injury === true),
    );
    if (matching.length === 0) {
      const printed = cell
        .map((e) => `${formatResult(e.result)}${e.injury ? "+inj" : ""} ${e.from}-${e.to}`)
        .join(", ");
      return refuse(
        "card/result_not_on_card",
        `${formatResult(submitted)}${plusInjury ? "+inj" : ""} is not on ${owner}'s card at ${describeReading(reading)}: that cell reads ${printed}`,
        { code: action.code, reading, cell: printed },
      );
    }
    entry = matching.find((e) => e.from <= reading.d20 && reading.d20 <= e.to) ?? matching[0]!;
  } else {
    const why =
      whyNotPossible(submitted, reading.card) ??
      (plusInjury && reading.card !== "batter"
        ? "a plus-injury mark is printed only on batter cards"
        : null);
    if (why !== null) {
      return refuse("card/result_not_on_card", `${why} (${owner}, ${describeReading(reading)})`, {
        code: action.code,
        reading,
      });
    }
    entry = plusInjury
      ? { result: submitted, from: 1, to: 20, injury: true }
      : { result: submitted, from: 1, to: 20 };
  }
  const readings = [...state.carriedDice];
  return resolvePlateAppearance(state, reading, entry, recordingDice(source, readings));
}

// ---------------------------------------------------------------------------------------------
// Resolving the reading

function newPlateAppearance(state: GameState, hitType: string): WorkingPlay {
  return startPlay(state, {
    hitType,
    withBatter: true,
    batterId: currentBatterId(state),
    pitcherId: currentPitcherId(state),
  });
}

/** Plays the reading; its events follow `events` (what the action told before it). */
function resolvePlateAppearance(
  state: GameState,
  reading: AtBatReading,
  entry: CellEntry,
  dice: PlayDice,
  events: GameEvent[] = [],
): Outcome {
  const { result, note } = playedResult(state, reading, entry);
  const play = newPlateAppearance(state, formatResult(entry.result));
  if (note !== null) play.description.push(`${formatResult(entry.result)} (${note})`);
  // A plus-injury reading on the batter's card calls his injury check (§7); the play still plays.
  const hurt =
    entry.injury === true && reading.card === "batter"
      ? checkBatterInjury(state, play.batterId!, dice)
      : null;
  if (hurt === null) return resolveResult(state, play, result, dice, events);
  play.description.push(describeInjury(nameOf(state, play.batterId!), hurt.injury));
  events.push({ type: "playerInjured", lineupId: play.batterId!, ...hurt.injury });
  return resolveResult(hurt.state, play, result, dice, events);
}

/** A hurt man must be replaced first (§7): the refusal names him and where. */
function refuseInjured(state: GameState, hurt: InjuredMustLeave): Outcome {
  const name = nameOf(state, hurt.lineupId);
  const what =
    hurt.position === "PH"
      ? `${name} is hurt and due up: send up a pinch hitter for him first (substitute, position PH)`
      : `${name} is hurt and plays ${hurt.position}: replace him there first (substitute, position ${hurt.position})`;
  return refuse("decision/illegal", what, {
    reason: "injury/must_be_replaced",
    lineupId: hurt.lineupId,
    position: hurt.position,
  });
}

function resolveResult(
  state: GameState,
  play: WorkingPlay,
  result: CardResult,
  dice: PlayDice,
  events: GameEvent[],
): Outcome {
  const r: Resolution = { state, play, dice, defense: state.choices.defense ?? DEFAULT_DEFENSE };
  const waiting =
    state.choices.offense?.play === "hitAndRun"
      ? applyHitAndRunResult(r, result)
      : applyResult(r, result);
  if (waiting !== null) {
    return awaitRunnerDecision(state, play, waiting, dice.readings, undefined, events);
  }
  const finished = finishPlay(state, play, dice.readings, events);
  return { ok: true, state: finished.state, events: finished.events };
}

function awaitRunnerDecision(
  state: GameState,
  play: WorkingPlay,
  decision: RunnerDecision,
  readings: readonly DiceReading[],
  progress: Omit<PlayInProgress, "play" | "decision"> = {
    leadSent: false,
    thrown: false,
    trailSent: false,
  },
  events: GameEvent[] = [],
): Outcome {
  const next = awaiting(state, decision);
  next.inProgress = { play, decision, ...progress };
  next.carriedDice = readings;
  events.push({ type: "decisionRequired", decision });
  return { ok: true, state: next, events };
}

// ---------------------------------------------------------------------------------------------
// Runner decisions: tag-ups and uncapped hits (§4.1, §4.3)

function applyRunnerDecision(state: GameState, action: DecideRunner, source: DiceSource): Outcome {
  const progress = state.inProgress;
  const decision = state.pending;
  if (progress === null || decision.kind !== "runner") {
    return refuse("decision/out_of_order", "no runner decision is pending");
  }
  if (action.step !== decision.step) {
    return refuse(
      "decision/illegal",
      `the pending runner decision is "${decision.step}", not "${action.step}"`,
      { step: decision.step },
    );
  }
  const play = copyPlay(progress.play);
  const dice = recordingDice(source, [...state.carriedDice]);
  const r: Resolution = { state, play, dice, defense: state.choices.defense ?? DEFAULT_DEFENSE };
  const defense = fieldingTeam(state);
  const offense = battingTeam(state);
  const finish = (choice: {
    leadSent: boolean;
    thrown: boolean;
    trailSent: boolean;
    target: "lead" | "trail";
  }) => {
    resolveExtraBase(r, decision, choice);
    const finished = finishPlay(state, play, dice.readings);
    return { ok: true as const, state: finished.state, events: finished.events };
  };
  switch (action.step) {
    case "tagUp": {
      resolveTagUp(r, decision, action.send, null);
      const finished = finishPlay(state, play, dice.readings);
      return { ok: true, state: finished.state, events: finished.events };
    }
    case "send":
      if (!action.send)
        return finish({ leadSent: false, thrown: false, trailSent: false, target: "lead" });
      return awaitRunnerDecision(state, play, nextStep(decision, defense, "throw"), dice.readings, {
        leadSent: true,
        thrown: false,
        trailSent: false,
      });
    case "throw":
      if (!action.throw)
        return finish({ leadSent: true, thrown: false, trailSent: false, target: "lead" });
      if (decision.trail === null)
        return finish({ leadSent: true, thrown: true, trailSent: false, target: "lead" });
      return awaitRunnerDecision(state, play, nextStep(decision, offense, "trail"), dice.readings, {
        leadSent: true,
        thrown: true,
        trailSent: false,
      });
    case "trail":
      if (!action.send)
        return finish({ leadSent: true, thrown: true, trailSent: false, target: "lead" });
      return awaitRunnerDecision(
        state,
        play,
        nextStep(decision, defense, "target"),
        dice.readings,
        {
          leadSent: true,
          thrown: true,
          trailSent: true,
        },
      );
    case "target":
      return finish({ leadSent: true, thrown: true, trailSent: true, target: action.target });
  }
}

/** The runner decision's next step, owed by `side`: written as resolve.ts writes the first one,
 *  not spread from it, so every pending runner decision has one object layout. */
function nextStep(
  decision: RunnerDecision,
  side: RunnerDecision["side"],
  step: RunnerDecision["step"],
): RunnerDecision {
  return { kind: "runner", side, step, lead: decision.lead, trail: decision.trail };
}

// ---------------------------------------------------------------------------------------------
// A side's clock ran out: the AI's decision (or the default one) is taken for it

function applyTimeout(state: GameState, timeout: Timeout, dice: DiceSource): Outcome {
  const side = timeout.side;
  if (state.pending.side !== side) {
    return refuse("decision/not_your_turn", `the ${side} side owes no decision now`, {
      pending: state.pending.kind,
    });
  }
  const action = timeout.decision ?? defaultAction(state);
  if (action === null || action.type === "timeout") {
    return refuse("decision/illegal", "no default decision exists for this situation");
  }
  if ("side" in action && action.side !== side) {
    return refuse(
      "decision/not_your_turn",
      `a timeout of the ${side} side cannot decide for the ${action.side} side`,
      { pending: state.pending.kind },
    );
  }
  const marked: GameState = { ...state, choices: { ...state.choices, aiDecided: true } };
  const outcome = dispatch(marked, action, dice);
  if (!outcome.ok) return outcome;
  const next = outcome.state;
  if (next.inProgress !== null && !next.inProgress.play.decidedByAi) {
    const play = copyPlay(next.inProgress.play);
    play.decidedByAi = true;
    next.inProgress = { ...next.inProgress, play };
    return outcome;
  }
  return outcome;
}
