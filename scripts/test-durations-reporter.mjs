// A node:test reporter used by scripts/test.mjs next to the usual one: it keeps how long each test
// file took (its process, start to end, as the runner times it) and writes
// { "<file relative to the repo>": ms } as JSON when the run ends. scripts/test.mjs starts the
// heaviest files first from these figures.
import { relative } from "node:path";

export default async function* durationsReporter(source) {
  const durations = {};
  for await (const event of source) {
    // The runner reports each file as a test named by its own path when its process ends.
    if (event.type !== "test:complete") continue;
    const { file, name, nesting, details } = event.data;
    if (!file || nesting !== 0 || name !== file || details?.duration_ms === undefined) continue;
    durations[relative(process.cwd(), file)] = Math.round(details.duration_ms);
  }
  yield `${JSON.stringify(durations, null, 2)}\n`;
}
