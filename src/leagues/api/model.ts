// What the API-backed sources hand to the rest of Dugout: league records in our own words, mapped
// from the API shapes (sba-schemas.ts, pd-schemas.ts).

import type { InjuryRating, LeagueId } from "../../engine/cards.js";
import type { FieldPosition } from "../../engine/positions.js";

export interface LeagueTeamInfo {
  readonly league: LeagueId;
  readonly id: number;
  readonly abbrev: string;
  readonly shortName: string;
  readonly name: string;
  readonly season: number | null;
  /** Discord ids of the team's general managers (SBA gmid/gmid2, PD gmid), as digit strings. */
  readonly gmDiscordIds: readonly string[];
}

/**
 * An SBA player as the API knows him. The API has no printed card grid (only images of the card),
 * so this is a "no grid" player: the manager reads the result off his real card and reports it;
 * the engine checks the report against the roll (the dice rolled, the situation, the result's
 * legality) rather than against a transcribed grid. Positions, injury rating and the card images
 * are what the API does carry.
 */
export interface SbaLeaguePlayer {
  readonly league: "sba";
  readonly playerId: number;
  readonly name: string;
  /** Null for the bundled league. */
  readonly season: number | null;
  readonly teamId: number | null;
  /** sWAR (the API's "wara"). */
  readonly swar: number | null;
  /** pos_1..pos_8 as printed: "C", "SS", "SP", "RP", "DH"... */
  readonly positionCodes: readonly string[];
  /** The field positions those codes allow (SP/RP/P -> P; DH allows none). */
  readonly eligible: readonly FieldPosition[];
  readonly isPitcher: boolean;
  /** Batting hand when the API gives it (it usually does not). */
  readonly hand: "L" | "R" | "S" | null;
  /** "3p65" read; null when absent or unreadable. */
  readonly injury: InjuryRating | null;
  readonly pitcherInjury: number | null;
  /** Card image URLs: front (image), back (image2), vanity card. */
  readonly cardImages: readonly string[];
  readonly stratCode: string | null;
  readonly bbrefId: string | null;
  /**
   * False for API players (no transcribed grid: results are reported by the manager and validated
   * against the roll); true for the bundled league, whose cards are transcribed.
   */
  readonly hasGrid: boolean;
}

export interface SbaLeagueRoster {
  readonly league: "sba";
  readonly teamId: number;
  /** The active roster: who may play in a game. */
  readonly players: readonly SbaLeaguePlayer[];
  /** Injured lists (short and long), for display only. */
  readonly injured: readonly SbaLeaguePlayer[];
}

export interface PdLeagueCardset {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly rankedLegal: boolean | null;
  readonly inPacks: boolean | null;
  /**
   * The bundled league's default priority; null from the API, where priority is chosen per game
   * (game_cardset_links).
   */
  readonly priority: number | null;
}

/** One PD card held by a team. */
export interface PdLeagueCard {
  readonly league: "pd";
  readonly cardId: number;
  /** The PD player record (one per cardset). */
  readonly playerId: number;
  /** The real player across cardsets (see pdPlayerIdentity in pd.ts). */
  readonly identity: string;
  readonly name: string;
  readonly cardsetId: number;
  readonly cardsetName: string;
  readonly teamId: number | null;
  readonly positionCodes: readonly string[];
  readonly image: string | null;
}

export interface PdLeagueRoster {
  readonly league: "pd";
  readonly teamId: number;
  readonly rosterId: number | null;
  /** The cards in the roster's slots, in slot order. */
  readonly cards: readonly PdLeagueCard[];
  /** Every card the team holds, in every cardset: where a game's cardset choice picks from. */
  readonly holdings: readonly PdLeagueCard[];
}

const CODE_TO_POSITION: Readonly<Record<string, FieldPosition>> = {
  P: "P",
  SP: "P",
  RP: "P",
  CP: "P",
  C: "C",
  "1B": "1B",
  "2B": "2B",
  "3B": "3B",
  SS: "SS",
  LF: "LF",
  CF: "CF",
  RF: "RF",
};

/** The field positions pos_1..pos_8 codes allow, in order, without repeats. */
export function eligiblePositions(codes: readonly string[]): FieldPosition[] {
  const out: FieldPosition[] = [];
  for (const code of codes) {
    const position = CODE_TO_POSITION[code.trim().toUpperCase()];
    if (position && !out.includes(position)) out.push(position);
  }
  return out;
}

/** pos_1..pos_8 of an API record, blanks dropped. */
export function positionCodesOf(record: Readonly<Record<string, unknown>>): string[] {
  const codes: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const code = record[`pos_${i}`];
    if (typeof code === "string" && code.trim() !== "") codes.push(code.trim());
  }
  return codes;
}
