import type { LeagueId } from "../engine/cards.js";
import { DEFAULT_RULES, type LeagueRules } from "../engine/rules.js";

/**
 * League configs: what differs between SBA and PD. Both share the engine's result charts
 * (src/engine/charts) and resolver; a league picks its rules (every [D] default is a named value
 * in LeagueRules), how its players are keyed, and where its data comes from.
 */
export interface LeagueConfig {
  readonly id: LeagueId;
  readonly name: string;
  readonly rules: LeagueRules;
  /** Players on a team's roster. */
  readonly rosterSize: number;
  /** SBA rosters list player ids (one printed card per player); PD rosters list card ids. */
  readonly keyedBy: "player_id" | "card_id";
  /**
   * PD: a player may have a card in several cardsets; when more than one is allowed, the card
   * from the cardset with the highest priority wins. SBA has no cardsets.
   */
  readonly cardsets: { readonly pick: "highest-priority" } | null;
  /** Data source keys this league can be served from, in order of preference. */
  readonly dataSources: readonly ("bundled" | "api")[];
  /** The bundled sample league's file, under src/leagues/bundled. */
  readonly bundledFile: string;
}

export const SBA_LEAGUE: LeagueConfig = {
  id: "sba",
  name: "SBA",
  rules: {
    ...DEFAULT_RULES,
    // SBA players hold real printed cards: the server rolls, the manager reads the result.
    cardReading: "manager",
  },
  rosterSize: 26,
  keyedBy: "player_id",
  cardsets: null,
  dataSources: ["api", "bundled"],
  bundledFile: "sba.json",
};

export const PD_LEAGUE: LeagueConfig = {
  id: "pd",
  name: "Paper Dynasty",
  rules: {
    ...DEFAULT_RULES,
    // PD cards are digital: the server resolves each play from the ratings.
    cardReading: "automatic",
  },
  rosterSize: 26,
  keyedBy: "card_id",
  cardsets: { pick: "highest-priority" },
  dataSources: ["api", "bundled"],
  bundledFile: "pd.json",
};

export const LEAGUES: Readonly<Record<LeagueId, LeagueConfig>> = { sba: SBA_LEAGUE, pd: PD_LEAGUE };

export class UnknownLeagueError extends Error {
  override readonly name = "UnknownLeagueError";
  constructor(readonly leagueId: string) {
    super(`unknown league '${leagueId}': expected one of ${Object.keys(LEAGUES).join(", ")}`);
  }
}

export function isLeagueId(id: string): id is LeagueId {
  return Object.hasOwn(LEAGUES, id);
}

export function leagueConfig(id: string): LeagueConfig {
  if (!isLeagueId(id)) throw new UnknownLeagueError(id);
  return LEAGUES[id];
}
