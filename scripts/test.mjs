#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's own test runner (through tsx).
// Storage tests run on embedded PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
//
// Files run two at a time (--test-concurrency=2), each in its own process, in the order given, so
// the heaviest files start first: a heavy file started last would run on alone at the end while
// the other core idles. The order comes from each file's measured time: the last local run's
// (node_modules/.cache/dugout/test-durations.json, written after every run), else the committed
// scripts/test-durations.json (refresh it by copying the cache over it). Files with no figure
// yet (new ones) start first.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const COMMITTED_DURATIONS = "scripts/test-durations.json";
const LAST_RUN_DURATIONS = "node_modules/.cache/dugout/test-durations.json";

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

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : [...findTests("src"), ...findTests("test")];
const durations = { ...readDurations(COMMITTED_DURATIONS), ...readDurations(LAST_RUN_DURATIONS) };
if (!process.env.TEST_DATABASE_URL) {
  console.log(
    "TEST_DATABASE_URL is not set: storage tests run on PGlite only (CI runs PostgreSQL too).",
  );
}
const measured = join(tmpdir(), `dugout-test-durations-${process.pid}.json`);
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=2",
    // The reporter node picks by default, plus the per-file timer.
    `--test-reporter=${process.stdout.isTTY ? "spec" : "tap"}`,
    "--test-reporter-destination=stdout",
    "--test-reporter=./scripts/test-durations-reporter.mjs",
    `--test-reporter-destination=${measured}`,
    ...heaviestFirst(files, durations),
  ],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "test" } },
);
rememberDurations(readDurations(measured));
process.exit(result.status ?? 1);

/** Keeps this run's times (merged over the last ones, for runs of a few files) for the next run. */
function rememberDurations(fresh) {
  rmSync(measured, { force: true });
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
