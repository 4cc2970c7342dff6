// Route plugin: games over REST (prefix /games). The live play itself is on Socket.IO; these routes
// create games, set them up, list them, end them early and read their record.
//
//   POST /games                       create (league, teams, mode, pace, visibility, AI sides,
//                                     PD cardsets); the rosters go in with the game
//   GET  /games                       list: ?mine=true, ?status=, ?publicLive=true, ?waitingOnMe=true
//   GET  /games/:id                   one game, with the snapshot the caller may see
//   PUT  /games/:id/lineups/:side     submit a side's starting lineup (checked now)
//   POST /games/:id/start             start it (lineups checked, AI lineups filled in)
//   POST /games/:id/forfeit           a manager forfeits: the other side wins
//   POST /games/:id/abandon           a participant abandons it: no result
//   GET  /games/:id/boxscore          the box score as JSON; ?format=text for the printed one
//   GET  /games/:id/plays             the play-by-play; ?since=N gives the plays after play N
//
// Auth: "Authorization: Bearer <access token>". Reading a public game needs none; a private game
// answers 404 to anyone but its participants. Creating and acting need a token.

import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AuthError } from "../../auth/errors.js";
import { accessTokenKey, readBearerToken, verifyAccessToken } from "../../auth/jwt.js";
import { boxScore, formatBoxScoreText } from "../../engine/scoring/index.js";
import { GameError } from "../../games/errors.js";
import type { GameService } from "../../games/service.js";
import {
  AI_DIFFICULTIES,
  GAME_MODES,
  GAME_STATUSES,
  type GameRecord,
  LEAGUES,
  PACES,
  VISIBILITIES,
} from "../../games/types.js";
import { ErrorBodySchema, HttpError } from "../errors.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The game service: live games, their queues and write-through. */
    games: GameService;
  }
}

/** App plugin: shares the game service as `fastify.games` and closes it before the database. */
export const gamesServicePlugin = fp(
  async (fastify: FastifyInstance, { service }: { service: GameService }) => {
    fastify.decorate("games", service);
    fastify.addHook("onClose", async () => {
      await service.close();
    });
  },
  { name: "dugout-games", fastify: "5.x" },
);

// ---------------------------------------------------------------------------------------------
// Schemas

const SideSchema = z.enum(["home", "away"]);
const GameIdParams = z.object({ id: z.uuid() });

export const GameRecordSchema = z
  .object({
    id: z.uuid(),
    league: z.enum(LEAGUES),
    homeTeamId: z.number().int(),
    awayTeamId: z.number().int(),
    mode: z.enum(GAME_MODES),
    pace: z.enum(PACES),
    visibility: z.enum(VISIBILITIES),
    homeIsAi: z.boolean(),
    awayIsAi: z.boolean(),
    aiDifficulty: z.enum(AI_DIFFICULTIES),
    status: z.enum(GAME_STATUSES),
    version: z.number().int(),
    turnTimerSeconds: z.number().int().nullable(),
    lastActionAt: z.iso.datetime().nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    homeScore: z.number().int(),
    awayScore: z.number().int(),
    winner: SideSchema.nullable(),
    awaitingSide: SideSchema.nullable().describe("The side that owes the next decision"),
  })
  .meta({ id: "Game" });

