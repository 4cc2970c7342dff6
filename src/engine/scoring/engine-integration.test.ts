import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createManager, type PersonalityName, playAiGame } from "../../ai/index.js";
import { bundledSource } from "../../leagues/bundled/index.js";
import { PD_LEAGUE, SBA_LEAGUE } from "../../leagues/config.js";
import { gameTeamFromRoster, type TeamRoster } from "../../leagues/source.js";
import { applyAction } from "../apply.js";
import { defaultAction } from "../defaults.js";
import { ChaChaDice } from "../dice.js";
import type { PlayRecord, PlayStats } from "../play-record.js";
import { createGame } from "../setup.js";
import type { GameState } from "../state.js";
import { boxScore } from "./box-score.js";
import { formatBoxScoreText } from "./box-score-text.js";
import { checkPlayLog } from "./replay.js";
import { re24 } from "./run-expectancy.js";
import { winExpectancy, wpaOfPlays } from "./win-expectancy.js";

/**
 * The scoring module reading the reducer's own records: real games of both bundled sample
 * leagues, played through applyAction with seeded dice, must give a clean play log and a box
 * score whose identities all hold and which agrees with the engine's own totals.
 *
 * Half the games take the engine's default decisions; the other half are managed by the AI
 * managers (src/ai), so steals, caught stealing, pickoffs, bunts, hit-and-runs, intentional
 * walks, pinch hitters and runners and pitching changes are in the logs too. (This test reaches
 * out of src/engine to the sample leagues and the AI managers on purpose: it is the engine and
 * its scoring checked against real games, not part of the engine.)
 */
const GAMES_PER_LEAGUE = 100;
const MANAGERS: readonly (PersonalityName | "default")[] = [
  "default",
  "yolo",
  "default",
  "balanced",
  "default",
  "safe",
];

interface PlayedGame {
  readonly label: string;
  readonly state: GameState;
  readonly plays: readonly PlayRecord[];
}

function seedOf(game: number): Uint8Array {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, 0x5c0_4e00 + game);
  return seed;
}

function playWithDefaults(start: GameState, dice: ChaChaDice): Omit<PlayedGame, "label"> {
  let state = start;
  const plays: PlayRecord[] = [];
  for (let n = 0; n < 20_000; n++) {
    const action = defaultAction(state);
    if (action === null) break;
    const result = applyAction(state, action, dice);
    if (!result.ok) throw new Error(`${action.type} refused: ${result.error.message}`);
    state = result.state;
    for (const event of result.events) {
      if (event.type === "plateAppearanceEnded" || event.type === "playRecorded")
        plays.push(event.play);
    }
  }
  return { state, plays };
}

async function playLeague(config: typeof SBA_LEAGUE): Promise<PlayedGame[]> {
  const source = bundledSource(config.id);
  const teams = await source.listTeams();
  const rosters: TeamRoster[] = [];
  for (const t of teams) rosters.push((await source.getRoster(t.id))!);
  const games: PlayedGame[] = [];
  for (let game = 0; game < GAMES_PER_LEAGUE; game++) {
    const away = rosters[game % rosters.length]!;
    const home = rosters[(game + 1 + Math.floor(game / rosters.length)) % rosters.length]!;
    const created = createGame({
      league: config.id,
      rules: config.rules,
      ballpark: home.team.ballpark,
      away: gameTeamFromRoster(away, game),
      home: gameTeamFromRoster(home === away ? rosters[(game + 2) % rosters.length]! : home, game),
    });
    if (!created.ok) throw new Error(`${config.id} game ${game}: ${created.error.message}`);
    const dice = new ChaChaDice(seedOf(game));
    const manager = MANAGERS[game % MANAGERS.length]!;
    const label = `${config.id} game ${game} (${manager})`;
    if (manager === "default") {
      games.push({ label, ...playWithDefaults(created.state, dice) });
    } else {
      const ai = createManager(manager);
      const result = playAiGame(created.state, { dice, managers: { away: ai, home: ai } });
      games.push({ label, plays: result.plays, state: result.state });
    }
  }
  return games;
}

