// A small dice game behind the Rules port, for testing the game service before (and apart from)
// the real engine: two innings, three outs each; the fielding side declares its defense, then the
// batting side its approach, then one d6 decides (ChaCha20 dice from the game's seed). It is pure
// and deterministic like the engine, so replay, idempotency and timers are tested for real.

import { z } from "zod";
import { cardHash } from "../../db/ops/card-bodies.js";
import { ChaChaDice } from "../../engine/dice.js";
import type { LineupEntry, PlayRecord } from "../../engine/play-record.js";
import { ZERO_STATS } from "../../engine/play-record.js";
import type { AiManager, PendingDecision, Rules } from "../ports.js";
import type { Side, Viewer } from "../types.js";

export interface ToyState {
  version: number;
  seed: string;
  cursor: number;
  innings: number;
  inning: number;
  half: "top" | "bottom";
  outs: number;
  score: { home: number; away: number };
  /** The defense's declared choice, hidden from the offense's view until the roll. */
  defense: "back" | "in" | null;
  plays: number;
  over: boolean;
  lastDecidedByAi: boolean;
}

export const ToyActionSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("setDefense"),
    infield: z.enum(["back", "in"]),
    decidedByAi: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("setOffense"),
    approach: z.enum(["swing", "bunt"]),
    decidedByAi: z.boolean().optional(),
  }),
]);
export type ToyAction = z.infer<typeof ToyActionSchema>;

const SetupSchema = z.object({ innings: z.number().int().min(1).max(9) });

const batting = (s: ToyState): Side => (s.half === "top" ? "away" : "home");
const fielding = (s: ToyState): Side => (s.half === "top" ? "home" : "away");

/** The toy game's three cards (a name each), by lineup id, each under its card hash. */
const TOY_CARDS = (() => {
  const bodies: Record<string, unknown> = {};
  const players: Record<string, string> = {};
  for (const [lineupId, card] of [
    [1, { name: "Away Batter" }],
    [2, { name: "Home Pitcher" }],
    [3, { name: "Home Catcher" }],
  ] as const) {
    const hash = cardHash(card);
    bodies[hash] = card;
    players[lineupId] = hash;
  }
  return { refs: { players }, bodies };
})();

export const toyRules: Rules<ToyState, ToyAction> = {
  start(setup, seed) {
    const parsed = SetupSchema.safeParse(setup);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: "game/invalid_lineup", message: "bad setup", details: null },
      };
    }
    return {
      ok: true,
      value: {
        version: 1,
        seed,
        cursor: 0,
        innings: parsed.data.innings,
        inning: 1,
        half: "top",
        outs: 0,
        score: { home: 0, away: 0 },
        defense: null,
        plays: 0,
        over: false,
        lastDecidedByAi: false,
      },
    };
  },
  parse(raw) {
    const parsed = ToyActionSchema.safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      error: {
        code: "payload/invalid",
        message: "not a decision",
        details: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    };
  },
  apply(state, action) {
    if (state.over) return refused("action/game_over", "the game is over");
    if (action.type === "setDefense") {
      if (state.defense !== null) return refused("action/out_of_order", "defense already set");
      return {
        ok: true,
        value: {
          state: { ...state, defense: action.infield, version: state.version + 1 },
          events: [{ type: "defenseSet" }],
          plays: [],
          substitutions: [],
        },
      };
    }
    if (state.defense === null) return refused("action/out_of_order", "the defense sets first");
    const dice = ChaChaDice.fromHex(state.seed, { kind: "chacha20", word: state.cursor });
    const roll = dice.d6();
    const runs = roll === 6 || (roll === 5 && state.defense === "back") ? 1 : 0;
    const outs = roll <= 2 || (action.approach === "bunt" && roll <= 4) ? 1 : 0;
    const side = batting(state);
    const score = { ...state.score, [side]: state.score[side] + runs };
    let { inning, half } = state;
    let newOuts = state.outs + outs;
    let over = false;
    if (newOuts >= 3) {
      newOuts = 0;
      if (half === "top") {
        half = "bottom";
        if (inning >= state.innings && score.home > score.away) over = true;
      } else {
        if (inning >= state.innings && score.home !== score.away) over = true;
        inning += 1;
        half = "top";
      }
    }
    if (
      half === "bottom" &&
      state.half === "bottom" &&
      inning >= state.innings &&
      score.home > score.away
    ) {
      over = true; // walk-off
    }
    const play: PlayRecord = toyPlay(
      state,
      state.plays + 1,
      state.version + 1,
      roll,
      runs,
      outs,
      action.decidedByAi === true,
    );
    return {
      ok: true,
      value: {
        state: {
          ...state,
          version: state.version + 1,
          cursor: dice.cursor().kind === "chacha20" ? (dice.cursor() as { word: number }).word : 0,
          inning,
          half,
          outs: newOuts,
          score,
          defense: null,
          plays: state.plays + 1,
          over,
          lastDecidedByAi: action.decidedByAi === true,
        },
        events: [{ type: "plateAppearanceEnded", roll }],
        plays: [play],
        substitutions: [],
      },
    };
  },
  pending(state): PendingDecision {
    if (state.over) return { side: null, decision: "game_over", details: null };
    if (state.defense === null)
      return { side: fielding(state), decision: "defense", details: null };
    return { side: batting(state), decision: "offense", details: null };
  },
  view(state, viewer: Viewer) {
    const { seed: _seed, cursor: _cursor, ...rest } = state;
    if (viewer !== fielding(state))
      return { ...rest, defense: state.defense === null ? null : "declared" };
    return rest;
  },
  fullView(state, viewer) {
    return toyRules.view(state, viewer);
  },
  cards: () => TOY_CARDS,
  version: (s) => s.version,
  score: (s) => ({
    homeScore: s.score.home,
    awayScore: s.score.away,
    over: s.over,
    winner: !s.over ? null : s.score.home > s.score.away ? "home" : "away",
  }),
  playCount: (s) => s.plays,
  lineup: () => TOY_LINEUP,
  scheduledInnings: (s) => s.innings,
  serverAction: () => null,
  markDecidedByAi: (a) => ({ ...a, decidedByAi: true }),
  serialize: (s) => ({ ...s }),
  fingerprint: (s) => JSON.stringify(s),
};

