import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chacha20 } from "@noble/ciphers/chacha.js";
import {
  ChaChaDice,
  recordingDice,
  ScriptedDice,
  ScriptedDiceExhausted,
  ScriptedDiceMismatch,
} from "./dice.js";
import { chiSquareStatistic, chiSquareSurvival } from "./testing/chi-square.js";

const seed = (byte: number) => new Uint8Array(32).fill(byte);

describe("ChaCha20 dice stream", () => {
  it("reads the RFC 8439 keystream (all-zero key and nonce, block 0 starts 76 b8 e0 ad)", () => {
    const dice = new ChaChaDice(seed(0));
    assert.equal(dice.nextWord(), 0xade0b876);
    assert.equal(dice.nextWord(), 0x903df1a0);
  });
  it("the same seed gives the same rolls; another seed other rolls", () => {
    const roll = (s: Uint8Array) => {
      const dice = new ChaChaDice(s);
      return Array.from({ length: 50 }, () => dice.d20());
    };
    assert.deepEqual(roll(seed(3)), roll(seed(3)));
    assert.notDeepEqual(roll(seed(3)), roll(seed(4)));
  });
  it("resumes exactly from a serialized cursor, across buffer refills", () => {
    const dice = new ChaChaDice(seed(9));
    for (let i = 0; i < 3_000; i++) dice.d6();
    const cursor = JSON.parse(JSON.stringify(dice.cursor()));
    const next = Array.from({ length: 2_000 }, () => dice.d100());
    const resumed = ChaChaDice.fromHex("09".repeat(32), cursor);
    assert.deepEqual(
      Array.from({ length: 2_000 }, () => resumed.d100()),
      next,
    );
  });
  it("reads @noble/ciphers' chacha20 keystream word for word, across blocks and seeks", () => {
    const key = seed(7);
    const words = 16 * 300;
    const keystream = new Uint32Array(
      chacha20(key, new Uint8Array(12), new Uint8Array(words * 4), new Uint8Array(words * 4), 0)
        .buffer,
    );
    const dice = new ChaChaDice(key);
    for (let i = 0; i < words; i++) assert.equal(dice.nextWord(), keystream[i], `word ${i}`);
    for (const word of [5, 17, 1_000, 4_000, 33]) {
      dice.seek({ kind: "chacha20", word });
      assert.equal(dice.nextWord(), keystream[word], `after seeking to word ${word}`);
      const fresh = new ChaChaDice(key, { kind: "chacha20", word });
      assert.equal(fresh.nextWord(), keystream[word], `a fresh source at word ${word}`);
    }
  });
  it("each block is @noble/ciphers' chacha20 block, for any key and counter", () => {
    const noble = (key: Uint8Array, counter: number) =>
      new Uint32Array(
        chacha20(key, new Uint8Array(12), new Uint8Array(64), new Uint8Array(64), counter).buffer,
      );
    // Keys of every byte value in every position; counters small, at bit boundaries, and the
    // last noble computes (it refuses 2^32 - 1, the last the RFC's 32-bit counter allows).
    const keys = [seed(0), seed(0xff), Uint8Array.from({ length: 32 }, (_, i) => i * 37 + 11)];
    for (let k = 0; k < 20; k++) {
      const chooser = new ChaChaDice(seed(100 + k));
      keys.push(Uint8Array.from({ length: 32 }, () => chooser.roll(256) - 1));
    }
    const counters = [0, 1, 2, 15, 16, 255, 65_535, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2];
    for (const key of keys) {
      for (const counter of counters) {
        const dice = new ChaChaDice(key, { kind: "chacha20", word: counter * 16 });
        const words = Array.from({ length: 16 }, () => dice.nextWord());
        assert.deepEqual(words, Array.from(noble(key, counter)), `key ${key}, block ${counter}`);
      }
    }
  });
  it("ends after the 32-bit block counter's last block", () => {
    const dice = new ChaChaDice(seed(1), { kind: "chacha20", word: 2 ** 36 - 1 });
    dice.nextWord();
    assert.throws(() => dice.nextWord(), /exhausted/);
  });
  it("seek goes back", () => {
    const dice = new ChaChaDice(seed(1));
    const start = dice.cursor();
    const first = [dice.d20(), dice.d20(), dice.threeD6().sum];
    dice.seek(start);
    assert.deepEqual([dice.d20(), dice.d20(), dice.threeD6().sum], first);
  });
  it("every face is equally likely (chi-square, p > 0.001) for d6, d20 and d100", () => {
    const dice = new ChaChaDice(seed(5));
    for (const faces of [6, 20, 100]) {
      const counts = new Array<number>(faces).fill(0);
      for (let i = 0; i < 200_000; i++) counts[dice.roll(faces) - 1]!++;
      const p = chiSquareSurvival(
        chiSquareStatistic(
          counts,
          counts.map(() => 1 / faces),
        ),
        faces - 1,
      );
      assert.ok(p > 0.001, `d${faces}: p = ${p}`);
    }
  });
  it("2d6 and 3d6 return their dice and their sum", () => {
    const dice = new ChaChaDice(seed(2));
    for (let i = 0; i < 100; i++) {
      const two = dice.twoD6();
      assert.equal(two.sum, two.dice[0] + two.dice[1]);
      const three = dice.threeD6();
      assert.equal(three.sum, three.dice[0] + three.dice[1] + three.dice[2]);
      assert.ok(three.sum >= 3 && three.sum <= 18);
    }
  });
  it("refuses a seed that is not 32 bytes", () => {
    assert.throws(() => new ChaChaDice(new Uint8Array(16)), /32 bytes/);
    assert.throws(() => ChaChaDice.fromHex("abc"), /64 hex/);
  });
});

describe("scripted dice", () => {
  it("serves the chosen values in order, splitting 2d6 and 3d6 sums", () => {
    const dice = new ScriptedDice([4, 7, { die: "d20", value: 13 }, { die: "3d6", value: 15 }, 1]);
    assert.equal(dice.d6(), 4);
    assert.deepEqual(dice.twoD6(), { dice: [6, 1], sum: 7 });
    assert.equal(dice.d20(), 13);
    const three = dice.threeD6();
    assert.equal(three.sum, 15);
    assert.ok(three.dice.every((d) => d >= 1 && d <= 6));
    assert.equal(dice.d100(), 1);
  });
  it("fails loudly when it runs out", () => {
    const dice = new ScriptedDice([3]);
    dice.d6();
    assert.throws(() => dice.d20(), ScriptedDiceExhausted);
  });
  it("fails loudly on a value the die cannot show or a die of the wrong kind", () => {
    assert.throws(() => new ScriptedDice([7]).d6(), ScriptedDiceMismatch);
    assert.throws(() => new ScriptedDice([{ die: "d6", value: 3 }]).d20(), ScriptedDiceMismatch);
  });
});

describe("recording dice", () => {
  it("records every roll with its purpose", () => {
    const dice = recordingDice(new ScriptedDice([2, 9, 17]));
    dice.d6("at-bat column");
    dice.twoD6("at-bat row");
    dice.d20("at-bat split");
    assert.deepEqual(dice.readings, [
      { purpose: "at-bat column", dice: "d6", value: 2 },
      { purpose: "at-bat row", dice: "2d6", value: 9 },
      { purpose: "at-bat split", dice: "d20", value: 17 },
    ]);
  });
});
