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
/** The block counter is 32 bits (RFC 8439 §2.3): the stream ends after 2^32 blocks. */
const BLOCKS_IN_STREAM = 0x1_0000_0000;
const TWO_POW_32 = 0x1_0000_0000;

/**
 * One ChaCha20 block (RFC 8439 §2.3) with a zero nonce (one key per game, so a fixed nonce is
 * safe): the 16 keystream words for `counter`, each the little-endian 32-bit word of the bytes a
 * ChaCha20 cipher (such as @noble/ciphers' chacha20, which dice.test.ts checks this against)
 * XORs with its input. Written out here rather than taken from a cipher library: the engine reads
 * one block at a time, and a call into a library's stream cipher (its byte copies, views and
 * checks) cost more than the 20 rounds themselves.
 */
function chachaBlock(key: Uint32Array, counter: number, out: Uint32Array): void {
  // "expand 32-byte k", the key, the block counter, the nonce (zero).
  const j0 = 0x61707865;
  const j1 = 0x3320646e;
  const j2 = 0x79622d32;
  const j3 = 0x6b206574;
  const j4 = key[0]! | 0;
  const j5 = key[1]! | 0;
  const j6 = key[2]! | 0;
  const j7 = key[3]! | 0;
  const j8 = key[4]! | 0;
  const j9 = key[5]! | 0;
  const j10 = key[6]! | 0;
  const j11 = key[7]! | 0;
  const j12 = counter | 0;
  let x0 = j0;
  let x1 = j1;
  let x2 = j2;
  let x3 = j3;
  let x4 = j4;
  let x5 = j5;
  let x6 = j6;
  let x7 = j7;
  let x8 = j8;
  let x9 = j9;
  let x10 = j10;
  let x11 = j11;
  let x12 = j12;
  let x13 = 0;
  let x14 = 0;
  let x15 = 0;
  // Ten double rounds: a quarter round on each column, then on each diagonal (§2.1, §2.3).
  // Quarter round (a, b, c, d): a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12;
  // a += b; d ^= a; d <<<= 8; c += d; b ^= c; b <<<= 7. Spelled out so every word stays a local.
  // biome-ignore format: four statements a line, one quarter round a paragraph, as §2.1 writes it
  for (let round = 0; round < 10; round++) {
    // columns
    x0 = (x0 + x4) | 0; x12 ^= x0; x12 = (x12 << 16) | (x12 >>> 16);
    x8 = (x8 + x12) | 0; x4 ^= x8; x4 = (x4 << 12) | (x4 >>> 20);
    x0 = (x0 + x4) | 0; x12 ^= x0; x12 = (x12 << 8) | (x12 >>> 24);
    x8 = (x8 + x12) | 0; x4 ^= x8; x4 = (x4 << 7) | (x4 >>> 25);
    x1 = (x1 + x5) | 0; x13 ^= x1; x13 = (x13 << 16) | (x13 >>> 16);
    x9 = (x9 + x13) | 0; x5 ^= x9; x5 = (x5 << 12) | (x5 >>> 20);
    x1 = (x1 + x5) | 0; x13 ^= x1; x13 = (x13 << 8) | (x13 >>> 24);
    x9 = (x9 + x13) | 0; x5 ^= x9; x5 = (x5 << 7) | (x5 >>> 25);
    x2 = (x2 + x6) | 0; x14 ^= x2; x14 = (x14 << 16) | (x14 >>> 16);
    x10 = (x10 + x14) | 0; x6 ^= x10; x6 = (x6 << 12) | (x6 >>> 20);
    x2 = (x2 + x6) | 0; x14 ^= x2; x14 = (x14 << 8) | (x14 >>> 24);
    x10 = (x10 + x14) | 0; x6 ^= x10; x6 = (x6 << 7) | (x6 >>> 25);
    x3 = (x3 + x7) | 0; x15 ^= x3; x15 = (x15 << 16) | (x15 >>> 16);
    x11 = (x11 + x15) | 0; x7 ^= x11; x7 = (x7 << 12) | (x7 >>> 20);
    x3 = (x3 + x7) | 0; x15 ^= x3; x15 = (x15 << 8) | (x15 >>> 24);
    x11 = (x11 + x15) | 0; x7 ^= x11; x7 = (x7 << 7) | (x7 >>> 25);
    // diagonals
    x0 = (x0 + x5) | 0; x15 ^= x0; x15 = (x15 << 16) | (x15 >>> 16);
    x10 = (x10 + x15) | 0; x5 ^= x10; x5 = (x5 << 12) | (x5 >>> 20);
    x0 = (x0 + x5) | 0; x15 ^= x0; x15 = (x15 << 8) | (x15 >>> 24);
    x10 = (x10 + x15) | 0; x5 ^= x10; x5 = (x5 << 7) | (x5 >>> 25);
    x1 = (x1 + x6) | 0; x12 ^= x1; x12 = (x12 << 16) | (x12 >>> 16);
    x11 = (x11 + x12) | 0; x6 ^= x11; x6 = (x6 << 12) | (x6 >>> 20);
    x1 = (x1 + x6) | 0; x12 ^= x1; x12 = (x12 << 8) | (x12 >>> 24);
    x11 = (x11 + x12) | 0; x6 ^= x11; x6 = (x6 << 7) | (x6 >>> 25);
    x2 = (x2 + x7) | 0; x13 ^= x2; x13 = (x13 << 16) | (x13 >>> 16);
    x8 = (x8 + x13) | 0; x7 ^= x8; x7 = (x7 << 12) | (x7 >>> 20);
    x2 = (x2 + x7) | 0; x13 ^= x2; x13 = (x13 << 8) | (x13 >>> 24);
    x8 = (x8 + x13) | 0; x7 ^= x8; x7 = (x7 << 7) | (x7 >>> 25);
    x3 = (x3 + x4) | 0; x14 ^= x3; x14 = (x14 << 16) | (x14 >>> 16);
    x9 = (x9 + x14) | 0; x4 ^= x9; x4 = (x4 << 12) | (x4 >>> 20);
    x3 = (x3 + x4) | 0; x14 ^= x3; x14 = (x14 << 8) | (x14 >>> 24);
    x9 = (x9 + x14) | 0; x4 ^= x9; x4 = (x4 << 7) | (x4 >>> 25);
  }
  // The keystream is the rounds' output plus the input, word by word (the Uint32Array wraps).
  out[0] = x0 + j0;
  out[1] = x1 + j1;
  out[2] = x2 + j2;
  out[3] = x3 + j3;
  out[4] = x4 + j4;
  out[5] = x5 + j5;
  out[6] = x6 + j6;
  out[7] = x7 + j7;
  out[8] = x8 + j8;
  out[9] = x9 + j9;
  out[10] = x10 + j10;
  out[11] = x11 + j11;
  out[12] = x12 + j12;
  out[13] = x13;
  out[14] = x14;
  out[15] = x15;
}

