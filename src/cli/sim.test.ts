import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const SIM = fileURLToPath(new URL("./sim.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function sim(args: readonly string[]): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, ["--import", "tsx", SIM, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe("npm run sim", () => {
  const args = [
    "--league",
    "pd",
    "--games",
    "4",
    "--seed",
    "42",
    "--ai-home",
    "yolo",
    "--ai-away",
    "safe",
    "--box",
    "--json",
  ];
  const first = sim(args);

  it("prints each game's box score and JSON line, then the summary; timing and progress go to stderr", () => {
    assert.equal(first.status, 0, first.stderr);
    const jsonLines = first.stdout.split("\n").filter((line) => line.startsWith("{"));
    assert.equal(jsonLines.length, 4);
    for (const [i, line] of jsonLines.entries()) {
      const game = JSON.parse(line);
      assert.equal(game.game, i + 1);
      assert.match(game.seed, /^[0-9a-f]{64}$/);
      for (const key of [
        "away",
        "home",
        "innings",
        "winner",
        "lineScore",
        "batting",
        "pitching",
        "plays",
      ]) {
        assert.ok(key in game, `JSON has ${key}`);
      }
      assert.ok(game.plays.length > 40);
      const decisions = [...game.pitching.away, ...game.pitching.home].flatMap(
        (p: { decisions: string[] }) => p.decisions,
      );
      assert.ok(decisions.includes("W") && decisions.includes("L"));
    }
    assert.equal(first.stdout.match(/^Game \d+: /gm)?.length, 4, "four box scores");
    assert.match(first.stdout, /Summary: 4 games/);
    for (const label of ["R/G", "BA / OBP / SLG", "K% / BB%", "HR/G", "SB success"]) {
      assert.ok(first.stdout.includes(label), `summary has ${label}`);
    }
    assert.ok(!first.stdout.includes("games per second"));
    assert.match(first.stderr, /games per second/);
    assert.match(first.stderr, /4\/4 games 100%/);
  });

  it("the same arguments and seed give byte-identical stdout, with and without workers", () => {
    const again = sim(args);
    assert.equal(again.stdout, first.stdout);
    const workers = sim([...args, "--workers", "2"]);
    assert.equal(workers.status, 0, workers.stderr);
    assert.equal(workers.stdout, first.stdout);
    const other = sim([
      "--league",
      "pd",
      "--games",
      "4",
      "--seed",
      "43",
      "--ai-home",
      "yolo",
      "--ai-away",
      "safe",
      "--box",
      "--json",
    ]);
    assert.notEqual(other.stdout, first.stdout);
  });

  it("bad arguments exit 2 with a message naming the argument", () => {
    const bad = sim(["--ai-home", "reckless"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /ai-home/);
    const team = sim(["--home", "XYZ", "--away", "HCL"]);
    assert.equal(team.status, 2);
    assert.match(team.stderr, /no team "XYZ"/);
  });
});
