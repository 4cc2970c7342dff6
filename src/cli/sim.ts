/**
 * npm run sim -- [--league sba|pd] [--home TEAM --away TEAM] [--games N] [--seed S]
 *                [--ai-home balanced|yolo|safe] [--ai-away ...] [--box] [--json] [--workers K]
 *
 * Plays AI-vs-AI games of a bundled sample league with no human input. stdout gets, in game
 * order, each game's box score (--box) and/or one JSON object per game (--json), then the
 * aggregate summary. The same arguments and seed give byte-identical stdout, with or without
 * --workers. stderr gets the progress bar (N > 1) and the one line that varies from run to run:
 * games per second.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { z } from "zod";
import { parseWinExpectancyTable, type WinExpectancyTable } from "../engine/scoring/index.js";
import {
  addTotals,
  emptyTotals,
  formatSummary,
  loadSimLeague,
  type SimGameOutput,
  type SimSettings,
  SimSetupError,
  simulate,
} from "./sim-games.js";

const WIN_EXPECTANCY_FILE = new URL("../engine/scoring/data/win-expectancy.json", import.meta.url);

const personality = z.enum(["balanced", "yolo", "safe"]);
const ArgsSchema = z.strictObject({
  league: z.enum(["sba", "pd"]).default("sba"),
  home: z.string().min(1).optional(),
  away: z.string().min(1).optional(),
  games: z.coerce.number().int().min(1).max(10_000_000).default(1),
  seed: z.string().min(1).max(200).default("1"),
  "ai-home": personality.default("balanced"),
  "ai-away": personality.default("balanced"),
  box: z.boolean().default(false),
  json: z.boolean().default(false),
  workers: z.coerce.number().int().min(1).max(64).default(1),
});
export type SimArgs = z.infer<typeof ArgsSchema>;

export function parseSimArgs(argv: readonly string[]): SimArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      league: { type: "string" },
      home: { type: "string" },
      away: { type: "string" },
      games: { type: "string" },
      seed: { type: "string" },
      "ai-home": { type: "string" },
      "ai-away": { type: "string" },
      box: { type: "boolean" },
      json: { type: "boolean" },
      workers: { type: "string" },
    },
  });
  if (positionals.length > 0) throw new SimSetupError(`unexpected argument "${positionals[0]}"`);
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SimSetupError(`--${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

function loadWinExpectancy(): WinExpectancyTable | undefined {
  if (!existsSync(WIN_EXPECTANCY_FILE)) return undefined;
  return parseWinExpectancyTable(JSON.parse(readFileSync(WIN_EXPECTANCY_FILE, "utf8")));
}

function settingsOf(args: SimArgs): SimSettings {
  const table = loadWinExpectancy();
  return {
    league: args.league,
    seed: args.seed,
    ...(args.home === undefined ? {} : { home: args.home }),
    ...(args.away === undefined ? {} : { away: args.away }),
    aiHome: args["ai-home"],
    aiAway: args["ai-away"],
    box: args.box,
    json: args.json,
    ...(table === undefined ? {} : { winExpectancy: table }),
  };
}

// ---------------------------------------------------------------------------------------------
// Worker: plays a contiguous block of game indices and posts each game as it finishes

interface WorkerJob {
  readonly settings: SimSettings;
  readonly start: number;
  readonly end: number;
}

type WorkerMessage =
  | { readonly kind: "game"; readonly output: SimGameOutput }
  | { readonly kind: "error"; readonly message: string };

function runWorker(job: WorkerJob): void {
  const bundle = loadSimLeague(job.settings.league);
  for (let index = job.start; index < job.end; index++) {
    try {
      const output = simulate(bundle, job.settings, index);
      parentPort!.postMessage({ kind: "game", output } satisfies WorkerMessage);
    } catch (error) {
      parentPort!.postMessage({
        kind: "error",
        message: `game ${index + 1}: ${error instanceof Error ? error.message : String(error)}`,
      } satisfies WorkerMessage);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Main: hand out blocks, print games in order, the progress bar, the summary

class Progress {
  #shown = -1;
  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}
  update(done: number): void {
    if (!this.enabled) return;
    const width = 30;
    const filled = Math.floor((done / this.total) * width);
    const percent = Math.floor((done / this.total) * 100);
    if (percent === this.#shown && done !== this.total) return;
    this.#shown = percent;
    process.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${this.total} games ${percent}%`,
    );
    if (done === this.total) process.stderr.write("\n");
  }
}

/**
 * A worker running this file. Run from TypeScript source (tsx), the worker registers tsx's loader
 * before it imports this file; built to JavaScript, it loads the file directly.
 */
function startWorker(job: WorkerJob): Worker {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return new Worker(new URL(self), { workerData: job });
  const api = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(self)}); });`;
  return new Worker(boot, { eval: true, workerData: job });
}

export async function runSim(args: SimArgs): Promise<void> {
  const settings = settingsOf(args);
  const bundle = loadSimLeague(settings.league);
  const games = args.games;
  const progress = new Progress(games, games > 1);
  const totals = emptyTotals();
  const pending = new Map<number, SimGameOutput>();
  let next = 0;
  let done = 0;
  const started = performance.now();

  const accept = (output: SimGameOutput) => {
    pending.set(output.index, output);
    done++;
    // Print in game order: flush every finished game that follows the last one printed.
    while (pending.has(next)) {
      const ready = pending.get(next)!;
      pending.delete(next);
      if (ready.text.length > 0) process.stdout.write(ready.text);
      addTotals(totals, ready.totals);
      next++;
    }
    progress.update(done);
  };

  const workers = Math.min(args.workers, games);
  if (workers <= 1) {
    for (let index = 0; index < games; index++) accept(simulate(bundle, settings, index));
  } else {
    const blocks: WorkerJob[] = [];
    for (let w = 0; w < workers; w++) {
      const start = Math.floor((w * games) / workers);
      const end = Math.floor(((w + 1) * games) / workers);
      blocks.push({ settings, start, end });
    }
    await Promise.all(
      blocks.map(
        (job) =>
          new Promise<void>((resolve, reject) => {
            const worker = startWorker(job);
            worker.on("message", (message: WorkerMessage) => {
              if (message.kind === "game") accept(message.output);
              else reject(new Error(message.message));
            });
            worker.on("error", reject);
            worker.on("exit", (code) =>
              code === 0 ? resolve() : reject(new Error(`a sim worker exited with code ${code}`)),
            );
          }),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(formatSummary(totals, settings));
  process.stderr.write(
    `${(games / Math.max(seconds, 1e-9)).toFixed(1)} games per second (${games} games in ${seconds.toFixed(2)} s, ${workers} worker${workers === 1 ? "" : "s"})\n`,
  );
}

if (!isMainThread && (workerData as WorkerJob | null)?.settings !== undefined) {
  runWorker(workerData as WorkerJob);
} else if (
  isMainThread &&
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === resolve(process.argv[1])
) {
  try {
    await runSim(parseSimArgs(process.argv.slice(2)));
  } catch (error) {
    if (
      error instanceof SimSetupError ||
      (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      process.stderr.write(`sim: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
