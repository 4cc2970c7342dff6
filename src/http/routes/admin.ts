// Route plugin: admin-only endpoints. Registered under /admin. Every route needs a Bearer access
// token (401 auth/token_*) whose user is an admin right now (403 auth/not_admin): is_admin is read
// from the database on each request, so withdrawing it takes effect at once.
//
//   GET    /admin/team-managers        ?league&teamId&userId   who manages what
//   POST   /admin/team-managers        {league, teamId, discordId | userId}
//                                      201 added, 200 when they already managed it. A Discord id
//                                      nobody has logged in with yet gets a placeholder user.
//   DELETE /admin/team-managers        ?league&teamId&(discordId | userId)  204, or 404
//                                      auth/unknown_team_manager
//   POST   /admin/team-managers/sync   {league, teams: [{teamId, gmDiscordIds}]}  league data in:
//                                      each listed team that names GMs ends up managed by exactly
//                                      them (one transaction; see src/auth/ownership.ts)
//   POST   /admin/leagues/:league/sync-managers   the same, with the teams read from the league
//                                      source (LEAGUE_SOURCE): SBA teams carry gmid/gmid2, PD gmid
//   GET    /admin/game-service         the game service's counters since the process started, and
//                                      how long its latest group-commit transactions took

import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AuthError } from "../../auth/errors.js";
import {
  addTeamManager,
  LEAGUE_IDS,
  listTeamManagers,
  type ManagedTeam,
  managementFromLeagueTeams,
  removeTeamManager,
  syncManagersFromLeague,
  type TeamManagerView,
} from "../../auth/ownership.js";
import type { Executor } from "../../auth/store.js";
import { ensureUsersByDiscordId, findUserByDiscordId, findUserById } from "../../auth/users.js";
import { createLeagueSource, type LeagueSources } from "../../leagues/source-factory.js";
import { ErrorBodySchema } from "../errors.js";

const DiscordIdSchema = z.string().regex(/^\d{1,20}$/, "a Discord id (digits)");
const TeamIdSchema = z.coerce.number().int().positive();

const TeamManagerSchema = z
  .object({
    league: z.enum(LEAGUE_IDS),
    teamId: z.int(),
    userId: z.uuid(),
    discordId: z.string(),
    username: z.string(),
    since: z.string().describe("ISO 8601"),
  })
  .meta({ id: "TeamManager" });

/** Exactly one of discordId and userId names the person. */
const PersonFields = {
  discordId: DiscordIdSchema.optional(),
  userId: z.uuid().optional(),
};
const onePerson = (value: { discordId?: string; userId?: string }) =>
  (value.discordId === undefined) !== (value.userId === undefined);
const ONE_PERSON = { message: "give exactly one of discordId and userId", path: ["discordId"] };

const AssignmentBodySchema = z
  .object({ league: z.enum(LEAGUE_IDS), teamId: z.int().positive(), ...PersonFields })
  .refine(onePerson, ONE_PERSON);

const AssignmentQuerySchema = z
  .object({ league: z.enum(LEAGUE_IDS), teamId: TeamIdSchema, ...PersonFields })
  .refine(onePerson, ONE_PERSON);

const ListQuerySchema = z.object({
  league: z.enum(LEAGUE_IDS).optional(),
  teamId: TeamIdSchema.optional(),
  userId: z.uuid().optional(),
});

const SyncBodySchema = z.object({
  league: z.enum(LEAGUE_IDS),
  teams: z
    .array(
      z.object({
        teamId: z.int().positive(),
        gmDiscordIds: z.array(DiscordIdSchema).max(10),
      }),
    )
    .max(1000)
    .refine((teams) => new Set(teams.map((t) => t.teamId)).size === teams.length, {
      message: "each teamId may appear once",
    }),
});

const SyncSummarySchema = z.object({
  league: z.enum(LEAGUE_IDS),
  teams: z.int().describe("Teams whose managers were set from the data"),
  skipped: z.int().describe("Teams that name no GM, left as they were"),
  added: z.int(),
  removed: z.int(),
  placeholderUsersCreated: z.int(),
});

const count = z.int().nonnegative();
const millis = z.number().nonnegative().nullable().describe("ms; null when there was none");

const GameServiceStatsSchema = z
  .object({
    liveGames: count.describe("Games in memory now"),
    actions: z.object({
      applied: count.describe("Engine steps applied and committed (the server's rolls included)"),
      refused: count.describe("Submissions answered with an error (stale, out of turn, invalid)"),
      duplicates: count.describe("Repeated client action ids answered with their first ack"),
      commitFailures: count.describe("Commits that failed; their actions were not applied"),
    }),
    loads: count.describe("Games loaded from the database (replayed)"),
    evictions: count.describe("Idle games evicted from memory"),
    replayMismatches: count.describe("Loads whose replay disagreed with the stored snapshot"),
    groupCommit: z.object({
      transactions: count,
      units: count.describe("Write units committed (one per action, with its server moves)"),
      largestBatch: count.describe("The most units one transaction held"),
      latest: z
        .object({
          transactions: count,
          p50Ms: millis,
          p99Ms: millis,
          maxMs: millis,
        })
        .describe(
          "The latest transactions (up to 16,384), from the start of each write to its outcome",
        ),
    }),
  })
  .meta({ id: "GameServiceStats" });

