import type { OnBaseCode } from "../bases.js";
import type { GroundballGrade } from "../results.js";

/**
 * Groundball charts (rules reference §4.2, §4.3), as DATA keyed by on_base_code (1 = R1, 2 = R2,
 * 4 = R3) and grade. With two outs every grounder is the third out at first and no run scores:
 * that rule is applied before these charts are read.
 *
 * A play lists who is out, in the order the outs are made (0 = the batter, 1..3 = the runner who
 * started on that base), and where each other man ends (4 = scores). A runner the play does not
 * name holds. `dp` marks a double play; `force` says every out is a force (so no run counts when
 * one of them is the third out).
 */
export type Man = 0 | 1 | 2 | 3;
export type EndBase = 1 | 2 | 3 | 4;

export interface GroundballPlay {
  readonly outs: readonly Man[];
  readonly to: Readonly<Partial<Record<Man, EndBase>>>;
  readonly dp: boolean;
}

type Chart = Readonly<Record<OnBaseCode, Readonly<Record<GroundballGrade, GroundballPlay>>>>;

const out = (to: GroundballPlay["to"] = {}): GroundballPlay => ({ outs: [0], to, dp: false });
const forceAtSecond = (to: GroundballPlay["to"]): GroundballPlay => ({
  outs: [1],
  to: { 0: 1, ...to },
  dp: false,
});
const doublePlay = (first: Man, to: GroundballPlay["to"] = {}): GroundballPlay => ({
  outs: [first, 0],
  to,
  dp: true,
});

/** §4.2: infield back, fewer than two outs. */
export const GROUNDBALL_INFIELD_BACK: Chart = {
  0: { A: out(), B: out(), C: out() },
  1: { A: doublePlay(1), B: forceAtSecond({}), C: out({ 1: 2 }) },
  2: { A: out(), B: out(), C: out({ 2: 3 }) },
  3: {
    A: doublePlay(1, { 2: 3 }),
    B: forceAtSecond({ 2: 3 }),
    C: out({ 1: 2, 2: 3 }),
  },
  4: { A: out(), B: out(), C: out({ 3: 4 }) },
  5: {
    A: doublePlay(1, { 3: 4 }),
    B: forceAtSecond({ 3: 4 }),
    C: out({ 1: 2, 3: 4 }),
  },
  6: { A: out(), B: out(), C: out({ 2: 3, 3: 4 }) },
  7: {
    A: doublePlay(1, { 2: 3, 3: 4 }),
    B: forceAtSecond({ 2: 3, 3: 4 }),
    C: out({ 1: 2, 2: 3, 3: 4 }),
  },
};

/**
 * §4.3 [D]: the infield playing in, fewer than two outs. With R3: on GB A/B he holds unless forced
 * (forced: out at home); on GB C he scores and the batter is out. Bases loaded: home-to-first DP
 * [S]. Without R3 the infield-back chart applies.
 */
export const GROUNDBALL_INFIELD_IN: Chart = {
  ...GROUNDBALL_INFIELD_BACK,
  4: { A: out(), B: out(), C: out({ 3: 4 }) },
  5: {
    A: doublePlay(1),
    B: forceAtSecond({}),
    C: out({ 1: 2, 3: 4 }),
  },
  6: { A: out(), B: out(), C: out({ 2: 3, 3: 4 }) },
  7: {
    A: doublePlay(3, { 1: 2, 2: 3 }),
    B: { outs: [3], to: { 0: 1, 1: 2, 2: 3 }, dp: false },
    C: out({ 1: 2, 2: 3, 3: 4 }),
  },
};

export function readGroundballChart(
  code: OnBaseCode,
  grade: GroundballGrade,
  infieldIn: boolean,
): GroundballPlay {
  return (infieldIn ? GROUNDBALL_INFIELD_IN : GROUNDBALL_INFIELD_BACK)[code][grade];
}
