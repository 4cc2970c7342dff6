import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Action } from "./actions.js";
import { applyAction } from "./apply.js";
import { ChaChaDice } from "./dice.js";
import type { PlayRecord } from "./play-record.js";
import type { GameState } from "./state.js";
import { fixtureGame } from "./testing/fixtures.js";

/**
 * Properties over random legal action sequences: whole games played with random (legal)
 * decisions on a random seed, with random illegal actions thrown in along the way.
 */
type Pick = (n: number) => number;

function randomLegalAction(state: GameState, pick: Pick): Action | null {
  const p = state.pending;
  switch (p.kind) {
    case "defense": {
      const hold = {
        first: state.bases.first !== null && pick(2) === 1,
        second: state.bases.second !== null && pick(2) === 1,
        third: state.bases.third !== null && pick(2) === 1,
      };
      return {
        type: "setDefense",
        side: p.side,
        infield: (["back", "cornersIn", "in"] as const)[pick(3)]!,
        outfield: (["normal", "shallow", "deep"] as const)[pick(3)]!,
        hold,
        intentionalWalk: state.bases.first === null && pick(25) === 0,
      };
    }
    case "offense":
      return { type: "setOffense", side: p.side, play: "swing" };
    case "roll":
      return { type: "rollAtBat" };
    case "sba/read-card":
      return null;
    case "runner":
      switch (p.step) {
        case "send":
          return { type: "decideRunner", side: p.side, step: "send", send: pick(2) === 1 };
        case "throw":
          return { type: "decideRunner", side: p.side, step: "throw", throw: pick(2) === 1 };
        case "trail":
          return { type: "decideRunner", side: p.side, step: "trail", send: pick(2) === 1 };
        case "target":
          return {
            type: "decideRunner",
            side: p.side,
            step: "target",
            target: pick(2) === 1 ? "lead" : "trail",
          };
        case "tagUp":
          return { type: "decideRunner", side: p.side, step: "tagUp", send: pick(2) === 1 };
      }
      return null;
    case "gameOver":
      return null;
  }
}

/** Actions that must be refused now (wrong turn, wrong side, unimplemented or illegal). */
function randomIllegalAction(state: GameState, pick: Pick): Action {
  const other = state.pending.side === "home" ? "away" : "home";
  const options: Action[] = [
    { type: "setOffense", side: other, play: "swing" },
    { type: "decideRunner", side: other, step: "send", send: true },
    { type: "changePitcher", side: "home", inPlayerId: 99_999 },
    {
      type: "setDefense",
      side: other,
      infield: "in",
      outfield: "normal",
      hold: {},
      intentionalWalk: false,
    },
  ];
  if (state.pending.kind !== "roll") options.push({ type: "rollAtBat" });
  if (state.pending.kind !== "sba/read-card")
    options.push({ type: "submitCardResult", side: "home", code: "K" });
  return options[pick(options.length)]!;
}

interface Played {
  readonly initial: GameState;
  readonly final: GameState;
  readonly log: Action[];
  readonly plays: PlayRecord[];
}

function playRandomGame(seed: Uint8Array, choices: number[]): Played {
  let i = 0;
  const pick: Pick = (n) => (choices.length === 0 ? 0 : choices[i++ % choices.length]! % n);
  const initial = fixtureGame();
  const dice = new ChaChaDice(seed);
  let state = initial;
  const log: Action[] = [];
  const plays: PlayRecord[] = [];
  for (let n = 0; n < 5_000; n++) {
    if (pick(10) === 0) {
      const before = JSON.stringify(state);
      const cursor = dice.cursor();
      const refused = applyAction(state, randomIllegalAction(state, pick), dice);
      assert.equal(refused.ok, false, "an illegal action was accepted");
      assert.equal(JSON.stringify(state), before, "a refused action changed the state");
      assert.deepEqual(dice.cursor(), cursor, "a refused action moved the dice");
    }
    const action = randomLegalAction(state, pick);
    if (action === null) break;
    const result = applyAction(state, action, dice);
    if (!result.ok) assert.fail(`legal ${action.type} refused: ${result.error.message}`);
    log.push(action);
    for (const event of result.events) {
      if (event.type === "plateAppearanceEnded" || event.type === "playRecorded")
        plays.push(event.play);
    }
    state = result.state;
    checkInvariants(state);
  }
  return { initial, final: state, log, plays };
}

function checkInvariants(state: GameState): void {
  assert.ok(state.outs >= 0 && state.outs <= 3, `outs ${state.outs}`);
  const on = [state.bases.first, state.bases.second, state.bases.third]
    .filter((r) => r !== null)
    .map((r) => r!.id);
  assert.equal(new Set(on).size, on.length, "a runner on two bases");
  const batting = state.half === "top" ? state.away : state.home;
  for (const id of on)
    assert.ok(batting.order.includes(id), "a runner who is not on the batting team");
}

const arbitrarySeed = fc.uint8Array({ minLength: 32, maxLength: 32 });
const arbitraryChoices = fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 64 });

