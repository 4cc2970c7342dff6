import { applyAction } from "../../engine/apply.js";
import { defaultAction } from "../../engine/defaults.js";
import { ChaChaDice } from "../../engine/dice.js";
import type { GameEvent } from "../../engine/events.js";
import type { PlayRecord } from "../../engine/play-record.js";
import { createGame } from "../../engine/setup.js";
import type { GameState } from "../../engine/state.js";
import type { LeagueConfig } from "../config.js";
import { gameTeamFromRoster, type LeagueDataSource, type TeamRoster } from "../source.js";

/**
 * Plays a bundled league's teams against each other with the engine's default decisions and
 * totals the batting lines, to check the sample league against major-league norms.
 */
export interface LeagueTotals {
  games: number;
  teamGames: number;
  pa: number;
  ab: number;
  hits: number;
  homeruns: number;
  strikeouts: number;
  walks: number;
  runs: number;
}

export interface LeagueNorms {
  runsPerTeamGame: number;
  homerunsPerTeamGame: number;
  battingAverage: number;
  strikeoutRate: number;
  walkRate: number;
}

export function normsOf(t: LeagueTotals): LeagueNorms {
  return {
    runsPerTeamGame: t.runs / t.teamGames,
    homerunsPerTeamGame: t.homeruns / t.teamGames,
    battingAverage: t.hits / t.ab,
    strikeoutRate: t.strikeouts / t.pa,
    walkRate: t.walks / t.pa,
  };
}

/** A 32-byte dice seed from a game number (deterministic). */
function seedOf(game: number): Uint8Array {
  const seed = new Uint8Array(32);
  let x = (game + 1) * 2_654_435_761;
  for (let i = 0; i < 32; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    seed[i] = x >>> 24;
  }
  return seed;
}

const MAX_ACTIONS_PER_GAME = 20_000;

/** Plays one game to the end with default decisions; returns its play records. */
export function playGame(
  config: LeagueConfig,
  away: TeamRoster,
  home: TeamRoster,
  game: number,
): PlayRecord[] {
  const created = createGame({
    league: config.id,
    rules: config.rules,
    ballpark: home.team.ballpark,
    away: gameTeamFromRoster(away, game),
    home: gameTeamFromRoster(home, game),
  });
  if (!created.ok) throw new Error(`game ${game}: ${created.error.message}`);
  let state: GameState = created.state;
  const dice = new ChaChaDice(seedOf(game));
  const plays: PlayRecord[] = [];
  for (let n = 0; n < MAX_ACTIONS_PER_GAME; n++) {
    if (state.pending.kind === "gameOver") return plays;
    const action = defaultAction(state);
    if (action === null)
      throw new Error(`game ${game}: no default action for ${state.pending.kind}`);
    const result = applyAction(state, action, dice);
    if (!result.ok)
      throw new Error(`game ${game}: ${action.type} refused: ${result.error.message}`);
    state = result.state;
    for (const event of result.events as readonly GameEvent[]) {
      const play = (event as { play?: PlayRecord }).play;
      if (play !== undefined) plays.push(play);
    }
  }
  throw new Error(`game ${game} did not end in ${MAX_ACTIONS_PER_GAME} actions`);
}

export async function simulateLeague(
  config: LeagueConfig,
  source: LeagueDataSource,
  games: number,
): Promise<LeagueTotals> {
  const teams = await source.listTeams();
  const rosters = await Promise.all(teams.map(async (t) => (await source.getRoster(t.id))!));
  const totals: LeagueTotals = {
    games: 0,
    teamGames: 0,
    pa: 0,
    ab: 0,
    hits: 0,
    homeruns: 0,
    strikeouts: 0,
    walks: 0,
    runs: 0,
  };
  const pairs: [number, number][] = [];
  for (let a = 0; a < rosters.length; a++)
    for (let h = 0; h < rosters.length; h++) if (a !== h) pairs.push([a, h]);
  for (let game = 0; game < games; game++) {
    const [a, h] = pairs[game % pairs.length]!;
    const plays = playGame(config, rosters[a]!, rosters[h]!, game);
    for (const play of plays) {
      totals.pa += play.stats.pa;
      totals.ab += play.stats.ab;
      totals.hits += play.stats.hit;
      totals.homeruns += play.stats.homerun;
      totals.strikeouts += play.stats.so;
      totals.walks += play.stats.bb;
      totals.runs += play.runsScored;
    }
    totals.games += 1;
    totals.teamGames += 2;
  }
  return totals;
}
