// Lineups and game setups from the leagues' rosters: a manager submits a batting order (nine
// players with their positions), a starting pitcher and optionally a bench; the AI's lineup is its
// team's depth chart. Every player must be on the team's roster FOR THIS GAME: its roster_links,
// written when the game was created (rostersFor: src/games/rosters.ts; PD's cards already picked
// by the game's cardsets). At the start both lineups and their cards become the engine's
// GameSetup, stored in the start action so a replay never needs the league source again.
//
// The depth chart is the league's own when it names only men on the game's roster (the bundled
// league), otherwise autoDepthChart's over the game's roster (the APIs keep none). A game with no
// roster_links (created before they were stored, or by a store that keeps none) uses the league's
// current roster.

import { z } from "zod";
import type { Player } from "../engine/cards.js";
import type { GameSetup, TeamSetup } from "../engine/index.js";
import { FIELD_POSITIONS } from "../engine/positions.js";
import { autoDepthChart } from "../leagues/auto-lineup.js";
import { LEAGUES } from "../leagues/config.js";
import type { DepthChart, LeagueDataSource, TeamRoster } from "../leagues/source.js";
import type { LeagueSources } from "../leagues/source-factory.js";
import type { Refusal } from "./errors.js";
import type { GameRosterRows, RulesResult } from "./ports.js";
import { type CardsetChoice, planRosters } from "./rosters.js";
import type { NewGameInput, SetupBuilder } from "./service.js";
import type { GameRecord, League, Side } from "./types.js";

export const LineupSchema = z
  .strictObject({
    /** The batting order, slot 1 first: SBA player ids or PD card ids, with positions. */
    lineup: z
      .array(
        z.strictObject({
          playerId: z.number().int(),
          position: z.enum([...FIELD_POSITIONS, "DH"]),
        }),
      )
      .length(9),
    /** The starting pitcher (with a DH he does not bat). */
    pitcher: z.number().int().optional(),
    /** Who may come in later; default: the rest of the roster. */
    bench: z.array(z.number().int()).max(40).optional(),
  })
  .meta({ id: "Lineup" });
export type Lineup = z.infer<typeof LineupSchema>;

/** Where a game's own rosters are kept (roster_links and game_cardset_links). */
export interface GameRosterLinks {
  /** SBA player ids or PD card ids the team may use in the game, in roster order. */
  rosterOf(gameId: string, teamId: number): Promise<readonly number[]>;
  cardsetsOf(gameId: string): Promise<readonly CardsetChoice[]>;
}

export interface LeagueSetupsOptions {
  /** The league catalogs new games' rosters are planned from (rostersFor). */
  readonly sources?: LeagueSources;
  /** The games' stored rosters; without them, lineups are checked against the league roster. */
  readonly links?: GameRosterLinks;
}

export class LeagueSetups implements SetupBuilder {
  constructor(
    private readonly sourceOf: (league: League) => LeagueDataSource,
    private readonly options: LeagueSetupsOptions = {},
  ) {}

  /**
   * A new game's rosters from the league, checked (RosterError otherwise): SBA by player id, PD by
   * the card of the highest-priority cardset. PD needs cardsets from the APIs; the bundled league
   * without them plays the cards its rosters list.
   */
  async rostersFor(game: NewGameInput): Promise<GameRosterRows> {
    const sources = this.options.sources;
    if (sources === undefined) return { links: [], cardsets: [] };
    const plan = await planRosters(sources, game.league, {
      homeTeamId: game.homeTeamId,
      awayTeamId: game.awayTeamId,
      ...(game.cardsets !== undefined ? { cardsetIds: game.cardsets } : {}),
      rosterCards: sources.kind === "bundled",
      aiSides: { home: game.homeIsAi, away: game.awayIsAi },
    });
    return plan.rows;
  }

