// The Rules port over the real engine (src/engine). The service's state is the engine's GameState
// plus the game's secret dice seed, which stays on the server: views never carry it (the engine's
// viewFor strips the dice cursor, and the seed is not in GameState at all).

import { createHash } from "node:crypto";
import { cardHash } from "../db/ops/card-bodies.js";
import { defaultAction } from "../engine/defaults.js";
import {
  type Action,
  applyAction,
  ChaChaDice,
  createGame,
  type GameSetup,
  type GameState,
  type LineupEntry,
  type PlayRecord,
  parseAction,
  viewFor,
} from "../engine/index.js";
import { CARDS } from "./card-interning.js";
import type { Refusal } from "./errors.js";
import type { AiManager, PendingDecision, Rules } from "./ports.js";
import type { FieldChanges, StateChanges } from "./types.js";

export interface EngineGame {
  readonly game: GameState;
  /** 64 hex characters; never sent to a client. */
  readonly seed: string;
  /**
   * The game's dice stream, shared by all its states, so an action reads on from where the last
   * one stopped instead of deriving the ChaCha20 keystream again from the seed (~15 µs an action:
   * most of what a replay spends on dice). The words a stream gives depend only on the seed and
   * the position, and every action first seeks to its state's cursor, so one stream is right for
   * any state of its game, an older one included. Absent: made from the seed when first needed.
   */
  readonly dice?: ChaChaDice;
}

/** The state's dice stream, at the state's cursor. */
function diceFor(state: EngineGame): ChaChaDice {
  const cursor = state.game.diceCursor ?? { kind: "chacha20", word: 0 };
  if (state.dice === undefined) return ChaChaDice.fromHex(state.seed, cursor);
  state.dice.seek(cursor);
  return state.dice;
}

