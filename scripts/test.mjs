#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's own test runner (through tsx).
// Storage tests run on embedded PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

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

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : [...findTests("src"), ...findTests("test")].sort();
if (!process.env.TEST_DATABASE_URL) {
  console.log(
    "TEST_DATABASE_URL is not set: storage tests run on PGlite only (CI runs PostgreSQL too).",
  );
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...files],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "test" } },
);
process.exit(result.status ?? 1);
