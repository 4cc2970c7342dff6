import { chacha20 } from "@noble/ciphers/chacha.js";
import type { DiceReading } from "./play-record.js";

/**
 * The dice (rules reference §1). The engine never makes a random number itself: every roll comes
 * from an injected DiceSource. Production seeds a ChaCha20 keystream from node:crypto outside the
 * engine; tests, simulations and replays use a seeded stream or a scripted source.
 */

export interface TwoDice {
  readonly dice: readonly [number, number];
  readonly sum: number;
}

export interface ThreeDice {
  readonly dice: readonly [number, number, number];
  readonly sum: number;
}

/** Where a dice source stands, as plain data: enough to resume it exactly. */
export type DiceCursor =
  | { readonly kind: "chacha20"; readonly word: number }
  | { readonly kind: "scripted"; readonly index: number };

/** The raw dice, as the engine asks for them. */
export interface DiceSource {
  d6(): number;
  twoD6(): TwoDice;
  d20(): number;
  threeD6(): ThreeDice;
  d100(): number;
  /** Where the source stands now. */
  cursor(): DiceCursor;
  /** Go back (or forward) to a cursor this source reported. */
  seek(cursor: DiceCursor): void;
}

// ---------------------------------------------------------------------------------------------
// ChaCha20 stream

const WORDS_PER_BLOCK = 16; // a ChaCha20 block is 64 bytes
/**
 * One action reads a handful of words (an at-bat 4 or 5): the first refill is the block the
 * cursor is in and the next, so an action that starts near the end of a block rarely needs a
 * second call into the cipher. A source read past them is on a long run (a whole game reads ~380
 * words, 24 blocks): the next refill is a game's worth at once, then the whole buffer each time.
 * A call into the cipher costs about as much as 20 blocks of keystream (its copies and views),
 * so refills that doubled (1, 2, 4, 8, 16: five calls per game) cost more than the blocks they
 * saved.
 */
const FIRST_REFILL_BLOCKS = 2;
const SECOND_REFILL_BLOCKS = 32;
const BUFFER_BLOCKS = 64; // 4 KiB of keystream per refill for long runs
const BUFFER_WORDS = WORDS_PER_BLOCK * BUFFER_BLOCKS;
const TWO_POW_32 = 0x1_0000_0000;
const NONCE = new Uint8Array(12); // one key per game, so a fixed nonce is safe
/** The plaintext ChaCha20 XORs with: zeros, so the output is the keystream itself (read only). */
const ZEROS = new Uint8Array(BUFFER_WORDS * 4);
const EMPTY_BYTES = new Uint8Array(0);
/** ZEROS cut to each refill's length, once: a refill is one of three lengths (see above). */
const ZEROS_BY_BLOCKS = new Map<number, Uint8Array>();

function zerosOf(blocks: number): Uint8Array {
  let zeros = ZEROS_BY_BLOCKS.get(blocks);
  if (zeros === undefined) {
    zeros = ZEROS.subarray(0, blocks * WORDS_PER_BLOCK * 4);
    ZEROS_BY_BLOCKS.set(blocks, zeros);
  }
  return zeros;
}

/**
 * A die stream read from the ChaCha20 keystream of a 32-byte seed. Each die face is drawn from one
 * 32-bit little-endian word by rejection sampling (words past the largest multiple of the face
 * count are skipped), so every face is exactly equally likely. The cursor is the number of words
 * consumed, which is all a snapshot needs to resume the stream.
 */
export class ChaChaDice implements DiceSource {
  readonly #seed: Uint8Array;
  #bytes = EMPTY_BYTES;
  #words = new Uint32Array(0);
  /** Word index (in the whole stream) of #words[0]; -1 before the first refill. */
  #bufferStart = -1;
  /** Words in the buffer: a source made for one action (the server's way) fills two blocks, a
   *  long run then SECOND_REFILL_BLOCKS, then BUFFER_WORDS. The words drawn do not depend on it. */
  #bufferWords = 0;
  #refillBlocks = FIRST_REFILL_BLOCKS;
  #word = 0;
  /** The last cursor reported, handed out again while the stream has not moved (plain data no
   *  one mutates): the reducer's before/after check makes one cursor per action that rolls, and
   *  none for one that does not, instead of two for every action. */
  #cursor: Extract<DiceCursor, { kind: "chacha20" }> = { kind: "chacha20", word: 0 };