const TOY_LINEUP: LineupEntry[] = [1, 2, 3].map((id) => ({
  id,
  team: id === 1 ? "away" : "home",
  playerId: 100 + id,
  name: ["", "Away Batter", "Home Pitcher", "Home Catcher"][id]!,
  position: id === 1 ? "DH" : id === 2 ? "P" : "C",
  battingOrder: id === 1 ? 1 : null,
  isStarter: true,
  isActive: true,
  enteredInning: 1,
  replacingId: null,
  afterPlay: null,
  isFatigued: false,
}));

function refused(code: string, message: string) {
  return { ok: false as const, error: { code, message, details: null } };
}

function toyPlay(
  s: ToyState,
  playNumber: number,
  version: number,
  roll: number,
  runs: number,
  outs: number,
  decidedByAi: boolean,
): PlayRecord {
  return {
    playNumber,
    version,
    inning: s.inning,
    half: s.half,
    outsBefore: s.outs,
    battingOrder: 1,
    awayScoreBefore: s.score.away,
    homeScoreBefore: s.score.home,
    batterId: 1,
    pitcherId: 2,
    catcherId: 3,
    defenderId: null,
    runnerId: null,
    onFirstId: null,
    onSecondId: null,
    onThirdId: null,
    onFirstFinal: null,
    onSecondFinal: null,
    onThirdFinal: null,
    batterFinal: runs > 0 ? 4 : outs > 0 ? null : 1,
    onBaseCode: 0,
    onBaseCodeAfter: 0,
    runners: [],
    defensiveChoices: { infield: s.defense },
    offensiveChoices: {},
    diceRoll: [{ purpose: "at-bat", dice: "d6", value: roll }],
    hitType: runs > 0 ? "HR" : outs > 0 ? "K" : "SI*",
    description: runs > 0 ? "home run" : outs > 0 ? "strikeout" : "single",
    outsRecorded: outs,
    runsScored: runs,
    checkPos: null,
    errors: [],
    stats: { ...ZERO_STATS, pa: 1, run: runs },
    wpa: 0,
    re24: 0,
    isTied: false,
    isGoAhead: false,
    isNewInning: s.outs === 0,
    inPow: false,
    decidedByAi,
    complete: true,
    locked: false,
  };
}

/** The toy's "AI": infield back, swing away (bunts when told to be safe). */
export const toyAi: AiManager = {
  decide(_view, decision, difficulty) {
    if (decision.decision === "defense") return { type: "setDefense", infield: "back" };
    return { type: "setOffense", approach: difficulty === "safe" ? "bunt" : "swing" };
  },
};
