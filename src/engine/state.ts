import type { BaseRunners, OnBaseCode } from "./bases.js";
import type { LeagueId, Player } from "./cards.js";
import type { DiceCursor } from "./dice.js";
import type { InjuryOutcome } from "./injuries.js";
import type { DiceReading, FieldingError, Half, LineupEntry, TeamSide } from "./play-record.js";
import type { FieldPosition } from "./positions.js";
import type { CardOwner } from "./result-codes.js";
import type { LeagueRules } from "./rules.js";
import type { ErrorlessHalfInning } from "./scoring/earned-runs.js";
import type { WorkingPlay } from "./working-play.js";

/**
 * The whole game as plain JSON-serializable data (no classes, no Maps): it can be snapshotted into
 * jsonb and compared structurally. The reducer never mutates a state; it builds the next one,
 * sharing every part that did not change.
 */
export interface GameState {
  readonly league: LeagueId;
  readonly rules: LeagueRules;
  readonly ballpark: Ballpark;
  /** Everyone who has been in the game; lineup ids are 1..n and lineup[id - 1] is that man. */
  readonly lineup: readonly LineupEntry[];
  /** The card of each lineup id (keys are lineup ids). */
  readonly players: Readonly<Record<number, Player>>;
  readonly away: TeamState;
  readonly home: TeamState;

  readonly inning: number;
  readonly half: Half;
  readonly outs: number;
  readonly bases: Bases;

  /** Who acts next, and on what. */
  readonly pending: PendingDecision;
  /** What each side declared for the plate appearance under way. */
  readonly choices: Choices;
  /** Bumped by one for every accepted action. */
  readonly version: number;
  /** Plays recorded so far (the last play's playNumber). */
  readonly playNumber: number;
  /** Plays recorded in the half-inning under way. */
  readonly halfInningPlays: number;
  /**
   * The half-inning under way replayed without its errors and passed balls (OBR 9.16(a)), from
   * which each play's earned runs are scored as it ends; null before the half-inning's first play.
   */
  readonly errorless: ErrorlessHalfInning | null;
  /** Fatigue bookkeeping, by the pitcher's lineup id. */
  readonly pitchers: Readonly<Record<number, PitcherTally>>;
  /** Rolls already made toward the next play (a voided at-bat reading, an SBA reading). */
  readonly carriedDice: readonly DiceReading[];
  /** A play waiting on a runner decision, kept as plain data. */
  readonly inProgress: PlayInProgress | null;
  /** Where the dice source stood after the last accepted action (never shown to clients). */
  readonly diceCursor: DiceCursor | null;
  /** Injuries suffered in this game, by lineup id (§7; see injuries.ts). Absent until the first. */
  readonly injuries?: Readonly<Record<number, InjuryOutcome>>;
}

/** A game state whose fields the reducer may still set: the next state while one action builds it. */
export type StateDraft = { -readonly [K in keyof GameState]: GameState[K] };

/**
 * The next state, to be filled in: a shallow copy of `state` sharing every part (the reducer
 * replaces a part it changes, never mutates one). Every field is written in one fixed order, so
 * all states share one object layout and the reducer's field reads and writes stay cheap; the
 * order is the one createGame writes, which JSON of a state shows.
 */
export function draftOf(state: GameState): StateDraft {
  const draft: StateDraft = {
    league: state.league,
    rules: state.rules,
    ballpark: state.ballpark,
    lineup: state.lineup,
    players: state.players,
    away: state.away,
    home: state.home,
    inning: state.inning,
    half: state.half,
    outs: state.outs,
    bases: state.bases,
    pending: state.pending,
    choices: state.choices,
    version: state.version,
    playNumber: state.playNumber,
    halfInningPlays: state.halfInningPlays,
    errorless: state.errorless,
    pitchers: state.pitchers,
    carriedDice: state.carriedDice,
    inProgress: state.inProgress,
    diceCursor: state.diceCursor,
  };
  if (state.injuries !== undefined) draft.injuries = state.injuries;
  return draft;
}

