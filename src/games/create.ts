// The game service as the server runs it: the real engine, the database store, team managers from
// the database, rosters and lineups from the configured league source (LEAGUE_SOURCE: the bundled
// sample league or the SBA and PD APIs behind the cache), and src/ai's managers (balanced, yolo,
// safe). Creating a game writes its rosters (roster_links, PD's cardset links) with the game row;
// lineups are checked against them.

import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { createLeagueSource, type LeagueSources } from "../leagues/source-factory.js";
import { aiManagers } from "./ai-managers.js";
import { DbGameStore } from "./db-store.js";
import { engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import type { AiManager } from "./ports.js";
import { readCardsetLinks, readRosterLinks } from "./rosters.js";
import { GameService, type GameServiceOptions } from "./service.js";

export interface CreateGameServiceDeps {
  config: Config;
  db: Database;
  logger?: Logger;
  ai?: AiManager;
  /** League data; default: built from the config (LEAGUE_SOURCE), with Redis as its cache. */
  leagues?: LeagueSources;
  redis?: Redis | null;
  options?: Partial<GameServiceOptions>;
}

export function createGameService({
  config,
  db,
  logger,
  ai,
  leagues,
  redis,
  options,
}: CreateGameServiceDeps): GameService {
  const store = new DbGameStore(db.orm);
  // LEAGUE_SOURCE=api without its URLs stops the boot (src/config.ts, src/cli/server.ts).
  const sources =
    leagues ??
    createLeagueSource(config, {
      redis: redis ?? null,
      ...(logger
        ? {
            onStale: ({ key, ageMs }) =>
              logger.warn({ key, ageMs }, "league API down: serving the last good value"),
          }
        : {}),
    });
  const setups = new LeagueSetups((league) => sources.data?.[league] ?? bundledSource(league), {
    sources,
    links: {
      rosterOf: (gameId, teamId) => readRosterLinks(db.orm, gameId, teamId),
      cardsetsOf: (gameId) => readCardsetLinks(db.orm, gameId),
    },
  });
  return new GameService({
    store,
    teams: store,
    rules: engineRules,
    ai: ai ?? aiManagers(),
    setups,
    idleEvictMs: config.games.idleEvictSeconds * 1000,
    snapshotEvery: 50,
    ...(logger ? { logger } : {}),
    ...options,
  });
}
