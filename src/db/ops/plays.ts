import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Orm } from "../client.js";
import { DbError, mapDbErrors, VersionConflictError } from "../errors.js";
import { rowsOf } from "../rows.js";
import { type Game, games, type NewPlay, type Play, plays } from "../schema/index.js";
import {
  explainMissedUpdate,
  GAME_PATCH_SET,
  type GameStatePatch,
  gameStatePatchSchema,
  versionSchema,
} from "./games.js";
import {
  columnList,
  prefixedColumns,
  recordsetOf,
  recordsetSource,
  rowFromDriver,
  StatementTemplate,
} from "./recordset.js";
import { type DbHandle, oneStatement, ormOf, parseGameId, parseInput } from "./shared.js";

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
 * Records a play and moves the game row to the next version in ONE statement, one round trip
 * (PostgreSQL runs a lone statement as its own transaction): the UPDATE of the game row,
 * conditional on the version (which also locks it), and the INSERT of the play joined to the
 * row it returned, so a stale version writes nothing. Throws VersionConflictError,
 * UnknownGameError, DuplicatePlayNumberError or a typed constraint error; nothing is written
 * then.
 */
export async function savePlay(db: DbHandle, input: SavePlayInput): Promise<SavedPlay> {
  const gameId = parseGameId(input.gameId);
  const expected = parseInput(versionSchema, input.expectedVersion, "expected version");
  const patch = parseInput(gameStatePatchSchema, input.game ?? {}, "game state patch");
  const orm = ormOf(db);
  const play = recordsetOf(plays, [input.play], ["gameId", "version"]);
  // A lone row names a column in every row or in none: recordsetOf cannot refuse it.
  if (play === undefined) throw new DbError("db/insert_failed", "the play cannot be sent");
  const values = [gameId, expected, expected + 1, JSON.stringify(patch), play.json];
  const [row] = await mapDbErrors({ gameId, playNumber: input.play.playNumber }, async () =>
    oneStatement(orm, async (orm) =>
      rowsOf<Record<string, unknown>>(
        await SAVE_PLAY.run(
          orm,
          play.names,
          values,
          ([id, expectedVersion, newVersion, patchValue, playValues]) => sql`with written as (
              update ${games} as g set "version" = ${newVersion}::int, ${GAME_PATCH_SET}
              from (select ${patchValue}::jsonb as patch) as v
              where g."id" = ${id}::uuid and g."version" = ${expectedVersion}::int
              returning g.*
            ), played as (
              insert into ${plays} ("game_id", "version", ${columnList(play)})
              select w."id", w."version", ${columnList(play, "p")}
              from written w, ${recordsetSource(play, "p", playValues!)}
              returning *
            )
            select ${GAME_COLUMNS}, ${PLAY_COLUMNS},
              (select c."version" from ${games} c where c."id" = ${id}::uuid) as current_version
            from (select) as one
            left join written w on true
            left join played p on true`,
        ),
      ),
    ),
  );
  if (row === undefined || row["play.id"] === null || row["play.id"] === undefined) {
    const current = row?.current_version as number | null | undefined;
    if (current === null || current === undefined || current === expected) {
      // No game then, or another writer moved it after this statement's snapshot.
      throw await explainMissedUpdate(orm, gameId, expected);
    }
    throw new VersionConflictError(gameId, expected, current);
  }
  return { play: rowFromDriver(plays, row, "play."), game: rowFromDriver(games, row, "game.") };
}

/** savePlay's statement, one text per set of play columns given. */
const SAVE_PLAY = new StatementTemplate("dugout_save_play");

/** The columns of both rows savePlay returns, apart in one result row. */
const GAME_COLUMNS = prefixedColumns(games, "w", "game.");
const PLAY_COLUMNS = prefixedColumns(plays, "p", "play.");

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