/** The percentiles of the commit durations the game service kept. */
function latestCommits(durations: readonly number[]) {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0
      ? null
      : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { transactions: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
};

function managerJson(view: TeamManagerView): z.infer<typeof TeamManagerSchema> {
  return { ...view, since: view.since.toISOString() };
}

export interface AdminRoutesOptions {
  /** League data for the league sync; default: the app's (LEAGUE_SOURCE), built on first use. */
  readonly leagues?: LeagueSources;
}

const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const orm = app.db.orm;
  let leagues = options.leagues ?? fastify.leagues;
  const leagueSource = () => {
    leagues ??= createLeagueSource(app.config, { redis: app.redis });
    return leagues;
  };

  // Encapsulated: these hooks guard this plugin's routes only.
  app.addHook("preHandler", app.authenticate);
  app.addHook("preHandler", async (request: FastifyRequest) => {
    await app.auth.assertAdmin(request.user!.id);
  });

  app.get(
    "/team-managers",
    {
      schema: {
        tags: ["admin"],
        summary: "Who manages which team",
        security: [{ bearerAuth: [] }],
        querystring: ListQuerySchema,
        response: { 200: z.object({ managers: z.array(TeamManagerSchema) }), ...errors },
      },
    },
    async (request) => ({
      managers: (await listTeamManagers(orm, request.query)).map(managerJson),
    }),
  );

  app.post(
    "/team-managers",
    {
      schema: {
        tags: ["admin"],
        summary: "Let a person manage a team",
        security: [{ bearerAuth: [] }],
        body: AssignmentBodySchema,
        response: {
          200: z.object({ manager: TeamManagerSchema, created: z.literal(false) }),
          201: z.object({ manager: TeamManagerSchema, created: z.literal(true) }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { league, teamId } = request.body;
      const team: ManagedTeam = { league, teamId };
      const { manager, created } = await orm.transaction(async (tx) => {
        const userId = await resolvePerson(tx, request.body, { createPlaceholder: true });
        const created = await addTeamManager(tx, userId, team);
        const [manager] = await listTeamManagers(tx, { ...team, userId });
        return { manager: manager!, created };
      });
      request.log.info({ league, teamId, userId: manager.userId, created }, "team manager added");
      if (created) return reply.code(201).send({ manager: managerJson(manager), created: true });
      return reply.code(200).send({ manager: managerJson(manager), created: false });
    },
  );

  app.delete(
    "/team-managers",
    {
      schema: {
        tags: ["admin"],
        summary: "Take a team from a person",
        security: [{ bearerAuth: [] }],
        querystring: AssignmentQuerySchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { league, teamId } = request.query;
      const userId = await resolvePerson(orm, request.query, { createPlaceholder: false });
      if (!(await removeTeamManager(orm, userId, { league, teamId }))) {
        throw new AuthError(
          "auth/unknown_team_manager",
          `That user does not manage ${league.toUpperCase()} team ${teamId}`,
          { league, teamId, userId },
        );
      }
      request.log.info({ league, teamId, userId }, "team manager removed");
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/team-managers/sync",
    {
      schema: {
        tags: ["admin"],
        summary: "Fill team managers from league data (each team's GM Discord ids)",
        security: [{ bearerAuth: [] }],
        body: SyncBodySchema,
        response: { 200: SyncSummarySchema, ...errors },
      },
    },
    async (request) => {
      const summary = await syncManagersFromLeague(orm, request.body.league, request.body.teams);
      request.log.info(summary, "team managers synced from league data");
      return summary;
    },
  );

  app.post(
    "/leagues/:league/sync-managers",
    {
      schema: {
        tags: ["admin"],
        summary: "Fill team managers from the league source's teams and their GMs",
        security: [{ bearerAuth: [] }],
        params: z.object({ league: z.enum(LEAGUE_IDS) }),
        response: { 200: SyncSummarySchema, ...errors, 502: ErrorBodySchema, 503: ErrorBodySchema },
      },
    },
    async (request) => {
      const { league } = request.params;
      const teams = await leagueSource()[league].listTeams();
      const summary = await syncManagersFromLeague(orm, league, managementFromLeagueTeams(teams));
      request.log.info(summary, "team managers synced from the league source");
      return summary;
    },
  );

  app.get(
    "/game-service",
    {
      schema: {
        tags: ["admin"],
        summary: "The game service's counters and its latest commit times",
        security: [{ bearerAuth: [] }],
        response: { 200: GameServiceStatsSchema, ...errors },
      },
    },
    async () => {
      const games = fastify.games;
      const { applied, refused, duplicates, commitFailures, loads, evictions, replayMismatches } =
        games.stats;
      const { batches, units, largestBatch } = games.commitStats;
      return {
        liveGames: games.liveCount,
        actions: { applied, refused, duplicates, commitFailures },
        loads,
        evictions,
        replayMismatches,
        groupCommit: {
          transactions: batches,
          units,
          largestBatch,
          latest: latestCommits(games.recentCommitMillis(batches)),
        },
      };
    },
  );
};

/** The user id named by discordId or userId (404 auth/unknown_target_user when there is none). */
async function resolvePerson(
  ex: Executor,
  person: { discordId?: string; userId?: string },
  options: { createPlaceholder: boolean },
): Promise<string> {
  if (person.userId !== undefined) {
    if (!(await findUserById(ex, person.userId))) {
      throw new AuthError("auth/unknown_target_user", `No user ${person.userId}`, {
        userId: person.userId,
      });
    }
    return person.userId;
  }
  const discordId = person.discordId!;
  if (options.createPlaceholder) {
    return (await ensureUsersByDiscordId(ex, [discordId])).get(discordId)!;
  }
  const user = await findUserByDiscordId(ex, discordId);
  if (!user) {
    throw new AuthError("auth/unknown_target_user", `No user with Discord id ${discordId}`, {
      discordId,
    });
  }
  return user.id;
}

export default adminRoutes;
