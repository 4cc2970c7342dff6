import { readFileSync } from "node:fs";
import { z } from "zod";
import type { LeagueId, PdPlayer, Player, SbaPlayer } from "../../engine/cards.js";
import { FIELD_POSITIONS } from "../../engine/positions.js";
import { type LeagueConfig, leagueConfig } from "../config.js";
import { buildPdPlayer, PdCardRecord } from "../pd/ratings.js";
import { buildSbaPlayer, SbaPlayerRecord } from "../sba/player.js";
import type { Cardset, LeagueDataSource, LeagueTeam, TeamRoster } from "../source.js";

/**
 * The bundled data source: the fictional sample leagues shipped with the code (sba.json, pd.json,
 * written by scripts/generate-sample-league.ts). The file is checked with zod and every player is
 * built (every printed string parsed, every PD side checked to total 108) when the source is
 * created, so a bad file fails at boot, not in the middle of a game.
 */

const TeamSchema = z.object({
  id: z.number().int().positive(),
  abbrev: z.string().min(2).max(4),
  name: z.string().min(1),
  ballpark: z.object({
    name: z.string().min(1),
    homerun: z.number().int().min(0).max(20),
    single: z.number().int().min(0).max(20),
  }),
  roster: z.array(z.number().int().positive()),
  lineup: z
    .array(
      z.object({ id: z.number().int().positive(), position: z.enum([...FIELD_POSITIONS, "DH"]) }),
    )
    .length(9),
  rotation: z.array(z.number().int().positive()).min(1),
  bullpen: z.array(z.number().int().positive()),
});
export type TeamRecord = z.infer<typeof TeamSchema>;

const Meta = {
  name: z.string(),
  note: z.string(),
  seed: z.number().int(),
  teams: z.array(TeamSchema).min(1),
};

export const SbaBundle = z.object({
  league: z.literal("sba"),
  ...Meta,
  players: z.array(SbaPlayerRecord),
});
export const PdBundle = z.object({
  league: z.literal("pd"),
  ...Meta,
  cardsets: z.array(
    z.object({ id: z.number().int().positive(), name: z.string(), priority: z.number().int() }),
  ),
  cards: z.array(PdCardRecord),
});

export class BundledDataError extends Error {
  override readonly name = "BundledDataError";
}

