import { currentCatcherId } from "./at-bat.js";
import { AWAITING_ROLL, awaitingDefense } from "./awaiting.js";
import type { GameEvent } from "./events.js";
import { isCloserSituation, tallyPlay } from "./fatigue.js";
import type { DiceReading, FinalBase, PlayRecord, RunnerMove, TeamSide } from "./play-record.js";
import { nameOf } from "./resolve.js";
import {
  type ErrorlessHalfInning,
  replayErrorless,
  startErrorless,
} from "./scoring/earned-runs.js";
import { playValues } from "./scoring/win-expectancy.js";
import {
  type Bases,
  baseCode,
  battingTeam,
  battingTeamState,
  draftOf,
  fieldingTeam,
  fieldingTeamState,
  type GameState,
  NO_CHOICES,
  NO_RUNNERS,
  type OnBase,
  type PendingDecision,
  type StateDraft,
  type TeamState,
  teamDraftOf,
} from "./state.js";
import { type Mover, moverFrom, type WorkingPlay } from "./working-play.js";

const BASE_WORD = ["", "first", "second", "third", "home"] as const;

/**
 * The end of a play: the runs that count, the stats, the PlayRecord, the new base-out state and
 * score, the pitcher's tally; then the engine itself ends the half-inning or the game. The
 * play's events are appended to `events`: what the action told before the play (the at-bat
 * roll, a declaration) comes first without being moved up afterwards.
 */
