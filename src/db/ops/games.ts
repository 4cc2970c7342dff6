import { randomBytes } from "node:crypto";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Orm } from "../client.js";
import { DbError, mapDbErrors, UnknownGameError, VersionConflictError } from "../errors.js";
import {
  AI_DIFFICULTIES,
  DEFAULT_RNG_ALGORITHM,
  GAME_MODES,
  GAME_PACES,
  GAME_STATUSES,
  GAME_VISIBILITIES,
  type Game,
  type GameCardsetLink,
  gameCardsetLinks,
  games,
  HALVES,
  LEAGUE_IDS,
  type LineupEntry,
  lineups,
  type Play,
  plays,
  SIDES,
} from "../schema/index.js";
import { type DbHandle, ormOf, parseGameId, parseInput, teamIdSchema } from "./shared.js";

/** Bytes of a freshly drawn dice seed (a ChaCha20 key). */
const RNG_SEED_BYTES = 32;

const cardsetLinkInputSchema = z.object({
  cardsetId: z.int(),
  priority: z.int().min(0),
});

export const createGameInputSchema = z
  .object({
    leagueId: z.enum(LEAGUE_IDS),
    homeTeamId: teamIdSchema,
    awayTeamId: teamIdSchema,
    gameMode: z.enum(GAME_MODES).default("friendly"),
    visibility: z.enum(GAME_VISIBILITIES).default("public"),
    pace: z.enum(GAME_PACES).default("live"),
    homeTeamIsAi: z.boolean().default(false),
    awayTeamIsAi: z.boolean().default(false),
    aiDifficulty: z.enum(AI_DIFFICULTIES).default("balanced"),
    /** Lowercase hex, whole bytes. Drawn from the OS (32 bytes) when absent. */
    rngSeed: z
      .string()
      .regex(/^([0-9a-f]{2})+$/, "must be lowercase hex of whole bytes")
      .optional(),
    rngAlgorithm: z.string().min(1).default(DEFAULT_RNG_ALGORITHM),
    createdBy: z.uuid().nullable().default(null),
    turnTimerSeconds: z.int().positive().nullable().default(null),
    /** PD games: at least one cardset, in priority order. SBA games: none. */
    cardsetLinks: z.array(cardsetLinkInputSchema).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.homeTeamId === input.awayTeamId) {
      ctx.addIssue({
        code: "custom",
        path: ["awayTeamId"],
        message: "a team cannot play itself",
      });
    }
    if (input.leagueId === "pd" && input.cardsetLinks.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["cardsetLinks"],
        message: "a PD game needs at least one cardset link",
      });
    }
    if (input.leagueId === "sba" && input.cardsetLinks.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["cardsetLinks"],
        message: "an SBA game has no cardset links",
      });
    }
  });

export type CreateGameInput = z.input<typeof createGameInputSchema>;

/** Creates a game (and, for PD, its cardset links) in one transaction. */
export async function createGame(db: DbHandle, input: CreateGameInput): Promise<Game> {
  const parsed = parseInput(createGameInputSchema, input, "createGame input");
  const { cardsetLinks, rngSeed, ...columns } = parsed;
  return mapDbErrors({}, () =>
    ormOf(db).transaction(async (tx) => {
      const [game] = await tx
        .insert(games)
        .values({ ...columns, rngSeed: rngSeed ?? randomBytes(RNG_SEED_BYTES).toString("hex") })
        .returning();
      if (!game) throw new DbError("db/insert_failed", "the game row was not returned");
      if (cardsetLinks.length > 0) {
        await tx
          .insert(gameCardsetLinks)
          .values(
            cardsetLinks.map((link) => ({ ...link, gameId: game.id, leagueId: "pd" as const })),
          );
      }
      return game;
    }),
  );
}

export async function getGame(db: DbHandle, gameId: string): Promise<Game> {
  const id = parseGameId(gameId);
  const [game] = await mapDbErrors({ gameId: id }, () =>
    ormOf(db).select().from(games).where(eq(games.id, id)),
  );
  if (!game) throw new UnknownGameError(id);
  return game;
}