export const engineRules: Rules<EngineGame, Action> = {
  /** Cards come from the process-wide interner: one object per card, shared by every game. */
  start(setup, seed) {
    const created = createGame(CARDS.setup(setup as GameSetup));
    if (!created.ok) {
      return { ok: false, error: { ...refusalOf(created.error), code: "game/invalid_lineup" } };
    }
    return { ok: true, value: { game: created.state, seed } };
  },

  parse(raw) {
    const parsed = parseAction(raw);
    return parsed.ok
      ? { ok: true, value: parsed.action }
      : { ok: false, error: refusalOf(parsed.error) };
  },

  apply(state, action) {
    const dice = diceFor(state);
    const result = applyAction(state.game, action, dice);
    if (!result.ok) return { ok: false, error: refusalOf(result.error) };
    const plays: PlayRecord[] = [];
    for (const event of result.events) {
      if (event.type === "plateAppearanceEnded" || event.type === "playRecorded") {
        plays.push(event.play);
      }
    }
    const substitutions: LineupEntry[] = result.state.lineup.slice(state.game.lineup.length);
    return {
      ok: true,
      value: {
        state: { game: result.state, seed: state.seed, dice },
        events: result.events,
        plays,
        substitutions,
      },
    };
  },

  /**
   * One answer per engine decision object, kept: the service asks several times an action, and the
   * decisions a plate appearance waits on (defense, offense, the roll) are shared engine objects.
   */
  pending(state): PendingDecision {
    const pending = state.game.pending;
    let decision = DECISIONS.get(pending);
    if (decision === undefined) {
      decision = decisionOf(pending);
      DECISIONS.set(pending, decision);
    }
    return decision;
  },

  serverAction(state) {
    return state.game.pending.kind === "roll" ? { type: "rollAtBat" } : null;
  },

  /**
   * Without the starters' cards (sent once, on join); substitutes' cards stay in. Viewers who may
   * see the same things get the same object (one per state), so a broadcast encodes it once.
   */
  view(state, viewer) {
    const view = viewFor(state.game, viewer);
    // viewFor hides only the offense's declared play, by replacing `choices`.
    const sees = view.choices === state.game.choices ? "all" : "hidden";
    let views = SLIM_VIEWS.get(state.game);
    if (views === undefined) {
      views = {};
      SLIM_VIEWS.set(state.game, views);
    }
    views[sees] ??= slimView(view);
    return views[sees];
  },
  /**
   * The fields of the view that changed since `before`: a field of the engine state that is the
   * same object (or value) in both is unchanged, since the engine replaces what it changes. The
   * declared choices are always sent (whether they are hidden depends on the viewer and the
   * moment), the dice cursor never (views do not carry it). Cached like `view`.
   */
  viewChanges(before, after, viewer) {
    const view = viewFor(after.game, viewer);
    const sees = view.choices === after.game.choices ? "all" : "hidden";
    let cached = VIEW_CHANGES.get(after.game);
    if (cached === undefined) {
      cached = {};
      VIEW_CHANGES.set(after.game, cached);
    }
    cached[sees] ??= changedFields(before.game, view);
    return cached[sees];
  },
  fullView: (state, viewer) => viewFor(state.game, viewer),
  /**
   * The starters' cards by lineup id, and the bench's cards by player id (a bench only shrinks:
   * a player who comes in is a lineup entry from then on, and updates carry his card). Each card
   * is named by the sha256 of its canonical JSON, its key in card_bodies too.
   */
  cards(state) {
    const bodies: Record<string, unknown> = {};
    const ref = (card: object) => {
      const hash = cardHash(card);
      bodies[hash] = card;
      return hash;
    };
    const players: Record<string, string> = {};
    for (const entry of state.game.lineup) {
      if (entry.isStarter) players[entry.id] = ref(state.game.players[entry.id]!);
    }
    const bench: Record<string, string> = {};
    for (const player of [...state.game.away.bench, ...state.game.home.bench]) {
      bench[player.id] = ref(player);
    }
    return { refs: { players, bench }, bodies };
  },
  version: (state) => state.game.version,
  score(state) {
    const { game } = state;
    const over = game.pending.kind === "gameOver";
    return {
      homeScore: game.home.runs,
      awayScore: game.away.runs,
      over,
      winner: game.pending.kind === "gameOver" ? game.pending.winner : null,
    };
  },
  playCount: (state) => state.game.playNumber,
  lineup: (state) => state.game.lineup,
  scheduledInnings: (state) => state.game.rules.inningsPerGame,
  /**
   * The engine's timeout action carrying the AI's decision for the late side: the engine applies
   * that decision and marks the play decidedByAi. An action a timeout cannot carry (none the AI
   * makes for a side that owes a decision) falls back to the engine's default decision.
   */
  markDecidedByAi(action) {
    if (!("side" in action)) return action;
    switch (action.type) {
      case "setDefense":
      case "setOffense":
      case "submitCardResult":
      case "decideRunner":
      case "substitute":
      case "changePitcher":
        return { type: "timeout", side: action.side, decision: action };
      case "timeout":
        return action;
      default:
        return { type: "timeout", side: action.side };
    }
  },
  /** The state without its cards (see dynamicState): the start action's setup holds them. */
  serialize: (state) => dynamicState(state.game),
  fingerprint: (state) =>
    createHash("sha256")
      .update(JSON.stringify(dynamicState(state.game)))
      .digest("hex"),
};

/**
 * What changes as a game is played: the engine state with every card replaced by its player id.
 * Cards never change in a game: each one comes from the setup stored in the start action (players
 * by lineup id, each team's bench), so the state is exactly this plus the setup, and a snapshot
 * check of this part catches any replay difference. It is about 2% of the whole state's JSON
 * (two rosters of cards are ~1 MB), so snapshots and their check stay cheap.
 */
export function dynamicState(game: GameState) {
  const players: Record<number, number> = {};
  for (const [lineupId, player] of Object.entries(game.players)) {
    players[Number(lineupId)] = player.id;
  }
  return {
    ...game,
    players,
    away: { ...game.away, bench: game.away.bench.map((player) => player.id) },
    home: { ...game.home, bench: game.home.bench.map((player) => player.id) },
  };
}

const DECISIONS = new WeakMap<GameState["pending"], PendingDecision>();

function decisionOf(pending: GameState["pending"]): PendingDecision {
  if (pending.kind === "gameOver") return { side: null, decision: "gameOver", details: null };
  if (pending.side === "server") return { side: null, decision: pending.kind, details: null };
  const { kind, side, ...details } = pending;
  return { side, decision: kind, details: Object.keys(details).length > 0 ? details : null };
}

