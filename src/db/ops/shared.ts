import { eq, is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database, Orm } from "../client.js";
import { InvalidInputError, mapDbErrors, UnknownGameError } from "../errors.js";
import { type Game, games } from "../schema/index.js";

/** Operations take the opened Database, its orm, or a transaction inside it. */
export type DbHandle = Database | Orm;

export function ormOf(db: DbHandle): Orm {
  return "kind" in db && "orm" in db ? db.orm : (db as Orm);
}

/**
 * Runs a write that is ONE statement. Alone (autocommit) it is its own transaction: one round
 * trip. Inside the caller's transaction it goes in a savepoint, so that its refusal (a
 * constraint) leaves that transaction usable, as a nested drizzle transaction would.
 */
export function oneStatement<T>(orm: Orm, run: (orm: Orm) => Promise<T>): Promise<T> {
  return is(orm, PgTransaction) ? orm.transaction((savepoint) => run(savepoint)) : run(orm);
}

/** Parses an operation's input with zod; refusals become InvalidInputError naming each issue. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInputError(
    what,
    result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    ),
  );
}

export const gameIdSchema = z.uuid();
export const teamIdSchema = z.int();

export function parseGameId(gameId: unknown): string {
  return parseInput(gameIdSchema, gameId, "game id");
}

/** The few facts about a game that never change after it is created. */
export type GameIdentity = Pick<Game, "id" | "leagueId" | "homeTeamId" | "awayTeamId">;

export async function readGameIdentity(orm: Orm, gameId: string): Promise<GameIdentity> {
  const [game] = await mapDbErrors({ gameId }, () =>
    orm
      .select({
        id: games.id,
        leagueId: games.leagueId,
        homeTeamId: games.homeTeamId,
        awayTeamId: games.awayTeamId,
      })
      .from(games)
      .where(eq(games.id, gameId)),
  );
  if (!game) throw new UnknownGameError(gameId);
  return game;
}

export function assertTeamInGame(game: GameIdentity, teamId: number): void {
  if (teamId !== game.homeTeamId && teamId !== game.awayTeamId) {
    throw new InvalidInputError("team", [
      `team ${teamId} is not playing in game ${game.id} (home ${game.homeTeamId}, away ${game.awayTeamId})`,
    ]);
  }
}
