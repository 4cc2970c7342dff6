// The game service as the server runs it: the real engine, the database store, team managers from
// the database, lineups from the league sources, and src/ai's managers (balanced, yolo, safe).

import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { bundledSource } from "../leagues/bundled/index.js";
import { createLeagueSource } from "../leagues/source-factory.js";
import { aiManagers } from "./ai-managers.js";
import { DbGameStore } from "./db-store.js";
import { engineRules } from "./engine-rules.js";
import { LeagueSetups } from "./league-setups.js";
import type { AiManager } from "./ports.js";
import { GameService, type GameServiceOptions } from "./service.js";

export interface CreateGameServiceDeps {
  config: Config;
  db: Database;
  logger?: Logger;
  ai?: AiManager;
  options?: Partial<GameServiceOptions>;
}

export function createGameService({
  config,
  db,
  logger,
  ai,
  options,
}: CreateGameServiceDeps): GameService {
  const store = new DbGameStore(db.orm);
  let sources: ReturnType<typeof createLeagueSource>["data"] = null;
  try {
    sources = createLeagueSource(config).data;
  } catch {
    sources = null;
  }
  return new GameService({
    store,
    teams: store,
    rules: engineRules,
    ai: ai ?? aiManagers(),
    setups: new LeagueSetups((league) => sources?.[league] ?? bundledSource(league)),
    idleEvictMs: config.games.idleEvictSeconds * 1000,
    snapshotEvery: 50,
    ...(logger ? { logger } : {}),
    ...options,
  });
}
