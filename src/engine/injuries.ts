import type { Substitute } from "./actions.js";
import type { InjuryRating, PitchingCard } from "./cards.js";
import type { PlayDice } from "./dice.js";
import type { TeamSide } from "./play-record.js";
import type { FieldPosition } from "./positions.js";
import type { LeagueRules } from "./rules.js";
import { battingTeam, fieldingTeam, type GameState, type PitcherTally } from "./state.js";

/**
 * Injuries and rest (rules reference §1, §7, §8).
 *
 * A pitcher's check is called by the at-bat dice: d6 = 6 and a 2d6 row s >= pitcherInjuryMinRow
 * check him when his rating's games digit >= pitcherInjuryBase - s [D]. A batter's check is called
 * by a "plus injury" reading on his card. The check is 3d6 on the injury table for his rating
 * (p70 ... p20) and games digit (1-6): OK, REM (a batter is out for the rest of the game, a
 * pitcher is fatigued and adds his current rest) or a number of games. No table = OK; "0pNN" is
 * never injured [D].
 */
export type InjuryLength = "OK" | "REM" | number;

export interface InjuryOutcome {
  /** REM or games missed (OK is never recorded). */
  readonly length: "REM" | number;
  readonly inning: number;
  /** The 3d6 that settled it. */
  readonly roll: number;
}

type Row = readonly InjuryLength[];
type Ratings = Readonly<
  Partial<Record<"p70" | "p65" | "p60" | "p50" | "p40" | "p30" | "p20", Row>>
>;

/**
 * The injury table by games digit, then rating; each row is indexed by 3d6 - 3.
 * Source: calcorum/major-domo-v2 commands/injuries/management.py (`inj_data`) [S].
 */
export const INJURY_TABLE: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6, Ratings>> = {
  1: {
    p70: ["OK", "OK", "OK", "OK", "OK", "OK", "REM", "REM", 1, 1, 2, 2, 3, 3, 4, 4],
    p65: [2, 2, "OK", "REM", 1, 2, 3, 3, 4, 4, 4, 4, 5, 6, 8, 12],
    p60: ["OK", "OK", "REM", 1, 2, 3, 4, 4, 4, 5, 5, 6, 8, 12, 16, 16],
    p50: ["OK", "REM", 1, 2, 3, 4, 4, 5, 5, 6, 8, 8, 12, 16, 16, "OK"],
    p40: ["OK", 1, 2, 3, 4, 4, 5, 6, 6, 8, 8, 12, 16, 24, "REM", "OK"],
    p30: ["OK", 4, 1, 3, 4, 5, 6, 8, 8, 12, 16, 24, 4, 2, "REM", "OK"],
    p20: ["OK", 1, 2, 4, 5, 8, 8, 24, 16, 12, 12, 6, 4, 3, "REM", "OK"],
  },
  2: {
    p70: [4, 3, 2, 2, 1, 1, "REM", "OK", "REM", "OK", 2, 1, 2, 2, 3, 4],
    p65: [8, 5, 4, 2, 2, "OK", 1, "OK", "REM", 1, "REM", 2, 3, 4, 6, 12],
    p60: [1, 3, 4, 5, 2, 2, "OK", 1, 3, "REM", 4, 4, 6, 8, 12, 3],
    p50: [4, "OK", "OK", "REM", 1, 2, 4, 3, 4, 5, 4, 6, 8, 12, 12, "OK"],
    p40: ["OK", "OK", "REM", 1, 2, 3, 4, 4, 5, 4, 6, 8, 12, 16, 16, "OK"],
    p30: ["OK", "REM", 1, 2, 3, 4, 4, 5, 6, 5, 8, 12, 16, 24, "REM", "OK"],
    p20: ["OK", 1, 4, 4, 5, 5, 6, 6, 12, 8, 16, 24, 8, 3, 2, "REM"],
  },
  3: {
    p65: ["OK", "OK", "REM", 1, 3, "OK", "REM", 1, 2, 1, 2, 3, 4, 4, 5, "REM"],
    p60: ["OK", 5, "OK", "REM", 1, 2, 2, 3, 4, 4, 1, 3, 5, 6, 8, "REM"],
    p50: ["OK", "OK", "REM", 1, 2, 3, 4, 4, 5, 4, 4, 6, 8, 8, 12, "REM"],
    p40: ["OK", 1, 1, 2, 3, 4, 4, 5, 6, 5, 6, 8, 8, 12, 4, "REM"],
    p30: ["OK", 1, 2, 3, 4, 5, 4, 6, 5, 6, 8, 8, 12, 16, 1, "REM"],
    p20: ["OK", 1, 2, 4, 4, 8, 8, 6, 5, 12, 6, 16, 24, 3, 4, "REM"],
  },
  4: {
    p60: ["OK", "OK", "REM", 3, 3, "OK", "REM", 1, 2, 1, 4, 4, 5, 6, 8, "REM"],
    p50: ["OK", 6, 4, "OK", "REM", 1, 2, 4, 4, 3, 5, 3, 6, 8, 12, "REM"],
    p40: ["OK", "OK", "REM", 1, 2, 3, 4, 4, 5, 4, 4, 6, 8, 8, 12, "REM"],
    p30: ["OK", 1, 1, 2, 3, 4, 4, 5, 6, 5, 6, 8, 8, 12, 4, "REM"],
    p20: ["OK", 1, 2, 3, 4, 5, 4, 6, 5, 6, 12, 8, 8, 16, 1, "REM"],
  },
  5: {
    p60: ["OK", "REM", "REM", "REM", 3, "OK", 1, "REM", 2, 1, "OK", 4, 5, 2, 6, 8],
    p50: ["OK", "OK", "REM", 1, 1, "OK", "REM", 3, 2, 4, 4, 5, 5, 6, 8, 12],
    p40: ["OK", 6, 6, "OK", 1, 3, 2, 4, 4, 5, "REM", 3, 8, 6, 12, 1],
    p30: ["OK", "OK", "REM", 4, 1, 2, 5, 4, 6, 3, 4, 8, 5, 6, 12, "REM"],
    p20: ["OK", "REM", 2, 3, 4, 4, 5, 4, 6, 5, 8, 6, 8, 1, 12, "REM"],
  },
  6: {
    p40: ["OK", 6, 6, "OK", 1, 3, 2, 4, 4, 5, "REM", 3, 8, 6, 1, 12],
    p30: ["OK", "OK", "REM", 5, 1, 3, 6, 4, 5, 2, 4, 8, 3, 5, 12, "REM"],
    p20: ["OK", "REM", 4, 6, 2, 3, 6, 4, 8, 5, 5, 6, 3, 1, 12, "REM"],
  },
};

