// Chooses where league data comes from, once at start-up: LEAGUE_SOURCE=bundled (the default: the
// rules engine's sample league shipped with Dugout, no network) or LEAGUE_SOURCE=api (the SBA and
// PD APIs behind the cache: Redis when REDIS_URL is set, else an in-memory LRU).
//
// What it hands out, per league, is a catalog: teams, rosters, players or cards, cardsets, in the
// same shapes whichever source is behind it (src/leagues/api/model.ts). The HTTP routes and the
// roster loader (src/games/rosters.ts) read league data only through it. Lookups of something
// that is not there throw LeagueError "league/not_found".
//
// Both also give the engine-ready LeagueDataSource (`data`) that game setups read. The bundled
// players carry transcribed cards; the SBA API has no card grids, so its players are "no grid"
// players (SbaLeaguePlayer.hasGrid false): see model.ts.

import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { PdPlayer, SbaPlayer } from "../engine/cards.js";
import { LeagueError } from "./api/errors.js";
import {
  eligiblePositions,
  type LeagueTeamInfo,
  type PdLeagueCard,
  type PdLeagueCardset,
  type PdLeagueRoster,
  positionCodesOf,
  type SbaLeaguePlayer,
  type SbaLeagueRoster,
} from "./api/model.js";
import { PdApiSource } from "./api/pd-source.js";
import { SbaApiSource } from "./api/sba-source.js";
import { bundledSource, PdBundle } from "./bundled/index.js";
import type { Cache, LoadOptions } from "./cache/cache.js";
import { MemoryCache } from "./cache/memory.js";
import { RedisCache } from "./cache/redis.js";
import { leagueConfig } from "./config.js";
import type { LeagueDataSource, LeagueTeam } from "./source.js";

export interface SbaCatalog {
  readonly league: "sba";
  listTeams(): Promise<LeagueTeamInfo[]>;
  getTeam(teamId: number): Promise<LeagueTeamInfo>;
  getRoster(teamId: number): Promise<SbaLeagueRoster>;
  getPlayer(playerId: number): Promise<SbaLeaguePlayer>;
  listCardsets(): Promise<PdLeagueCardset[]>;
}

export interface PdCatalog {
  readonly league: "pd";
  listTeams(): Promise<LeagueTeamInfo[]>;
  getTeam(teamId: number): Promise<LeagueTeamInfo>;
  /** The roster's cards and every card the team may use, in every cardset. */
  getRoster(teamId: number): Promise<PdLeagueRoster>;
  /** A card as the engine's PdPlayer. */
  getCard(cardId: number): Promise<PdPlayer>;
  listCardsets(): Promise<PdLeagueCardset[]>;
}

export interface LeagueSources {
  readonly kind: "bundled" | "api";
  readonly sba: SbaCatalog;
  readonly pd: PdCatalog;
  /** The cache in front of the APIs (null for bundled). */
  readonly cache: Cache | null;
  /**
   * The engine-ready data sources that game setups read: the bundled league's own, or the API
   * sources' (SbaApiSource.gameData, PdApiSource.gameData: no-grid SBA players, PD cards picked
   * by the game's cardsets, depth charts from autoDepthChart). Null only for test doubles.
   */
  readonly data: { readonly sba: LeagueDataSource; readonly pd: LeagueDataSource } | null;
}

export interface LeagueSourceDeps {
  /** The cache to use; default: Redis on `redis` when given, else an in-memory LRU. */
  readonly cache?: Cache;
  readonly redis?: Redis | null;
  /** Told when a stale value is served because an upstream is down. */
  readonly onStale?: LoadOptions["onStale"];
  /** Passed to both API clients (timeouts, retries, injected sleep/random in tests). */
  readonly http?: {
    readonly timeoutMs?: number;
    readonly maxAttempts?: number;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly random?: () => number;
  };
}

/** The cache LEAGUE_SOURCE=api puts in front of the APIs. */
export function createLeagueCache(redis: Redis | null | undefined): Cache {
  return redis ? new RedisCache({ redis }) : new MemoryCache();
}

export function createLeagueSource(
  config: Pick<Config, "leagues">,
  deps: LeagueSourceDeps = {},
): LeagueSources {
  const { leagues } = config;
  if (leagues.source === "bundled") {
    const sba = bundledSource("sba");
    const pd = bundledSource("pd");
    return {
      kind: "bundled",
      sba: new BundledSbaCatalog(sba),
      pd: new BundledPdCatalog(pd),
      cache: null,
      data: { sba, pd },
    };
  }

  const missing = [
    leagues.sba.apiUrl ? null : "SBA_API_URL",
    leagues.pd.apiUrl ? null : "PD_API_URL",
  ].filter((v): v is string => v !== null);
  if (missing.length > 0) {
    throw new LeagueError(
      "league/not_configured",
      `LEAGUE_SOURCE=api needs ${missing.join(" and ")} (or use LEAGUE_SOURCE=bundled)`,
      { missing },
    );
  }
  const cache = deps.cache ?? createLeagueCache(deps.redis);
  const common = { cache, onStale: deps.onStale, ...deps.http };
  const sba = new SbaApiSource({ url: leagues.sba.apiUrl!, apiKey: leagues.sba.apiKey, ...common });
  const pd = new PdApiSource({ url: leagues.pd.apiUrl!, apiKey: leagues.pd.apiKey, ...common });
  return { kind: "api", sba, pd, cache, data: { sba: sba.gameData(), pd: pd.gameData() } };
}