/** The views of one state already built, by what they show (see engineRules.view). */
const SLIM_VIEWS = new WeakMap<GameState, { all?: unknown; hidden?: unknown }>();
/** The same for the changes that led to a state (see engineRules.viewChanges). */
const VIEW_CHANGES = new WeakMap<GameState, { all?: StateChanges; hidden?: StateChanges }>();

function slimView(view: GameState) {
  return {
    ...view,
    players: substitutesOf(view),
    away: slimTeam(view.away),
    home: slimTeam(view.home),
  };
}

/**
 * The slim view's fields (see slimView) of `view` whose engine state differs from `before`. A team
 * and the pitchers' tallies go field by field (`patched`): a team object changes every play in a
 * field or two (runs, the man at bat) and keeps its bench, the tallies change one pitcher at a time.
 */
function changedFields(before: GameState, view: GameState): StateChanges {
  const changed: Record<string, unknown> = {};
  const patched: Record<string, FieldChanges> = {};
  const was = before as unknown as Record<string, unknown>;
  const now = view as unknown as Record<string, unknown>;
  for (const key of Object.keys(now)) {
    if (key === "diceCursor") continue;
    if (key !== "choices" && now[key] === was[key]) continue;
    if (key === "players") changed.players = substitutesOf(view);
    else if (key === "away" || key === "home") patched[key] = teamChanges(before[key], view[key]);
    else if (key === "pitchers") patched.pitchers = fieldChanges(before.pitchers, view.pitchers);
    else changed[key] = now[key];
  }
  // A field the state no longer has (an optional one) is listed apart: JSON has no undefined.
  const removed = Object.keys(was).filter((key) => !(key in now));
  return {
    changed,
    ...(removed.length > 0 ? { removed } : {}),
    ...(Object.keys(patched).length > 0 ? { patched } : {}),
  };
}

/** A team's fields that changed, as its slim view shows them (the bench slimmed). */
function teamChanges(before: GameState["away"], after: GameState["away"]): FieldChanges {
  const changes = fieldChanges(before, after);
  if (changes.changed.bench !== undefined) changes.changed.bench = slimTeam(after).bench;
  return changes;
}

/** The fields of `after` that are not the same value or object as in `before`, and those gone. */
function fieldChanges(before: object, after: object): FieldChanges {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now)) if (now[key] !== was[key]) changed[key] = now[key];
  const removed = Object.keys(was).filter((key) => !(key in now));
  return removed.length > 0 ? { changed, removed } : { changed };
}

/** The substitutes' cards by lineup id (the starters' come once, on join). */
function substitutesOf(view: GameState): Record<number, unknown> {
  const substitutes: Record<number, unknown> = {};
  for (const entry of view.lineup) {
    if (!entry.isStarter && view.players[entry.id] !== undefined) {
      substitutes[entry.id] = view.players[entry.id];
    }
  }
  return substitutes;
}

function slimTeam(team: GameState["away"]) {
  let bench = SLIM_BENCHES.get(team.bench);
  if (bench === undefined) {
    bench = team.bench.map(benchEntry);
    SLIM_BENCHES.set(team.bench, bench);
  }
  return { ...team, bench };
}

/** A team's bench as views show it, kept per bench: a team changes every play, its bench rarely. */
const SLIM_BENCHES = new WeakMap<GameState["away"]["bench"], readonly BenchEntry[]>();

type BenchEntry = ReturnType<typeof benchEntry>;

/** A bench player as updates show him: who he is and where he can play (his card is in the league data). */
function benchEntry(player: { id: number; name: string; eligible: readonly string[] }) {
  return { id: player.id, name: player.name, eligible: player.eligible };
}

function refusalOf(error: { code: string; message: string; details?: unknown }): Refusal {
  return { code: error.code, message: error.message, details: error.details ?? null };
}

/**
 * The engine's default decisions, from the side's own view: a plain stand-in manager for tests
 * that want the simplest play. The server uses src/ai's managers (see ai-managers.ts).
 */
export const defaultDecisionsAi: AiManager = {
  decide(view) {
    return defaultAction(view as GameState);
  },
};
