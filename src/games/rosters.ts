// Rosters into a game: from league data (src/leagues/source-factory.ts catalogs) into the game's
// roster_links, game_cardset_links and starting lineups.
//
//   SBA: each team's active roster -> one roster_links row per player (player_id).
//   PD:  the game's cardset links are required (given here, or already stored for the game).
//        For each player on a team's roster, of the cards the team may use (in any cardset), the
//        one from the linked cardset with the highest priority wins (the LOWEST priority number,
//        as game_cardset_links orders them; ties go to the lower card id). A player with no
//        card in a linked cardset is refused, naming him. -> roster_links (card_id).
//   Lineups: when the league keeps a depth chart for the team (the bundled sample league), its
//        batting order and first rotation turn become the starting lineup; otherwise the
//        managers set their lineups before the first pitch.
//
// Everything is read and checked first; all writes then happen in ONE transaction, so a failure
// anywhere (bad data, a constraint, the database going away) leaves nothing half-written.

import { eq } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { gameCardsetLinks } from "../db/schema/game-cardset-links.js";
import { lineups, type NewLineupEntry } from "../db/schema/lineups.js";
import { type NewRosterLink, rosterLinks } from "../db/schema/roster-links.js";
import type { FieldPosition } from "../engine/positions.js";
import type { LeagueTeamInfo, PdLeagueCard } from "../leagues/api/model.js";
import { pickCard } from "../leagues/source.js";
import type { LeagueSources } from "../leagues/source-factory.js";

// biome-ignore lint/suspicious/noExplicitAny: any drizzle pg database or transaction (pg, PGlite).
export type Orm = PgDatabase<PgQueryResultHKT, any>;

export type RosterErrorCode =
  | "games/cardsets_required"
  | "games/unknown_cardset"
  | "games/duplicate_cardset"
  | "games/no_card_in_cardsets"
  | "games/same_team"
  | "games/empty_roster";

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

export interface LoadRostersOptions {
  readonly homeTeamId: number;
  readonly awayTeamId: number;
  /** PD: the cardsets the game draws from. Omitted: the links already stored for the game. */
  readonly cardsetIds?: readonly CardsetChoice[];
}

export interface LoadedSide {
  readonly team: LeagueTeamInfo;
  /** SBA player ids or PD card ids, in roster order. */
  readonly ids: readonly number[];
  /** PD: the card picked for each roster player, and why. */
  readonly picks?: readonly { cardId: number; name: string; cardsetId: number }[];
  /** Starting lineup entries written (0 when the league has no depth chart). */
  readonly lineupEntries: number;
}

export interface LoadedRosters {
  readonly home: LoadedSide;
  readonly away: LoadedSide;
  readonly cardsets: readonly CardsetChoice[];
}

interface PlannedSide {
  readonly side: LoadedSide;
  readonly rosterRows: NewRosterLink[];
  readonly lineupRows: NewLineupEntry[];
}

export async function loadRostersIntoGame(
  orm: Orm,
  sources: LeagueSources,
  game: GameForRosters,
  options: LoadRostersOptions,
): Promise<LoadedRosters> {
  const { homeTeamId, awayTeamId } = options;
  if (homeTeamId === awayTeamId) {
    throw new RosterError("games/same_team", `A team cannot play itself (team ${homeTeamId})`, {
      teamId: homeTeamId,
    });
  }

  // 1. Read and check everything before writing anything.
  let cardsets: readonly CardsetChoice[] = [];
  let writeCardsets = false;
  let planned: [PlannedSide, PlannedSide];
  if (game.leagueId === "sba") {
    planned = await Promise.all([
      planSbaSide(sources, game.id, homeTeamId),
      planSbaSide(sources, game.id, awayTeamId),
    ]);
  } else {
    if (options.cardsetIds !== undefined) {
      cardsets = await checkCardsets(sources, options.cardsetIds);
      writeCardsets = true;
    } else {
      cardsets = await orm
        .select({ id: gameCardsetLinks.cardsetId, priority: gameCardsetLinks.priority })
        .from(gameCardsetLinks)
        .where(eq(gameCardsetLinks.gameId, game.id));
    }
    if (cardsets.length === 0) {
      throw new RosterError(
        "games/cardsets_required",
        "A PD game needs at least one linked cardset to pick its cards from",
        { gameId: game.id },
      );
    }
    planned = await Promise.all([
      planPdSide(sources, game.id, homeTeamId, cardsets),
      planPdSide(sources, game.id, awayTeamId, cardsets),
    ]);
  }

  // 2. Write it all, or nothing.
  await orm.transaction(async (tx) => {
    if (writeCardsets) {
      await tx.delete(gameCardsetLinks).where(eq(gameCardsetLinks.gameId, game.id));
      await tx
        .insert(gameCardsetLinks)
        .values(cardsets.map((c) => ({ gameId: game.id, cardsetId: c.id, priority: c.priority })));
    }
    for (const { rosterRows, lineupRows } of planned) {
      await tx.insert(rosterLinks).values(rosterRows);
      if (lineupRows.length > 0) await tx.insert(lineups).values(lineupRows);
    }
  });

  return { home: planned[0].side, away: planned[1].side, cardsets };
}