export function finishPlay(
  state: GameState,
  play: WorkingPlay,
  dice: readonly DiceReading[],
  events: GameEvent[] = [],
): { state: StateDraft; events: GameEvent[] } {
  const rules = state.rules;
  const batting = battingTeam(state);
  const fielding = fieldingTeam(state);
  const outsAfter = Math.min(rules.outsPerInning, play.outsBefore + play.outs);
  const endsHalf = outsAfter >= rules.outsPerInning;

  // No run counts when the third out is a force (or the batter before first).
  if (endsHalf && play.forceOuts) {
    for (const mover of play.movers)
      if (!mover.out && mover.at === 4) mover.at = mover.from === 0 ? 0 : mover.from;
    // A runner sent back to his base may meet one who moved up to it: the one who moved up
    // stays where he started, lead runners first, so every man is left on a base of his own.
    const byBase = [...play.movers].filter((m) => !m.out && m.at >= 1 && m.at <= 3);
    for (const mover of byBase.sort((a, b) => b.from - a.from)) {
      const taken = byBase.some((m) => m !== mover && m.at === mover.at && m.at === m.from);
      if (taken && mover.at !== mover.from) mover.at = mover.from;
    }
  }
  let scorers: Mover[] = [];
  for (let i = 0; i < play.movers.length; i++) {
    const mover = play.movers[i]!;
    if (!mover.out && mover.at === 4) scorers.push(mover);
  }
  // Walk-off: only the winning run counts, unless the batter homered.
  const awayBefore = state.away.runs;
  const homeBefore = state.home.runs;
  let walkOff = false;
  let creditedWith: string | null = null;
  if (
    state.half === "bottom" &&
    state.inning >= rules.inningsPerGame &&
    homeBefore + scorers.length > awayBefore &&
    !endsHalf
  ) {
    walkOff = true;
    const needed = awayBefore - homeBefore + 1;
    const batterHomered = play.stats.homerun === 1 && moverFromIsHome(play);
    if (!batterHomered && scorers.length > needed) {
      // Runs score lead runner first, so the winning run is the needed-th from the front.
      scorers = [...scorers].sort((a, b) => b.from - a.from).slice(0, needed);
      creditedWith = stopBehindTheWinningRun(play, scorers);
    }
  }
  const runs = scorers.length;

  const stats = play.stats;
  const pa = play.endsAppearance ? 1 : 0;
  stats.pa = pa;
  stats.run = runs;
  let rbi = 0;
  if (play.rbiEligible && pa === 1) for (let i = 0; i < runs; i++) if (!scorers[i]!.onError) rbi++;
  stats.rbi = rbi;
  stats.ab = pa === 1 ? Math.max(0, 1 - stats.bb - stats.hbp - stats.sf - stats.sac - stats.ci) : 0;
  if (pa === 1 && play.caughtFly && stats.rbi > 0 && play.outsBefore < 2) {
    stats.sf = 1;
    stats.ab = 0;
  }

  // The new bases. (The loops over a play's few movers here are indexed: finishPlay is too large
  // for V8 to see through a for-of's iterator, and it allocated two objects per loop per play;
  // nor does it inline a filter's or map's callback here, called once per mover.)
  const bases: { first: OnBase | null; second: OnBase | null; third: OnBase | null } = {
    first: null,
    second: null,
    third: null,
  };
  if (!endsHalf) {
    for (let i = 0; i < play.movers.length; i++) {
      const mover = play.movers[i]!;
      if (mover.out || mover.at < 1 || mover.at > 3) continue;
      const onBase: OnBase = {
        id: mover.id,
        pitcherId: mover.pitcherId,
        unearned: mover.unearned || (mover.from === 0 && mover.onError),
      };
      if (mover.at === 1) bases.first = onBase;
      else if (mover.at === 2) bases.second = onBase;
      else bases.third = onBase;
    }
  }

  const runnerMoves: RunnerMove[] = [];
  for (let i = 0; i < play.movers.length; i++) {
    const mover = play.movers[i]!;
    const move: RunnerMove = {
      lineupId: mover.id,
      from: mover.from,
      to: finalOf(mover, endsHalf),
      responsiblePitcherId: mover.pitcherId,
      onError: mover.onError,
    };
    runnerMoves.push(move);
    if (move.to !== move.from) {
      events.push({
        type: "runnerAdvanced",
        lineupId: move.lineupId,
        from: move.from,
        to: move.to,
      });
    }
  }

  // The description: the play, then where the runners went, lead runner first (movers stand in
  // the order they started the play: the batter, then first, second, third). The moves are
  // appended as they are found ("; " before the first, ", " between), not gathered and joined.
  // The play's own clauses are appended the same way rather than joined: a join copies them all
  // into a new flat string, appending only links them (V8 flattens the text once, when read).
  let description = play.description[0] ?? "";
  for (let i = 1; i < play.description.length; i++) description += `; ${play.description[i]}`;
  let separator = "; ";
  for (let i = play.movers.length - 1; i >= 0; i--) {
    const mover = play.movers[i]!;
    if (mover.from === 0 || mover.out) continue;
    if (mover.at === 4) description += `${separator}${nameOf(state, mover.id)} scores`;
    else if (mover.at !== mover.from && !endsHalf)
      description += `${separator}${nameOf(state, mover.id)} to ${BASE_WORD[mover.at]}`;
    else continue;
    separator = ", ";
  }
  const batterMover = moverFrom(play, 0);
  if (
    batterMover !== undefined &&
    !batterMover.out &&
    batterMover.at === 4 &&
    stats.homerun === 0
  ) {
    description += `${separator}${nameOf(state, batterMover.id)} scores`;
  }
  if (walkOff) {
    description +=
      creditedWith === null
        ? " (walk-off)"
        : ` (walk-off; the batter is credited with ${creditedWith})`;
  }

  const version = state.version + 1;
  const playNumber = state.playNumber + 1;
  const battingState = battingTeamState(state);
  const fieldingState = fieldingTeamState(state);
  const awayAfter = awayBefore + (batting === "away" ? runs : 0);
  const homeAfter = homeBefore + (batting === "home" ? runs : 0);
  const pitcherTally = state.pitchers[play.pitcherId];
  const onBaseCode = baseCode(state.bases);
  const onBaseCodeAfter = baseCode(bases);
  const outsRecorded = outsAfter - play.outsBefore;
  // Earned runs: the play taken through the half-inning's errorless replay (OBR 9.16), the same
  // step the box score folds over the play log, so the e_run column and the box score agree.
  const errorless = replayErrorless(
    errorlessSoFar(state),
    {
      playNumber,
      inning: state.inning,
      half: state.half,
      pitcherId: play.pitcherId,
      outsBefore: play.outsBefore,
      outsRecorded,
      errors: play.errors,
      stats,
    },
    runnerMoves,
    fielding,
  );
  let earned = 0;
  for (let i = 0; i < errorless.runs.length; i++) if (errorless.runs[i]!.earned) earned++;
  stats.e_run = earned;
  // RE24 and WPA at creation: a lookup in each committed table (scoring/win-expectancy.ts).
  const value = playValues(
    {
      inning: state.inning,
      half: state.half,
      outsBefore: play.outsBefore,
      outsRecorded,
      onBaseCode,
      onBaseCodeAfter,
      awayScoreBefore: awayBefore,
      homeScoreBefore: homeBefore,
      runsScored: runs,
    },
    rules,
  );

  const record: PlayRecord = {
    playNumber,
    version,
    inning: state.inning,
    half: state.half,
    outsBefore: play.outsBefore,
    battingOrder: pa === 1 ? battingState.atBat + 1 : null,
    awayScoreBefore: awayBefore,
    homeScoreBefore: homeBefore,
    batterId: pa === 1 ? play.batterId : null,
    pitcherId: play.pitcherId,
    catcherId: currentCatcherId(state),
    defenderId: play.defenderId,
    runnerId: play.runnerId,
    onFirstId: state.bases.first?.id ?? null,
    onSecondId: state.bases.second?.id ?? null,
    onThirdId: state.bases.third?.id ?? null,
    onFirstFinal: finalOfRunner(state.bases.first, play, 1, endsHalf),
    onSecondFinal: finalOfRunner(state.bases.second, play, 2, endsHalf),
    onThirdFinal: finalOfRunner(state.bases.third, play, 3, endsHalf),
    batterFinal: batterMover === undefined ? null : finalOf(batterMover, endsHalf),
    onBaseCode,
    onBaseCodeAfter,
    runners: runnerMoves,
    // The declarations themselves, not copies (plain data no one mutates, shared like every
    // unchanged part of a state).
    defensiveChoices: state.choices.defense ?? {},
    offensiveChoices: state.choices.offense ?? {},
    diceRoll: dice,
    hitType: play.hitType,
    description,
    outsRecorded,
    runsScored: runs,
    checkPos: play.checkPos,
    errors: play.errors,
    stats, // the working play ends here: its stats become the record's
    wpa: value.wpa,
    re24: value.re24,
    isTied: awayAfter === homeAfter,
    isGoAhead:
      leadOf(batting, awayBefore, homeBefore) <= 0 && leadOf(batting, awayAfter, homeAfter) > 0,
    isNewInning: state.outs === 0 && state.halfInningPlays === 0,
    inPow: pitcherTally?.fatigued ?? false,
    decidedByAi: play.decidedByAi || state.choices.aiDecided,
    complete: true,
    locked: false,
  };
  events.push({ type: pa === 1 ? "plateAppearanceEnded" : "playRecorded", play: record });

  // Score, hits, errors, the order.
  // A play with no run leaves a line that already has this inning's entry as it was: shared.
  let lineScore = battingState.lineScore;
  if (runs > 0 || lineScore.length < state.inning) {
    const scored = lineScore.slice();
    while (scored.length < state.inning) scored.push(0);
    scored[state.inning - 1]! += runs;
    lineScore = scored;
  }
  const nextBatting = teamDraftOf(battingState);
  nextBatting.runs = battingState.runs + runs;
  nextBatting.hits = battingState.hits + stats.hit;
  nextBatting.lineScore = lineScore;
  if (pa === 1) nextBatting.atBat = (battingState.atBat + 1) % battingState.order.length;
  let nextFielding: TeamState = fieldingState;
  if (play.errors.length > 0) {
    const charged = teamDraftOf(fieldingState);
    charged.errors = fieldingState.errors + play.errors.length;
    nextFielding = charged;
  }

  const pitcherCard = state.players[play.pitcherId]!.pitching!;
  let pitchers = state.pitchers;
  if (pitcherTally !== undefined) {
    // A copy, then a store to the key it already has: cheaper than a spread with a computed key.
    const tallied = { ...state.pitchers };
    tallied[play.pitcherId] = tallyPlay(
      pitcherTally,
      pitcherCard,
      {
        inning: state.inning,
        outs: outsAfter - play.outsBefore,
        battersFaced: pa,
        hitsWalks: stats.hit + stats.bb,
        runs,
        closerSituation: isCloserSituation(state),
      },
      rules,
    );
    pitchers = tallied;
  }

  // Next: a new plate appearance (the defense declares first), or the same batter's roll after
  // a play inside his appearance. A walk-off or a third out overrides both just below.
  const awaited = pa === 1 ? awaitingDefense(fielding) : AWAITING_ROLL;
  const next = draftOf(state);
  next.away = batting === "away" ? nextBatting : nextFielding;
  next.home = batting === "home" ? nextBatting : nextFielding;
  next.outs = outsAfter;
  next.bases = bases;
  next.pending = awaited.decision;
  next.choices = pa === 1 ? NO_CHOICES : state.choices;
  next.version = version;
  next.playNumber = playNumber;
  next.pitchers = pitchers;
  next.carriedDice = [];
  next.inProgress = null;
  next.halfInningPlays = state.halfInningPlays + 1;
  next.errorless = endsHalf ? null : errorless.after;

  if (walkOff) return endGame(next, events, "walkOff");
  if (endsHalf) return endHalfInning(next, events);
  events.push(awaited.announced);
  return { state: next, events };
}

