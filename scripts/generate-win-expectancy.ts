/**
 * Regenerates src/engine/scoring/data/win-expectancy.json from OUR simulator (rules reference
 * §9): plays many games of the bundled sample league through the engine's reducer, every
 * decision taken by the engine's own default (a "timeout" action for the side on the clock),
 * counts for every state before every play how often the home team went on to win, smooths
 * sparse cells and writes the table with the run environment it came from.
 *
 *   npx tsx scripts/generate-win-expectancy.ts [--games 20000] [--league sba|pd] [--seed 1]
 *
 * Check after a run: a tie at the start of the game should give home about .52-.54 in a
 * 4.0-4.5 runs-per-game environment (the script prints both).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { LeagueId } from "../src/engine/cards.js";
import { ChaChaDice } from "../src/engine/dice.js";
import type { PlayRecord } from "../src/engine/play-record.js";
import { buildTable, emptyTally, tallyGame } from "../src/engine/scoring/win-expectancy-build.js";
import { createGame, type TeamSetup } from "../src/engine/setup.js";
import type { GameState } from "../src/engine/state.js";
import { type LoadedBundle, loadBundle } from "../src/leagues/bundled/index.js";

const OUT = new URL("../src/engine/scoring/data/win-expectancy.json", import.meta.url);

const { values } = parseArgs({
  options: {
    games: { type: "string", default: "20000" },
    league: { type: "string", default: "sba" },
    seed: { type: "string", default: "1" },
  },
});
const games = Number(values.games);
const league = values.league as LeagueId;
const seed = Number(values.seed);

/** The reducer, loaded from the engine's entry; it is written concurrently with this script. */
interface Reducer {
  applyAction(state: GameState, action: unknown, dice: ChaChaDice): unknown;
}
const engine = (await import("../src/engine/index.js" as string).catch(
  () => null,
)) as Partial<Reducer> | null;
if (!engine?.applyAction) {
  console.error(
    "src/engine/index.ts does not export applyAction yet: the table must come from our own simulator, so there is nothing to generate until the reducer lands.",
  );
  process.exit(2);
}
const applyAction = engine.applyAction.bind(engine);

/** The new state and the plays recorded by one accepted action, whatever shape the result has. */
function readResult(result: unknown): { state: GameState; plays: PlayRecord[] } {
  const r = result as {
    ok?: boolean;
    state?: GameState;
    error?: { code: string; message: string };
    events?: readonly { type: string; play?: PlayRecord }[];
    plays?: readonly PlayRecord[];
  };
  if (r.ok === false || !r.state)
    throw new Error(`engine refused: ${r.error?.code} ${r.error?.message}`);
  const plays = [...(r.plays ?? []), ...(r.events ?? []).flatMap((e) => (e.play ? [e.play] : []))];
  return { state: r.state, plays };
}

function teamSetup(bundle: LoadedBundle, index: number, rotationTurn: number): TeamSetup {
  const team = bundle.teams[index % bundle.teams.length]!;
  const player = (id: number) => {
    const p = bundle.players.get(id);
    if (!p) throw new Error(`bundled team ${team.abbrev} names unknown player ${id}`);
    return p;
  };
  const starter = team.rotation[rotationTurn % team.rotation.length]!;
  const inLineup = new Set([...team.lineup.map((l) => l.id), starter]);
  return {
    name: team.name,
    lineup: team.lineup.map((l) => ({ player: player(l.id), position: l.position })),
    pitcher: player(starter),
    bench: team.roster.filter((id) => !inLineup.has(id)).map(player),
  };
}

function seedBytes(gameSeed: number): Uint8Array {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(0, gameSeed);
  new DataView(bytes.buffer).setUint32(4, seed);
  return bytes;
}

function playOneGame(bundle: LoadedBundle, n: number): PlayRecord[] {
  const teams = bundle.teams.length;
  const awayIndex = n % teams;
  const homeIndex = (awayIndex + 1 + (Math.floor(n / teams) % (teams - 1))) % teams;
  const created = createGame({
    league,
    away: teamSetup(bundle, awayIndex, Math.floor(n / teams)),
    home: teamSetup(bundle, homeIndex, Math.floor(n / teams)),
  });
  if (!created.ok) throw new Error(`${created.error.code}: ${created.error.message}`);
  let state = created.state;
  const dice = new ChaChaDice(seedBytes(n));
  const plays: PlayRecord[] = [];
  for (let step = 0; state.pending.kind !== "gameOver"; step++) {
    if (step > 20_000) throw new Error(`game ${n} did not end`);
    const pending = state.pending;
    const action =
      pending.kind === "roll" ? { type: "rollAtBat" } : { type: "timeout", side: pending.side };
    const next = readResult(applyAction(state, action, dice));
    state = next.state;
    plays.push(...next.plays);
  }
  return plays;
}

const bundle = loadBundle(league);
const tally = emptyTally();
for (let n = 0; n < games; n++) {
  tallyGame(tally, playOneGame(bundle, n));
  if ((n + 1) % 1000 === 0) console.error(`${n + 1} games`);
}
const table = buildTable(tally, {
  generator: "scripts/generate-win-expectancy.ts",
  league: `bundled ${league} sample league`,
  seed,
});
writeFileSync(OUT, `${JSON.stringify(table)}\n`);
const tie = table.home[0]![0]![0]![0]![table.maxDiff]!;
console.log(
  `${table.meta.games} games, ${table.meta.runsPerGame} R/G, home won ${table.meta.homeWinPct}; tie at the start: home ${tie}`,
);