const CreateGameBody = z
  .object({
    league: z.enum(LEAGUES),
    homeTeamId: z.number().int().positive(),
    awayTeamId: z.number().int().positive(),
    mode: z.enum(GAME_MODES).default("friendly"),
    pace: z
      .enum(PACES)
      .default("live")
      .describe("live: both online, optional timers; async: correspondence"),
    visibility: z.enum(VISIBILITIES).default("public"),
    homeIsAi: z.boolean().default(false),
    awayIsAi: z.boolean().default(false),
    aiDifficulty: z.enum(AI_DIFFICULTIES).default("balanced"),
    cardsets: z
      .array(
        z.strictObject({
          id: z.number().int().positive(),
          priority: z.number().int().min(0).describe("Lower number = higher priority"),
        }),
      )
      .min(1)
      .max(20)
      .optional()
      .describe(
        "PD only, required with the league APIs: the cardsets the game draws from; a player with " +
          "cards in several gets the one from the highest-priority (lowest number) cardset",
      ),
    turnTimerSeconds: z
      .number()
      .int()
      .min(5)
      .max(24 * 3600)
      .nullable()
      .default(null)
      .describe("Live games only: seconds per decision before the balanced AI decides"),
  })
  .refine((b) => b.homeTeamId !== b.awayTeamId, {
    message: "a team cannot play itself",
    path: ["awayTeamId"],
  })
  .refine((b) => b.turnTimerSeconds === null || b.pace === "live", {
    message: "only live games have turn timers",
    path: ["turnTimerSeconds"],
  })
  .refine((b) => b.league === "pd" || b.cardsets === undefined, {
    message: "SBA games have no cardsets",
    path: ["cardsets"],
  })
  .refine((b) => b.mode !== "ranked" || (!b.homeIsAi && !b.awayIsAi), {
    message: "ranked games are between two managers",
    path: ["mode"],
  });

