import type { PdPlayer, SbaPlayer } from "../../engine/cards.js";
import { LeagueError } from "../api/errors.js";
import type {
  LeagueTeamInfo as ApiLeagueTeam,
  PdLeagueCard,
  PdLeagueCardset,
  PdLeagueRoster,
  SbaLeaguePlayer,
  SbaLeagueRoster,
} from "../api/model.js";
import type { LeagueDataSource, PdLeagueSource, SbaLeagueSource } from "../source.js";
import { createBundledSource, type LoadedBundle, loadBundle, type TeamRecord } from "./index.js";

/**
 * The bundled sample leagues in the per-league shapes the service layer reads
 * (src/leagues/source-factory.ts, LEAGUE_SOURCE=bundled), the same shapes the API-backed sources
 * return. Each also carries `data`, the full LeagueDataSource, whose SBA players keep their
 * transcribed card grids (the API has none).
 */
export interface BundledLeagueSources {
  readonly sba: SbaLeagueSource & {
    readonly data: LeagueDataSource;
    getSbaPlayer(playerId: number): Promise<SbaPlayer>;
  };
  readonly pd: PdLeagueSource & { readonly data: LeagueDataSource };
}

function notFound(what: string, id: number): never {
  throw new LeagueError("league/not_found", `bundled league: no ${what} ${id}`, { id });
}

function apiTeam(league: "sba" | "pd", team: TeamRecord): ApiLeagueTeam {
  const words = team.name.split(" ");
  return {
    league,
    id: team.id,
    abbrev: team.abbrev,
    shortName: words[words.length - 1]!,
    name: team.name,
    season: null,
    gmDiscordIds: [],
  };
}

function teamOrThrow(bundle: LoadedBundle, teamId: number): TeamRecord {
  return bundle.teams.find((t) => t.id === teamId) ?? notFound("team", teamId);
}

function teamIdOf(bundle: LoadedBundle, id: number): number | null {
  return bundle.teams.find((t) => t.roster.includes(id))?.id ?? null;
}

function sbaLeaguePlayer(bundle: LoadedBundle, playerId: number): SbaLeaguePlayer {
  const player = bundle.players.get(playerId);
  const record = bundle.sbaRecords.get(playerId);
  if (player === undefined || player.league !== "sba" || record === undefined)
    notFound("player", playerId);
  const codes = [
    record.pos_1,
    record.pos_2,
    record.pos_3,
    record.pos_4,
    record.pos_5,
    record.pos_6,
    record.pos_7,
    record.pos_8,
  ]
    .filter((c): c is string => typeof c === "string" && c.trim() !== "")
    .map((c) => (c === "P" ? (player.pitching?.endurance.starter != null ? "SP" : "RP") : c));
  return {
    league: "sba",
    playerId,
    name: player.name,
    season: null,
    teamId: teamIdOf(bundle, playerId),
    swar: null,
    positionCodes: codes,
    eligible: player.eligible,
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

function pdLeagueCard(bundle: LoadedBundle, card: PdPlayer): PdLeagueCard {
  const pdPlayerId = bundle.pdPlayerOfCard.get(card.cardId)!;
  return {
    league: "pd",
    cardId: card.cardId,
    playerId: pdPlayerId,
    identity: `bundled:${pdPlayerId}`,
    name: card.name,
    cardsetId: card.cardsetId,
    cardsetName: bundle.cardsets.find((c) => c.id === card.cardsetId)?.name ?? "",
    teamId: teamIdOf(bundle, card.cardId),
    positionCodes: card.pitching
      ? [card.pitching.endurance.starter !== null ? "SP" : "RP"]
      : card.eligible.map(String),
    image: null,
  };
}

export function createBundledLeagueSources(data?: {
  sba?: unknown;
  pd?: unknown;
}): BundledLeagueSources {
  const sbaBundle = loadBundle("sba", data?.sba);
  const pdBundle = loadBundle("pd", data?.pd);
  const sba = {
    league: "sba" as const,
    data: createBundledSource("sba", data?.sba),
    async listTeams() {
      return sbaBundle.teams.map((t) => apiTeam("sba", t));
    },
    async getTeam(teamId: number) {
      return apiTeam("sba", teamOrThrow(sbaBundle, teamId));
    },
    async getRoster(teamId: number): Promise<SbaLeagueRoster> {
      const team = teamOrThrow(sbaBundle, teamId);
      return {
        league: "sba",
        teamId,
        players: team.roster.map((id) => sbaLeaguePlayer(sbaBundle, id)),
        injured: [],
      };
    },
    async getPlayer(playerId: number) {
      return sbaLeaguePlayer(sbaBundle, playerId);
    },
    async getSbaPlayer(playerId: number): Promise<SbaPlayer> {
      const player = sbaBundle.players.get(playerId);
      if (player === undefined || player.league !== "sba") notFound("player", playerId);
      return player;
    },
    async listCardsets(): Promise<[]> {
      return [];
    },
  };
  const pd = {
    league: "pd" as const,
    data: createBundledSource("pd", data?.pd),
    async listCardsets(): Promise<PdLeagueCardset[]> {
      return pdBundle.cardsets.map((c) => ({
        id: c.id,
        name: c.name,
        description: null,
        rankedLegal: null,
        inPacks: null,
        priority: c.priority,
      }));
    },
    async listTeams() {
      return pdBundle.teams.map((t) => apiTeam("pd", t));
    },
    async getTeam(teamId: number) {
      return apiTeam("pd", teamOrThrow(pdBundle, teamId));
    },
    async getRoster(teamId: number): Promise<PdLeagueRoster> {
      const team = teamOrThrow(pdBundle, teamId);
      const cards = team.roster.map((id) =>
        pdLeagueCard(pdBundle, pdBundle.players.get(id) as PdPlayer),
      );
      const holdings = cards.flatMap((card) =>
        (pdBundle.cardsByPdPlayer.get(card.playerId) ?? []).map((c) => pdLeagueCard(pdBundle, c)),
      );
      return { league: "pd", teamId, rosterId: null, cards, holdings };
    },
    async getCard(cardId: number): Promise<PdPlayer> {
      const card = pdBundle.players.get(cardId);
      if (card === undefined || card.league !== "pd") notFound("card", cardId);
      return card;
    },
  };
  return { sba, pd };
}
