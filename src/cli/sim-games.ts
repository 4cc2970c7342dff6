import { createHash } from "node:crypto";
import { type AiGame, createManager, type PersonalityName, playAiGame } from "../ai/index.js";
import {
  type Action,
  ChaChaDice,
  createGame,
  DEFAULT_RULES,
  type GameState,
  type LeagueId,
  type LeagueRules,
  type PlayRecord,
  type TeamSetup,
  type TeamSide,
} from "../engine/index.js";
import {
  annotatePlays,
  type BoxScore,
  boxScore,
  formatBoxScoreText,
  type WinExpectancyTable,
} from "../engine/scoring/index.js";
import { type LoadedBundle, loadBundle, type TeamRecord } from "../leagues/bundled/index.js";

/**
 * One simulated game of the bundled sample league, AI against AI: who plays whom, the starters
 * in turn through each rotation, a dice seed per game derived from the run's seed, and what the
 * sim prints about it (box score text, JSON line, counting stats for the summary).
 */
export interface SimSettings {
  readonly league: LeagueId;
  readonly seed: string;
  readonly home?: string;
  readonly away?: string;
  readonly aiHome: PersonalityName;
  readonly aiAway: PersonalityName;
  readonly box: boolean;
  readonly json: boolean;
  readonly winExpectancy?: WinExpectancyTable;
}

/** Counting stats summed over games (integers only, so any order of summing gives the same total). */
export interface SimTotals {
  games: number;
  runs: number;
  innings: number;
  pa: number;
  ab: number;
  h: number;
  doubles: number;
  triples: number;
  hr: number;
  bb: number;
  hbp: number;
  sf: number;
  so: number;
  sb: number;
  cs: number;
  homeWins: number;
  stealAttempts: number;
  /** Offense runner decisions (extra base, trailing runner, tag-up) and how many were sent. */
  runnerDecisions: number;
  runnersSent: number;
}

export function emptyTotals(): SimTotals {
  return {
    games: 0,
    runs: 0,
    innings: 0,
    pa: 0,
    ab: 0,
    h: 0,
    doubles: 0,
    triples: 0,
    hr: 0,
    bb: 0,
    hbp: 0,
    sf: 0,
    so: 0,
    sb: 0,
    cs: 0,
    homeWins: 0,
    stealAttempts: 0,
    runnerDecisions: 0,
    runnersSent: 0,
  };
}

export function addTotals(into: SimTotals, more: SimTotals): void {
  for (const key of Object.keys(into) as (keyof SimTotals)[]) into[key] += more[key];
}

export interface SimGameOutput {
  readonly index: number;
  /** Text for stdout: the box score and/or the JSON line (may be empty). */
  readonly text: string;
  readonly totals: SimTotals;
}

