// Rosters into a game: from league data (src/leagues/source-factory.ts catalogs) into the game's
// roster_links, game_cardset_links and (optionally) starting lineups.
//
//   SBA: each team's active roster -> one roster_links row per player (player_id). A side the AI
//        manages must have transcribed cards: the AI cannot read a printed card it does not have,
//        so an API team (no-grid players) with an AI side is refused (games/ai_needs_transcribed_cards).
//   PD:  the game's cardset links are required (given here, or already stored for the game).
//        For each player on a team's roster, of the cards the team may use (in any cardset), the
//        one from the linked cardset with the highest priority wins (the LOWEST priority number,
//        as game_cardset_links orders them; ties go to the lower card id: pickRosterCards). A
//        player with no card in a linked cardset is refused, naming him. -> roster_links (card_id).
//   Lineups (loadRostersIntoGame only, unless told not to): the team's depth chart (the bundled
//        league's own, or autoDepthChart's for API teams) becomes the starting lineup. The game
//        service writes none at creation: the managers' (or the AI's) lineups go in at the start.
//
// Everything is read and checked first (planRosters: no writes, no game id needed); the writes
// then happen in ONE transaction (writeRosterRows inside the caller's), so a failure anywhere
// (bad data, a constraint, the database going away) leaves nothing half-written. The game
// service plans before inserting the game row and writes the rows in the game row's transaction.

import { and, eq } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { gameCardsetLinks } from "../db/schema/game-cardset-links.js";
import { lineups, type NewLineupEntry } from "../db/schema/lineups.js";
import { rosterLinks } from "../db/schema/roster-links.js";
import type { FieldPosition } from "../engine/positions.js";
import type { LeagueTeamInfo, PdLeagueCard } from "../leagues/api/model.js";
import { pickRosterCards } from "../leagues/api/pd-source.js";
import type { LeagueSources } from "../leagues/source-factory.js";
import type { GameRosterRows } from "./ports.js";

// biome-ignore lint/suspicious/noExplicitAny: any drizzle pg database or transaction (pg, PGlite).
export type Orm = PgDatabase<PgQueryResultHKT, any>;

export type RosterErrorCode =
  | "games/cardsets_required"
  | "games/cardsets_not_allowed"
  | "games/unknown_cardset"
  | "games/duplicate_cardset"
  | "games/no_card_in_cardsets"
  | "games/same_team"
  | "games/empty_roster"
  | "games/ai_needs_transcribed_cards";

/** A roster that cannot go into the game. Nothing was written. */
export class RosterError extends Error {
  constructor(
    readonly code: RosterErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> | null = null,
  ) {
    super(message);
    this.name = "RosterError";
  }
}

export interface GameForRosters {
  readonly id: string;
  readonly leagueId: "sba" | "pd";
}

export interface CardsetChoice {
  readonly id: number;
  /** Lower number = higher priority (game_cardset_links). */
  readonly priority: number;
}

export interface PlanRostersOptions {
  readonly homeTeamId: number;
  readonly awayTeamId: number;
  /** PD: the cardsets the game draws from (required). SBA: must be absent. */
  readonly cardsetIds?: readonly CardsetChoice[];
  /**
   * PD without cardsets: each player's card as the team's roster lists it, no cardset links (the
   * bundled sample league's default, whose rosters are already chosen cards).
   */
  readonly rosterCards?: boolean;
  /** The sides the AI manages: their players' cards must be transcribed (SBA). */
  readonly aiSides?: { readonly home: boolean; readonly away: boolean };
}

export interface LoadRostersOptions extends PlanRostersOptions {
  /** Write the depth charts' starting lineups too (default true). */
  readonly startingLineups?: boolean;
}

export interface LoadedSide {
  readonly team: LeagueTeamInfo;
  /** SBA player ids or PD card ids, in roster order. */
  readonly ids: readonly number[];
  /** PD: the card picked for each roster player, and why. */
  readonly picks?: readonly { cardId: number; name: string; cardsetId: number }[];
  /** Starting lineup entries written (0 when none were asked for). */
  readonly lineupEntries: number;
}

