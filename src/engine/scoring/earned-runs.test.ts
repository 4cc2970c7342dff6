import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { earnedRuns } from "./earned-runs.js";
import { PlayLogBuilder } from "./play-log-builder.js";

/** Team and per-pitcher earned runs of the first half-inning built by `build`. */
function score(build: (g: PlayLogBuilder) => void) {
  const g = new PlayLogBuilder();
  build(g);
  const report = earnedRuns(g.plays);
  return { report, team: report.byTeam.home, pitcher: (id: number) => report.byPitcher.get(id) };
}

describe("earned runs (OBR 9.16)", () => {
  it("a clean inning's runs are all earned", () => {
    const { team } = score((g) => {
      g.single();
      g.double(); // R1 to third
      g.homeRun(); // 3 runs
    });
    assert.deepEqual(team, { runs: 3, earnedRuns: 3 });
  });

  it("a batter who reached on an error scores unearned (9.16(a)(1))", () => {
    const { team, report } = score((g) => {
      g.reachOnError("SS", 16);
      g.homeRun();
    });
    assert.deepEqual(team, { runs: 2, earnedRuns: 1 });
    assert.equal(report.runs[0]!.unearnedBecause, "reached-on-error");
    assert.equal(report.runs[1]!.earned, true);
  });

  it("runs after the chance for the third out are unearned (9.16(b))", () => {
    const { team, report } = score((g) => {
      g.strikeout();
      g.strikeout();
      g.reachOnError("SS", 16); // should have been the third out
      g.single(); // R1 to second
      g.homeRun(); // 3 runs, none earned
    });
    assert.deepEqual(team, { runs: 3, earnedRuns: 0 });
    assert.ok(report.runs.slice(1).every((r) => r.unearnedBecause === "after-third-out-chance"));
  });

  it("a runner who took an extra base on a passed ball and then scores on a single is unearned", () => {
    const { team, report } = score((g) => {
      g.double(); // batter on second
      g.passedBall(); // to third only because of the passed ball
      g.single(); // scores from third; from second he would stand on third
    });
    assert.deepEqual(team, { runs: 1, earnedRuns: 0 });
    assert.equal(report.runs[0]!.unearnedBecause, "advanced-by-error");
  });

  it("a runner who would have scored anyway on a double is earned despite the passed ball", () => {
    const { team } = score((g) => {
      g.single();
      g.passedBall(); // to second
      g.double(); // scores; from first his double's two bases bring him home? no: 1B+2 = 3B
    });
    // From first, a double moves him two bases: errorless he is on third, so unearned.
    assert.deepEqual(team, { runs: 1, earnedRuns: 0 });
    const second = score((g) => {
      g.double();
      g.passedBall(); // second to third
      g.double(); // from second, a double brings him home: earned
    });
    assert.deepEqual(second.team, { runs: 1, earnedRuns: 1 });
  });

  it("a wild pitch is the pitcher's fault: the run it sets up stays earned", () => {
    const { team } = score((g) => {
      g.double();
      g.wildPitch();
      g.single();
    });
    assert.deepEqual(team, { runs: 1, earnedRuns: 1 });
  });

  it("catcher's interference: the batter's run is unearned and the chance for an out is lost", () => {
    const { team } = score((g) => {
      g.strikeout();
      g.strikeout();
      g.catcherInterference();
      g.homeRun();
    });
    assert.deepEqual(team, { runs: 2, earnedRuns: 0 });
  });

  it("an error extending a hit takes back only the error's bases", () => {
    const { team } = score((g) => {
      // single with a 1-base error: batter to second; errorless he is on first
      g.play({
        hitType: "X(lf)",
        batter: 2,
        batterOnError: true,
        errors: [{ position: "LF", lineupId: 17, bases: 1 }],
        stats: { ab: 1, hit: 1 },
      });
      g.single(2); // scores from second; errorless from first he reaches third
    });
    assert.deepEqual(team, { runs: 1, earnedRuns: 0 });
  });

  it("inherited runners are charged to the pitcher who put them on", () => {
    const { pitcher, team } = score((g) => {
      g.walk();
      g.walk();
      g.changePitcher(21);
      g.homeRun();
    });
    assert.deepEqual(pitcher(20), { runs: 2, earnedRuns: 2 });
    assert.deepEqual(pitcher(21), { runs: 1, earnedRuns: 1 });
    assert.deepEqual(team, { runs: 3, earnedRuns: 3 });
  });

  it("9.16(i) example: a reliever does not benefit from chances missed before he entered", () => {
    // Two out; A walks Abel; Baker reaches on an error; B relieves; Charles homers.
    const { pitcher, team } = score((g) => {
      g.strikeout();
      g.strikeout();
      g.walk();
      g.reachOnError("SS", 16);
      g.changePitcher(21);
      g.homeRun();
    });
    assert.deepEqual(pitcher(20), { runs: 2, earnedRuns: 0 });
    assert.deepEqual(pitcher(21), { runs: 1, earnedRuns: 1 });
    assert.deepEqual(team, { runs: 3, earnedRuns: 0 });
  });

  it("9.16(i) example: the reliever's own error chances count against him", () => {
    // None out; A walks Abel; Baker reaches on error; B relieves; Charles homers (3);
    // Daniel and Edward strike out; Fred reaches on error; George homers (2).
    const { pitcher, team } = score((g) => {
      g.walk();
      g.reachOnError("SS", 16);
      g.changePitcher(21);
      g.homeRun();
      g.strikeout();
      g.strikeout();
      g.reachOnError("SS", 16);
      g.homeRun();
    });
    assert.deepEqual(pitcher(20), { runs: 2, earnedRuns: 1 });
    assert.deepEqual(pitcher(21), { runs: 3, earnedRuns: 1 });
    assert.deepEqual(team, { runs: 5, earnedRuns: 2 });
  });

  it("a runner placed on base at the start of a half-inning scores unearned", () => {
    const g = new PlayLogBuilder();
    g.bases = [null, { lineupId: 9, responsiblePitcherId: 20 }, null];
    g.single(2);
    const report = earnedRuns(g.plays);
    assert.equal(report.runs[0]!.unearnedBecause, "placed-runner");
  });
});