  constructor(seed: Uint8Array, cursor?: DiceCursor) {
    if (seed.length !== 32) throw new RangeError(`a dice seed is 32 bytes, got ${seed.length}`);
    this.#seed = Uint8Array.from(seed);
    if (cursor !== undefined) this.seek(cursor);
  }

  /** A stream from a 64-character hex seed (as stored beside a game). */
  static fromHex(seedHex: string, cursor?: DiceCursor): ChaChaDice {
    if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
      throw new RangeError("a dice seed is 64 hex characters (32 bytes)");
    }
    const seed = new Uint8Array(32);
    for (let i = 0; i < 32; i++) seed[i] = Number.parseInt(seedHex.slice(i * 2, i * 2 + 2), 16);
    return new ChaChaDice(seed, cursor);
  }

  cursor(): DiceCursor {
    if (this.#cursor.word !== this.#word) this.#cursor = { kind: "chacha20", word: this.#word };
    return this.#cursor;
  }

  seek(cursor: DiceCursor): void {
    if (cursor.kind !== "chacha20" || !Number.isSafeInteger(cursor.word) || cursor.word < 0) {
      throw new RangeError(`not a ChaCha20 dice cursor: ${JSON.stringify(cursor)}`);
    }
    this.#word = cursor.word;
  }

  /** The next raw 32-bit word of the keystream. */
  nextWord(): number {
    let offset = this.#word - this.#bufferStart;
    if (this.#bufferStart < 0 || offset < 0 || offset >= this.#bufferWords) {
      this.#refill();
      offset = this.#word - this.#bufferStart;
    }
    this.#word++;
    return this.#words[offset]!;
  }

  #refill(): void {
    const block = Math.floor(this.#word / WORDS_PER_BLOCK);
    const blocks = this.#refillBlocks;
    if (block + BUFFER_BLOCKS >= TWO_POW_32) throw new RangeError("the dice stream is exhausted");
    const bytes = blocks * WORDS_PER_BLOCK * 4;
    if (this.#bytes.length < bytes) {
      // The first refill fits a small buffer; past it, the buffer grows once, to its full size.
      this.#bytes = new Uint8Array(blocks === FIRST_REFILL_BLOCKS ? bytes : BUFFER_WORDS * 4);
      this.#words = new Uint32Array(this.#bytes.buffer);
    }
    const output = bytes === this.#bytes.length ? this.#bytes : this.#bytes.subarray(0, bytes);
    chacha20(this.#seed, NONCE, zerosOf(blocks), output, block);
    this.#bufferStart = block * WORDS_PER_BLOCK;
    this.#bufferWords = blocks * WORDS_PER_BLOCK;
    this.#refillBlocks = blocks < SECOND_REFILL_BLOCKS ? SECOND_REFILL_BLOCKS : BUFFER_BLOCKS;
    if (!LITTLE_ENDIAN) {
      const view = new DataView(this.#bytes.buffer);
      for (let i = 0; i < this.#bufferWords; i++) this.#words[i] = view.getUint32(i * 4, true);
    }
  }

  /** A uniform integer 1..faces, unbiased. */
  roll(faces: number): number {
    const limit = TWO_POW_32 - (TWO_POW_32 % faces);
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return 1 + (word % faces);
    }
  }

  d6(): number {
    return this.roll(6);
  }
  twoD6(): TwoDice {
    const a = this.roll(6);
    const b = this.roll(6);
    return { dice: [a, b], sum: a + b };
  }
  d20(): number {
    return this.roll(20);
  }
  threeD6(): ThreeDice {
    const a = this.roll(6);
    const b = this.roll(6);
    const c = this.roll(6);
    return { dice: [a, b, c], sum: a + b + c };
  }
  d100(): number {
    return this.roll(100);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------
// Scripted dice, for tests: "on chosen dice"

export type DieKind = "d6" | "2d6" | "d20" | "3d6" | "d100";

/** A chosen roll: a bare number is served to whatever die is asked for next; a labelled one
 *  insists on its die, so a test that drifts out of step fails at once. */
export type ScriptedRoll = number | { readonly die: DieKind; readonly value: number };

const DIE_RANGE: Readonly<Record<DieKind, readonly [number, number]>> = {
  d6: [1, 6],
  "2d6": [2, 12],
  d20: [1, 20],
  "3d6": [3, 18],
  d100: [1, 100],
};

export class ScriptedDiceExhausted extends Error {
  override readonly name = "ScriptedDiceExhausted";
}

export class ScriptedDiceMismatch extends Error {
  override readonly name = "ScriptedDiceMismatch";
}

/**
 * Serves chosen values in order. 2d6 and 3d6 take the SUM; the single dice are split from it
 * (7 -> [4, 3]). Throws when it runs out or a value cannot come up on the die asked for.
 */
export class ScriptedDice implements DiceSource {
  readonly #rolls: readonly ScriptedRoll[];
  #index = 0;

  constructor(rolls: readonly ScriptedRoll[]) {
    this.#rolls = [...rolls];
  }

  /** How many chosen rolls are left. */
  get remaining(): number {
    return this.#rolls.length - this.#index;
  }

  cursor(): DiceCursor {
    return { kind: "scripted", index: this.#index };
  }

  seek(cursor: DiceCursor): void {
    if (cursor.kind !== "scripted") throw new RangeError("not a scripted dice cursor");
    this.#index = cursor.index;
  }

  #next(die: DieKind): number {
    const roll = this.#rolls[this.#index];
    if (roll === undefined) {
      throw new ScriptedDiceExhausted(
        `scripted dice ran out: roll #${this.#index + 1} (a ${die}) was asked for, only ${this.#rolls.length} were chosen`,
      );
    }
    const value = typeof roll === "number" ? roll : roll.value;
    if (typeof roll !== "number" && roll.die !== die) {
      throw new ScriptedDiceMismatch(
        `scripted roll #${this.#index + 1} is a ${roll.die} (${roll.value}) but the engine asked for a ${die}`,
      );
    }
    const [low, high] = DIE_RANGE[die];
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new ScriptedDiceMismatch(
        `scripted roll #${this.#index + 1} is ${value}, which cannot come up on a ${die}`,
      );
    }
    this.#index++;
    return value;
  }

  d6(): number {
    return this.#next("d6");
  }
  twoD6(): TwoDice {
    const sum = this.#next("2d6");
    const a = Math.min(6, sum - 1);
    return { dice: [a, sum - a], sum };
  }
  d20(): number {
    return this.#next("d20");
  }
  threeD6(): ThreeDice {
    const sum = this.#next("3d6");
    const a = Math.min(6, sum - 2);
    const b = Math.min(6, sum - a - 1);
    return { dice: [a, b, sum - a - b], sum };
  }
  d100(): number {
    return this.#next("d100");
  }
}

// ---------------------------------------------------------------------------------------------
// Recording: every roll goes into the play being built

/** The dice as the rules use them: each call names its purpose and is recorded. */
export interface PlayDice {
  d6(purpose: string): number;
  twoD6(purpose: string): TwoDice;
  d20(purpose: string): number;
  threeD6(purpose: string): ThreeDice;
  d100(purpose: string): number;
  /** Every roll made so far, in order. */
  readonly readings: DiceReading[];
}

export function recordingDice(source: DiceSource, readings: DiceReading[] = []): PlayDice {
  return new RecordingDice(source, readings);
}

/** A class rather than an object of closures: one small object per play, methods shared. */
class RecordingDice implements PlayDice {
  readonly source: DiceSource;
  readonly readings: DiceReading[];

  constructor(source: DiceSource, readings: DiceReading[]) {
    this.source = source;
    this.readings = readings;
  }

  d6(purpose: string): number {
    const value = this.source.d6();
    this.readings.push({ purpose, dice: "d6", value });
    return value;
  }
  twoD6(purpose: string): TwoDice {
    const roll = this.source.twoD6();
    this.readings.push({ purpose, dice: "2d6", value: roll.sum });
    return roll;
  }
  d20(purpose: string): number {
    const value = this.source.d20();
    this.readings.push({ purpose, dice: "d20", value });
    return value;
  }
  threeD6(purpose: string): ThreeDice {
    const roll = this.source.threeD6();
    this.readings.push({ purpose, dice: "3d6", value: roll.sum });
    return roll;
  }
  d100(purpose: string): number {
    const value = this.source.d100();
    this.readings.push({ purpose, dice: "d100", value });
    return value;
  }
}
