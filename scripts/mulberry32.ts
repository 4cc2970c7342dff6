/**
 * mulberry32: a tiny seeded generator of floats in [0, 1), for tools and tests that want the same
 * "random" choices on every run (the sample-league generator, the kill -9 test, the boardgame.io
 * baseline). Not for dice: games draw theirs from the ChaCha20 stream (src/engine/dice.ts).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
