#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's own test runner, through tsx
// (package.json starts this script as `node --import tsx scripts/test.mjs`; each test file's
// process inherits that flag). Storage tests run on embedded PGlite always, and on PostgreSQL too
// when TEST_DATABASE_URL is set.
//
// Files run two at a time, each in its own process, in the order given. `node --test` sorts its
// files by name, so this script calls the runner's run() instead, which keeps our order: the
// heaviest files start first, since a heavy file started last would run on alone at the end while
// the other core idles. The order comes from each file's measured time: the last local run's
// (node_modules/.cache/dugout/test-durations.json, written after every run), else the committed
// scripts/test-durations.json (refresh it by copying the cache over it). Files with no figure yet
// (new ones) start first.
//
// A file that runs past FILE_TIMEOUT_MS is killed and fails with "test timed out", and the whole
// run stops after RUN_TIMEOUT_MS, so a test that waits forever fails CI quickly instead of holding
// it until the CI's own limit.
import { setMaxListeners } from "node:events";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { run } from "node:test";
import { spec, tap } from "node:test/reporters";

const COMMITTED_DURATIONS = "scripts/test-durations.json";
const LAST_RUN_DURATIONS = "node_modules/.cache/dugout/test-durations.json";
const CONCURRENCY = 2;
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 8 * 60_000);
const RUN_TIMEOUT_MS = Number(process.env.TEST_RUN_TIMEOUT_MS ?? 30 * 60_000);

if (!process.execArgv.some((arg) => arg.includes("tsx"))) {
  console.error("scripts/test.mjs needs tsx: run it as `node --import tsx scripts/test.mjs`.");
  process.exit(2);
}

function findTests(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

/** { file: ms } from a durations file; {} when it is missing or unreadable. */
function readDurations(path) {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

/** Files with no measured time first (in name order), then the rest by time, heaviest first. */
function heaviestFirst(files, durations) {
  const known = (file) => typeof durations[file] === "number";
  return [
    ...files.filter((file) => !known(file)).sort(),
    ...files.filter(known).sort((a, b) => durations[b] - durations[a] || a.localeCompare(b)),
  ];
}

/** Keeps this run's times (merged over the last ones, for runs of a few files) for the next run. */
function rememberDurations(fresh) {
  if (Object.keys(fresh).length === 0) return;
  try {
    mkdirSync(dirname(LAST_RUN_DURATIONS), { recursive: true });
    writeFileSync(
      LAST_RUN_DURATIONS,
      `${JSON.stringify({ ...readDurations(LAST_RUN_DURATIONS), ...fresh }, null, 2)}\n`,
    );
  } catch {
    // Only the order of the next run depends on it.
  }
}

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : [...findTests("src"), ...findTests("test")];
const durations = { ...readDurations(COMMITTED_DURATIONS), ...readDurations(LAST_RUN_DURATIONS) };
if (!process.env.TEST_DATABASE_URL) {
  console.log(
    "TEST_DATABASE_URL is not set: storage tests run on PGlite only (CI runs PostgreSQL too).",
  );
}
process.env.NODE_ENV ??= "test";

const measured = {};
const deadline = AbortSignal.timeout(RUN_TIMEOUT_MS);
setMaxListeners(0, deadline); // the runner listens on it once per file
const stream = run({
  files: heaviestFirst(files, durations).map((file) => resolve(file)),
  concurrency: CONCURRENCY,
  timeout: FILE_TIMEOUT_MS,
  signal: deadline,
});
stream.on("test:fail", () => {
  process.exitCode = 1;
});
stream.on("test:complete", ({ file, name, nesting, details }) => {
  // The runner reports each file as a test named by its own path when its process ends.
  if (file && nesting === 0 && name === file && details?.duration_ms !== undefined) {
    measured[relative(process.cwd(), file)] = Math.round(details.duration_ms);
  }
});
stream.on("end", () => rememberDurations(measured));
// The reporter node would pick: spec on a terminal, TAP otherwise.
stream.compose(process.stdout.isTTY ? new spec() : tap).pipe(process.stdout);
