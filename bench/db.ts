/**
 * save_play throughput on PostgreSQL, next to the floor: a raw single-row INSERT committed on
 * its own, on the same pool, in the same run. Also the write-through unit and group commit:
 *   - the service's write of one game's action (commitActionUnits without read-back), its rate
 *     and its p50 latency next to the raw INSERT's (issue #7: one commit round trip);
 *   - many games acting at once through the service's GroupCommitter, next to the raw INSERT
 *     on 10 connections at once (issue #7: durable actions/s >= the raw commit rate on 10
 *     connections).
 *
 *   npm run bench:db            (BENCH_DATABASE_URL or TEST_DATABASE_URL, default
 *                                postgres://postgres@127.0.0.1:5432/test; BENCH_N plays per round)
 *
 * Creates a throwaway database next to the given one and drops it at the end. Rounds of each
 * loop are interleaved so a noisy neighbour hits both alike; rates are medians over rounds.
 */
import { cpus } from "node:os";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "../src/db/client.js";
import {
  type ActionUnit,
  commitActionUnit,
  commitActionUnits,
  savePlay,
} from "../src/db/operations.js";
import { rowsOf } from "../src/db/rows.js";
import {
  createTestGame,
  createThrowawayDatabase,
  makeTestActionUnit,
  makeTestPlay,
  type TestGame,
} from "../src/db/testing.js";
import { GroupCommitter } from "../src/games/group-committer.js";

