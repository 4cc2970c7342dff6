// Cards are immutable, and every game of a league plays with the same few thousand of them. A
// live game's engine state holds its players' cards (about 1 MB of JSON for two rosters), so
// without sharing, memory grows by a megabyte per game. The interner keeps ONE object per card
// for the whole process: a game's setup is interned when the game is created and when it is
// rebuilt from its stored start action (whose JSON comes back from the database as fresh
// objects), so the per-game heap holds only references to shared cards.
//
// Equal content is the key: a card is reused only when it is structurally equal to the one
// already held for the same (league, id), so a card whose ratings changed between two games
// (a new cardset, a corrected transcription) is a second object, never a silent swap. Entries
// are weak: a card no live game holds any more can be collected.

import type { Player } from "../engine/cards.js";
import type { GameSetup, TeamSetup } from "../engine/index.js";

export interface InternerStats {
  /** Cards handed in. */
  lookups: number;
  /** Cards answered with an object already held. */
  hits: number;
  /** Distinct (league, id) keys seen. */
  keys: number;
}

export class CardInterner {
  private readonly cards = new Map<string, WeakRef<object>[]>();
  readonly stats: InternerStats = { lookups: 0, hits: 0, keys: 0 };

  /** The shared object equal to `value` under `key`, which becomes the shared one if none is. */
  intern<T extends object>(key: string, value: T): T {
    this.stats.lookups += 1;
    const refs = this.cards.get(key);
    if (refs === undefined) {
      this.cards.set(key, [new WeakRef(value)]);
      this.stats.keys += 1;
      return value;
    }
    let live = 0;
    let found: T | undefined;
    for (const ref of refs) {
      const held = ref.deref();
      if (held === undefined) continue;
      refs[live++] = ref;
      if (found === undefined && (held === value || sameJson(held, value))) found = held as T;
    }
    refs.length = live;
    if (found !== undefined) {
      this.stats.hits += 1;
      return found;
    }
    refs.push(new WeakRef(value));
    return value;
  }

  /** A card: one object per (league, id, content). */
  player<P extends Player>(player: P): P {
    return this.intern(`player:${player.league}:${player.id}`, player);
  }

  /** A game setup whose cards, rules and ballpark are the shared objects. */
  setup(setup: GameSetup): GameSetup {
    const team = (t: TeamSetup): TeamSetup => ({
      ...t,
      lineup: t.lineup.map((slot) => ({ ...slot, player: this.player(slot.player) })),
      ...(t.pitcher !== undefined ? { pitcher: this.player(t.pitcher) } : {}),
      ...(t.bench !== undefined ? { bench: t.bench.map((p) => this.player(p)) } : {}),
    });
    return {
      ...setup,
      ...(setup.rules !== undefined
        ? { rules: this.intern(`rules:${setup.league}`, setup.rules) }
        : {}),
      ...(setup.ballpark !== undefined
        ? { ballpark: this.intern(`ballpark:${setup.league}`, setup.ballpark) }
        : {}),
      away: team(setup.away),
      home: team(setup.home),
    };
  }
}

/** Structural equality of JSON-like data (plain objects, arrays, primitives). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) {
      return false;
    }
  }
  return true;
}

/** The process-wide interner every game of this process shares. */
export const CARDS = new CardInterner();