const ListQuery = z.object({
  mine: z.stringbool().optional(),
  status: z.enum(GAME_STATUSES).optional(),
  publicLive: z.stringbool().optional(),
  waitingOnMe: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const SnapshotSchema = z.object({
  gameId: z.uuid(),
  version: z.number().int(),
  status: z.enum(GAME_STATUSES),
  state: z.unknown(),
  pending: z
    .object({
      gameId: z.uuid(),
      version: z.number().int(),
      side: SideSchema,
      decision: z.string(),
      details: z.unknown(),
      deadline: z.number().nullable(),
    })
    .nullable(),
  playCount: z.number().int(),
  gameOver: z
    .object({
      winner: SideSchema.nullable(),
      homeScore: z.number().int(),
      awayScore: z.number().int(),
      reason: z.enum(["final", "forfeit", "abandoned"]),
    })
    .nullable(),
});

const GameWithSnapshot = z.object({
  game: GameRecordSchema,
  role: z.enum(["home", "away", "spectator"]),
  snapshot: SnapshotSchema,
});

const ERRORS = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
};

// ---------------------------------------------------------------------------------------------

const gameRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const key = accessTokenKey(fastify.config.secretKey);

  /** The caller from the bearer token, or null when there is none (a bad one is refused). */
  const callerOf = async (request: FastifyRequest) => {
    const token = readBearerToken(request.headers.authorization);
    if (token === undefined) return null;
    const claims = await verifyAccessToken(token, key);
    return { userId: claims.id };
  };
  const requireCaller = async (request: FastifyRequest) => {
    const caller = await callerOf(request);
    if (caller === null)
      throw new AuthError("auth/token_missing", "An access token is required: log in first");
    return caller;
  };
  const notFound = (id: string) =>
    HttpError.notFound("game/not_found", "The game does not exist", { gameId: id });

  app.post(
    "/",
    {
      schema: {
        tags: ["games"],
        summary: "Create a game: league, teams, mode, pace, visibility, AI sides and difficulty",
        body: CreateGameBody,
        response: { 201: GameRecordSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const caller = await requireCaller(request);
      const body = request.body;
      const game = await fastify.games.createGame({ ...body, createdBy: caller.userId });
      const sides = await fastify.games.join(game.id, caller);
      const managesAHumanSide = !("error" in sides) && sides.sides.length > 0;
      if (!managesAHumanSide && !(body.homeIsAi && body.awayIsAi)) {
        await fastify.games.endEarly(game.id, caller, "abandon").catch(() => undefined);
        throw HttpError.forbidden(
          "auth/not_team_manager",
          "You must manage one of the teams that people play (or make both sides AI)",
        );
      }
      return reply.code(201).send(wire(game));
    },
  );

  app.get(
    "/",
    {
      schema: {
        tags: ["games"],
        summary: "List games: mine, by status, public games being played, games waiting on me",
        querystring: ListQuery,
        response: { 200: z.object({ games: z.array(GameRecordSchema) }), ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const caller =
        q.mine || q.waitingOnMe ? await requireCaller(request) : await callerOf(request);
      const games = await fastify.games.listGames({
        ...(q.mine ? { userId: caller!.userId } : {}),
        ...(q.waitingOnMe ? { waitingOn: caller!.userId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.publicLive ? { publicLive: true } : {}),
        visibleTo: caller?.userId ?? null,
        limit: q.limit,
      });
      return { games: games.map(wire) };
    },
  );

  app.get(
    "/:id",
    {
      schema: {
        tags: ["games"],
        summary: "One game, with the snapshot the caller may see",
        params: GameIdParams,
        response: { 200: GameWithSnapshot, ...ERRORS },
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const joined = await fastify.games.join(request.params.id, caller);
      if ("error" in joined) throw notFound(request.params.id);
      const game = await fastify.games.getGame(request.params.id, caller);
      if (game === null) throw notFound(request.params.id);
      return { game: wire(game), role: joined.role, snapshot: joined.snapshot };
    },
  );

  app.put(
    "/:id/lineups/:side",
    {
      schema: {
        tags: ["games"],
        summary: "Submit a side's starting lineup; it is checked now, before the start",
        params: GameIdParams.extend({ side: SideSchema }),
        body: z.unknown(),
        response: { 200: z.object({ lineup: z.unknown() }), ...ERRORS },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      const lineup = await fastify.games.submitLineup(
        request.params.id,
        caller,
        request.params.side,
        request.body,
      );
      return { lineup };
    },
  );

  app.post(
    "/:id/start",
    {
      schema: {
        tags: ["games"],
        summary: "Start a game: both lineups checked (AI sides get theirs), the engine set up",
        params: GameIdParams,
        response: { 200: z.object({ snapshot: SnapshotSchema }), ...ERRORS },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      return { snapshot: await fastify.games.startGame(request.params.id, caller) };
    },
  );

  app.post(
    "/:id/forfeit",
    {
      schema: {
        tags: ["games"],
        summary: "Forfeit: the caller's side loses",
        params: GameIdParams,
        body: z.object({ side: SideSchema.optional() }).optional(),
        response: { 200: GameRecordSchema, ...ERRORS },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      return wire(
        await fastify.games.endEarly(request.params.id, caller, "forfeit", request.body?.side),
      );
    },
  );

  app.post(
    "/:id/abandon",
    {
      schema: {
        tags: ["games"],
        summary: "Abandon a game: it ends with no result",
        params: GameIdParams,
        response: { 200: GameRecordSchema, ...ERRORS },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      return wire(await fastify.games.endEarly(request.params.id, caller, "abandon"));
    },
  );

  app.get(
    "/:id/boxscore",
    {
      schema: {
        tags: ["games"],
        summary: "The box score, as JSON or (format=text) as printed",
        params: GameIdParams,
        querystring: z.object({ format: z.enum(["json", "text"]).default("json") }),
        response: { 200: z.unknown(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const caller = await callerOf(request);
      const log = await fastify.games.gameLog(request.params.id, caller);
      if (log === null) throw notFound(request.params.id);
      const box = boxScore(log.plays, log.lineups, { scheduledInnings: log.scheduledInnings });
      if (request.query.format === "text") {
        return reply.type("text/plain; charset=utf-8").send(formatBoxScoreText(box));
      }
      return box;
    },
  );

  app.get(
    "/:id/plays",
    {
      schema: {
        tags: ["games"],
        summary: "The play-by-play; since=N gives the plays after play N",
        params: GameIdParams,
        querystring: z.object({ since: z.coerce.number().int().min(0).default(0) }),
        response: {
          200: z.object({ gameId: z.uuid(), plays: z.array(z.unknown()) }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const log = await fastify.games.gameLog(request.params.id, caller, request.query.since);
      if (log === null) throw notFound(request.params.id);
      return { gameId: request.params.id, plays: log.plays };
    },
  );
};

/** A game record on the wire: times as ISO strings. */
function wire(game: GameRecord) {
  return {
    ...game,
    lastActionAt: game.lastActionAt === null ? null : new Date(game.lastActionAt).toISOString(),
    createdAt: new Date(game.createdAt).toISOString(),
  };
}

export { GameError };
export default gameRoutes;
