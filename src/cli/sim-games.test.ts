import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PersonalityName } from "../ai/index.js";
import { type BoxScore, formatInningsPitched } from "../engine/scoring/index.js";
import { lineupProblems } from "../engine/substitutions.js";
import {
  addTotals,
  emptyTotals,
  loadSimLeague,
  playSimGame,
  type SimSettings,
  type SimTotals,
  totalsOf,
} from "./sim-games.js";

/** Every identity a finished box score must hold. */
function assertIdentities(box: BoxScore, where: string): void {
  assert.equal(box.status, "final", `${where}: final`);
  assert.ok(box.winner !== null, `${where}: a winner`);
  for (const side of ["away", "home"] as const) {
    const team = box[side];
    const other = box[side === "away" ? "home" : "away"];
    const t = team.battingTotals;
    const lineRuns = box.lineScore[side].reduce<number>(
      (n, v) => n + (typeof v === "number" ? v : 0),
      0,
    );
    assert.equal(team.runs, box.score[side], `${where} ${side}: R = score`);
    assert.equal(t.r, lineRuns, `${where} ${side}: R = line score`);
    assert.equal(
      team.batting.reduce((n, l) => n + l.h, 0),
      team.hits,
      `${where} ${side}: H`,
    );
    assert.equal(t.pa, t.ab + t.bb + t.hbp + t.sf + t.sh + t.ci, `${where} ${side}: PA identity`);
    for (const l of team.batting) {
      assert.equal(
        l.pa,
        l.ab + l.bb + l.hbp + l.sf + l.sh + l.ci,
        `${where} ${l.name}: PA identity`,
      );
    }
    assert.equal(other.pitchingTotals.r, team.runs, `${where} ${side}: pitchers' R`);
    assert.equal(other.pitchingTotals.h, team.hits, `${where} ${side}: pitchers' H`);
    assert.equal(other.pitchingTotals.bf, t.pa, `${where} ${side}: BF = PA`);
    assert.ok(other.teamEarnedRuns <= other.pitchingTotals.r, `${where}: ER <= R`);
    for (const p of team.pitching) {
      assert.ok(p.er <= p.r, `${where} ${p.name}: ER <= R`);
      assert.equal(p.ip, formatInningsPitched(p.outs));
    }
    const halves = box.halfInnings.filter((h) => h.battingTeam === side);
    assert.equal(
      other.pitchingTotals.outs,
      halves.reduce((n, h) => n + h.outs, 0),
      `${where} ${side}: outs`,
    );
    for (const h of halves) {
      assert.equal(
        h.plateAppearances + h.placedRunners,
        h.runs + h.leftOnBase + h.outs,
        `${where} ${side} ${h.half} ${h.inning}: PA + placed = R + LOB + outs`,
      );
    }
  }
  assert.equal(
    box.home.pitchingTotals.outs,
    3 * box.innings,
    `${where}: home pitchers get 3 outs an inning`,
  );
  const decided = [...box.away.pitching, ...box.home.pitching].flatMap((p) => p.decisions);
  assert.equal(decided.filter((d) => d === "W").length, 1, `${where}: one W`);
  assert.equal(decided.filter((d) => d === "L").length, 1, `${where}: one L`);
}

const PERSONALITIES: readonly PersonalityName[] = ["balanced", "yolo", "safe"];

describe("AI vs AI games", () => {
  it("1,000 games all finish with no human input, with box scores that hold every identity and legal lineups", () => {
    for (const league of ["sba", "pd"] as const) {
      const bundle = loadSimLeague(league);
      for (let index = 0; index < 500; index++) {
        const settings: SimSettings = {
          league,
          seed: "thousand",
          aiHome: PERSONALITIES[index % 3]!,
          aiAway: PERSONALITIES[Math.floor(index / 3) % 3]!,
          box: false,
          json: false,
        };
        const played = playSimGame(bundle, settings, index);
        const where = `${league} game ${index + 1}`;
        assert.equal(played.game.state.pending.kind, "gameOver", where);
        assertIdentities(played.box, where);
        for (const side of ["away", "home"] as const) {
          assert.deepEqual(lineupProblems(played.game.state, side), [], `${where} ${side} lineup`);
        }
        // The lineups record: every substitute replaced a man who entered before him and left.
        for (const entry of played.game.state.lineup) {
          if (entry.replacingId === null) continue;
          const replaced = played.game.state.lineup[entry.replacingId - 1]!;
          assert.ok(
            replaced.id < entry.id && !replaced.isActive,
            `${where}: ${entry.name} replaced ${replaced.name}`,
          );
          assert.ok(
            entry.afterPlay !== null && entry.afterPlay <= played.game.plays.length,
            `${where}: afterPlay`,
          );
        }
      }
    }
  });

  it("yolo steals and sends runners more than balanced, and balanced more than safe", () => {
    const bundle = loadSimLeague("sba");
    const measure = (ai: PersonalityName): SimTotals => {
      const totals = emptyTotals();
      for (let index = 0; index < 150; index++) {
        const settings: SimSettings = {
          league: "sba",
          seed: "aggression",
          aiHome: ai,
          aiAway: ai,
          box: false,
          json: false,
        };
        addTotals(totals, totalsOf(playSimGame(bundle, settings, index)));
      }
      return totals;
    };
    const [yolo, balanced, safe] = (["yolo", "balanced", "safe"] as const).map(measure) as [
      SimTotals,
      SimTotals,
      SimTotals,
    ];
    const steals = (t: SimTotals) => t.stealAttempts / t.games;
    const sends = (t: SimTotals) => t.runnersSent / t.runnerDecisions;
    assert.ok(
      steals(yolo) > steals(balanced),
      `steals: yolo ${steals(yolo)} > balanced ${steals(balanced)}`,
    );
    assert.ok(
      steals(balanced) > steals(safe),
      `steals: balanced ${steals(balanced)} > safe ${steals(safe)}`,
    );
    assert.ok(
      sends(yolo) > sends(balanced),
      `sends: yolo ${sends(yolo)} > balanced ${sends(balanced)}`,
    );
    assert.ok(
      sends(balanced) > sends(safe),
      `sends: balanced ${sends(balanced)} > safe ${sends(safe)}`,
    );
  });

  it("the same seed gives the same game; another seed another", () => {
    const bundle = loadSimLeague("pd");
    const settings: SimSettings = {
      league: "pd",
      seed: "same",
      aiHome: "yolo",
      aiAway: "safe",
      box: false,
      json: false,
    };
    const a = playSimGame(bundle, settings, 3);
    const b = playSimGame(bundle, settings, 3);
    const c = playSimGame(bundle, { ...settings, seed: "other" }, 3);
    assert.deepEqual(a.game.actions, b.game.actions);
    assert.deepEqual(a.game.plays, b.game.plays);
    assert.notDeepEqual(a.game.plays, c.game.plays);
  });
});