/** The injury table's reading for a rating and a 3d6 sum. */
export function readInjuryTable(rating: InjuryRating, roll: number): InjuryLength {
  if (rating.games < 1 || rating.games > 6) return "OK";
  const key = `p${rating.rating}` as keyof Ratings;
  const row = INJURY_TABLE[rating.games as 1 | 2 | 3 | 4 | 5 | 6][key];
  if (row === undefined) return "OK";
  return row[roll - 3] ?? "OK";
}

/** Does this at-bat roll call for a pitcher injury check (§1 [D])? */
export function callsPitcherInjuryCheck(
  card: PitchingCard,
  reading: { readonly d6: number; readonly row: number },
  rules: LeagueRules,
): boolean {
  if (card.injury === null || card.injury.games === 0) return false;
  if (reading.d6 !== 6 || reading.row < rules.pitcherInjuryMinRow) return false;
  return card.injury.games >= rules.pitcherInjuryBase - reading.row;
}

/**
 * The games of rest a pitcher needs after this game (§8 [D]): a starter rests starterRestGames;
 * a reliever one game per relieverOutsPerRestGame outs (at least one if he faced a batter); an
 * injury adds its games (REM adds his current rest again, as the SBA bot says).
 */
export function restRequired(
  tally: PitcherTally,
  rules: LeagueRules,
  injury?: InjuryOutcome,
): number {
  const base = tally.starter
    ? rules.starterRestGames
    : tally.battersFaced === 0
      ? 0
      : Math.max(1, Math.ceil(tally.outsRecorded / rules.relieverOutsPerRestGame));
  if (injury === undefined) return base;
  return injury.length === "REM" ? base * 2 : base + injury.length;
}

/**
 * The pitcher-injury check the at-bat dice may call (§1). REM: he is fatigued from now on; a
 * number of games: he is hurt and leaves when his team next takes the field (the manager brings
 * in a reliever, or the first rested one comes in). The at-bat reading itself still plays.
 */