/** Every identity between the records, the box score and the engine's own totals; [] if all hold. */
function identityProblems(game: PlayedGame): string[] {
  const { plays, state } = game;
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${game.label}: ${what}`);
  };
  for (const issue of checkPlayLog(plays))
    expect(false, `play ${issue.playNumber} ${issue.code}: ${issue.message}`);

  const box = boxScore(plays, state.lineup, { scheduledInnings: state.rules.inningsPerGame });
  const pending = state.pending;
  expect(pending.kind === "gameOver", "the engine finished the game");
  expect(box.status === "final", "the box score reads the game as final");
  expect(pending.kind === "gameOver" && box.winner === pending.winner, "winner = engine's winner");
  expect(box.innings === state.inning, `innings ${box.innings} = engine's ${state.inning}`);
  expect(formatBoxScoreText(box).includes("LOB"), "the printed box has its LOB line");

  const teamOf = new Map(state.lineup.map((l) => [l.id, l.team]));
  if (box.winner !== null) {
    const { win, loss, save } = box.decisions;
    expect(win !== null && teamOf.get(win.lineupId) === box.winner, "W goes to a winner");
    expect(loss !== null && teamOf.get(loss.lineupId) !== box.winner, "L goes to a loser");
    expect(save === null || teamOf.get(save.lineupId) === box.winner, "SV goes to a winner");
  }

  for (const side of ["away", "home"] as const) {
    const team = box[side];
    const other = box[side === "away" ? "home" : "away"];
    const t = team.battingTotals;
    const engine = state[side];
    const ofSide = plays.filter((p) => (p.half === "top") === (side === "away"));
    const sum = (key: keyof PlayStats) => ofSide.reduce((n, p) => n + p.stats[key], 0);
    const lineRuns = box.lineScore[side].reduce<number>(
      (n, v) => n + (typeof v === "number" ? v : 0),
      0,
    );
    const tag = (what: string) => `${side}: ${what}`;

    // R: team = batters = line score = opposing pitchers = the engine's.
    expect(team.runs === engine.runs, tag(`R ${team.runs} = engine's ${engine.runs}`));
    expect(t.r === team.runs, tag(`batters' R ${t.r} = team R ${team.runs}`));
    expect(lineRuns === team.runs, tag(`line score ${lineRuns} = R ${team.runs}`));
    expect(
      box.lineScore[side].every(
        (v, i) => v === "x" || v === null || v === (engine.lineScore[i] ?? 0),
      ),
      tag(`line score = engine's ${engine.lineScore.join(" ")}`),
    );
    expect(other.pitchingTotals.r === team.runs, tag("opposing pitchers' R = R"));
    expect(other.teamEarnedRuns <= other.pitchingTotals.r, tag("team ER <= R"));
    for (const p of other.pitching) expect(p.er <= p.r, tag(`${p.name}: ER <= R`));

    // H, E, RBI, SB, CS.
    expect(team.hits === engine.hits, tag(`H ${team.hits} = engine's ${engine.hits}`));
    expect(other.pitchingTotals.h === team.hits, tag("opposing pitchers' H = H"));
    expect(other.errors === state[side === "away" ? "home" : "away"].errors, tag("E = engine's"));
    expect(t.rbi === sum("rbi"), tag("RBI = the plays' RBI"));
    expect(t.sb === sum("sb"), tag(`SB ${t.sb} = the plays' ${sum("sb")}`));
    expect(t.cs === sum("cs"), tag(`CS ${t.cs} = the plays' ${sum("cs")}`));

    // PA = AB + BB + HBP + SF + SH + CI, for the team and every batter; batters faced = PA.
    expect(t.pa === t.ab + t.bb + t.hbp + t.sf + t.sh + t.ci, tag("PA = AB+BB+HBP+SF+SH+CI"));
    for (const l of team.batting)
      expect(l.pa === l.ab + l.bb + l.hbp + l.sf + l.sh + l.ci, tag(`${l.name}: PA identity`));
    expect(other.pitchingTotals.bf === t.pa, tag("opposing batters faced = PA"));

    // Outs and LOB, half-inning by half-inning.
    const halves = box.halfInnings.filter((h) => h.battingTeam === side);
    const outs = halves.reduce((n, h) => n + h.outs, 0);
    expect(other.pitchingTotals.outs === outs, tag("opposing pitchers' outs = outs made"));
    halves.forEach((h, i) => {
      const where = `${h.half} ${h.inning}`;
      const lastOfGame = i === halves.length - 1 && box.walkOff;
      expect(lastOfGame || h.outs === 3, tag(`${where}: 3 outs`));
      expect(
        h.plateAppearances + h.placedRunners === h.runs + h.leftOnBase + h.outs,
        tag(`${where}: PA + placed runners = R + LOB + outs`),
      );
    });
    expect(
      team.leftOnBase === halves.reduce((n, h) => n + h.leftOnBase, 0),
      tag("team LOB = the half-innings' LOB"),
    );
  }
  return problems;
}

