import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type BoxScore, boxScore, formatInningsPitched } from "./box-score.js";
import { formatBoxScoreText } from "./box-score-text.js";
import { decisions } from "./decisions.js";
import { earnedRuns } from "./earned-runs.js";
import { randomGame } from "./fixtures/random-game.js";
import { sampleGame } from "./fixtures/sample-game.js";
import { PlayLogBuilder } from "./play-log-builder.js";
import { checkPlayLog } from "./replay.js";

/** Every identity a box score must satisfy; throws on the first that fails. */
function assertIdentities(box: BoxScore): void {
  for (const side of ["away", "home"] as const) {
    const team = box[side];
    const other = box[side === "away" ? "home" : "away"];
    const t = team.battingTotals;
    const lineRuns = box.lineScore[side].reduce<number>(
      (n, v) => n + (typeof v === "number" ? v : 0),
      0,
    );
    assert.equal(team.runs, box.score[side], `${side}: R = final score`);
    assert.equal(t.r, lineRuns, `${side}: batters' R = line score`);
    assert.equal(
      team.batting.reduce((n, l) => n + l.h, 0),
      team.hits,
      `${side}: team H = sum of batters' H`,
    );
    assert.equal(
      t.pa,
      t.ab + t.bb + t.hbp + t.sf + t.sh + t.ci,
      `${side}: PA = AB+BB+HBP+SF+SH+CI`,
    );
    for (const l of team.batting) {
      assert.equal(l.pa, l.ab + l.bb + l.hbp + l.sf + l.sh + l.ci, `${l.name}: PA identity`);
      assert.ok(l.h >= l.doubles + l.triples + l.hr, `${l.name}: extra-base hits <= H`);
    }
    assert.equal(other.pitchingTotals.r, team.runs, `${side}: opposing pitchers' R = runs scored`);
    assert.equal(other.pitchingTotals.h, team.hits, `${side}: opposing pitchers' H = hits`);
    assert.equal(other.pitchingTotals.bf, t.pa, `${side}: opposing batters faced = PA`);
    assert.ok(other.teamEarnedRuns <= other.pitchingTotals.r, "team ER <= R");
    for (const p of team.pitching) {
      assert.ok(p.er <= p.r, `${p.name}: ER <= R`);
      assert.equal(p.ip, formatInningsPitched(p.outs));
    }
    const halves = box.halfInnings.filter((h) => h.battingTeam === side);
    const outs = halves.reduce((n, h) => n + h.outs, 0);
    assert.equal(other.pitchingTotals.outs, outs, `${side}: pitchers' outs = outs made`);
    for (const h of halves) {
      assert.equal(
        h.plateAppearances + h.placedRunners,
        h.runs + h.leftOnBase + h.outs,
        `${side} ${h.half} ${h.inning}: PA + placed = R + LOB + outs`,
      );
    }
    assert.equal(
      team.leftOnBase,
      halves.reduce((n, h) => n + h.leftOnBase, 0),
    );
  }
  if (box.status === "final") {
    const last = box.halfInnings.at(-1)!;
    const fieldingOuts = (side: "away" | "home") => box[side].pitchingTotals.outs;
    // Home pitchers get 3 outs an inning; away pitchers too, except a walk-off or an unplayed bottom.
    assert.equal(fieldingOuts("home"), 3 * box.innings);
    if (!box.walkOff) {
      const expected = last.half === "top" ? 3 * (box.innings - 1) : 3 * box.innings;
      assert.equal(fieldingOuts("away"), expected);
    } else {
      assert.ok(
        fieldingOuts("away") >= 3 * (box.innings - 1) && fieldingOuts("away") < 3 * box.innings,
      );
    }
  }
}

describe("box score", () => {
  const game = sampleGame();
  const box = boxScore(game.plays, game.lineups);

  it("the fixture game's log is consistent", () => {
    assert.deepEqual(checkPlayLog(game.plays), []);
    assert.equal(game.over, true);
  });

  it("prints the newspaper layout exactly (golden)", () => {
    const golden = readFileSync(new URL("./fixtures/sample-game.box.txt", import.meta.url), "utf8");
    assert.equal(
      formatBoxScoreText(box, { teamNames: { away: "Harbor", home: "Summit" } }),
      golden,
    );
  });

  it("line score, R H E, winner and decisions", () => {
    assert.equal(box.status, "final");
    assert.equal(box.winner, "home");
    assert.deepEqual(box.lineScore.away, [1, 0, 0, 0, 0, 2, 0, 0, 0]);
    assert.deepEqual(box.lineScore.home, [0, 1, 1, 0, 0, 2, 1, 0, "x"]);
    assert.deepEqual([box.away.runs, box.away.hits, box.away.errors], [3, 5, 1]);
    assert.deepEqual([box.home.runs, box.home.hits, box.home.errors], [5, 6, 0]);
    assert.equal(box.decisions.win?.name, "Vance");
    assert.equal(box.decisions.loss?.name, "Kline");
    assert.equal(box.decisions.save?.name, "Zimmer");
    assert.deepEqual(
      box.home.pitching.map((p) => p.decisions),
      [["W"], ["H"], ["SV"]],
    );
    // Underwood came in with a one-run lead and the tying run on base; both inherited runners
    // scored: a blown save, and the go-ahead run is Kline's.
    assert.deepEqual(
      box.away.pitching.map((p) => p.decisions),
      [["L"], ["BS"]],
    );
  });

  it("charges the unearned run and the inherited runners", () => {
    const kline = box.away.pitching.find((p) => p.name === "Kline")!;
    assert.deepEqual([kline.r, kline.er, kline.outs], [4, 3, 15]);
    assert.equal(box.home.teamEarnedRuns, 3);
    assert.equal(box.away.teamEarnedRuns, 4);
  });

  it("indents the pinch hitter under the man he replaced", () => {
    const i = box.home.batting.findIndex((l) => l.name === "Yates");
    assert.equal(box.home.batting[i - 1]!.name, "Reyes");
    assert.equal(box.home.batting[i]!.depth, 1);
    assert.equal(box.home.batting[i]!.battingOrder, 7);
  });

  it("satisfies every identity", () => assertIdentities(box));

  it("marks a walk-off's last inning without an x and an in-progress game's future innings null", () => {
    const g = new PlayLogBuilder();
    g.skipTo(9, "bottom");
    g.single();
    g.homeRun();
    const walkOff = boxScore(g.plays, g.lineups);
    assert.equal(walkOff.walkOff, true);
    assert.deepEqual(walkOff.lineScore.home.at(-1), 2);
    assertIdentities(walkOff);

    const partial = new PlayLogBuilder();
    partial.skipTo(3, "top");
    partial.single();
    const live = boxScore(partial.plays, partial.lineups);
    assert.equal(live.status, "in-progress");
    assert.deepEqual(live.lineScore.away, [0, 0, 0, null, null, null, null, null, null]);
    assert.deepEqual(live.lineScore.home, [0, 0, null, null, null, null, null, null, null]);
    assertIdentities(live);
  });

  it("is plain JSON", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(box)), box);
  });
});