/** Deletes a game; its plays, lineups, actions, cardset and roster links and session go with it. */
export async function deleteGame(db: DbHandle, gameId: string): Promise<void> {
  const id = parseGameId(gameId);
  const deleted = await mapDbErrors({ gameId: id }, () =>
    ormOf(db).delete(games).where(eq(games.id, id)).returning({ id: games.id }),
  );
  if (deleted.length === 0) throw new UnknownGameError(id);
}

/**
 * The parts of the game row that change as the game is played. Everything else (league,
 * teams, seed record, creation) is fixed at creation; `version` is bumped by the write itself.
 */
export const gameStatePatchSchema = z
  .object({
    status: z.enum(GAME_STATUSES),
    currentInning: z.int().min(1),
    currentHalf: z.enum(HALVES),
    homeScore: z.int().min(0),
    awayScore: z.int().min(0),
    homeTeamIsAi: z.boolean(),
    awayTeamIsAi: z.boolean(),
    aiDifficulty: z.enum(AI_DIFFICULTIES),
    visibility: z.enum(GAME_VISIBILITIES),
    pace: z.enum(GAME_PACES),
    /** The side that owes the next decision; null when none does (the game is not active). */
    awaitingSide: z.enum(SIDES).nullable(),
    winnerTeamId: z.int().nullable(),
    turnTimerSeconds: z.int().positive().nullable(),
    startedAt: z.date().nullable(),
    endedAt: z.date().nullable(),
    lastActionAt: z.date().nullable(),
  })
  .partial()
  .strict();

export type GameStatePatch = z.input<typeof gameStatePatchSchema>;

/**
 * The game-row columns a patch may set, with their SQL types. GAME_PATCH_SET is the SET list of
 * an UPDATE of games aliased `g` that takes the patch as jsonb `v.patch` (one per row of `v`):
 * it sets a column only when the patch names it, stamps started_at/ended_at as writeGameRow
 * does, and last_action_at (now() unless the patch names it).
 */
const PATCH_COLUMNS: Record<
  Exclude<keyof z.output<typeof gameStatePatchSchema>, "startedAt" | "endedAt" | "lastActionAt">,
  [column: string, type: string]
> = {
  status: ["status", "text"],
  currentInning: ["current_inning", "int"],
  currentHalf: ["current_half", "text"],
  homeScore: ["home_score", "int"],
  awayScore: ["away_score", "int"],
  homeTeamIsAi: ["home_team_is_ai", "boolean"],
  awayTeamIsAi: ["away_team_is_ai", "boolean"],
  aiDifficulty: ["ai_difficulty", "text"],
  visibility: ["visibility", "text"],
  pace: ["pace", "text"],
  awaitingSide: ["awaiting_side", "text"],
  winnerTeamId: ["winner_team_id", "int"],
  turnTimerSeconds: ["turn_timer_seconds", "int"],
};

export const GAME_PATCH_SET = sql.raw(
  [
    ...Object.entries(PATCH_COLUMNS).map(
      ([key, [column, type]]) =>
        `"${column}" = case when v.patch ? '${key}' then (v.patch->>'${key}')::${type} else g."${column}" end`,
    ),
    `"started_at" = case when v.patch ? 'startedAt' then (v.patch->>'startedAt')::timestamptz
      when v.patch->>'status' = 'active' then coalesce(g."started_at", now()) else g."started_at" end`,
    `"ended_at" = case when v.patch ? 'endedAt' then (v.patch->>'endedAt')::timestamptz
      when v.patch->>'status' in ('completed', 'abandoned') then coalesce(g."ended_at", now())
      else g."ended_at" end`,
    `"last_action_at" = case when v.patch ? 'lastActionAt' then (v.patch->>'lastActionAt')::timestamptz else now() end`,
  ].join(",\n"),
);

