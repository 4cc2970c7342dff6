/**
 * on_base_code: a bit field of the occupied bases. 1 = runner on first (R1), 2 = R2, 4 = R3.
 * So 0 empty, 3 = R1R2, 5 = R1R3, 6 = R2R3, 7 = loaded. (An old chart order swapped 3 and 4:
 * runner charts are keyed by this encoding, and bases.test.ts pins it.)
 */
export type Base = 1 | 2 | 3;
export type OnBaseCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const BASE_BIT: Readonly<Record<Base, number>> = { 1: 1, 2: 2, 3: 4 };

/** Runners by base: the lineup id of the runner on each base, or null. */
export interface BaseRunners {
  readonly first: number | null;
  readonly second: number | null;
  readonly third: number | null;
}

export const EMPTY_BASES: BaseRunners = { first: null, second: null, third: null };

export function onBaseCode(bases: BaseRunners): OnBaseCode {
  return ((bases.first !== null ? 1 : 0) |
    (bases.second !== null ? 2 : 0) |
    (bases.third !== null ? 4 : 0)) as OnBaseCode;
}

export function isOccupied(code: OnBaseCode, base: Base): boolean {
  return (code & BASE_BIT[base]) !== 0;
}
