// Route plugin: league data, read through the league catalogs (src/leagues/source-factory.ts).
//
//   GET /leagues                                   the two leagues and where their data comes from
//   GET /leagues/:league/teams                     teams
//   GET /leagues/:league/teams/:teamId/roster      SBA: the active roster; PD: roster cards and
//                                                  every card the team may use
//   GET /leagues/sba/players/:playerId             one SBA player
//   GET /leagues/pd/cards/:cardId                  one PD card with its ratings laid out
//   GET /leagues/:league/cardsets                  PD cardsets (SBA: none)
//
// League errors become the standard error body: league/not_found 404, league/unavailable 503
// (upstream down and nothing cached), league/bad_response 502 and league/rejected 502 (the
// upstream answered something we cannot use; the message names the field and the URL).

import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../../config.js";
import { LeagueError, type LeagueErrorCode } from "../../leagues/api/errors.js";
import { createLeagueSource, type LeagueSources } from "../../leagues/source-factory.js";
import { ErrorBodySchema, HttpError } from "../errors.js";

declare module "fastify" {
  interface FastifyInstance {
    /** League data (set by the leagues route plugin when the app did not supply it). */
    leagues?: LeagueSources;
  }
}

const LEAGUE_STATUS: Readonly<Record<LeagueErrorCode, number>> = {
  "league/not_found": 404,
  "league/unavailable": 503,
  "league/bad_response": 502,
  "league/rejected": 502,
  "league/not_configured": 503,
};

/** A LeagueError as the HttpError the standard error handler answers with. */
export function leagueHttpError(err: unknown): unknown {
  if (!(err instanceof LeagueError)) return err;
  return new HttpError(LEAGUE_STATUS[err.code], err.code, err.message, err.details);
}

const LeagueParam = z.enum(["sba", "pd"]).describe("sba or pd");
const Id = z.coerce.number().int().positive();

const TeamSchema = z
  .object({
    league: LeagueParam,
    id: z.number().int(),
    abbrev: z.string(),
    shortName: z.string(),
    name: z.string(),
    season: z.number().int().nullable(),
    gmDiscordIds: z
      .array(z.string())
      .readonly()
      .describe("Discord ids of the team's general managers"),
  })
  .meta({ id: "LeagueTeam" });

const InjurySchema = z.object({ games: z.number().int(), rating: z.number().int() }).nullable();

const SbaPlayerSchema = z
  .object({
    league: z.literal("sba"),
    playerId: z.number().int(),
    name: z.string(),
    season: z.number().int().nullable(),
    teamId: z.number().int().nullable(),
    swar: z.number().nullable(),
    positionCodes: z.array(z.string()).readonly(),
    eligible: z.array(z.string()).readonly(),
    isPitcher: z.boolean(),
    hand: z.enum(["L", "R", "S"]).nullable(),
    injury: InjurySchema,
    pitcherInjury: z.number().int().nullable(),
    cardImages: z.array(z.string()).readonly(),
    stratCode: z.string().nullable(),
    bbrefId: z.string().nullable(),
    hasGrid: z
      .boolean()
      .describe("False: no transcribed card; the manager reports results off the real card"),
  })
  .meta({ id: "SbaLeaguePlayer" });

const PdCardSummarySchema = z
  .object({
    league: z.literal("pd"),
    cardId: z.number().int(),
    playerId: z.number().int(),
    identity: z.string().describe("The real player across cardsets"),
    name: z.string(),
    cardsetId: z.number().int(),
    cardsetName: z.string(),
    teamId: z.number().int().nullable(),
    positionCodes: z.array(z.string()).readonly(),
    image: z.string().nullable(),
  })
  .meta({ id: "PdLeagueCard" });

const RosterSchema = z.discriminatedUnion("league", [
  z.object({
    league: z.literal("sba"),
    teamId: z.number().int(),
    players: z.array(SbaPlayerSchema).readonly(),
    injured: z.array(SbaPlayerSchema).readonly(),
  }),
  z.object({
    league: z.literal("pd"),
    teamId: z.number().int(),
    rosterId: z.number().int().nullable(),
    cards: z.array(PdCardSummarySchema).readonly(),
    holdings: z.array(PdCardSummarySchema).readonly(),
  }),
]);

const CardsetSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    rankedLegal: z.boolean().nullable(),
    inPacks: z.boolean().nullable(),
    priority: z.number().int().nullable(),
  })
  .meta({ id: "Cardset" });

/** The engine's PdPlayer: identity fields checked, the laid-out card passed through. */
const PdPlayerSchema = z
  .looseObject({
    league: z.literal("pd"),
    id: z.number().int(),
    cardId: z.number().int(),
    cardsetId: z.number().int(),
    name: z.string(),
    eligible: z.array(z.string()).readonly(),
  })
  .meta({ id: "PdPlayer" });

const errors = { 404: ErrorBodySchema, 502: ErrorBodySchema, 503: ErrorBodySchema };

export interface LeagueRoutesOptions {
  /** League data; default: built from the app's config (LEAGUE_SOURCE) and Redis. */
  readonly leagues?: LeagueSources;
}

const leagueRoutes: FastifyPluginAsync<LeagueRoutesOptions> = async (fastify, options) => {
  const config: Config = fastify.config;
  const leagues =
    options.leagues ??
    fastify.leagues ??
    createLeagueSource(config, {
      redis: fastify.redis,
      onStale: ({ key, ageMs }) =>
        fastify.log.warn({ key, ageMs }, "league API down: serving the last good value"),
    });
  if (!fastify.hasDecorator("leagues")) fastify.decorate("leagues", leagues);

  fastify.setErrorHandler((err) => {
    // Hand the mapped error to the app's standard handler (the parent scope's).
    throw leagueHttpError(err);
  });

  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/",
    {
      schema: {
        tags: ["leagues"],
        summary: "The leagues and where their data comes from",
        response: {
          200: z.object({
            source: z.enum(["bundled", "api"]),
            leagues: z.array(
              z.object({ id: LeagueParam, name: z.string(), usesCardsets: z.boolean() }),
            ),
          }),
        },
      },
    },
    async () => ({
      source: leagues.kind,
      leagues: [
        { id: "sba" as const, name: "Strat Baseball Association", usesCardsets: false },
        { id: "pd" as const, name: "Paper Dynasty", usesCardsets: true },
      ],
    }),
  );

  app.get(
    "/:league/teams",
    {
      schema: {
        tags: ["leagues"],
        summary: "The league's teams",
        params: z.object({ league: LeagueParam }),
        response: { 200: z.object({ teams: z.array(TeamSchema).readonly() }), ...errors },
      },
    },
    async (request) => ({ teams: await leagues[request.params.league].listTeams() }),
  );

  app.get(
    "/:league/teams/:teamId/roster",
    {
      schema: {
        tags: ["leagues"],
        summary: "A team's roster (SBA: active players; PD: roster cards and usable cards)",
        params: z.object({ league: LeagueParam, teamId: Id }),
        response: { 200: RosterSchema, ...errors },
      },
    },
    async (request) => {
      const { league, teamId } = request.params;
      return league === "sba" ? leagues.sba.getRoster(teamId) : leagues.pd.getRoster(teamId);
    },
  );

  app.get(
    "/sba/players/:playerId",
    {
      schema: {
        tags: ["leagues"],
        summary: "One SBA player",
        params: z.object({ playerId: Id }),
        response: { 200: SbaPlayerSchema, ...errors },
      },
    },
    async (request) => leagues.sba.getPlayer(request.params.playerId),
  );

  app.get(
    "/pd/cards/:cardId",
    {
      schema: {
        tags: ["leagues"],
        summary: "One PD card, its digital ratings laid onto the card grid",
        params: z.object({ cardId: Id }),
        response: { 200: PdPlayerSchema, ...errors },
      },
    },
    async (request) => ({ ...(await leagues.pd.getCard(request.params.cardId)) }),
  );

  app.get(
    "/:league/cardsets",
    {
      schema: {
        tags: ["leagues"],
        summary: "PD cardsets (SBA has none)",
        params: z.object({ league: LeagueParam }),
        response: { 200: z.object({ cardsets: z.array(CardsetSchema).readonly() }), ...errors },
      },
    },
    async (request) => ({ cardsets: await leagues[request.params.league].listCardsets() }),
  );
};

export default leagueRoutes;