/** The 32-byte dice seed of game `index` of a run with seed `seed`. */
export function gameSeed(seed: string, index: number): Uint8Array {
  return new Uint8Array(createHash("sha256").update(`dugout-sim:${seed}:${index}`).digest());
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export class SimSetupError extends Error {
  override readonly name = "SimSetupError";
}

function findTeam(bundle: LoadedBundle, abbrev: string): TeamRecord {
  const team = bundle.teams.find((t) => t.abbrev.toLowerCase() === abbrev.toLowerCase());
  if (team === undefined) {
    throw new SimSetupError(
      `no team "${abbrev}" in the ${bundle.league} sample league (teams: ${bundle.teams.map((t) => t.abbrev).join(", ")})`,
    );
  }
  return team;
}

/** Who plays game `index`: the named teams, or every pairing in turn. */
export function matchup(
  bundle: LoadedBundle,
  index: number,
  names: { home?: string; away?: string },
): { away: TeamRecord; home: TeamRecord } {
  const teams = bundle.teams;
  if (names.home !== undefined && names.away !== undefined) {
    const home = findTeam(bundle, names.home);
    const away = findTeam(bundle, names.away);
    if (home.id === away.id) throw new SimSetupError(`${home.abbrev} cannot play itself`);
    return { away, home };
  }
  if (names.home !== undefined || names.away !== undefined) {
    const fixed = findTeam(bundle, (names.home ?? names.away)!);
    const others = teams.filter((t) => t.id !== fixed.id);
    const other = others[index % others.length]!;
    return names.home !== undefined ? { away: other, home: fixed } : { away: fixed, home: other };
  }
  const n = teams.length;
  const away = teams[index % n]!;
  const home = teams[(index + 1 + (Math.floor(index / n) % (n - 1))) % n]!;
  return { away, home };
}

/** A team as it takes the field for game `index`: its depth-chart lineup, the starter in turn. */
export function teamSetup(bundle: LoadedBundle, team: TeamRecord, index: number): TeamSetup {
  const player = (id: number) => {
    const p = bundle.players.get(id);
    if (p === undefined) throw new SimSetupError(`${team.abbrev} names unknown player ${id}`);
    return p;
  };
  const starter = team.rotation[index % team.rotation.length]!;
  const playing = new Set([...team.lineup.map((l) => l.id), starter]);
  return {
    name: team.name,
    lineup: team.lineup.map((l) => ({ player: player(l.id), position: l.position })),
    pitcher: player(starter),
    bench: team.roster.filter((id) => !playing.has(id)).map(player),
  };
}

export interface PlayedSimGame {
  readonly index: number;
  readonly seedHex: string;
  readonly away: TeamRecord;
  readonly home: TeamRecord;
  readonly game: AiGame;
  readonly box: BoxScore;
}

export function playSimGame(
  bundle: LoadedBundle,
  settings: SimSettings,
  index: number,
): PlayedSimGame {
  const { away, home } = matchup(bundle, index, settings);
  const created = createGame({
    league: bundle.league,
    rules: SIM_RULES,
    ballpark: home.ballpark,
    away: teamSetup(bundle, away, index),
    home: teamSetup(bundle, home, index),
  });
  if (!created.ok) throw new SimSetupError(`${created.error.code}: ${created.error.message}`);
  const seed = gameSeed(settings.seed, index);
  const options = settings.winExpectancy ? { winExpectancy: settings.winExpectancy } : {};
  const game = playAiGame(created.state, {
    managers: {
      home: createManager(settings.aiHome, options),
      away: createManager(settings.aiAway, options),
    },
    dice: new ChaChaDice(seed),
  });
  const box = boxScore(game.plays, game.state.lineup, {
    scheduledInnings: game.state.rules.inningsPerGame,
  });
  return { index, seedHex: hex(seed), away, home, game, box };
}

/** The league's rules, with the sim reading every card itself (SBA managers read theirs in play). */
const SIM_RULES: LeagueRules = { ...DEFAULT_RULES, cardReading: "automatic" };

/** Everything the sim prints and counts for one game. */
export function simulate(
  bundle: LoadedBundle,
  settings: SimSettings,
  index: number,
): SimGameOutput {
  const played = playSimGame(bundle, settings, index);
  let text = "";
  if (settings.box) text += `${boxText(played)}\n`;
  if (settings.json) text += `${JSON.stringify(gameJson(played, settings))}\n`;
  return { index, text, totals: totalsOf(played) };
}

function boxText(played: PlayedSimGame): string {
  const { away, home, box } = played;
  const header = `Game ${played.index + 1}: ${away.name} at ${home.name} (${home.ballpark.name})`;
  return `${header}\n\n${formatBoxScoreText(box, { teamNames: { away: away.name, home: home.name } })}`;
}

function gameJson(played: PlayedSimGame, settings: SimSettings): Record<string, unknown> {
  const { box, game } = played;
  const team = (record: TeamRecord, side: TeamSide) => ({
    id: record.id,
    abbrev: record.abbrev,
    name: record.name,
    ai: side === "home" ? settings.aiHome : settings.aiAway,
  });
  return {
    game: played.index + 1,
    seed: played.seedHex,
    league: settings.league,
    away: team(played.away, "away"),
    home: team(played.home, "home"),
    innings: box.innings,
    winner: box.winner,
    walkOff: box.walkOff,
    score: box.score,
    lineScore: box.lineScore,
    batting: { away: box.away.batting, home: box.home.batting },
    pitching: { away: box.away.pitching, home: box.home.pitching },
    decisions: box.decisions,
    plays: annotatePlays(game.plays, settings.winExpectancy),
  };
}

function isStealAttempt(action: Action): boolean {
  return (
    action.type === "setOffense" &&
    (action.play === "steal" || action.play === "doubleSteal" || action.play === "delayedSteal")
  );
}

function isRunnerDecision(action: Action): boolean {
  return (
    action.type === "decideRunner" &&
    (action.step === "send" || action.step === "trail" || action.step === "tagUp")
  );
}

function isRunnerSent(action: Action): boolean {
  return isRunnerDecision(action) && "send" in action && action.send;
}

export function totalsOf(played: PlayedSimGame): SimTotals {
  const totals = emptyTotals();
  const { box, game } = played;
  totals.games = 1;
  totals.innings = box.innings;
  totals.homeWins = box.winner === "home" ? 1 : 0;
  for (const side of ["away", "home"] as const) {
    const t = box[side].battingTotals;
    totals.runs += box[side].runs;
    totals.pa += t.pa;
    totals.ab += t.ab;
    totals.h += t.h;
    totals.doubles += t.doubles;
    totals.triples += t.triples;
    totals.hr += t.hr;
    totals.bb += t.bb;
    totals.hbp += t.hbp;
    totals.sf += t.sf;
    totals.so += t.so;
    totals.sb += t.sb;
    totals.cs += t.cs;
  }
  totals.stealAttempts = game.actions.filter(isStealAttempt).length;
  totals.runnerDecisions = game.actions.filter(isRunnerDecision).length;
  totals.runnersSent = game.actions.filter(isRunnerSent).length;
  return totals;
}

/** The aggregate summary printed at the end (everything but the timing line). */
export function formatSummary(totals: SimTotals, settings: SimSettings): string {
  const g = Math.max(1, totals.games);
  const rate = (n: number, d: number, places = 3) =>
    d === 0 ? "-" : (n / d).toFixed(places).replace(/^0\./, ".");
  const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`);
  const tb = totals.h + totals.doubles + 2 * totals.triples + 3 * totals.hr;
  const obpDen = totals.ab + totals.bb + totals.hbp + totals.sf;
  const lines = [
    `Summary: ${totals.games} game${totals.games === 1 ? "" : "s"}, ${settings.league.toUpperCase()} sample league, seed ${settings.seed}, AI away ${settings.aiAway} vs home ${settings.aiHome}`,
    `  R/G (per team)   ${(totals.runs / (2 * g)).toFixed(2)}`,
    `  BA / OBP / SLG   ${rate(totals.h, totals.ab)} / ${rate(totals.h + totals.bb + totals.hbp, obpDen)} / ${rate(tb, totals.ab)}`,
    `  K% / BB%         ${pct(totals.so, totals.pa)} / ${pct(totals.bb, totals.pa)}`,
    `  HR/G (per team)  ${(totals.hr / (2 * g)).toFixed(2)}`,
    `  SB success       ${pct(totals.sb, totals.sb + totals.cs)} (${totals.sb} SB, ${totals.cs} CS; ${(totals.stealAttempts / g).toFixed(2)} steal calls per game)`,
    `  Runners sent     ${pct(totals.runnersSent, totals.runnerDecisions)} of ${totals.runnerDecisions} chances (${(totals.runnersSent / g).toFixed(2)} per game)`,
    `  Home wins        ${pct(totals.homeWins, totals.games)}; innings per game ${(totals.innings / g).toFixed(2)}`,
  ];
  return `${lines.join("\n")}\n`;
}

export function loadSimLeague(league: LeagueId): LoadedBundle {
  return loadBundle(league);
}

export type { GameState, PlayRecord };