  async checkLineup(game: GameRecord, side: Side, raw: unknown): Promise<RulesResult<unknown>> {
    const parsed = LineupSchema.safeParse(raw);
    if (!parsed.success) {
      return invalid(`The ${side} lineup is malformed`, {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    const roster = await this.roster(game, side);
    if (roster === null) return invalid(`The ${side} team has no roster in ${game.league}`);
    const problem = this.problemWith(parsed.data, roster);
    return problem === null
      ? { ok: true, value: parsed.data }
      : invalid(problem.message, problem.details);
  }

  async aiLineup(game: GameRecord, side: Side): Promise<unknown> {
    const roster = await this.roster(game, side);
    if (roster === null) return undefined;
    return {
      lineup: roster.depth.lineup.map((slot) => ({ playerId: slot.id, position: slot.position })),
      pitcher: roster.depth.rotation[0],
    } satisfies Lineup;
  }

  async buildSetup(
    game: GameRecord,
    lineups: Record<Side, unknown>,
  ): Promise<RulesResult<unknown>> {
    const teams = {} as Record<Side, TeamSetup>;
    let ballpark: GameSetup["ballpark"];
    for (const side of ["away", "home"] as const) {
      const checked = await this.checkLineup(game, side, lineups[side]);
      if (!checked.ok) return checked;
      const roster = (await this.roster(game, side))!;
      teams[side] = teamSetup(checked.value as Lineup, roster);
      if (side === "home") ballpark = roster.team.ballpark;
    }
    const setup: GameSetup = {
      league: game.league,
      rules: LEAGUES[game.league].rules,
      ...(ballpark ? { ballpark } : {}),
      away: teams.away,
      home: teams.home,
    };
    return { ok: true, value: setup };
  }

  /** The team's roster for this game: its roster_links as engine players, with a depth chart. */
  private async roster(game: GameRecord, side: Side): Promise<TeamRoster | null> {
    const teamId = side === "home" ? game.homeTeamId : game.awayTeamId;
    const source = this.sourceOf(game.league);
    const links = this.options.links;
    const ids = links ? await links.rosterOf(game.id, teamId) : [];
    if (ids.length === 0) return source.getRoster(teamId);
    const cardsets = game.league === "pd" ? await links!.cardsetsOf(game.id) : [];
    const league = await source.getRoster(teamId, cardsets.length > 0 ? { cardsets } : {});
    const team = league?.team ?? (await source.getTeam(teamId));
    if (team === null) return null;
    const known = new Map((league?.players ?? []).map((p) => [p.id, p]));
    const players: Player[] = [];
    for (const id of ids) {
      const player =
        known.get(id) ??
        (game.league === "sba" ? await source.getPlayer(id) : await source.getCard(id));
      if (player !== null) players.push(player);
    }
    const onRoster = new Set(players.map((p) => p.id));
    const depth =
      league && namesOnly(league.depth, onRoster) ? league.depth : autoDepthChart(players);
    return { team, players, depth };
  }

  private problemWith(
    lineup: Lineup,
    roster: TeamRoster,
  ): { message: string; details: unknown } | null {
    const onRoster = new Set(roster.players.map((p) => p.id));
    const named = [
      ...lineup.lineup.map((s) => s.playerId),
      ...(lineup.pitcher !== undefined ? [lineup.pitcher] : []),
    ];
    const strangers = [...named, ...(lineup.bench ?? [])].filter((id) => !onRoster.has(id));
    if (strangers.length > 0) {
      return {
        message: `Not on the ${roster.team.name} roster: ${strangers.join(", ")}`,
        details: { playerIds: strangers },
      };
    }
    const twice = named.filter((id, i) => named.indexOf(id) !== i);
    if (twice.length > 0) {
      return { message: `In the lineup twice: ${twice.join(", ")}`, details: { playerIds: twice } };
    }
    const positions = lineup.lineup.map((s) => s.position);
    const doubled = positions.filter((p, i) => positions.indexOf(p) !== i);
    if (doubled.length > 0) {
      return { message: `Two players at ${doubled.join(", ")}`, details: { positions: doubled } };
    }
    return null;
  }
}

/** Does the depth chart name only these men (so it can be used for this game's roster)? */
function namesOnly(depth: DepthChart, ids: ReadonlySet<number>): boolean {
  const named = [...depth.lineup.map((l) => l.id), ...depth.rotation, ...depth.bullpen];
  return depth.lineup.length > 0 && named.every((id) => ids.has(id));
}

function teamSetup(lineup: Lineup, roster: TeamRoster): TeamSetup {
  const byId = new Map<number, Player>(roster.players.map((p) => [p.id, p]));
  const used = new Set([
    ...lineup.lineup.map((s) => s.playerId),
    ...(lineup.pitcher !== undefined ? [lineup.pitcher] : []),
  ]);
  const benchIds = lineup.bench ?? roster.players.map((p) => p.id).filter((id) => !used.has(id));
  return {
    name: roster.team.name,
    lineup: lineup.lineup.map((slot) => ({
      player: byId.get(slot.playerId)!,
      position: slot.position,
    })),
    ...(lineup.pitcher !== undefined ? { pitcher: byId.get(lineup.pitcher)! } : {}),
    bench: benchIds.filter((id) => !used.has(id)).map((id) => byId.get(id)!),
  };
}

function invalid(message: string, details: unknown = null): { ok: false; error: Refusal } {
  return { ok: false, error: { code: "game/invalid_lineup", message, details } };
}
