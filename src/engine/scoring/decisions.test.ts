import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decisions } from "./decisions.js";
import { PlayLogBuilder } from "./play-log-builder.js";

/** Away scores `runs` on homers in the top of `inning`; everything else is quiet. */
function homers(g: PlayLogBuilder, runs: number): void {
  for (let i = 0; i < runs; i++) g.homeRun();
}

function finish(g: PlayLogBuilder): PlayLogBuilder {
  while (!g.over) g.out(0, "FLY(cf)C");
  return g;
}

describe("decisions: win and loss (OBR 9.17)", () => {
  it("a complete-game starter wins; the pitcher charged with the go-ahead run loses", () => {
    const g = new PlayLogBuilder();
    g.skipTo(4, "top");
    homers(g, 2);
    finish(g);
    const d = decisions(g.plays);
    assert.equal(d.win, 10);
    assert.equal(d.loss, 20);
    assert.equal(d.save, null);
  });

  it("the go-ahead run for good decides the loss even after the lead changes hands", () => {
    const g = new PlayLogBuilder();
    g.skipTo(2, "top");
    homers(g, 1); // away 1-0, charged to 20
    g.retireSide();
    homers(g, 2); // home 2-1
    g.retireSide();
    g.changePitcher(21);
    g.skipTo(6, "top");
    g.walk(); // charged to 21
    g.homeRun(); // away 3-2 for good: the go-ahead run is the walked runner, charged to 21
    finish(g);
    const d = decisions(g.plays);
    assert.equal(d.loss, 21);
    assert.equal(d.win, 10);
  });

  it("a starter short of five innings cannot win: the most effective reliever does", () => {
    const g = new PlayLogBuilder();
    homers(g, 3); // away 3-0 in the first
    g.retireSide();
    g.skipTo(5, "bottom"); // away starter 10 has 12 outs
    g.out();
    g.changePitcher(11 + 100); // 111 gets 2 outs in the 5th
    g.retireSide();
    g.skipTo(6, "bottom");
    g.changePitcher(112); // 112 pitches the 6th-9th: 12 outs
    finish(g);
    const d = decisions(g.plays);
    assert.equal(d.win, 112);
    assert.equal(d.loss, 20);
  });

  it("a starter with exactly 15 outs qualifies", () => {
    const g = new PlayLogBuilder();
    homers(g, 1);
    g.retireSide();
    g.skipTo(6, "bottom");
    g.changePitcher(111);
    finish(g);
    assert.equal(decisions(g.plays).win, 10);
  });

  it("a brief and ineffective reliever of record yields the win to a later reliever", () => {
    const g = new PlayLogBuilder();
    g.skipTo(7, "bottom");
    g.changePitcher(111); // away reliever 111
    homers(g, 2); // home 2-0
    g.out();
    g.changePitcher(112);
    g.out();
    g.out(); // end of the 7th
    homers(g, 3); // away 3-2 in the 8th: 111 is not of record, 112 is
    finish(g);
    const d = decisions(g.plays);
    assert.equal(d.win, 112);
    assert.equal(d.loss, 20);
    assert.deepEqual(d.blownSaves, []);
  });

  it("the away starter is of record when his team scores before he ever pitches", () => {
    const g = new PlayLogBuilder();
    homers(g, 1);
    finish(g);
    assert.equal(decisions(g.plays).win, 10);
  });

  it("a walk-off win goes to the home pitcher in the game in the top half", () => {
    const g = new PlayLogBuilder();
    g.skipTo(9, "top");
    g.changePitcher(21);
    g.retireSide();
    g.changePitcher(111);
    g.homeRun();
    const d = decisions(g.plays);
    assert.equal(d.win, 21);
    assert.equal(d.loss, 111);
  });

  it("an unfinished game has no win or loss", () => {
    const g = new PlayLogBuilder();
    g.skipTo(5, "top");
    homers(g, 1);
    const d = decisions(g.plays);
    assert.equal(d.win, null);
    assert.equal(d.loss, null);
  });
});

describe("decisions: save, hold, blown save (OBR 9.19)", () => {
  it("three-run lead, a full inning: save", () => {
    const g = new PlayLogBuilder();
    homers(g, 3);
    g.retireSide();
    g.skipTo(9, "bottom");
    g.changePitcher(111);
    finish(g);
    const d = decisions(g.plays);
    assert.equal(d.win, 10);
    assert.equal(d.save, 111);
  });

  it("three-run lead, only two outs and no tying run in sight: no save", () => {
    const g = new PlayLogBuilder();
    homers(g, 3);
    g.retireSide();
    g.skipTo(9, "bottom");
    g.out();
    g.changePitcher(111);
    finish(g);
    assert.equal(decisions(g.plays).save, null);
  });

  it("four-run lead with the tying run on deck (two on): save for one out", () => {
    const g = new PlayLogBuilder();
    homers(g, 4);
    g.retireSide();
    g.skipTo(9, "bottom");
    g.out();
    g.out();
    g.single();
    g.single(); // R1 R2, lead 4 <= 2 + 2
    g.changePitcher(111);
    finish(g);
    assert.equal(decisions(g.plays).save, 111);
  });

  it("five-run lead, three innings: save (9.19(c)); one inning: none", () => {
    const long = new PlayLogBuilder();
    homers(long, 5);
    long.retireSide();
    long.skipTo(7, "bottom");
    long.changePitcher(111);
    finish(long);
    assert.equal(decisions(long.plays).save, 111);

    const short = new PlayLogBuilder();
    homers(short, 5);
    short.retireSide();
    short.skipTo(9, "bottom");
    short.changePitcher(111);
    finish(short);
    assert.equal(decisions(short.plays).save, null);
  });

  it("setup man who holds a save situation and hands it on gets a hold", () => {
    const g = new PlayLogBuilder();
    homers(g, 2);
    g.retireSide();
    g.skipTo(8, "bottom");
    g.changePitcher(111);
    g.retireSide(); // bottom 8
    g.retireSide(); // top 9
    g.changePitcher(112);
    finish(g);
    const d = decisions(g.plays);
    assert.deepEqual(d.holds, [111]);
    assert.equal(d.save, 112);
  });

  it("a reliever who lets the lead go is charged a blown save; no hold", () => {
    const g = new PlayLogBuilder();
    homers(g, 1);
    g.retireSide();
    g.skipTo(8, "bottom");
    g.changePitcher(111);
    g.homeRun(); // tied 1-1
    g.retireSide();
    g.homeRun(); // away 2-1 in the 9th
    finish(g);
    const d = decisions(g.plays);
    assert.deepEqual(d.blownSaves, [111]);
    assert.deepEqual(d.holds, []);
    assert.equal(d.win, 111, "he was of record when the lead was retaken");
    assert.equal(d.save, null);
  });
});
