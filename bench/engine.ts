/**
 * Engine benchmark (not a test): 9-inning games with the default decisions on both sides, on one
 * core, and plate appearances per second; each next to a baseline measured in the same run (raw
 * ChaCha20 dice draws per second), printed as a ratio. Run: npm run bench:engine (under tsx, as
 * `npm start` runs the server) or npm run bench:engine:built (esbuild bundle, plain node).
 *
 * Each figure is measured twice: per wall-clock second and per CPU second of this process. On a
 * shared machine the wall-clock rate drops whenever another process takes the core; the CPU rate
 * and the ratios to the baseline (measured the same way, in the same run) are the figures to
 * compare between runs. BENCH_SECONDS sets the time per measurement (default 3); each is
 * preceded by BENCH_WARMUP CPU seconds of this process (default 1.5) of the same work, untimed,
 * so the figures are for JIT-compiled code (the first second of a cold process runs several times
 * slower). The warm-up counts CPU time, not wall-clock time: on a busy machine 1.5 s of wall clock
 * may give the process a fraction of that, and the timed figures would include the cold start.
 */
import { applyAction } from "../src/engine/apply.js";
import { defaultAction } from "../src/engine/defaults.js";
import { ChaChaDice } from "../src/engine/dice.js";
import type { GameState } from "../src/engine/state.js";
import { fixtureGame } from "../src/engine/testing/fixtures.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 1.5);
const GOAL_GAMES_PER_SECOND = 5_000;

function seedOf(n: number): Uint8Array {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, n + 1, true);
  return seed;
}

interface Rate {
  /** Units per wall-clock second. */
  readonly wall: number;
  /** Units per CPU second (user + system) of this process. */
  readonly cpu: number;
}

/** CPU seconds (user + system) this process has used. */
function processCpuSeconds(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1e6;
}

/**
 * Runs `body` (which reports how many units it did) for WARMUP_SECONDS of CPU time, calls
 * `warmedUp`, then runs it for SECONDS timed.
 */
function timed(
  body: () => number,
  warmedUp: () => void = () => {},
): { units: Rate; wallSeconds: number; cpuSeconds: number } {
  const warmup = processCpuSeconds();
  while (processCpuSeconds() - warmup < WARMUP_SECONDS) body();
  warmedUp();
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let units = 0;
  let wallSeconds = 0;
  while (wallSeconds < SECONDS) {
    units += body();
    wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { units: { wall: units / wallSeconds, cpu: units / cpuSeconds }, wallSeconds, cpuSeconds };
}

function line(label: string, rate: Rate): void {
  console.log(
    `${label.padEnd(36)} ${rate.wall.toFixed(0).padStart(12)} /s ${rate.cpu.toFixed(0).padStart(12)} /CPU-s`,
  );
}

const runtime = process.env.BENCH_RUNTIME ?? "tsx";
console.log(`engine bench (${runtime}, node ${process.version}, ${SECONDS} s per figure)`);
console.log(`${"".padEnd(36)} ${"wall".padStart(15)} ${"CPU".padStart(19)}`);

// Baseline: raw dice draws from the same stream implementation the games use.
const baselineDice = new ChaChaDice(seedOf(0));
let sink = 0;
const baseline = timed(() => {
  for (let i = 0; i < 100_000; i++) sink += baselineDice.d20();
  return 100_000;
}).units;
line("baseline: d20 draws", baseline);

const start = fixtureGame();
let game = 0;
let plateAppearances = 0;
let actions = 0;
let warmupGames = 0;
const games = timed(
  () => {
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
  },
  () => {
    warmupGames = game;
    plateAppearances = 0;
    actions = 0;
  },
);
const per = (count: number): Rate => ({
  wall: count / games.wallSeconds,
  cpu: count / games.cpuSeconds,
});
const pas = per(plateAppearances);
line("9-inning games (default decisions)", games.units);
line("plate appearances", pas);
line("actions", per(actions));

const ratio = (of: Rate, to: Rate) =>
  `${(of.wall / to.wall).toExponential(3)} (wall)  ${(of.cpu / to.cpu).toExponential(3)} (CPU)`;
console.log("");
console.log(`games per second / d20 draws per second = ${ratio(games.units, baseline)}`);
console.log(`PAs per second   / d20 draws per second = ${ratio(pas, baseline)}`);
console.log(
  `(goal: >= ${GOAL_GAMES_PER_SECOND.toLocaleString("en-US")} games/s on one core; measured ` +
    `${games.units.wall.toFixed(0)}/s wall, ${games.units.cpu.toFixed(0)}/CPU-s; ` +
    `${(plateAppearances / (game - warmupGames)).toFixed(1)} PAs/game over ${game - warmupGames} games)`,
);
if (sink === -1) console.log(sink);