/**
 * Updates the game row if (and only if) it is still at `expectedVersion`, setting its version
 * to `newVersion`. Moving to 'active' stamps started_at, to 'completed'/'abandoned' ended_at,
 * unless given. Throws VersionConflictError / UnknownGameError. Runs on whatever handle it is
 * given (a transaction, inside write units).
 */
export async function writeGameRow(
  orm: Orm,
  gameId: string,
  expectedVersion: number,
  newVersion: number,
  patch: z.output<typeof gameStatePatchSchema>,
  extra: { touchLastAction?: boolean; actionCount?: number } = {},
): Promise<Game> {
  const set: Partial<Record<keyof Game, unknown>> & Record<string, unknown> = { ...patch };
  set.version = newVersion;
  if (patch.status === "active" && patch.startedAt === undefined) {
    set.startedAt = sql`coalesce(${games.startedAt}, now())`;
  }
  if (
    (patch.status === "completed" || patch.status === "abandoned") &&
    patch.endedAt === undefined
  ) {
    set.endedAt = sql`coalesce(${games.endedAt}, now())`;
  }
  if (extra.touchLastAction && patch.lastActionAt === undefined) {
    set.lastActionAt = sql`now()`;
  }
  if (extra.actionCount) {
    set.lastActionSeq = sql`${games.lastActionSeq} + ${extra.actionCount}` as SQL;
  }
  const [game] = await orm
    .update(games)
    .set(set as Partial<typeof games.$inferInsert>)
    .where(and(eq(games.id, gameId), eq(games.version, expectedVersion)))
    .returning();
  if (game) return game;
  throw await explainMissedUpdate(orm, gameId, expectedVersion);
}

/** After a conditional update matched no row: was the game missing, or at another version? */
export async function explainMissedUpdate(
  orm: Orm,
  gameId: string,
  expectedVersion: number,
): Promise<DbError> {
  const [current] = await orm
    .select({ version: games.version })
    .from(games)
    .where(eq(games.id, gameId));
  if (!current) return new UnknownGameError(gameId);
  return new VersionConflictError(gameId, expectedVersion, current.version);
}

export const versionSchema = z.int().min(0);

/** Applies a state patch if the game is still at `expectedVersion`; the version goes up by one. */
export async function updateGameState(
  db: DbHandle,
  gameId: string,
  expectedVersion: number,
  patch: GameStatePatch,
): Promise<Game> {
  const id = parseGameId(gameId);
  const expected = parseInput(versionSchema, expectedVersion, "expected version");
  const parsedPatch = parseInput(gameStatePatchSchema, patch, "game state patch");
  return mapDbErrors({ gameId: id }, () =>
    writeGameRow(ormOf(db), id, expected, expected + 1, parsedPatch),
  );
}

export interface GameState {
  game: Game;
  /** Every lineup entry of both teams (active and replaced), in order of entry. */
  lineups: LineupEntry[];
  /** Every play, by play number. */
  plays: Play[];
  /** PD: the game's cardsets by priority. SBA: empty. */
  cardsetLinks: GameCardsetLink[];
}

/**
 * Loads everything needed to rebuild a game in memory in ONE query (a relational query that
 * aggregates lineups, plays and cardset links beside the game row), so the parts are read
 * from one snapshot.
 */
export async function loadGameState(db: DbHandle, gameId: string): Promise<GameState> {
  const id = parseGameId(gameId);
  const found = await mapDbErrors({ gameId: id }, () =>
    ormOf(db).query.games.findFirst({
      where: eq(games.id, id),
      with: {
        lineups: { orderBy: [asc(lineups.id)] },
        plays: { orderBy: [asc(plays.playNumber)] },
        cardsetLinks: { orderBy: [asc(gameCardsetLinks.priority)] },
      },
    }),
  );
  if (!found) throw new UnknownGameError(id);
  const { lineups: lineupRows, plays: playRows, cardsetLinks, ...game } = found;
  return { game, lineups: lineupRows, plays: playRows, cardsetLinks };
}