export interface LoadedRosters {
  readonly home: LoadedSide;
  readonly away: LoadedSide;
  readonly cardsets: readonly CardsetChoice[];
}

/** What planRosters found: both sides, checked, and the rows that put them into a game. */
export interface RosterPlan extends LoadedRosters {
  readonly league: "sba" | "pd";
  readonly rows: GameRosterRows;
}

/** Read and check both rosters (and PD's cardsets); nothing is written. */
export async function planRosters(
  sources: LeagueSources,
  league: "sba" | "pd",
  options: PlanRostersOptions,
): Promise<RosterPlan> {
  const { homeTeamId, awayTeamId } = options;
  if (homeTeamId === awayTeamId) {
    throw new RosterError("games/same_team", `A team cannot play itself (team ${homeTeamId})`, {
      teamId: homeTeamId,
    });
  }
  const ai = options.aiSides ?? { home: false, away: false };
  let cardsets: readonly CardsetChoice[] = [];
  let home: LoadedSide;
  let away: LoadedSide;
  if (league === "sba") {
    if (options.cardsetIds !== undefined && options.cardsetIds.length > 0) {
      throw new RosterError(
        "games/cardsets_not_allowed",
        "SBA games have no cardsets: each player holds one printed card",
        { cardsetIds: options.cardsetIds.map((c) => c.id) },
      );
    }
    [home, away] = await Promise.all([
      planSbaSide(sources, homeTeamId, ai.home),
      planSbaSide(sources, awayTeamId, ai.away),
    ]);
  } else {
    const noCardsets = options.cardsetIds === undefined || options.cardsetIds.length === 0;
    if (noCardsets && options.rosterCards) {
      [home, away] = await Promise.all([
        planPdSide(sources, homeTeamId, null),
        planPdSide(sources, awayTeamId, null),
      ]);
      return planned("pd", home, away, []);
    }
    if (noCardsets) {
      throw new RosterError(
        "games/cardsets_required",
        "A PD game needs at least one linked cardset to pick its cards from",
        null,
      );
    }
    cardsets = await checkCardsets(sources, options.cardsetIds!);
    [home, away] = await Promise.all([
      planPdSide(sources, homeTeamId, cardsets),
      planPdSide(sources, awayTeamId, cardsets),
    ]);
  }
  return planned(league, home, away, cardsets);
}

function planned(
  league: "sba" | "pd",
  home: LoadedSide,
  away: LoadedSide,
  cardsets: readonly CardsetChoice[],
): RosterPlan {
  const key = league === "sba" ? "playerId" : "cardId";
  const links = [home, away].flatMap((side) =>
    side.ids.map((id) => ({
      teamId: side.team.id,
      playerId: key === "playerId" ? id : null,
      cardId: key === "cardId" ? id : null,
    })),
  );
  return {
    league,
    home,
    away,
    cardsets,
    rows: { links, cardsets: cardsets.map((c) => ({ cardsetId: c.id, priority: c.priority })) },
  };
}

/** A plan's roster_links and cardset links, written inside the caller's transaction. */
export async function writeRosterRows(tx: Orm, gameId: string, rows: GameRosterRows) {
  if (rows.cardsets.length > 0) {
    await tx.delete(gameCardsetLinks).where(eq(gameCardsetLinks.gameId, gameId));
    await tx.insert(gameCardsetLinks).values(rows.cardsets.map((c) => ({ gameId, ...c })));
  }
  if (rows.links.length > 0) {
    await tx.insert(rosterLinks).values(rows.links.map((l) => ({ gameId, ...l })));
  }
}

/** The game's roster_links for one team: SBA player ids or PD card ids, in roster order. */
export async function readRosterLinks(orm: Orm, gameId: string, teamId: number): Promise<number[]> {
  const rows = await orm
    .select({ playerId: rosterLinks.playerId, cardId: rosterLinks.cardId })
    .from(rosterLinks)
    .where(and(eq(rosterLinks.gameId, gameId), eq(rosterLinks.teamId, teamId)))
    .orderBy(rosterLinks.id);
  return rows.map((r) => (r.playerId ?? r.cardId)!);
}