// ---------------------------------------------------------------------------------------------
// The bundled league as catalogs.

function notFound(what: string): never {
  throw new LeagueError("league/not_found", `${what} is not in the league`);
}

function teamInfo(league: "sba" | "pd", team: LeagueTeam): LeagueTeamInfo {
  return {
    league,
    id: team.id,
    abbrev: team.abbrev,
    shortName: team.name.split(" ").at(-1) ?? team.name,
    name: team.name,
    season: null,
    gmDiscordIds: [],
  };
}

export function sbaPlayerInfo(player: SbaPlayer, teamId: number | null): SbaLeaguePlayer {
  const positionCodes = positionCodesOf(player.printed);
  return {
    league: "sba",
    playerId: player.playerId,
    name: player.name,
    season: null,
    teamId,
    swar: null,
    positionCodes: positionCodes.length > 0 ? positionCodes : [...player.eligible],
    eligible: positionCodes.length > 0 ? eligiblePositions(positionCodes) : player.eligible,
    isPitcher: player.pitching !== null,
    hand: player.batting.bats,
    injury: player.batting.injury,
    pitcherInjury: player.pitching?.injury?.rating ?? null,
    cardImages: [],
    stratCode: null,
    bbrefId: null,
    hasGrid: true,
  };
}

class BundledSbaCatalog implements SbaCatalog {
  readonly league = "sba" as const;
  private readonly teamOfPlayer = new Map<number, number>();
  constructor(private readonly source: LeagueDataSource) {}

  async listTeams() {
    return (await this.source.listTeams()).map((t) => teamInfo("sba", t));
  }
  async getTeam(teamId: number) {
    const team = await this.source.getTeam(teamId);
    return team ? teamInfo("sba", team) : notFound(`SBA team ${teamId}`);
  }
  async getRoster(teamId: number): Promise<SbaLeagueRoster> {
    const roster = await this.source.getRoster(teamId);
    if (!roster) return notFound(`SBA team ${teamId}`);
    const players = roster.players.filter((p): p is SbaPlayer => p.league === "sba");
    for (const p of players) this.teamOfPlayer.set(p.playerId, teamId);
    return {
      league: "sba",
      teamId,
      players: players.map((p) => sbaPlayerInfo(p, teamId)),
      injured: [],
    };
  }
  async getPlayer(playerId: number) {
    const player = await this.source.getPlayer(playerId);
    if (!player) return notFound(`SBA player ${playerId}`);
    if (this.teamOfPlayer.size === 0) {
      for (const team of await this.source.listTeams()) await this.getRoster(team.id);
    }
    return sbaPlayerInfo(player, this.teamOfPlayer.get(playerId) ?? null);
  }
  async listCardsets() {
    return [];
  }
}

class BundledPdCatalog implements PdCatalog {
  readonly league = "pd" as const;
  /** card_id -> the PD player_id it depicts (the bundle groups a player's cards by it). */
  private readonly playerOfCard: ReadonlyMap<number, number>;

  constructor(private readonly source: LeagueDataSource) {
    const file = new URL(`./bundled/${leagueConfig("pd").bundledFile}`, import.meta.url);
    const bundle = PdBundle.parse(JSON.parse(readFileSync(file, "utf8")));
    this.playerOfCard = new Map(bundle.cards.map((c) => [c.card_id, c.player_id]));
  }

  async listTeams() {
    return (await this.source.listTeams()).map((t) => teamInfo("pd", t));
  }
  async getTeam(teamId: number) {
    const team = await this.source.getTeam(teamId);
    return team ? teamInfo("pd", team) : notFound(`PD team ${teamId}`);
  }
  /** In the sample league a team may use every cardset's card of a player on its roster. */
  async getRoster(teamId: number): Promise<PdLeagueRoster> {
    const roster = await this.source.getRoster(teamId);
    if (!roster) return notFound(`PD team ${teamId}`);
    const cardsets = new Map((await this.source.listCardsets()).map((c) => [c.id, c.name]));
    const summary = (card: PdPlayer): PdLeagueCard => {
      const playerId = this.playerOfCard.get(card.cardId) ?? card.cardId;
      return {
        league: "pd",
        cardId: card.cardId,
        playerId,
        identity: `pd:${playerId}`,
        name: card.name,
        cardsetId: card.cardsetId,
        cardsetName: cardsets.get(card.cardsetId) ?? String(card.cardsetId),
        teamId,
        positionCodes: [...card.eligible],
        image: null,
      };
    };
    const cards = roster.players.filter((p): p is PdPlayer => p.league === "pd").map(summary);
    const holdings: PdLeagueCard[] = [];
    for (const card of cards) {
      for (const version of await this.source.getPlayerCards(card.playerId)) {
        holdings.push(summary(version));
      }
    }
    return { league: "pd", teamId, rosterId: null, cards, holdings };
  }
  async getCard(cardId: number) {
    return (await this.source.getCard(cardId)) ?? notFound(`PD card ${cardId}`);
  }
  async listCardsets(): Promise<PdLeagueCardset[]> {
    return (await this.source.listCardsets()).map((c) => ({
      id: c.id,
      name: c.name,
      description: null,
      rankedLegal: null,
      inPacks: null,
      priority: c.priority,
    }));
  }
}