/** Park ratings: BP-HR and BP-1B readings succeed on d20 <= these (§2, §8). */
export interface Ballpark {
  readonly name: string;
  readonly homerun: number;
  readonly single: number;
}

/** A man on base: his lineup id, the pitcher charged with him, and whether his run would be unearned. */
export interface OnBase {
  readonly id: number;
  readonly pitcherId: number;
  /** He reached on an error (or is the extra-inning runner): his run is unearned. */
  readonly unearned: boolean;
}

export interface Bases {
  readonly first: OnBase | null;
  readonly second: OnBase | null;
  readonly third: OnBase | null;
}

export const NO_RUNNERS: Bases = { first: null, second: null, third: null };

export function baseCode(bases: Bases): OnBaseCode {
  return ((bases.first !== null ? 1 : 0) |
    (bases.second !== null ? 2 : 0) |
    (bases.third !== null ? 4 : 0)) as OnBaseCode;
}

export function baseRunners(bases: Bases): BaseRunners {
  return {
    first: bases.first?.id ?? null,
    second: bases.second?.id ?? null,
    third: bases.third?.id ?? null,
  };
}

export interface TeamState {
  readonly side: TeamSide;
  readonly name: string;
  /** Lineup ids in batting-order slots 1..9 (index 0 is slot 1). */
  readonly order: readonly number[];
  /** The lineup id playing each position. */
  readonly defense: Readonly<Record<FieldPosition, number>>;
  /** The slot (0..8) of the man due up next. */
  readonly atBat: number;
  readonly runs: number;
  readonly hits: number;
  readonly errors: number;
  /** Runs by inning (index 0 is the first inning). */
  readonly lineScore: readonly number[];
  /** Players not (yet) in the game, for substitutions. */
  readonly bench: readonly Player[];
  /**
   * True once this team has lost its DH in a DH game (the DH moved into the field, OBR
   * 5.11(a)): its pitchers bat from then on. Absent while the team keeps the game's DH rule.
   */
  readonly designatedHitterEnded?: boolean;
}

/** A team state whose fields the reducer may still set. */
export type TeamDraft = { -readonly [K in keyof TeamState]: TeamState[K] };

/** The next team state, to be filled in: like draftOf, one fixed field order (createGame's). */
export function teamDraftOf(team: TeamState): TeamDraft {
  const draft: TeamDraft = {
    side: team.side,
    name: team.name,
    order: team.order,
    defense: team.defense,
    atBat: team.atBat,
    runs: team.runs,
    hits: team.hits,
    errors: team.errors,
    lineScore: team.lineScore,
    bench: team.bench,
  };
  if (team.designatedHitterEnded !== undefined)
    draft.designatedHitterEnded = team.designatedHitterEnded;
  return draft;
}

/** What a pitcher has done, for the fatigue rules (§7). */
export interface PitcherTally {
  readonly pitcherId: number;
  readonly enteredInning: number;
  readonly starter: boolean;
  readonly outsRecorded: number;
  readonly battersFaced: number;
  /** By inning he pitched in, in order: hits + walks allowed and runs scored. */
  readonly innings: readonly {
    readonly inning: number;
    readonly hitsWalks: number;
    readonly runs: number;
  }[];
  /** Once fatigued he stays fatigued. */
  readonly fatigued: boolean;
}

export type InfieldDepth = "back" | "cornersIn" | "in";
export type OutfieldDepth = "normal" | "shallow" | "deep";

/** (A type, not an interface, so a play record can keep it as its plain-object choices.) */
export type DefenseChoice = {
  readonly infield: InfieldDepth;
  readonly outfield: OutfieldDepth;
  readonly hold: { readonly first: boolean; readonly second: boolean; readonly third: boolean };
  readonly intentionalWalk: boolean;
};

export type OffensivePlay =
  | "swing"
  | "steal"
  | "doubleSteal"
  | "delayedSteal"
  | "bunt"
  | "sacrifice"
  | "squeeze"
  | "hitAndRun";