/**
 * The half-inning's errorless replay before this play. Before its first play it starts from the
 * men on base, put there by rule; a state built or restored mid-inning without one starts from
 * the bases as they stand, a man marked unearned being one who reached on an error.
 */
function errorlessSoFar(state: GameState): ErrorlessHalfInning {
  if (state.errorless) return state.errorless;
  const phantom = state.halfInningPlays === 0 ? "placed-runner" : "reached-on-error";
  const { first, second, third } = state.bases;
  return startErrorless(
    state.outs,
    [first, second, third].map((runner, i) =>
      runner === null ? null : { phantom: runner.unearned ? phantom : null, base: i + 1 },
    ),
  );
}

/** How far the batting side leads (negative: trails). */
function leadOf(batting: TeamSide, away: number, home: number): number {
  return batting === "away" ? away - home : home - away;
}

/** Where the man who started the play on `base` ended it (null: out, or nobody was there). */
function finalOfRunner(
  onBase: OnBase | null,
  play: WorkingPlay,
  base: 1 | 2 | 3,
  endsHalf: boolean,
): FinalBase {
  if (onBase === null) return null;
  const mover = moverFrom(play, base);
  return mover === undefined ? base : finalOf(mover, endsHalf);
}

function moverFromIsHome(play: WorkingPlay): boolean {
  const batter = moverFrom(play, 0);
  return batter !== undefined && !batter.out && batter.at === 4;
}