// ---------------------------------------------------------------------------------------------

async function planSbaSide(
  sources: LeagueSources,
  gameId: string,
  teamId: number,
): Promise<PlannedSide> {
  const [team, roster] = await Promise.all([
    sources.sba.getTeam(teamId),
    sources.sba.getRoster(teamId),
  ]);
  if (roster.players.length === 0) {
    throw new RosterError("games/empty_roster", `${team.name} has no active players`, { teamId });
  }
  const ids = roster.players.map((p) => p.playerId);
  const depth = await depthChart(sources, "sba", teamId);
  const lineupRows = depth
    ? startingLineup(depth, (id) => (ids.includes(id) ? { playerId: id } : null), gameId, teamId)
    : [];
  return {
    side: { team, ids, lineupEntries: lineupRows.length },
    rosterRows: ids.map((playerId) => ({ gameId, teamId, playerId })),
    lineupRows,
  };
}

async function planPdSide(
  sources: LeagueSources,
  gameId: string,
  teamId: number,
  cardsets: readonly CardsetChoice[],
): Promise<PlannedSide> {
  const [team, roster] = await Promise.all([
    sources.pd.getTeam(teamId),
    sources.pd.getRoster(teamId),
  ]);
  if (roster.cards.length === 0) {
    throw new RosterError("games/empty_roster", `${team.name} has no cards on its roster`, {
      teamId,
    });
  }
  const priority = new Map(cardsets.map((c) => [c.id, c.priority]));
  const usable = [...roster.cards, ...roster.holdings];

  const picks: PdLeagueCard[] = [];
  const pickOfIdentity = new Map<string, PdLeagueCard>();
  for (const rostered of roster.cards) {
    if (pickOfIdentity.has(rostered.identity)) continue;
    const pick = pickCard(
      usable.filter((c) => c.identity === rostered.identity),
      priority,
    );
    if (!pick) {
      throw new RosterError(
        "games/no_card_in_cardsets",
        `${team.name}: ${rostered.name} has no card in the game's cardsets (${cardsets
          .map((c) => c.id)
          .join(", ")})`,
        { teamId, cardId: rostered.cardId, name: rostered.name },
      );
    }
    pickOfIdentity.set(rostered.identity, pick);
    picks.push(pick);
  }

  const ids = picks.map((p) => p.cardId);
  const identityOfCard = new Map(usable.map((c) => [c.cardId, c.identity]));
  const depth = await depthChart(sources, "pd", teamId);
  const lineupRows = depth
    ? startingLineup(
        depth,
        (cardId) => {
          const identity = identityOfCard.get(cardId);
          const pick = identity ? pickOfIdentity.get(identity) : undefined;
          return pick ? { cardId: pick.cardId } : null;
        },
        gameId,
        teamId,
      )
    : [];
  return {
    side: {
      team,
      ids,
      picks: picks.map((p) => ({ cardId: p.cardId, name: p.name, cardsetId: p.cardsetId })),
      lineupEntries: lineupRows.length,
    },
    rosterRows: ids.map((cardId) => ({ gameId, teamId, cardId })),
    lineupRows,
  };
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

/** The team's depth chart, when its league keeps one (the bundled league does; the APIs do not). */
async function depthChart(
  sources: LeagueSources,
  league: "sba" | "pd",
  teamId: number,
): Promise<Depth | null> {
  const data = sources.data?.[league];
  if (!data) return null;
  const roster = await data.getRoster(teamId);
  if (!roster || roster.depth.lineup.length === 0) return null;
  return roster.depth;
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