export type OffenseChoice = {
  readonly play: OffensivePlay;
  /** For steals: the runners sent, by the base they start on. */
  readonly runners: readonly (1 | 2 | 3)[];
};

export interface Choices {
  readonly defense: DefenseChoice | null;
  readonly offense: OffenseChoice | null;
  /** A side ran out of time on this plate appearance and the default decision was taken for it. */
  readonly aiDecided: boolean;
}

export const NO_CHOICES: Choices = { defense: null, offense: null, aiDecided: false };

/** One at-bat reading: which card, half, column and row came up, and the split d20. */
export interface AtBatReading {
  readonly d6: number;
  readonly row: number;
  readonly d20: number;
  /** d6 1-3 the batter's card, 4-6 the pitcher's. */
  readonly card: CardOwner;
  /** Column 1..3 of that card side. */
  readonly column: number;
  /** The half read: against a left-handed (vsLeft) or right-handed (vsRight) opponent. */
  readonly cardHalf: "vsLeft" | "vsRight";
  /** Lineup id of the man whose card it is. */
  readonly cardOf: number;
}

/**
 * Who must act next, and on what. A small state machine per plate appearance:
 * defense (positioning, holds, IBB) -> offense (swing, steal, bunt...) -> roll (the server) ->
 * [sba/read-card: the card's owner submits the printed result] -> [runner / tag-up decisions] ->
 * the next plate appearance, or gameOver.
 */
export type PendingDecision =
  | { readonly kind: "defense"; readonly side: TeamSide }
  | { readonly kind: "offense"; readonly side: TeamSide }
  | { readonly kind: "roll"; readonly side: "server" }
  | { readonly kind: "sba/read-card"; readonly side: TeamSide; readonly reading: AtBatReading }
  | RunnerDecision
  | { readonly kind: "gameOver"; readonly side: null; readonly winner: TeamSide | null };

/** An extra-base attempt (uncapped hit) or a tag-up, waiting on one side. */
export interface RunnerDecision {
  readonly kind: "runner";
  readonly side: TeamSide;
  /**
   * send: offense sends the lead runner or holds him. throw: defense throws or not.
   * trail: offense sends the trailing runner on the throw or not. target: defense picks whom to
   * throw at. tagUp: offense sends the tagging runner (a fly ball) or holds him.
   */
  readonly step: "send" | "throw" | "trail" | "target" | "tagUp";
  readonly lead: RunnerAttempt;
  readonly trail: RunnerAttempt | null;
}

export interface RunnerAttempt {
  readonly lineupId: number;
  /** The base he stands on now (0 = the batter at the plate). */
  readonly from: number;
  /** The base he tries for (4 = home). */
  readonly to: number;
  /** Safe on d20 <= this. */
  readonly target: number;
}

export interface PlayInProgress {
  readonly play: WorkingPlay;
  readonly decision: RunnerDecision;
  /** Decisions taken so far in this chain. */
  readonly leadSent: boolean;
  readonly thrown: boolean;
  readonly trailSent: boolean;
}

export function fieldingTeam(state: Pick<GameState, "half">): TeamSide {
  return state.half === "top" ? "home" : "away";
}

export function battingTeam(state: Pick<GameState, "half">): TeamSide {
  return state.half === "top" ? "away" : "home";
}

/** The team at bat now (a plain field read: the hot paths read it several times per play). */
export function battingTeamState(state: Pick<GameState, "half" | "away" | "home">): TeamState {
  return state.half === "top" ? state.away : state.home;
}

/** The team in the field now. */
export function fieldingTeamState(state: Pick<GameState, "half" | "away" | "home">): TeamState {
  return state.half === "top" ? state.home : state.away;
}

export function lineupEntry(state: GameState, id: number): LineupEntry {
  const entry = state.lineup[id - 1];
  if (entry === undefined || entry.id !== id) throw new RangeError(`no lineup id ${id}`);
  return entry;
}

export type { FieldingError };