describe("engine properties", () => {
  it("outs stay 0-3, no runner on two bases or passing another, runs equal the runners who cross the plate, PA = AB+BB+HBP+SF+SH+CI, refusals change nothing", () => {
    fc.assert(
      fc.property(arbitrarySeed, arbitraryChoices, (seed, choices) => {
        const { final, plays } = playRandomGame(seed, choices);
        assert.equal(final.pending.kind, "gameOver");
        for (const side of ["away", "home"] as const) {
          const half = side === "away" ? "top" : "bottom";
          const crossed = plays
            .filter((p) => p.half === half)
            .reduce((n, p) => n + p.runners.filter((m) => m.to === 4).length, 0);
          const scored = plays.filter((p) => p.half === half).reduce((n, p) => n + p.runsScored, 0);
          assert.equal(final[side].runs, crossed, `${side}: runs vs runners who crossed the plate`);
          assert.equal(final[side].runs, scored);
          assert.equal(
            final[side].lineScore.reduce((a, b) => a + b, 0),
            final[side].runs,
          );
        }
        const byBatter = new Map<number, { pa: number; rest: number }>();
        for (const p of plays) {
          if (p.batterId === null) continue;
          const s = p.stats;
          const line = byBatter.get(p.batterId) ?? { pa: 0, rest: 0 };
          line.pa += s.pa;
          line.rest += s.ab + s.bb + s.hbp + s.sf + s.sac + s.ci;
          byBatter.set(p.batterId, line);
        }
        for (const [id, line] of byBatter) assert.equal(line.pa, line.rest, `batter ${id}`);
        for (const p of plays) {
          assert.equal(p.outsBefore + p.outsRecorded <= 3, true);
          assert.equal(p.runsScored, p.stats.run);
          // Nobody goes back past his base or passes the man ahead of him; one man per base.
          const left = p.runners.filter((m) => m.to !== null && m.to <= 3);
          for (const m of p.runners) {
            assert.ok(m.to === null || m.to >= m.from, `play ${p.playNumber}: went back`);
          }
          for (const a of left) {
            for (const b of left) {
              if (a !== b && a.from > b.from) {
                assert.ok(a.to! > b.to!, `play ${p.playNumber}: passed: ${p.description}`);
              }
            }
          }
        }
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it("replaying the action log on the same seed reproduces the final state exactly", () => {
    fc.assert(
      fc.property(arbitrarySeed, arbitraryChoices, (seed, choices) => {
        const { initial, final, log } = playRandomGame(seed, choices);
        const dice = new ChaChaDice(seed);
        let state = initial;
        for (const action of log) {
          const result = applyAction(state, action, dice);
          assert.ok(result.ok);
          state = result.state;
        }
        assert.deepStrictEqual(state, final);
        assert.equal(JSON.stringify(state), JSON.stringify(final));
        assert.deepStrictEqual(
          JSON.parse(JSON.stringify(final)),
          final,
          "the state is plain JSON data",
        );
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });

  it("an action changes no state or event it was given or returned before (callers keep old states)", () => {
    fc.assert(
      fc.property(arbitrarySeed, arbitraryChoices, (seed, choices) => {
        let i = 0;
        const pick: Pick = (n) => choices[i++ % choices.length]! % n;
        const dice = new ChaChaDice(seed);
        let state = fixtureGame();
        const kept: { state: GameState; events: readonly unknown[]; json: string }[] = [];
        for (let n = 0; n < 5_000; n++) {
          const action = randomLegalAction(state, pick);
          if (action === null) break;
          const result = applyAction(state, action, dice);
          if (!result.ok) assert.fail(`legal ${action.type} refused: ${result.error.message}`);
          kept.push({
            state: result.state,
            events: result.events,
            json: JSON.stringify([result.state, result.events]),
          });
          state = result.state;
        }
        assert.equal(state.pending.kind, "gameOver");
        for (const [n, k] of kept.entries())
          assert.equal(
            JSON.stringify([k.state, k.events]),
            k.json,
            `action ${n + 1} changed later`,
          );
      }),
      { numRuns: 4, endOnFailure: true },
    );
  });

  it("a game resumes from a JSON snapshot and its dice cursor", () => {
    const seed = new Uint8Array(32).fill(77);
    const { initial, log, final } = playRandomGame(seed, [3, 1, 4, 1, 5, 9, 2, 6]);
    const dice = new ChaChaDice(seed);
    let state = initial;
    const half = Math.floor(log.length / 2);
    for (const action of log.slice(0, half))
      state = (applyAction(state, action, dice) as { state: GameState }).state;
    const snapshot = JSON.parse(JSON.stringify(state)) as GameState;
    const resumed = new ChaChaDice(seed, snapshot.diceCursor!);
    let after = snapshot;
    for (const action of log.slice(half))
      after = (applyAction(after, action, resumed) as { state: GameState }).state;
    assert.deepStrictEqual(after, final);
  });
});