/**
 * The game ends the moment the winning run scores (OBR 5.08(b)), so the men behind him get no
 * farther than the bases still in front of them: each keeps the base he reached, but below the
 * man ahead of him and never above third, lead runner first. No one passes a runner or goes back
 * past the base he started on. The batter is credited with only the bases he keeps
 * (OBR 9.06(f)): a bases-loaded double that wins the game by one run is a single. Returns the hit
 * he is credited with when that cut it ("a single"), else null.
 */
function stopBehindTheWinningRun(play: WorkingPlay, scorers: readonly Mover[]): string | null {
  const behind = play.movers
    .filter((m) => !m.out && m.at >= 1 && !scorers.includes(m))
    .sort((a, b) => b.from - a.from);
  let ahead = 4;
  for (const mover of behind) {
    mover.at = Math.min(mover.at, 3, ahead - 1);
    ahead = mover.at;
  }
  const batter = moverFrom(play, 0);
  const stats = play.stats;
  const hitBases = stats.triple === 1 ? 3 : stats.double === 1 ? 2 : 1;
  if (batter === undefined || batter.out || stats.hit !== 1 || batter.at >= hitBases) return null;
  stats.triple = 0;
  stats.double = batter.at === 2 ? 1 : 0;
  return batter.at === 2 ? "a double" : "a single";
}

