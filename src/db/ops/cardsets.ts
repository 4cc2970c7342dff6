import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { DbError, LeagueMismatchError, mapDbErrors } from "../errors.js";
import { type GameCardsetLink, gameCardsetLinks } from "../schema/index.js";
import { type DbHandle, ormOf, parseInput, readGameIdentity } from "./shared.js";

export const cardsetLinkInputSchema = z
  .object({
    gameId: z.uuid(),
    cardsetId: z.int(),
    /** Lower first: where a player has cards in several cardsets, the lowest priority wins. */
    priority: z.int().min(0),
  })
  .strict();

/** Links a cardset to a PD game. SBA games refuse (LeagueMismatchError). */
export async function addCardsetLink(
  db: DbHandle,
  input: z.input<typeof cardsetLinkInputSchema>,
): Promise<GameCardsetLink> {
  const link = parseInput(cardsetLinkInputSchema, input, "cardset link");
  const orm = ormOf(db);
  const game = await readGameIdentity(orm, link.gameId);
  if (game.leagueId !== "pd") {
    throw new LeagueMismatchError(`game ${game.id} is an SBA game: only PD games have cardsets`);
  }
  const [created] = await mapDbErrors({ gameId: link.gameId }, () =>
    orm
      .insert(gameCardsetLinks)
      .values({ ...link, leagueId: "pd" })
      .returning(),
  );
  if (!created) throw new DbError("db/insert_failed", "the cardset link row was not returned");
  return created;
}

/** The game's cardsets by priority (lowest first). Empty for SBA games. */
export async function getCardsetLinks(db: DbHandle, gameId: string): Promise<GameCardsetLink[]> {
  const id = parseInput(z.uuid(), gameId, "game id");
  return mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .select()
      .from(gameCardsetLinks)
      .where(eq(gameCardsetLinks.gameId, id))
      .orderBy(asc(gameCardsetLinks.priority), asc(gameCardsetLinks.cardsetId)),
  );
}