export function checkPitcherInjury(
  state: GameState,
  reading: { readonly d6: number; readonly row: number },
  dice: PlayDice,
): GameState {
  const pitcherId = state[fieldingTeam(state)].defense.P;
  const card = state.players[pitcherId]?.pitching;
  if (card === undefined || card === null || card.injury === null) return state;
  if (state.injuries?.[pitcherId] !== undefined) return state;
  if (!callsPitcherInjuryCheck(card, reading, state.rules)) return state;
  const roll = dice.threeD6("pitcher injury").sum;
  const length = readInjuryTable(card.injury, roll);
  if (length === "OK") return state;
  const tally = state.pitchers[pitcherId];
  const pitchers =
    tally === undefined
      ? state.pitchers
      : { ...state.pitchers, [pitcherId]: { ...tally, fatigued: true } };
  return {
    ...state,
    pitchers,
    injuries: { ...state.injuries, [pitcherId]: { length, inning: state.inning, roll } },
  };
}

// ---------------------------------------------------------------------------------------------
// Batters: the "plus injury" reading (§7). PD cards carry no such marks (§8): only pitchers.

/** The check a batter's plus-injury reading calls: 3d6 on his table. Null: OK (or no rating). */
export function checkBatterInjury(
  state: GameState,
  batterId: number,
  dice: PlayDice,
): { state: GameState; injury: InjuryOutcome } | null {
  const rating = state.players[batterId]?.batting.injury ?? null;
  if (rating === null || rating.games === 0 || isInjured(state, batterId)) return null;
  const roll = dice.threeD6("batter injury").sum;
  const length = readInjuryTable(rating, roll);
  if (length === "OK") return null;
  const injury: InjuryOutcome = { length, inning: state.inning, roll };
  return { state: { ...state, injuries: { ...state.injuries, [batterId]: injury } }, injury };
}

/** How the play describes a batter's injury. */
export function describeInjury(name: string, injury: InjuryOutcome): string {
  const out =
    injury.length === "REM"
      ? "out for the rest of the game"
      : `out for the game and ${injury.length} more game${injury.length === 1 ? "" : "s"}`;
  return `${name} is hurt on the play (injury 3d6 ${injury.roll}): ${out}`;
}

/**
 * Is this man hurt? Injuries are kept by the lineup id he had when hurt; a pinch hitter who takes
 * the field gets a new lineup id, so the same player on the same team counts too.
 */
export function isInjured(state: GameState, lineupId: number): boolean {
  const injuries = state.injuries;
  if (injuries === undefined) return false;
  if (injuries[lineupId] !== undefined) return true;
  const entry = state.lineup[lineupId - 1];
  if (entry === undefined) return false;
  for (const id in injuries) {
    const hurt = state.lineup[Number(id) - 1];
    if (hurt !== undefined && hurt.playerId === entry.playerId && hurt.team === entry.team)
      return true;
  }
  return false;
}

/**
 * A hurt batter (not a pitcher: those leave on their own, see takeTheField) who must be replaced
 * before the game goes on: the man due up when his team bats (a pinch hitter), or a fielder when
 * his team takes the field (a defensive replacement). Null when there is none, or when the bench
 * is empty (then he plays on hurt).
 */
export interface InjuredMustLeave {
  readonly side: TeamSide;
  readonly lineupId: number;
  /** Where he must be replaced: "PH" for the batter due up, else his position. */
  readonly position: FieldPosition | "PH";
}

export function injuredMustLeave(state: GameState, side: TeamSide): InjuredMustLeave | null {
  if (state.injuries === undefined) return null;
  const team = state[side];
  if (team.bench.length === 0) return null;
  if (side === battingTeam(state)) {
    const due = team.order[team.atBat]!;
    return isInjured(state, due) ? { side, lineupId: due, position: "PH" } : null;
  }
  for (const position in team.defense) {
    if (position === "P") continue;
    const holder = team.defense[position as FieldPosition];
    const entry = state.lineup[holder - 1];
    if (entry?.isActive === true && isInjured(state, holder))
      return { side, lineupId: holder, position: position as FieldPosition };
  }
  return null;
}

/** The substitution the engine accepts for a man who must leave: the first suitable bench man. */
export function replacementFor(state: GameState, hurt: InjuredMustLeave): Substitute | null {
  const bench = state[hurt.side].bench;
  const hitters = bench.filter((p) => p.pitching === null);
  const pool = hitters.length > 0 ? hitters : bench;
  const player =
    hurt.position === "PH"
      ? pool[0]
      : (pool.find((p) => p.eligible.includes(hurt.position as FieldPosition)) ?? pool[0]);
  if (player === undefined) return null;
  return {
    type: "substitute",
    side: hurt.side,
    outId: hurt.lineupId,
    inPlayerId: player.id,
    position: hurt.position,
  };
}
