import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { GroupCommitter, type UnitOutcome } from "./group-committer.js";

/** A writer whose batches the test ends by hand, recording what it was given and when. */
function heldWriter() {
  const batches: { units: readonly string[]; end: (fail?: Error) => void }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const write = (units: readonly string[]) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    return new Promise<UnitOutcome<string>[]>((resolve, reject) => {
      batches.push({
        units,
        end: (fail) => {
          inFlight -= 1;
          if (fail) reject(fail);
          else resolve(units.map((u) => ({ ok: true as const, result: `committed ${u}` })));
        },
      });
    });
  };
  return { write, batches, mostInFlight: () => mostInFlight };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommitter", () => {
  it("writes a lone unit at once, and what arrives while the transactions run in the next one", async () => {
    const writer = heldWriter();
    const committer = new GroupCommitter(writer.write, { maxInFlight: 2 });
    const first = committer.commit("a");
    const second = committer.commit("b");
    assert.deepEqual(
      writer.batches.map((b) => b.units),
      [["a"], ["b"]],
      "two transactions start at once",
    );
    const waiting = ["c", "d", "e"].map((u) => committer.commit(u));
    assert.equal(writer.batches.length, 2, "the others wait for one of them to end");
    writer.batches[1]!.end();
    assert.equal(await second, "committed b");
    await tick();
    assert.deepEqual(writer.batches[2]!.units, ["c", "d", "e"], "all of them in the next");
    writer.batches[0]!.end();
    writer.batches[2]!.end();
    assert.equal(await first, "committed a");
    assert.deepEqual(await Promise.all(waiting), ["committed c", "committed d", "committed e"]);
    await committer.idle();
    assert.deepEqual(committer.stats, { batches: 3, units: 5, largestBatch: 3 });
  });

  it("starts a second transaction only while the running ones are small", async () => {
    const writer = heldWriter();
    const committer = new GroupCommitter(writer.write, { maxInFlight: 2, overlapUnits: 2 });
    const answers = ["a", "b", "c", "d", "e"].map((u) => committer.commit(u));
    assert.deepEqual(
      writer.batches.map((b) => b.units),
      [["a"], ["b"]],
      "beside one unit, the next starts its own transaction",
    );
    writer.batches[0]!.end();
    await answers[0];
    await tick();
    assert.deepEqual(writer.batches[2]!.units, ["c", "d", "e"], "beside b: what waited, at once");
    writer.batches[1]!.end();
    await answers[1];
    await tick();
    const late = committer.commit("f");
    assert.equal(writer.batches.length, 3, "three units running: the load is heavy, f waits");
    writer.batches[2]!.end();
    await Promise.all(answers);
    await tick();
    assert.deepEqual(writer.batches[3]!.units, ["f"]);
    writer.batches[3]!.end();
    assert.equal(await late, "committed f");
  });

  it("retries a batch that failed as a whole unit by unit, so one bad unit fails alone", async () => {
    const calls: string[][] = [];
    const committer = new GroupCommitter<string, string>(
      async (units) => {
        calls.push([...units]);
        if (units.length > 1) throw new Error("the transaction was refused");
        if (units[0] === "bad") return [{ ok: false, error: new Error("conflict") }];
        return [{ ok: true, result: units[0]! }];
      },
      { maxInFlight: 1 },
    );
    const lone = committer.commit("lone");
    const batch = ["x", "bad", "y"].map((u) => committer.commit(u).catch((e: Error) => e.message));
    assert.equal(await lone, "lone");
    assert.deepEqual(await Promise.all(batch), ["x", "conflict", "y"]);
    assert.deepEqual(calls, [["lone"], ["x", "bad", "y"], ["x"], ["bad"], ["y"]]);
  });

  it("times each transaction from its start to its outcomes, in the order they started", async () => {
    const writer = heldWriter();
    let clock = 0;
    const committer = new GroupCommitter(writer.write, { maxInFlight: 2, now: () => clock });
    const a = committer.commit("a"); // starts at 0
    clock = 1;
    const b = committer.commit("b"); // starts at 1, beside a
    assert.deepEqual(committer.recentWrites(5), [], "running transactions are left out");
    clock = 5;
    writer.batches[1]!.end(); // b took 4
    await b;
    assert.deepEqual(committer.recentWrites(5), [4]);
    clock = 12;
    writer.batches[0]!.end(); // a took 12
    await a;
    clock = 20;
    const c = committer.commit("c");
    clock = 23;
    writer.batches[2]!.end(new Error("refused")); // a failed transaction is timed too: 3
    await assert.rejects(c, /refused/);
    assert.deepEqual(committer.recentWrites(5), [12, 4, 3]);
    assert.deepEqual(committer.recentWrites(2), [4, 3], "the latest ones");
    assert.deepEqual(committer.recentWrites(0), []);
  });

  it("keeps the durations of the latest 16,384 transactions", async () => {
    let clock = 0;
    const committer = new GroupCommitter(
      async (units: readonly number[]) => {
        clock += units[0]!; // transaction n takes n ms
        return units.map(() => ({ ok: true as const, result: null }));
      },
      { now: () => clock },
    );
    for (let n = 1; n <= 20_000; n++) await committer.commit(n);
    const kept = committer.recentWrites(100_000);
    assert.equal(kept.length, 16_384);
    assert.equal(kept[0], 20_000 - 16_384 + 1);
    assert.equal(kept.at(-1), 20_000);
  });

  it("keeps its limits and answers every unit once, whatever the arrivals (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        // Each step: a number of units arriving, then how many running batches end.
        fc.array(fc.tuple(fc.nat(5), fc.nat(3)), { minLength: 1, maxLength: 25 }),
        async (maxInFlight, maxBatch, steps) => {
          const writer = heldWriter();
          const committer = new GroupCommitter(writer.write, { maxInFlight, maxBatch });
          const answers: Promise<string>[] = [];
          const ended = new Set<number>();
          const endSome = async (n: number) => {
            for (let i = 0; i < writer.batches.length && n > 0; i++) {
              if (ended.has(i)) continue;
              ended.add(i);
              writer.batches[i]!.end();
              n -= 1;
              await tick();
            }
          };
          let next = 0;
          for (const [arriving, ending] of steps) {
            for (let i = 0; i < arriving; i++) answers.push(committer.commit(`u${next++}`));
            await endSome(ending);
          }
          while (ended.size < writer.batches.length) await endSome(1);
          await committer.idle();
          const results = await Promise.all(answers);
          assert.deepEqual(
            results,
            answers.map((_, i) => `committed u${i}`),
          );
          const written = writer.batches.flatMap((b) => b.units);
          assert.deepEqual([...written].sort(), results.map((r) => r.slice(10)).sort());
          assert.ok(writer.mostInFlight() <= maxInFlight);
          assert.ok(writer.batches.every((b) => b.units.length <= maxBatch));
        },
      ),
      { numRuns: 200 },
    );
  });
});