describe("box score notes", () => {
  /** The away team's notes and the printed box of the plays `build` records. */
  function notesOf(build: (g: PlayLogBuilder) => void) {
    const g = new PlayLogBuilder({ awayNames: ["Kip Rookwood", "Bo Lane", "Cy Dale", "Al Marsh"] });
    build(g);
    const box = boxScore(g.plays, g.lineups);
    const note = (label: string) => box.away.battingNotes.find((n) => n.label === label);
    const printed = formatBoxScoreText(box, { teamNames: { away: "Visitors", home: "Locals" } });
    return { note, printed };
  }

  it("groups a batter's hit-by-pitches: his count, then each pitcher who hit him", () => {
    const { note, printed } = notesOf((g) => {
      g.hitByPitch(); // Rookwood, by the starter
      g.strikeout();
      g.strikeout();
      g.hitByPitch(); // Marsh, by the starter
      g.strikeout();
      g.skipTo(2, "top");
      for (let i = 0; i < 4; i++) g.single(); // slots 6-9
      g.changePitcher(22, "Upton");
      g.hitByPitch(); // Rookwood again, by the reliever
      g.walk();
      g.walk();
      g.hitByPitch(); // Marsh again, by the reliever
    });
    assert.deepEqual(note("HBP")?.items, [
      { name: "Kip Rookwood", count: 2, detail: "by Home P, Upton" },
      { name: "Al Marsh", count: 2, detail: "by Home P, Upton" },
    ]);
    assert.ok(
      printed.includes("HBP: Kip Rookwood (2, by Home P, Upton), Al Marsh (2, by Home P, Upton)"),
      printed,
    );
  });

  it("a pitcher who hit the same batter more than once has his count after his name", () => {
    const { note } = notesOf((g) => {
      g.hitByPitch(); // Rookwood, by the starter
      for (let i = 0; i < 8; i++) g.single(); // around the order
      g.hitByPitch(); // Rookwood, by the starter again
      g.changePitcher(22, "Upton");
      for (let i = 0; i < 8; i++) g.single();
      g.hitByPitch(); // Rookwood, by the reliever
    });
    assert.deepEqual(note("HBP")?.items, [
      { name: "Kip Rookwood", count: 3, detail: "by Home P 2, Upton" },
    ]);
  });
});

describe("box score properties over random complete games", () => {
  it("identities hold, ER <= R, and a finished game has one W and one L", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const g = randomGame(seed);
        assert.deepEqual(checkPlayLog(g.plays), []);
        const box = boxScore(g.plays, g.lineups);
        assertIdentities(box);
        const er = earnedRuns(g.plays);
        for (const run of er.runs)
          if (run.earned) assert.ok(run.earnedToPitcher || run.pitcherId > 0);
        const d = decisions(g.plays);
        assert.equal(box.status, "final");
        assert.notEqual(d.win, null);
        assert.notEqual(d.loss, null);
        const winners = new Set(
          d.appearances.filter((a) => a.team === box.winner).map((a) => a.pitcherId),
        );
        assert.ok(winners.has(d.win!), "the winning pitcher pitched for the winners");
        assert.ok(!winners.has(d.loss!), "the losing pitcher pitched for the losers");
        const lines = [...box.away.pitching, ...box.home.pitching];
        assert.equal(lines.filter((l) => l.decisions.includes("W")).length, 1);
        assert.equal(lines.filter((l) => l.decisions.includes("L")).length, 1);
        assert.ok(lines.filter((l) => l.decisions.includes("SV")).length <= 1);
        if (d.save !== null) assert.ok(winners.has(d.save) && d.save !== d.win);
      }),
      { numRuns: 150 },
    );
  });

  it("a game that stops at any play still gives a consistent box", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.nat(), (seed, cut) => {
        const g = randomGame(seed);
        const plays = g.plays.slice(0, 1 + (cut % g.plays.length));
        assertIdentities(boxScore(plays, g.lineups));
      }),
      { numRuns: 100 },
    );
  });
});
