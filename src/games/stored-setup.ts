// A start action's setup as the action log stores it: every card (a lineup slot's player, the
// starting pitcher, the bench) replaced by a reference to its body in card_bodies,
// `{ "$card": "<sha256 of its canonical JSON>" }`. Two rosters are ~1 MB of JSON, and every game
// of a league plays with the same cards, so the log stores 52 hashes per start instead.
//
// Setups stored before references existed carry their cards inline; they are read as they are.

import type { Player } from "../engine/cards.js";
import type { GameSetup, TeamSetup } from "../engine/index.js";

/** The stored form of one card: the hash its body is kept under. */
export interface CardRef {
  readonly $card: string;
}

export function isCardRef(value: unknown): value is CardRef {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { $card?: unknown }).$card === "string" &&
    Object.keys(value).length === 1
  );
}

/**
 * The setup with each card replaced by `ref(card)`. A payload that is not shaped like a setup
 * (it never reaches the log: the engine refuses it first) is returned as it is.
 */
export function withCardsReplaced(setup: unknown, ref: (card: Player) => unknown): unknown {
  if (!isSetupShaped(setup)) return setup;
  const team = (t: TeamSetup) => ({
    ...t,
    lineup: t.lineup.map((slot) => ({ ...slot, player: ref(slot.player) })),
    ...(t.pitcher !== undefined ? { pitcher: ref(t.pitcher) } : {}),
    ...(t.bench !== undefined ? { bench: t.bench.map(ref) } : {}),
  });
  return { ...setup, away: team(setup.away), home: team(setup.home) };
}

/** The hashes a stored setup names, each once (none for a setup with its cards inline). */
export function cardRefsOf(stored: unknown): string[] {
  const hashes = new Set<string>();
  withCardsReplaced(stored, (card) => {
    if (isCardRef(card)) hashes.add(card.$card);
    return card;
  });
  return [...hashes];
}

/**
 * The setup a stored one stands for: each reference replaced by `bodyOf(hash)`, cards stored
 * inline kept. The rest of the setup (rules, ballpark, names, positions) is the stored object's.
 */
export function withCardsResolved(stored: unknown, bodyOf: (hash: string) => Player): unknown {
  if (cardRefsOf(stored).length === 0) return stored;
  return withCardsReplaced(stored, (card) => (isCardRef(card) ? bodyOf(card.$card) : card));
}

function isSetupShaped(value: unknown): value is GameSetup {
  if (typeof value !== "object" || value === null) return false;
  const { away, home } = value as Partial<Record<"away" | "home", unknown>>;
  return isTeamShaped(away) && isTeamShaped(home);
}

function isTeamShaped(value: unknown): value is TeamSetup {
  if (typeof value !== "object" || value === null) return false;
  const { lineup, bench } = value as { lineup?: unknown; bench?: unknown };
  return (
    Array.isArray(lineup) &&
    lineup.every((slot) => typeof slot === "object" && slot !== null) &&
    (bench === undefined || Array.isArray(bench))
  );
}
