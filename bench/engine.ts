/**
 * Engine benchmark (not a test): 9-inning games with the default decisions on both sides, on one
 * core, and plate appearances per second; each next to a baseline measured in the same run (raw
 * ChaCha20 dice draws per second), printed as a ratio. Run: npm run bench:engine
 */
import { applyAction } from "../src/engine/apply.js";
import { defaultAction } from "../src/engine/defaults.js";
import { ChaChaDice } from "../src/engine/dice.js";
import type { GameState } from "../src/engine/state.js";
import { fixtureGame } from "../src/engine/testing/fixtures.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

function seedOf(n: number): Uint8Array {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, n + 1, true);
  return seed;
}

function timed(
  label: string,
  body: () => number,
): { perSecond: number; units: number; seconds: number } {
  const start = process.hrtime.bigint();
  let units = 0;
  let elapsed = 0;
  while (elapsed < SECONDS) {
    units += body();
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const perSecond = units / elapsed;
  console.log(`${label.padEnd(34)} ${perSecond.toFixed(0).padStart(12)} /s`);
  return { perSecond, units, seconds: elapsed };
}

// Baseline: raw dice draws from the same stream implementation the games use.
const baselineDice = new ChaChaDice(seedOf(0));
let sink = 0;
const baseline = timed("baseline: d20 draws", () => {
  for (let i = 0; i < 100_000; i++) sink += baselineDice.d20();
  return 100_000;
});

const start = fixtureGame();
let game = 0;
let plateAppearances = 0;
let actions = 0;
const games = timed("9-inning games (default decisions)", () => {
  const dice = new ChaChaDice(seedOf(game++));
  let state: GameState = start;
  for (;;) {
    const action = defaultAction(state);
    if (action === null) break;
    const result = applyAction(state, action, dice);
    if (!result.ok) throw new Error(result.error.message);
    state = result.state;
    actions++;
  }
  for (const tally of Object.values(state.pitchers)) plateAppearances += tally.battersFaced;
  return 1;
});

const paPerSecond = plateAppearances / games.seconds;
console.log(`${"plate appearances".padEnd(34)} ${paPerSecond.toFixed(0).padStart(12)} /s`);
console.log(`${"actions".padEnd(34)} ${(actions / games.seconds).toFixed(0).padStart(12)} /s`);
console.log("");
console.log(
  `games per second / d20 draws per second = ${(games.perSecond / baseline.perSecond).toExponential(3)}`,
);
console.log(
  `PAs per second   / d20 draws per second = ${(paPerSecond / baseline.perSecond).toExponential(3)}`,
);
console.log(
  `(goal: >= 5,000 games/s; measured ${games.perSecond.toFixed(0)}; ${(plateAppearances / games.units).toFixed(1)} PAs/game)`,
);
if (sink === -1) console.log(sink);