/** The cardsets linked to a game, as stored. */
export async function readCardsetLinks(orm: Orm, gameId: string): Promise<CardsetChoice[]> {
  return orm
    .select({ id: gameCardsetLinks.cardsetId, priority: gameCardsetLinks.priority })
    .from(gameCardsetLinks)
    .where(eq(gameCardsetLinks.gameId, gameId));
}

/**
 * Rosters into an existing game, in one transaction: roster_links, the PD cardset links and
 * (unless startingLineups is false) the depth charts' starting lineups.
 */
export async function loadRostersIntoGame(
  orm: Orm,
  sources: LeagueSources,
  game: GameForRosters,
  options: LoadRostersOptions,
): Promise<LoadedRosters> {
  const stored =
    game.leagueId === "pd" && options.cardsetIds === undefined
      ? await readCardsetLinks(orm, game.id)
      : undefined;
  const plan = await planRosters(sources, game.leagueId, {
    ...options,
    ...(stored ? { cardsetIds: stored } : {}),
  });
  const lineupRows =
    options.startingLineups === false ? [] : await startingLineups(sources, game.id, plan);
  await orm.transaction(async (tx) => {
    await writeRosterRows(tx, game.id, {
      links: plan.rows.links,
      // Links already stored for the game stay as they are.
      cardsets: stored ? [] : plan.rows.cardsets,
    });
    if (lineupRows.length > 0) await tx.insert(lineups).values(lineupRows);
  });
  const count = (teamId: number) => lineupRows.filter((r) => r.teamId === teamId).length;
  return {
    home: { ...plan.home, lineupEntries: count(plan.home.team.id) },
    away: { ...plan.away, lineupEntries: count(plan.away.team.id) },
    cardsets: plan.cardsets,
  };
}

// ---------------------------------------------------------------------------------------------

async function planSbaSide(
  sources: LeagueSources,
  teamId: number,
  aiManaged: boolean,
): Promise<LoadedSide> {
  const [team, roster] = await Promise.all([
    sources.sba.getTeam(teamId),
    sources.sba.getRoster(teamId),
  ]);
  if (roster.players.length === 0) {
    throw new RosterError("games/empty_roster", `${team.name} has no active players`, { teamId });
  }
  const untranscribed = roster.players.filter((p) => !p.hasGrid);
  if (aiManaged && untranscribed.length > 0) {
    throw new RosterError(
      "games/ai_needs_transcribed_cards",
      `The AI cannot manage an SBA team without transcribed cards: ${team.name} plays from the ` +
        "league API, whose cards are read by their managers off the printed card",
      { teamId, playerIds: untranscribed.map((p) => p.playerId) },
    );
  }
  return { team, ids: roster.players.map((p) => p.playerId), lineupEntries: 0 };
}

/** One PD side: its cards picked by `cardsets`, or (null) the roster's own cards. */
async function planPdSide(
  sources: LeagueSources,
  teamId: number,
  cardsets: readonly CardsetChoice[] | null,
): Promise<LoadedSide> {
  const [team, roster] = await Promise.all([
    sources.pd.getTeam(teamId),
    sources.pd.getRoster(teamId),
  ]);
  if (roster.cards.length === 0) {
    throw new RosterError("games/empty_roster", `${team.name} has no cards on its roster`, {
      teamId,
    });
  }
  const { picks, missing } =
    cardsets === null
      ? { picks: uniquePlayers(roster.cards), missing: [] }
      : pickRosterCards(roster, cardsets);
  const first = missing[0];
  if (first) {
    throw new RosterError(
      "games/no_card_in_cardsets",
      `${team.name}: ${first.name} has no card in the game's cardsets (${(cardsets ?? [])
        .map((c) => c.id)
        .join(", ")})`,
      { teamId, cardId: first.cardId, name: first.name },
    );
  }
  return {
    team,
    ids: picks.map((p) => p.cardId),
    picks: picks.map((p: PdLeagueCard) => ({
      cardId: p.cardId,
      name: p.name,
      cardsetId: p.cardsetId,
    })),
    lineupEntries: 0,
  };
}