function finalOf(mover: Mover, endsHalf: boolean): FinalBase {
  if (mover.out) return null;
  if (mover.at === 0) return null;
  void endsHalf;
  return mover.at as FinalBase;
}

/** Three outs: the half-inning is over; maybe the game. Otherwise the other side comes to bat. */
export function endHalfInning(
  state: GameState,
  events: GameEvent[],
): { state: StateDraft; events: GameEvent[] } {
  const rules = state.rules;
  const batting = battingTeam(state);
  const battingState = battingTeamState(state);
  const runs = battingState.lineScore[state.inning - 1] ?? 0;
  const withLine = draftOf(state);
  if (battingState.lineScore.length < state.inning) {
    // A scoreless half-inning with no play recorded in it still gets its 0 on the line.
    const lineScore = [...battingState.lineScore];
    while (lineScore.length < state.inning) lineScore.push(0);
    const team = teamDraftOf(battingState);
    team.lineScore = lineScore;
    withLine[batting] = team;
  }
  events.push({
    type: "halfInningEnded",
    inning: state.inning,
    half: state.half,
    runs,
    score: { away: state.away.runs, home: state.home.runs },
  });
  const final = state.inning >= rules.inningsPerGame;
  if (final && state.half === "top" && state.home.runs > state.away.runs)
    return endGame(withLine, events, "final");
  if (final && state.half === "bottom" && state.home.runs !== state.away.runs)
    return endGame(withLine, events, "final");

  const half = state.half === "top" ? "bottom" : "top";
  const inning = state.half === "top" ? state.inning : state.inning + 1;
  const nextBatting = half === "top" ? "away" : "home";
  const nextFielding = half === "top" ? "home" : "away";
  let bases: Bases = NO_RUNNERS;
  if (inning > rules.inningsPerGame && rules.extraInningRunnerOnSecond) {
    // The man who made the last out of the previous inning: the slot before the leadoff man.
    const team = withLine[nextBatting];
    const runnerId = team.order[(team.atBat + team.order.length - 1) % team.order.length]!;
    bases = {
      first: null,
      second: { id: runnerId, pitcherId: withLine[nextFielding].defense.P, unearned: true },
      third: null,
    };
  }
  const awaited = awaitingDefense(nextFielding);
  const next = withLine;
  next.inning = inning;
  next.half = half;
  next.outs = 0;
  next.bases = bases;
  next.choices = NO_CHOICES;
  next.pending = awaited.decision;
  next.halfInningPlays = 0;
  events.push(awaited.announced);
  return { state: next, events };
}

export function endGame(
  state: GameState,
  events: GameEvent[],
  reason: "final" | "walkOff" | "forfeit",
  forfeitedBy?: "home" | "away",
): { state: StateDraft; events: GameEvent[] } {
  const winner =
    forfeitedBy !== undefined
      ? forfeitedBy === "home"
        ? "away"
        : "home"
      : state.home.runs > state.away.runs
        ? "home"
        : state.away.runs > state.home.runs
          ? "away"
          : null;
  const pending: PendingDecision = { kind: "gameOver", side: null, winner };
  events.push({
    type: "gameEnded",
    winner,
    score: { away: state.away.runs, home: state.home.runs },
    innings: state.inning,
    walkOff: reason === "walkOff",
    reason,
  });
  const next = draftOf(state);
  next.pending = pending;
  next.choices = NO_CHOICES;
  next.inProgress = null;
  return { state: next, events };
}