describe("scoring over real games of the reducer", () => {
  const games: PlayedGame[] = [];
  before(async () => {
    games.push(...(await playLeague(SBA_LEAGUE)), ...(await playLeague(PD_LEAGUE)));
  });

  it(`plays ${2 * GAMES_PER_LEAGUE} games of both leagues to the end`, () => {
    assert.equal(games.length, 2 * GAMES_PER_LEAGUE);
    const kinds = new Set(games.flatMap((g) => g.plays.map((p) => p.hitType)));
    // The logs cover the plays the identities are most likely to trip on.
    for (const kind of ["SB", "CS", "WP", "PB"])
      assert.ok(kinds.has(kind), `some game has a ${kind}`);
    const stats = (key: keyof PlayStats) =>
      games.reduce((n, g) => n + g.plays.reduce((m, p) => m + p.stats[key], 0), 0);
    for (const key of ["sac", "sf", "hbp", "ibb", "gidp"] as const)
      assert.ok(stats(key) > 0, `some game has a ${key}`);
    assert.ok(
      games.some((g) => g.state.inning > g.state.rules.inningsPerGame),
      "some game goes to extra innings (a placed runner)",
    );
    assert.ok(
      games.some((g) => boxScore(g.plays, g.state.lineup).walkOff),
      "some game ends on a walk-off",
    );
  });

  it("every play log is consistent and every box-score identity holds", () => {
    const problems = games.flatMap(identityProblems);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });

  it("every record lists the men on base and, when his plate appearance ended, the batter", () => {
    const problems: string[] = [];
    for (const g of games) {
      for (const p of g.plays) {
        const on = [p.onFirstId, p.onSecondId, p.onThirdId];
        const finals = [p.onFirstFinal, p.onSecondFinal, p.onThirdFinal];
        const listed = (from: number) => p.runners.filter((m) => m.from === from);
        for (const base of [1, 2, 3] as const) {
          const moves = listed(base);
          const id = on[base - 1];
          const ok =
            id === null
              ? moves.length === 0
              : moves.length === 1 &&
                moves[0]!.lineupId === id &&
                moves[0]!.to === finals[base - 1];
          if (!ok) problems.push(`${g.label} play ${p.playNumber}: runner from ${base}`);
        }
        const batter = listed(0);
        const ok =
          p.stats.pa === 1
            ? batter.length === 1 &&
              batter[0]!.lineupId === p.batterId &&
              batter[0]!.to === p.batterFinal
            : batter.length === 0 && p.batterId === null;
        if (!ok) problems.push(`${g.label} play ${p.playNumber}: batter`);
      }
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });

  it("every record carries its RE24 and WPA, and a game's WPA adds up to its result", () => {
    const problems: string[] = [];
    for (const g of games) {
      const rules = g.state.rules;
      const options = {
        scheduledInnings: rules.inningsPerGame,
        extraInningRunnerOnSecond: rules.extraInningRunnerOnSecond,
      };
      const wpa = wpaOfPlays(g.plays, options);
      let home = winExpectancy({ inning: 1, half: "top", outs: 0, onBaseCode: 0, scoreDiff: 0 });
      g.plays.forEach((p, i) => {
        if (p.re24 !== re24(p)) problems.push(`${g.label} play ${p.playNumber}: re24 ${p.re24}`);
        if (p.wpa !== wpa[i]) problems.push(`${g.label} play ${p.playNumber}: wpa ${p.wpa}`);
        home += p.half === "bottom" ? p.wpa : -p.wpa;
      });
      // Each play's WPA is rounded to 4 places: the sum drifts by at most half a unit a play.
      const result = g.state.home.runs > g.state.away.runs ? 1 : 0;
      if (Math.abs(home - result) > 0.00005 * g.plays.length + 1e-9)
        problems.push(`${g.label}: start + home's WPA = ${home.toFixed(4)}, result ${result}`);
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });
});