/** A roster's cards, one per real player (the first listed). */
function uniquePlayers(cards: readonly PdLeagueCard[]): PdLeagueCard[] {
  const seen = new Set<string>();
  return cards.filter((c) => !seen.has(c.identity) && seen.add(c.identity));
}

async function checkCardsets(
  sources: LeagueSources,
  chosen: readonly CardsetChoice[],
): Promise<CardsetChoice[]> {
  const known = new Set((await sources.pd.listCardsets()).map((c) => c.id));
  const ids = new Set<number>();
  const priorities = new Set<number>();
  for (const c of chosen) {
    if (!known.has(c.id)) {
      throw new RosterError("games/unknown_cardset", `PD has no cardset ${c.id}`, {
        cardsetId: c.id,
      });
    }
    if (ids.has(c.id) || priorities.has(c.priority)) {
      throw new RosterError(
        "games/duplicate_cardset",
        `Each cardset and each priority may be linked once (cardset ${c.id}, priority ${c.priority})`,
        { cardsetId: c.id, priority: c.priority },
      );
    }
    ids.add(c.id);
    priorities.add(c.priority);
  }
  return [...chosen];
}

interface Depth {
  readonly lineup: readonly { readonly id: number; readonly position: FieldPosition | "DH" }[];
  readonly rotation: readonly number[];
}

/**
 * The depth charts' starting lineups for a planned game: the league source's own chart for the
 * team (the bundled league's, or autoDepthChart's for API teams, over the game's cards).
 */
async function startingLineups(
  sources: LeagueSources,
  gameId: string,
  plan: RosterPlan,
): Promise<NewLineupEntry[]> {
  const data = sources.data?.[plan.league];
  if (!data) return [];
  const rows: NewLineupEntry[] = [];
  for (const side of [plan.home, plan.away]) {
    const roster = await data.getRoster(side.team.id, { cardsets: plan.cardsets });
    if (!roster || roster.depth.lineup.length === 0) continue;
    const resolve = await resolverOf(sources, plan.league, side);
    rows.push(...startingLineup(roster.depth, resolve, gameId, side.team.id));
  }
  return rows;
}

/**
 * A depth chart's id as the game's roster row: SBA by player id; PD by the real player, so a chart
 * that lists another cardset's card of him names the card the game picked.
 */
async function resolverOf(
  sources: LeagueSources,
  league: "sba" | "pd",
  side: LoadedSide,
): Promise<(id: number) => { playerId: number } | { cardId: number } | null> {
  const ids = new Set(side.ids);
  if (league === "sba") return (id) => (ids.has(id) ? { playerId: id } : null);
  const roster = await sources.pd.getRoster(side.team.id);
  const identityOf = new Map(
    [...roster.cards, ...roster.holdings].map((c) => [c.cardId, c.identity]),
  );
  const pickOf = new Map(side.ids.map((cardId) => [identityOf.get(cardId), cardId]));
  return (id) => {
    const cardId = ids.has(id) ? id : pickOf.get(identityOf.get(id));
    return cardId === undefined ? null : { cardId };
  };
}

/** Batting order 1..9 from the depth chart, plus the first rotation turn on the mound. */
function startingLineup(
  depth: Depth,
  resolve: (id: number) => { playerId: number } | { cardId: number } | null,
  gameId: string,
  teamId: number,
): NewLineupEntry[] {
  const rows: NewLineupEntry[] = [];
  depth.lineup.forEach(({ id, position }, i) => {
    const who = resolve(id);
    if (who) rows.push({ gameId, teamId, ...who, position, battingOrder: i + 1, isStarter: true });
  });
  const starter = depth.rotation[0];
  const pitcherBats = depth.lineup.some((l) => l.position === "P");
  const who = starter === undefined ? null : resolve(starter);
  if (who && !pitcherBats) {
    rows.push({ gameId, teamId, ...who, position: "P", battingOrder: null, isStarter: true });
  }
  return rows;
}