function readBundle(file: string): unknown {
  const url = new URL(`./${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8"));
}

/** Checks the league-wide rules of a bundle: roster size, depth charts drawn from the roster. */
function checkTeams(
  config: LeagueConfig,
  teams: readonly TeamRecord[],
  known: ReadonlySet<number>,
): void {
  const rostered = new Set<number>();
  for (const team of teams) {
    const where = `${config.name} team ${team.id} (${team.name})`;
    if (team.roster.length !== config.rosterSize) {
      throw new BundledDataError(
        `${where}: roster has ${team.roster.length} men, not ${config.rosterSize}`,
      );
    }
    for (const id of team.roster) {
      if (!known.has(id))
        throw new BundledDataError(`${where}: roster lists ${id}, which is not in the file`);
      if (rostered.has(id)) throw new BundledDataError(`${where}: ${id} is on two rosters`);
      rostered.add(id);
    }
    const onRoster = new Set(team.roster);
    for (const id of [...team.lineup.map((l) => l.id), ...team.rotation, ...team.bullpen]) {
      if (!onRoster.has(id))
        throw new BundledDataError(`${where}: depth chart lists ${id}, not on the roster`);
    }
  }
}

function teamOf(record: TeamRecord): LeagueTeam {
  return { id: record.id, abbrev: record.abbrev, name: record.name, ballpark: record.ballpark };
}

class BundledSource implements LeagueDataSource {
  constructor(
    readonly league: LeagueId,
    private readonly teams: readonly TeamRecord[],
    private readonly players: ReadonlyMap<number, Player>,
    private readonly cardsets: readonly Cardset[],
    private readonly cardsByPdPlayer: ReadonlyMap<number, readonly PdPlayer[]>,
  ) {}

  async listTeams(): Promise<readonly LeagueTeam[]> {
    return this.teams.map(teamOf);
  }

  async getTeam(teamId: number): Promise<LeagueTeam | null> {
    const team = this.teams.find((t) => t.id === teamId);
    return team === undefined ? null : teamOf(team);
  }

  async getRoster(teamId: number): Promise<TeamRoster | null> {
    const team = this.teams.find((t) => t.id === teamId);
    if (team === undefined) return null;
    return {
      team: teamOf(team),
      players: team.roster.map((id) => this.players.get(id)!),
      depth: { lineup: team.lineup, rotation: team.rotation, bullpen: team.bullpen },
    };
  }

  async getPlayer(playerId: number): Promise<SbaPlayer | null> {
    const player = this.players.get(playerId);
    return player?.league === "sba" ? player : null;
  }

  async getCard(cardId: number): Promise<PdPlayer | null> {
    const card = this.players.get(cardId);
    return card?.league === "pd" ? card : null;
  }

  async listCardsets(): Promise<readonly Cardset[]> {
    return this.cardsets;
  }

  async getPlayerCards(pdPlayerId: number): Promise<readonly PdPlayer[]> {
    return this.cardsByPdPlayer.get(pdPlayerId) ?? [];
  }
}

function parseBundle<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundledDataError(`${file}: ${issue.path.join(".") || "file"}: ${issue.message}`);
  }
  return parsed.data;
}

/** A bundle read, checked and built: what both bundled source shapes serve. */
export interface LoadedBundle {
  readonly league: LeagueId;
  readonly teams: readonly TeamRecord[];
  /** SBA players by player_id, PD cards by card_id. */
  readonly players: ReadonlyMap<number, Player>;
  readonly cardsets: readonly Cardset[];
  /** PD: cards by PD player_id; PD: the PD player_id of each card. */
  readonly cardsByPdPlayer: ReadonlyMap<number, readonly PdPlayer[]>;
  readonly pdPlayerOfCard: ReadonlyMap<number, number>;
  /** SBA: the printed record of each player (positions as printed, for display). */
  readonly sbaRecords: ReadonlyMap<number, SbaPlayerRecord>;
}

/** Reads (or takes) a bundle, checks it with zod and builds every player. */
export function loadBundle(league: LeagueId, data?: unknown): LoadedBundle {
  const config = leagueConfig(league);
  const raw = data ?? readBundle(config.bundledFile);
  if (league === "sba") {
    const bundle = parseBundle(SbaBundle, raw, config.bundledFile);
    const players = new Map<number, Player>();
    const sbaRecords = new Map<number, SbaPlayerRecord>();
    for (const record of bundle.players) {
      if (players.has(record.player_id)) {
        throw new BundledDataError(
          `${config.bundledFile}: player_id ${record.player_id} appears twice`,
        );
      }
      players.set(record.player_id, buildSbaPlayer(record));
      sbaRecords.set(record.player_id, record);
    }
    checkTeams(config, bundle.teams, new Set(players.keys()));
    return {
      league,
      teams: bundle.teams,
      players,
      cardsets: [],
      cardsByPdPlayer: new Map(),
      pdPlayerOfCard: new Map(),
      sbaRecords,
    };
  }
  const bundle = parseBundle(PdBundle, raw, config.bundledFile);
  const cardsetIds = new Set(bundle.cardsets.map((c) => c.id));
  const cards = new Map<number, Player>();
  const byPlayer = new Map<number, PdPlayer[]>();
  const pdPlayerOfCard = new Map<number, number>();
  for (const record of bundle.cards) {
    if (cards.has(record.card_id)) {
      throw new BundledDataError(`${config.bundledFile}: card_id ${record.card_id} appears twice`);
    }
    if (!cardsetIds.has(record.cardset_id)) {
      throw new BundledDataError(
        `${config.bundledFile}: card ${record.card_id} is in unknown cardset ${record.cardset_id}`,
      );
    }
    const card = buildPdPlayer(record);
    cards.set(record.card_id, card);
    byPlayer.set(record.player_id, [...(byPlayer.get(record.player_id) ?? []), card]);
    pdPlayerOfCard.set(record.card_id, record.player_id);
  }
  checkTeams(config, bundle.teams, new Set(cards.keys()));
  return {
    league,
    teams: bundle.teams,
    players: cards,
    cardsets: bundle.cardsets,
    cardsByPdPlayer: byPlayer,
    pdPlayerOfCard,
    sbaRecords: new Map(),
  };
}

/** Builds a source from bundle data (tests pass their own; the default reads the shipped file). */
export function createBundledSource(league: LeagueId, data?: unknown): LeagueDataSource {
  const bundle = loadBundle(league, data);
  return new BundledSource(
    league,
    bundle.teams,
    bundle.players,
    bundle.cardsets,
    bundle.cardsByPdPlayer,
  );
}

const cache = new Map<LeagueId, LeagueDataSource>();

/** The shipped sample league's source, built once per process. */
export function bundledSource(league: LeagueId): LeagueDataSource {
  let source = cache.get(league);
  if (source === undefined) {
    source = createBundledSource(league);
    cache.set(league, source);
  }
  return source;
}