const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const playsPerRound = Number(process.env.BENCH_N ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const groupSize = 16;
/** Games acting at once through the group committer, and raw writers at once. */
const concurrentGames = Number(process.env.BENCH_GAMES ?? 64);
const rawConnections = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `write` `count` times in a row; its latency in ms goes to `latencies`. */
async function eachTimed(
  count: number,
  latencies: number[],
  write: (i: number) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await write(i);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

async function timed(count: number, run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

async function main(): Promise<void> {
  const target = await createThrowawayDatabase(adminUrl, "dugout_bench");
  const db = await openDatabase({ url: target.url, poolSize: 4, connectTimeoutMs: 5_000 });
  try {
    const pool = (db.orm as unknown as { $client: pg.Pool }).$client;
    const [server] = rowsOf<{ server_version: string }>(
      await db.orm.execute(sql`show server_version`),
    );
    await pool.query(
      "create table bench_raw (id integer generated always as identity primary key, game_id uuid not null, n integer not null)",
    );

    const savePlayFixture = await createTestGame(db);
    const unitFixture = await createTestGame(db);
    const groupFixtures: TestGame[] = [];
    for (let i = 0; i < groupSize; i++) groupFixtures.push(await createTestGame(db));
    const serviceFixture = await createTestGame(db);
    const concurrentFixtures: TestGame[] = [];
    for (let i = 0; i < concurrentGames; i++) concurrentFixtures.push(await createTestGame(db));
    const rawPool = new pg.Pool({ connectionString: target.url, max: rawConnections });
    const committer = new GroupCommitter<ActionUnit, unknown>(async (units) =>
      (await commitActionUnits(db, units, { readBack: false })).map((result) =>
        result.ok ? { ok: true, result: result.committed } : { ok: false, error: result.error },
      ),
    );

    let savePlayVersion = 0;
    let unitVersion = 0;
    let groupVersion = 0;
    let serviceVersion = 0;
    const concurrentVersions = concurrentFixtures.map(() => 0);
    const rates = {
      savePlay: [] as number[],
      raw: [] as number[],
      unit: [] as number[],
      group: [] as number[],
      service: [] as number[],
      raw10: [] as number[],
      concurrent: [] as number[],
    };
    const latency = { raw: [] as number[], service: [] as number[] };
    const savePlayRound = () =>
      timed(playsPerRound, async () => {
        for (let i = 0; i < playsPerRound; i++) {
          await savePlay(db, {
            gameId: savePlayFixture.game.id,
            expectedVersion: savePlayVersion,
            play: makeTestPlay(savePlayFixture, { playNumber: savePlayVersion + 1 }),
            game: { awayScore: 0 },
          });
          savePlayVersion++;
        }
      });
    const rawInsert = (client: pg.Pool, n: number) =>
      client.query("insert into bench_raw (game_id, n) values ($1, $2)", [
        savePlayFixture.game.id,
        n,
      ]);
    const rawRound = () =>
      timed(playsPerRound, () =>
        eachTimed(playsPerRound, latency.raw, async (i) => {
          await rawInsert(pool, i);
        }),
      );
    const serviceRound = () =>
      timed(playsPerRound, () =>
        eachTimed(playsPerRound, latency.service, async () => {
          const [result] = await commitActionUnits(
            db,
            [makeTestActionUnit(serviceFixture, serviceVersion)],
            {
              readBack: false,
            },
          );
          if (!result?.ok) throw new Error("the service's unit failed");
          serviceVersion++;
        }),
      );
    const perConnection = Math.max(1, Math.floor((2 * playsPerRound) / rawConnections));
    const raw10Round = () =>
      timed(perConnection * rawConnections, async () => {
        await Promise.all(
          Array.from({ length: rawConnections }, async (_, c) => {
            for (let i = 0; i < perConnection; i++) await rawInsert(rawPool, c * perConnection + i);
          }),
        );
      });
    const perGame = Math.max(1, Math.floor((2 * playsPerRound) / concurrentGames));
    const concurrentRound = () =>
      timed(perGame * concurrentGames, async () => {
        await Promise.all(
          concurrentFixtures.map(async (fixture, g) => {
            for (let i = 0; i < perGame; i++) {
              await committer.commit(makeTestActionUnit(fixture, concurrentVersions[g]!));
              concurrentVersions[g]! += 1;
            }
          }),
        );
      });
    const unitRound = () =>
      timed(playsPerRound, async () => {
        for (let i = 0; i < playsPerRound; i++) {
          await commitActionUnit(db, {
            gameId: unitFixture.game.id,
            expectedVersion: unitVersion,
            actions: [
              {
                version: unitVersion + 1,
                actor: "away",
                kind: "setOffense",
                clientActionId: `c${unitVersion}`,
              },
            ],
            plays: [makeTestPlay(unitFixture, { playNumber: unitVersion + 1 })],
          });
          unitVersion++;
        }
      });
    const groupBatches = Math.max(1, Math.floor(playsPerRound / groupSize));
    const groupRound = () =>
      timed(groupBatches * groupSize, async () => {
        for (let batch = 0; batch < groupBatches; batch++) {
          const units: ActionUnit[] = groupFixtures.map((fixture) => ({
            gameId: fixture.game.id,
            expectedVersion: groupVersion,
            actions: [{ version: groupVersion + 1, actor: "away", kind: "setOffense" }],
            plays: [makeTestPlay(fixture, { playNumber: groupVersion + 1 })],
          }));
          const results = await commitActionUnits(db, units);
          if (results.some((result) => !result.ok)) throw new Error("a group commit unit failed");
          groupVersion++;
        }
      });

    // Warm-up (connections, plans, caches), not measured.
    await savePlayRound();
    await rawRound();
    await raw10Round();
    await concurrentRound();
    latency.raw.length = 0;
    for (let round = 0; round < rounds; round++) {
      rates.savePlay.push(await savePlayRound());
      rates.raw.push(await rawRound());
      rates.unit.push(await unitRound());
      rates.group.push(await groupRound());
      rates.service.push(await serviceRound());
      rates.raw10.push(await raw10Round());
      rates.concurrent.push(await concurrentRound());
    }
    await rawPool.end();

    const savePlayRate = median(rates.savePlay);
    const rawRate = median(rates.raw);
    const unitRate = median(rates.unit);
    const groupRate = median(rates.group);
    const serviceRate = median(rates.service);
    const raw10Rate = median(rates.raw10);
    const concurrentRate = median(rates.concurrent);
    const rawP50 = median(latency.raw);
    const serviceP50 = median(latency.service);
    const { batches, units } = committer.stats;
    const fmt = (rate: number) => `${rate.toFixed(0).padStart(7)} commits/s`;
    console.log(`bench:db  ${new Date().toISOString()}`);
    console.log(
      `PostgreSQL ${server?.server_version ?? "?"}, ${cpus().length} cores, pool of 4, ${rounds} rounds x ${playsPerRound} sequential writes (median)`,
    );
    console.log(`raw single-row INSERT (autocommit)      ${fmt(rawRate)}   baseline`);
    console.log(
      `savePlay (game row + play, 1 statement) ${fmt(savePlayRate)}   ratio to baseline ${(savePlayRate / rawRate).toFixed(2)}`,
    );
    console.log(
      `commitActionUnit, read back (+3 SELECTs) ${fmt(unitRate)}   ratio to baseline ${(unitRate / rawRate).toFixed(2)}`,
    );
    console.log(
      `commitActionUnits, ${groupSize} games per commit  ${groupRate.toFixed(0).padStart(7)} units/s     ratio to baseline ${(groupRate / rawRate).toFixed(2)}`,
    );
    console.log(
      `service write of 1 action (no read-back) ${fmt(serviceRate)}   ratio to baseline ${(serviceRate / rawRate).toFixed(2)}`,
    );
    console.log(
      `  p50 latency: raw INSERT ${rawP50.toFixed(2)} ms, service write ${serviceP50.toFixed(2)} ms, ratio ${(serviceP50 / rawP50).toFixed(2)}`,
    );
    console.log(
      `raw single-row INSERT on ${rawConnections} connections    ${fmt(raw10Rate)}   baseline (concurrent)`,
    );
    console.log(
      `GroupCommitter, ${concurrentGames} games at once    ${concurrentRate.toFixed(0).padStart(7)} actions/s   ratio to concurrent baseline ${(concurrentRate / raw10Rate).toFixed(2)} (${(units / batches).toFixed(1)} units per commit)`,
    );
  } finally {
    await db.close();
    await target.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
