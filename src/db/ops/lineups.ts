import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import {
  DbError,
  InvalidInputError,
  LeagueMismatchError,
  mapDbErrors,
  RosterLinkOneIdRequiredError,
} from "../errors.js";
import { LINEUP_POSITIONS, type LineupEntry, lineups } from "../schema/index.js";
import {
  assertTeamInGame,
  type DbHandle,
  type GameIdentity,
  ormOf,
  parseGameId,
  parseInput,
  readGameIdentity,
  teamIdSchema,
} from "./shared.js";

export const lineupEntryInputSchema = z
  .object({
    gameId: z.uuid(),
    teamId: teamIdSchema,
    cardId: z.int().nullable().optional(),
    playerId: z.int().nullable().optional(),
    position: z.enum(LINEUP_POSITIONS),
    battingOrder: z.int().min(1).max(9).nullable().default(null),
    isStarter: z.boolean().default(false),
    isActive: z.boolean().default(true),
    enteredInning: z.int().min(1).default(1),
    /** The entry this one replaces; it is made inactive in the same transaction. */
    replacingId: z.int().nullable().default(null),
    afterPlay: z.int().min(1).nullable().default(null),
    isFatigued: z.boolean().default(false),
  })
  .strict();

export type LineupEntryInput = z.input<typeof lineupEntryInputSchema>;

export function checkOneId(entry: { cardId?: number | null; playerId?: number | null }): void {
  const hasCard = entry.cardId != null;
  const hasPlayer = entry.playerId != null;
  if (hasCard === hasPlayer) {
    throw new RosterLinkOneIdRequiredError(hasCard ? "both" : "neither", {
      subject: "a lineup entry",
    });
  }
}

/** PD lineups name cards, SBA lineups name players. */
export function checkLeague(
  game: GameIdentity,
  entry: { cardId?: number | null; playerId?: number | null },
) {
  if (game.leagueId === "pd" && entry.cardId == null) {
    throw new LeagueMismatchError(`game ${game.id} is a PD game: name a card_id, not a player_id`);
  }
  if (game.leagueId === "sba" && entry.playerId == null) {
    throw new LeagueMismatchError(
      `game ${game.id} is an SBA game: name a player_id, not a card_id`,
    );
  }
}

/**
 * Adds one lineup entry: a starter, or a substitute replacing an active entry (which is made
 * inactive in the same transaction, so the batting slot passes from one to the other).
 */
export async function createLineupEntry(
  db: DbHandle,
  input: LineupEntryInput,
): Promise<LineupEntry> {
  const entry = parseInput(lineupEntryInputSchema, input, "lineup entry");
  checkOneId(entry);
  const orm = ormOf(db);
  const game = await readGameIdentity(orm, entry.gameId);
  assertTeamInGame(game, entry.teamId);
  checkLeague(game, entry);
  return mapDbErrors({ gameId: entry.gameId }, () =>
    orm.transaction(async (tx) => {
      if (entry.replacingId !== null) {
        const replaced = await tx
          .update(lineups)
          .set({ isActive: false })
          .where(
            and(
              eq(lineups.id, entry.replacingId),
              eq(lineups.gameId, entry.gameId),
              eq(lineups.teamId, entry.teamId),
              eq(lineups.isActive, true),
            ),
          )
          .returning({ id: lineups.id });
        if (replaced.length === 0) {
          throw new InvalidInputError("lineup entry", [
            `replacingId ${entry.replacingId} is not an active entry of team ${entry.teamId} in game ${entry.gameId}`,
          ]);
        }
      }
      const [created] = await tx.insert(lineups).values(entry).returning();
      if (!created) throw new DbError("db/insert_failed", "the lineup row was not returned");
      return created;
    }),
  );
}

/** Adds several entries at once (a starting lineup) in one transaction and one statement. */
export async function createLineupEntries(
  db: DbHandle,
  inputs: LineupEntryInput[],
): Promise<LineupEntry[]> {
  const entries = inputs.map((input, index) =>
    parseInput(lineupEntryInputSchema, input, `lineup entry #${index + 1}`),
  );
  if (entries.length === 0) return [];
  const orm = ormOf(db);
  const games = new Map<string, GameIdentity>();
  for (const entry of entries) {
    checkOneId(entry);
    if (entry.replacingId !== null) {
      throw new InvalidInputError("lineup entries", [
        "substitutes (replacingId) are added one at a time with createLineupEntry",
      ]);
    }
    let game = games.get(entry.gameId);
    if (!game) {
      game = await readGameIdentity(orm, entry.gameId);
      games.set(entry.gameId, game);
    }
    assertTeamInGame(game, entry.teamId);
    checkLeague(game, entry);
  }
  return mapDbErrors({ gameId: entries[0]!.gameId }, () =>
    orm.insert(lineups).values(entries).returning(),
  );
}

/**
 * The team's active entries: batters by batting order, then those who do not bat (a pitcher
 * with a DH).
 */
export async function getActiveLineup(
  db: DbHandle,
  gameId: string,
  teamId: number,
): Promise<LineupEntry[]> {
  const id = parseGameId(gameId);
  const team = parseInput(teamIdSchema, teamId, "team id");
  return mapDbErrors({ gameId: id }, () =>
    ormOf(db)
      .select()
      .from(lineups)
      .where(and(eq(lineups.gameId, id), eq(lineups.teamId, team), eq(lineups.isActive, true)))
      .orderBy(sql`${lineups.battingOrder} asc nulls last`, asc(lineups.id)),
  );
}
