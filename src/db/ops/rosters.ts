import { and, asc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import {
  DbError,
  LeagueMismatchError,
  mapDbErrors,
  NotFoundError,
  RosterLinkOneIdRequiredError,
} from "../errors.js";
import { type RosterLink, rosterLinks } from "../schema/index.js";
import {
  assertTeamInGame,
  type DbHandle,
  ormOf,
  parseGameId,
  parseInput,
  readGameIdentity,
  teamIdSchema,
} from "./shared.js";

export const rosterEntryInputSchema = z
  .object({
    gameId: z.uuid(),
    teamId: teamIdSchema,
    cardId: z.int().nullable().optional(),
    playerId: z.int().nullable().optional(),
  })
  .strict();

export type RosterEntryInput = z.input<typeof rosterEntryInputSchema>;

/**
 * Puts a card (PD) or a player (SBA) on a team's roster for one game. Exactly one of
 * cardId/playerId, matching the game's league; a card or player only once per game.
 */
export async function addRosterEntry(db: DbHandle, input: RosterEntryInput): Promise<RosterLink> {
  const entry = parseInput(rosterEntryInputSchema, input, "roster entry");
  const hasCard = entry.cardId != null;
  const hasPlayer = entry.playerId != null;
  if (hasCard === hasPlayer) throw new RosterLinkOneIdRequiredError(hasCard ? "both" : "neither");
  const orm = ormOf(db);
  const game = await readGameIdentity(orm, entry.gameId);
  assertTeamInGame(game, entry.teamId);
  if (game.leagueId === "pd" && !hasCard) {
    throw new LeagueMismatchError(`game ${game.id} is a PD game: its rosters hold cards`);
  }
  if (game.leagueId === "sba" && !hasPlayer) {
    throw new LeagueMismatchError(`game ${game.id} is an SBA game: its rosters hold players`);
  }
  const context = {
    gameId: entry.gameId,
    cardId: entry.cardId ?? undefined,
    playerId: entry.playerId ?? undefined,
  };
  const [link] = await mapDbErrors(context, () =>
    orm
      .insert(rosterLinks)
      .values({
        gameId: entry.gameId,
        teamId: entry.teamId,
        cardId: entry.cardId ?? null,
        playerId: entry.playerId ?? null,
      })
      .returning(),
  );
  if (!link) throw new DbError("db/insert_failed", "the roster row was not returned");
  return link;
}

export function addPdRosterCard(
  db: DbHandle,
  input: { gameId: string; teamId: number; cardId: number },
): Promise<RosterLink> {
  return addRosterEntry(db, { gameId: input.gameId, teamId: input.teamId, cardId: input.cardId });
}

export function addSbaRosterPlayer(
  db: DbHandle,
  input: { gameId: string; teamId: number; playerId: number },
): Promise<RosterLink> {
  return addRosterEntry(db, {
    gameId: input.gameId,
    teamId: input.teamId,
    playerId: input.playerId,
  });
}

async function getRoster(
  db: DbHandle,
  gameId: string,
  kind: "card" | "player",
  teamId: number | undefined,
): Promise<RosterLink[]> {
  const id = parseGameId(gameId);
  const team = teamId === undefined ? undefined : parseInput(teamIdSchema, teamId, "team id");
  const idColumn = kind === "card" ? rosterLinks.cardId : rosterLinks.playerId;
  return mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .select()
      .from(rosterLinks)
      .where(
        and(
          eq(rosterLinks.gameId, id),
          isNotNull(idColumn),
          team === undefined ? undefined : eq(rosterLinks.teamId, team),
        ),
      )
      .orderBy(asc(rosterLinks.teamId), asc(rosterLinks.id)),
  );
}

/** The PD cards on the game's rosters (one team's, if given). */
export function getPdRoster(db: DbHandle, gameId: string, teamId?: number): Promise<RosterLink[]> {
  return getRoster(db, gameId, "card", teamId);
}

/** The SBA players on the game's rosters (one team's, if given). */
export function getSbaRoster(db: DbHandle, gameId: string, teamId?: number): Promise<RosterLink[]> {
  return getRoster(db, gameId, "player", teamId);
}

/** Takes one entry off a roster. Throws NotFoundError if the game has no such entry. */
export async function removeRosterEntry(
  db: DbHandle,
  gameId: string,
  rosterLinkId: number,
): Promise<RosterLink> {
  const id = parseGameId(gameId);
  const linkId = parseInput(z.int(), rosterLinkId, "roster link id");
  const [removed] = await mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .delete(rosterLinks)
      .where(and(eq(rosterLinks.id, linkId), eq(rosterLinks.gameId, id)))
      .returning(),
  );
  if (!removed) throw new NotFoundError(`roster entry ${linkId} of game ${id}`);
  return removed;
}
