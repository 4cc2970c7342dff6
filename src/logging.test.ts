import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, test } from "node:test";
import { closeLogger, createLogger, forGame, LOG_FILE_BASENAME } from "./logging.js";

const logDir = mkdtempSync(join(tmpdir(), "dugout-logs-"));
after(() => rmSync(logDir, { recursive: true, force: true }));

function captureStdout() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

test("JSON lines reach stdout and a dated file under LOG_DIR, with the game id bound", async () => {
  const dir = join(logDir, "nested", "logs");
  const stdout = captureStdout();
  const logger = await createLogger({ log: { dir, level: "info" } }, { stdout: stdout.stream });

  forGame(logger, "game-42").info({ inning: 3 }, "half-inning ended");
  logger.debug("below the level: dropped");
  logger.info({ secretKey: "do-not-print" }, "config read");
  await closeLogger(logger);

  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  assert.match(files[0]!, new RegExp(`^${LOG_FILE_BASENAME}\\.\\d{4}-\\d{2}-\\d{2}\\.1\\.log$`));
  const fileLines = readFileSync(join(dir, files[0]!), "utf8").split("\n").filter(Boolean);

  for (const lines of [stdout.lines, fileLines]) {
    assert.equal(lines.length, 2);
    const [play, secret] = lines.map((line) => JSON.parse(line));
    assert.equal(play.msg, "half-inning ended");
    assert.equal(play.gameId, "game-42");
    assert.equal(play.inning, 3);
    assert.equal(play.level, 30);
    assert.equal(play.service, "dugout");
    assert.equal(secret.secretKey, "[redacted]");
  }
});

test("LOG_LEVEL=silent opens no file", async () => {
  const dir = join(logDir, "silent");
  const logger = await createLogger({ log: { dir, level: "silent" } });
  logger.error("nobody hears this");
  await closeLogger(logger);
  assert.throws(() => readdirSync(dir), /ENOENT/);
});

test("a line logged after closeLogger is dropped from the file, not thrown", async () => {
  const dir = join(logDir, "late");
  const stdout = captureStdout();
  const logger = await createLogger({ log: { dir, level: "info" } }, { stdout: stdout.stream });
  logger.info("before close");
  await closeLogger(logger);
  assert.doesNotThrow(() => logger.info("after close"));
  const [file] = readdirSync(dir);
  const lines = readFileSync(join(dir, file!), "utf8").split("\n").filter(Boolean);
  assert.deepEqual(
    lines.map((line) => JSON.parse(line).msg),
    ["before close"],
  );
  assert.equal(stdout.lines.length, 2, "stdout still gets it");
});
