import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Orm } from "../client.js";
import { DbError, mapDbErrors } from "../errors.js";
import { type Game, type NewPlay, type Play, plays } from "../schema/index.js";
import { type GameStatePatch, gameStatePatchSchema, versionSchema, writeGameRow } from "./games.js";
import { type DbHandle, ormOf, parseGameId, parseInput } from "./shared.js";

/**
 * A play to record: drizzle's inferred insert type for plays, without the columns the
 * operation fills in (the game, and the version the write produces).
 */
export type PlayInput = Omit<NewPlay, "id" | "gameId" | "version" | "createdAt">;

export interface SavePlayInput {
  gameId: string;
  /** The game version this play was decided against. */
  expectedVersion: number;
  play: PlayInput;
  /** The game row after the play (scores, inning, half, status...). */
  game?: GameStatePatch;
}

export interface SavedPlay {
  play: Play;
  game: Game;
}

/**
 * Records a play and moves the game row to the next version in ONE transaction. The game row
 * is written first (conditional on the version, which also locks it), then the play.
 * Throws VersionConflictError, UnknownGameError, DuplicatePlayNumberError or a typed
 * constraint error; nothing is written then.
 */
export async function savePlay(db: DbHandle, input: SavePlayInput): Promise<SavedPlay> {
  const gameId = parseGameId(input.gameId);
  const expected = parseInput(versionSchema, input.expectedVersion, "expected version");
  const patch = parseInput(gameStatePatchSchema, input.game ?? {}, "game state patch");
  const newVersion = expected + 1;
  return mapDbErrors({ gameId, playNumber: input.play.playNumber }, () =>
    ormOf(db).transaction(async (tx) => {
      const game = await writeGameRow(tx, gameId, expected, newVersion, patch, {
        touchLastAction: true,
      });
      const [play] = await insertPlays(tx, gameId, [{ ...input.play, version: newVersion }]);
      if (!play) throw new DbError("db/insert_failed", "the play row was not returned");
      return { play, game };
    }),
  );
}

export async function insertPlays(
  orm: Orm,
  gameId: string,
  rows: (PlayInput & { version: number })[],
): Promise<Play[]> {
  if (rows.length === 0) return [];
  return orm
    .insert(plays)
    .values(rows.map((row) => ({ ...row, gameId })))
    .returning();
}

const getPlaysOptionsSchema = z.object({ afterPlayNumber: z.int().min(0).optional() }).strict();

/** Every play of the game by play number, or only those after `afterPlayNumber`. */
export async function getPlays(
  db: DbHandle,
  gameId: string,
  options: { afterPlayNumber?: number } = {},
): Promise<Play[]> {
  const id = parseGameId(gameId);
  const { afterPlayNumber } = parseInput(getPlaysOptionsSchema, options, "getPlays options");
  return mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .select()
      .from(plays)
      .where(
        afterPlayNumber === undefined
          ? eq(plays.gameId, id)
          : and(eq(plays.gameId, id), gt(plays.playNumber, afterPlayNumber)),
      )
      .orderBy(asc(plays.playNumber)),
  );
}
