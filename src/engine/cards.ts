import type { FieldPosition } from "./positions.js";
import type { CardResult } from "./results.js";

/**
 * Card and player models shared by both leagues (rules reference §2, §5-§7).
 *
 * A card side is 3 columns x the 2d6 rows 2..12. On a batter's card the columns are d6 1-3;
 * on a pitcher's card, d6 4-6. A cell holds one reading, or several split by d20 ranges
 * ("HR 1-10, DO 11-20"). SBA cards are transcribed from the printed card; PD cards are laid
 * out from their digital chances, so both leagues share one resolver and one roll log.
 */
export type TwoDiceRow = 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;
export const TWO_DICE_ROWS: readonly TwoDiceRow[] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** Ways to roll each 2d6 sum, out of 36. */
export const TWO_DICE_WEIGHT: Readonly<Record<TwoDiceRow, number>> = {
  2: 1,
  3: 2,
  4: 3,
  5: 4,
  6: 5,
  7: 6,
  8: 5,
  9: 4,
  10: 3,
  11: 2,
  12: 1,
};

/** Chances on one card side (3 columns x 36) and in one plate appearance (two sides). */
export const CHANCES_PER_SIDE = 108;
export const CHANCES_PER_PLATE_APPEARANCE = 216;

export interface CellEntry {
  readonly result: CardResult;
  /** The d20 range this entry covers, inclusive: 1..20 when the cell is not split. */
  readonly from: number;
  readonly to: number;
  /** Pitcher card: becomes SI** once the pitcher is fatigued (§7). */
  readonly fatigue?: boolean;
  /** Pitcher card homer: HR only for a normal-power (N) hitter, SI** for a weak (W) one (§2). */
  readonly powerGated?: boolean;
  /** Batter card: a "plus injury" reading that calls for an injury check (§7). */
  readonly injury?: boolean;
}

/** One cell: its entries cover d20 1..20 exactly once, in order. */
export type CardCell = readonly CellEntry[];
export type CardColumn = Readonly<Record<TwoDiceRow, CardCell>>;

export interface CardSide {
  readonly columns: readonly [CardColumn, CardColumn, CardColumn];
}

const NO_CELLS: CardColumn = {
  2: [],
  3: [],
  4: [],
  5: [],
  6: [],
  7: [],
  8: [],
  9: [],
  10: [],
  11: [],
  12: [],
};

/** A card side nobody transcribed: every cell empty (an SBA player known without his grid). */
export const UNKNOWN_CARD_SIDE: CardSide = { columns: [NO_CELLS, NO_CELLS, NO_CELLS] };

export type Grade = "A" | "B" | "C" | "D";
export type BatSide = "L" | "R" | "S";
export type ThrowHand = "L" | "R";
export type Power = "N" | "W";

/** A fielder's rating at one position, e.g. "ss-3e24" or "cf-3(-1)e5" (§5, §7). */
export interface FieldingRating {
  readonly position: FieldPosition;
  /** 1 (best) .. 5 (worst). */
  readonly range: number;
  /** The error rating the position's 3d6 error chart is read with. */
  readonly error: number;
  /** Outfielders and catchers: throwing arm, negative is strong (-6 best .. +5 worst). */
  readonly arm?: number;
  /** Catchers: passed-ball rating, 0..20. */
  readonly passedBall?: number;
  /** Catchers: throwing-error rating T, read on a safe steal. */
  readonly throwing?: number;
}

/** The running and steal string "*8-10/11,12 (19-14)" (§6). */
export interface StealRating {
  /** "*": an automatic good lead when the runner is not held. */
  readonly autoJump: boolean;
  /** 2d6 sums that give a good lead ("8-10"). */
  readonly goodLead: readonly number[];
  /** 2d6 sums after the slash: the runner is caught leaning ("11,12"). */
  readonly caughtLeaning: readonly number[];
  /** Safe on d20 <= this with a good lead ("19"). */
  readonly safeWithLead: number;
  /** Safe on d20 <= this without one ("14"). */
  readonly safeWithoutLead: number;
}

/** Endurance "S(6) R(2) C(3)", "S(6*)" (§7). Null parts are absent from the string. */
export interface Endurance {
  readonly starter: number | null;
  /** "S(6*)": one more inning on the cap [D]. */
  readonly starterBonus: boolean;
  readonly reliever: number | null;
  readonly closer: number | null;
}

/** Injury rating "<games digit>p<NN>", e.g. "3p65"; "0pNN" is never injured (§7, §8). */
export interface InjuryRating {
  readonly games: number;
  readonly rating: number;
}

export interface BattingCard {
  readonly bats: BatSide;
  readonly power: Power;
  /** The running rating 1..20, read for SPD, tag-ups and extra bases. */
  readonly speed: number;
  /** Null: the runner may not steal. */
  readonly steal: StealRating | null;
  readonly bunt: Grade;
  readonly hitAndRun: Grade;
  readonly injury: InjuryRating | null;
  /** The half read against a left-handed pitcher. */
  readonly vsLeft: CardSide;
  /** The half read against a right-handed pitcher. */
  readonly vsRight: CardSide;
}

export interface PitchingCard {
  readonly throws: ThrowHand;
  /** The half read against a left-handed batter. */
  readonly vsLeft: CardSide;
  /** The half read against a right-handed batter. */
  readonly vsRight: CardSide;
  readonly endurance: Endurance;
  /** WP check: a wild pitch on d20 <= this (0..20). */
  readonly wildPitch: number;
  /** Balk check: a balk on d20 <= this. */
  readonly balk: number;
  /** Hold rating added to a held runner's steal target (-6..+9 on SBA sheets). */
  readonly hold: number;
  readonly injury: InjuryRating | null;
}

export type LeagueId = "sba" | "pd";

/** What every player has, whichever league he comes from. */
export interface BasePlayer {
  readonly league: LeagueId;
  /** SBA: the league's player_id. PD: the card_id. */
  readonly id: number;
  readonly name: string;
  /** pos_1..pos_8: where he may play without the out-of-position penalty. */
  readonly eligible: readonly FieldPosition[];
  readonly fielding: Readonly<Partial<Record<FieldPosition, FieldingRating>>>;
  readonly batting: BattingCard;
  /** Pitchers only. */
  readonly pitching: PitchingCard | null;
}

/** SBA: a real printed card, keyed by player_id. Keeps the printed strings it was parsed from. */
export interface SbaPlayer extends BasePlayer {
  readonly league: "sba";
  readonly playerId: number;
  readonly printed: Readonly<Record<string, string>>;
  /**
   * False: his card's grid is unknown (a league API player: only images of the card): his card
   * sides are UNKNOWN_CARD_SIDE, and every reading of his card is read off the real card by its
   * owner's manager, never by the engine. Absent or true: the grid was transcribed.
   */
  readonly hasGrid?: boolean;
}

/** Can the engine read this player's card itself? Not an SBA player known without his grid. */
export function hasTranscribedGrid(player: Player): boolean {
  return player.league !== "sba" || player.hasGrid !== false;
}

/** PD: a digital card, keyed by card_id, in a cardset. */
export interface PdPlayer extends BasePlayer {
  readonly league: "pd";
  readonly cardId: number;
  readonly cardsetId: number;
}

export type Player = SbaPlayer | PdPlayer;