/**
 * A die stream read from the ChaCha20 keystream of a 32-byte seed. Each die face is drawn from one
 * 32-bit little-endian word by rejection sampling (words past the largest multiple of the face
 * count are skipped), so every face is exactly equally likely. The cursor is the number of words
 * consumed, which is all a snapshot needs to resume the stream.
 */
export class ChaChaDice implements DiceSource {
  /** The seed as eight little-endian key words. */
  readonly #key = new Uint32Array(8);
  /** The keystream block the cursor is in (computed when first read: seeking costs nothing). */
  readonly #block = new Uint32Array(WORDS_PER_BLOCK);
  /** Word index (in the whole stream) of #block[0]; -1 before the first block. */
  #blockStart = -1;
  #word = 0;
  /** The last cursor reported, handed out again while the stream has not moved (plain data no
   *  one mutates): the reducer's before/after check makes one cursor per action that rolls, and
   *  none for one that does not, instead of two for every action. */
  #cursor: Extract<DiceCursor, { kind: "chacha20" }> = { kind: "chacha20", word: 0 };

  constructor(seed: Uint8Array, cursor?: DiceCursor) {
    if (seed.length !== 32) throw new RangeError(`a dice seed is 32 bytes, got ${seed.length}`);
    for (let i = 0; i < 8; i++) {
      const at = i * 4;
      this.#key[i] =
        seed[at]! | (seed[at + 1]! << 8) | (seed[at + 2]! << 16) | (seed[at + 3]! << 24);
    }
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
    const word = this.#word;
    let offset = word - this.#blockStart;
    if (this.#blockStart < 0 || offset < 0 || offset >= WORDS_PER_BLOCK) {
      const block = Math.floor(word / WORDS_PER_BLOCK);
      if (block >= BLOCKS_IN_STREAM) throw new RangeError("the dice stream is exhausted");
      chachaBlock(this.#key, block, this.#block);
      this.#blockStart = block * WORDS_PER_BLOCK;
      offset = word - this.#blockStart;
    }
    this.#word = word + 1;
    return this.#block[offset]!;
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
