import type { ChangePitcher, Substitute, SwitchPositions } from "./actions.js";
import type { Player } from "./cards.js";
import { type EngineError, engineError } from "./errors.js";
import type { GameEvent } from "./events.js";
import type { LineupEntry, TeamSide } from "./play-record.js";
import type { FieldPosition } from "./positions.js";
import {
  battingTeam,
  fieldingTeam,
  fieldingTeamState,
  type GameState,
  NO_CHOICES,
  type OnBase,
  type PitcherTally,
  type TeamState,
} from "./state.js";

/**
 * Substitutions (rules reference §6, §7): pinch hitters and runners, defensive replacements,
 * double switches and pitching changes, each checked against the state and refused with a typed
 * reason. Every change keeps the lineups record: the new man gets a lineup entry with the inning
 * he entered, the man he replaced and the play he came in after; the man he replaced is no longer
 * active and, with no re-entry [D], never comes back (he is not returned to the bench).
 *
 * When: the defense makes its changes while it declares (before setDefense), the offense while
 * it chooses (before setOffense). A pinch hitter reopens the defense's choices.
 * A pinch hitter or runner who stays in the game takes the position of the man he replaced when
 * his team takes the field ("PH-CF"), unless his manager puts someone else there first.
 */
export type SubstitutionRefusal =
  | "sub/not_now"
  | "sub/not_in_game"
  | "sub/not_on_bench"
  | "sub/reentry"
  | "sub/pinch_hitter_not_batter"
  | "sub/pinch_runner_not_on_base"
  | "sub/not_a_pitcher"
  | "sub/reliever_minimum"
  | "sub/position_taken"
  | "sub/designated_hitter"
  | "sub/double_switch"
  | "sub/switch_not_fielder"
  | "sub/switch_duplicate"
  | "sub/switch_same_position"
  | "sub/switch_position_empty"
  | "sub/switch_left_without_position";

type Outcome =
  | { ok: true; state: GameState; events: GameEvent[] }
  | { ok: false; error: EngineError };

function refuse(
  reason: SubstitutionRefusal,
  message: string,
  code: EngineError["code"] = "decision/illegal",
): Outcome {
  return { ok: false, error: engineError(code, message, { reason }) };
}

function entryOf(state: GameState, id: number): LineupEntry | undefined {
  const entry = state.lineup[id - 1];
  return entry?.id === id ? entry : undefined;
}

function nameOf(state: GameState, id: number): string {
  return entryOf(state, id)?.name ?? `#${id}`;
}

/** Where a lineup id plays in the field now, if anywhere. */
export function positionOf(team: TeamState, id: number): FieldPosition | null {
  for (const [position, holder] of Object.entries(team.defense)) {
    if (holder === id) return position as FieldPosition;
  }
  return null;
}

/** Why a player cannot come in from the bench, or null. */
function whyNotAvailable(state: GameState, side: TeamSide, playerId: number): Outcome | null {
  if (state[side].bench.some((p) => p.id === playerId)) return null;
  if (state.lineup.some((e) => e.team === side && e.playerId === playerId)) {
    return refuse(
      "sub/reentry",
      `player ${playerId} has already been in this game: a replaced player cannot return`,
    );
  }
  return refuse("sub/not_on_bench", `player ${playerId} is not on the ${side} bench`);
}

/** May the pitcher now on the mound be taken out? A new pitcher faces at least one batter. */
export function whyPitcherMustStay(state: GameState, side: TeamSide): string | null {
  const pitcherId = state[side].defense.P;
  const tally = state.pitchers[pitcherId];
  if (tally === undefined) return null;
  if (state.injuries?.[pitcherId] !== undefined) return null;
  if (tally.battersFaced >= state.rules.relieverMinimumBatters) return null;
  if (state.inning > tally.enteredInning) return null;
  return `${nameOf(state, pitcherId)} has faced ${tally.battersFaced} batter(s); a pitcher must face at least ${state.rules.relieverMinimumBatters} before he is replaced`;
}

function phaseFor(
  state: GameState,
  action: { side: TeamSide },
  offensive: boolean,
): Outcome | null {
  const kind = offensive ? "offense" : "defense";
  if (state.pending.kind !== kind || state.pending.side !== action.side) {
    return refuse(
      "sub/not_now",
      offensive
        ? "pinch hitters and runners come in while the offense chooses its play"
        : "the defense makes its changes while it declares, before setDefense",
      "decision/out_of_order",
    );
  }
  return null;
}

interface Change {
  readonly state: GameState;
  readonly entry: LineupEntry;
}

/** Brings `player` in for lineup id `outId`: a new lineup entry, the old one inactive. */
function bringIn(
  state: GameState,
  side: TeamSide,
  outId: number,
  player: Player,
  position: LineupEntry["position"],
  battingOrder: number | null,
): Change {
  const id = state.lineup.length + 1;
  const entry: LineupEntry = {
    id,
    team: side,
    playerId: player.id,
    name: player.name,
    position,
    battingOrder,
    isStarter: false,
    isActive: true,
    enteredInning: state.inning,
    replacingId: outId,
    afterPlay: enteredAfterPlay(state),
    isFatigued: false,
  };
  const lineup = state.lineup.map((e) => (e.id === outId ? { ...e, isActive: false } : e));
  lineup.push(entry);
  const team = state[side];
  const order = team.order.map((slotId) => (slotId === outId ? id : slotId));
  const bench = team.bench.filter((p) => p.id !== player.id);
  return {
    entry,
    state: {
      ...state,
      lineup,
      players: { ...state.players, [id]: player },
      [side]: { ...team, order, bench },
    },
  };
}

function withDefense(
  state: GameState,
  side: TeamSide,
  position: FieldPosition,
  id: number,
): GameState {
  const team = state[side];
  return { ...state, [side]: { ...team, defense: { ...team.defense, [position]: id } } };
}

function newPitcherTally(state: GameState, id: number): Record<number, PitcherTally> {
  return {
    ...state.pitchers,
    [id]: {
      pitcherId: id,
      enteredInning: state.inning,
      starter: false,
      outsRecorded: 0,
      battersFaced: 0,
      innings: [],
      fatigued: false,
    },
  };
}

function changed(
  state: GameState,
  entries: readonly LineupEntry[],
  extra: GameEvent[] = [],
): Outcome {
  const next = { ...state, version: state.version + 1 };
  return {
    ok: true,
    state: next,
    events: [
      ...entries.map(
        (entry): GameEvent => ({ type: "lineupChanged", entry, replacedId: entry.replacingId }),
      ),
      ...extra,
    ],
  };
}

export function applySubstitute(state: GameState, action: Substitute): Outcome {
  const offensive = action.position === "PH" || action.position === "PR";
  const phase = phaseFor(state, action, offensive);
  if (phase !== null) return phase;
  const side = action.side;
  const out = entryOf(state, action.outId);
  if (out === undefined || out.team !== side || !out.isActive) {
    return refuse("sub/not_in_game", `lineup id ${action.outId} is not an active ${side} player`);
  }
  const unavailable = whyNotAvailable(state, side, action.inPlayerId);
  if (unavailable !== null) return unavailable;
  const player = state[side].bench.find((p) => p.id === action.inPlayerId)!;
  const team = state[side];

  if (action.position === "PH") {
    const due = team.order[team.atBat];
    if (due !== action.outId) {
      return refuse(
        "sub/pinch_hitter_not_batter",
        `a pinch hitter bats for the man due up (${nameOf(state, due!)}), not ${out.name}`,
      );
    }
    const { state: next, entry } = bringIn(state, side, out.id, player, "PH", out.battingOrder);
    // The defense may answer a pinch hitter: its choices reopen.
    const pending = { kind: "defense", side: fieldingTeam(state) } as const;
    return changed(
      { ...next, choices: NO_CHOICES, pending },
      [entry],
      [{ type: "decisionRequired", decision: pending }],
    );
  }

  if (action.position === "PR") {
    const base = (["first", "second", "third"] as const).find((b) => state.bases[b]?.id === out.id);
    if (base === undefined) {
      return refuse("sub/pinch_runner_not_on_base", `${out.name} is not on base`);
    }
    const { state: next, entry } = bringIn(state, side, out.id, player, "PR", out.battingOrder);
    const runner: OnBase = { ...state.bases[base]!, id: entry.id };
    return changed({ ...next, bases: { ...next.bases, [base]: runner } }, [entry]);
  }

  if (action.position === "DH") {
    return refuse(
      "sub/designated_hitter",
      "the DH is a batting spot: replace him with a pinch hitter",
    );
  }
  const position = action.position;
  if (position === "P") return changePitcherFor(state, side, out, player, null);
  const holder = team.defense[position];
  const holderActive = entryOf(state, holder)?.isActive === true;
  const outPosition = positionOf(team, out.id);
  if (outPosition === "P") {
    return refuse("sub/not_a_pitcher", `${out.name} is pitching: use changePitcher to replace him`);
  }
  // A defensive replacement takes the position of the man he replaces, or the empty position a
  // pinch hitter or runner left behind.
  const fillsHole = !holderActive && (out.position === "PH" || out.position === "PR");
  if (holder !== out.id && !fillsHole) {
    return refuse(
      "sub/position_taken",
      outPosition === null
        ? `${out.name} holds no position and ${position} is taken by ${nameOf(state, holder)}`
        : `${out.name} plays ${outPosition}, not ${position}: a defensive replacement takes the position of the man he replaces`,
    );
  }
  const { state: next, entry } = bringIn(state, side, out.id, player, position, out.battingOrder);
  return changed(withDefense(next, side, position, entry.id), [entry]);
}

export function applyChangePitcher(state: GameState, action: ChangePitcher): Outcome {
  const phase = phaseFor(state, action, false);
  if (phase !== null) return phase;
  const side = action.side;
  const unavailable = whyNotAvailable(state, side, action.inPlayerId);
  if (unavailable !== null) return unavailable;
  const player = state[side].bench.find((p) => p.id === action.inPlayerId)!;
  const out = entryOf(state, state[side].defense.P)!;
  return changePitcherFor(state, side, out, player, action.doubleSwitch ?? null);
}

function changePitcherFor(
  state: GameState,
  side: TeamSide,
  out: LineupEntry,
  pitcher: Player,
  doubleSwitch: NonNullable<ChangePitcher["doubleSwitch"]> | null,
): Outcome {
  if (pitcher.pitching === null) {
    return refuse("sub/not_a_pitcher", `${pitcher.name} has no pitching card and cannot pitch`);
  }
  const team = state[side];
  const currentId = team.defense.P;
  if (out.id !== currentId && entryOf(state, currentId)?.isActive === true) {
    return refuse(
      "sub/position_taken",
      `${nameOf(state, currentId)} is pitching; a new pitcher replaces him`,
    );
  }
  const mustStay =
    entryOf(state, currentId)?.isActive === true ? whyPitcherMustStay(state, side) : null;
  if (mustStay !== null) return refuse("sub/reliever_minimum", mustStay);

  if (doubleSwitch === null) {
    const { state: next, entry } = bringIn(state, side, out.id, pitcher, "P", out.battingOrder);
    const placed = withDefense(next, side, "P", entry.id);
    return changed({ ...placed, pitchers: newPitcherTally(placed, entry.id) }, [entry]);
  }

  // Double switch: the new pitcher bats in the replaced fielder's slot; the new fielder takes
  // that fielder's position and bats in the old pitcher's slot.
  if (usesDesignatedHitter(state, side) || out.battingOrder === null) {
    return refuse(
      "sub/double_switch",
      "a double switch needs the pitcher in the batting order (no DH)",
    );
  }
  const fielder = entryOf(state, doubleSwitch.outId);
  const position = fielder === undefined ? null : positionOf(team, fielder.id);
  if (
    fielder === undefined ||
    !fielder.isActive ||
    fielder.team !== side ||
    position === null ||
    position === "P"
  ) {
    return refuse("sub/double_switch", `lineup id ${doubleSwitch.outId} is not a ${side} fielder`);
  }
  if (position !== doubleSwitch.position) {
    return refuse(
      "sub/double_switch",
      `${fielder.name} plays ${position}, not ${doubleSwitch.position}`,
    );
  }
  if (doubleSwitch.inPlayerId === pitcher.id) {
    return refuse("sub/double_switch", "a double switch brings in two different players");
  }
  const unavailable = whyNotAvailable(state, side, doubleSwitch.inPlayerId);
  if (unavailable !== null) return unavailable;
  const newFielder = team.bench.find((p) => p.id === doubleSwitch.inPlayerId)!;
  const pitcherSlot = out.battingOrder;
  const fielderSlot = fielder.battingOrder!;
  let next = bringIn(state, side, out.id, pitcher, "P", fielderSlot);
  const pitcherEntry = next.entry;
  let s = withDefense(next.state, side, "P", pitcherEntry.id);
  next = bringIn(s, side, fielder.id, newFielder, position, pitcherSlot);
  const fielderEntry = next.entry;
  s = withDefense(next.state, side, position, fielderEntry.id);
  // bringIn put each new man in the slot of the man he replaced; swap them.
  const order = s[side].order.map((id) =>
    id === pitcherEntry.id ? fielderEntry.id : id === fielderEntry.id ? pitcherEntry.id : id,
  );
  s = { ...s, [side]: { ...s[side], order } };
  return changed({ ...s, pitchers: newPitcherTally(s, pitcherEntry.id) }, [
    pitcherEntry,
    fielderEntry,
  ]);
}

/** Does this team still bat a DH? The game's rule, until its DH moves into the field. */
export function usesDesignatedHitter(state: GameState, side: TeamSide): boolean {
  return state.rules.designatedHitter && state[side].designatedHitterEnded !== true;
}

/**
 * Position switches: the defense moves men already in the game to other positions while it
 * declares, e.g. SS to 2B and 2B to SS, or LF to 1B, 1B to 3B and 3B to LF. After the moves every
 * position but the mound is held by one man and nobody is left without a position. A man playing
 * where he is not rated takes the out-of-position ratings (fielding.ts, §5, §7).
 *
 * The lineups record: each man who moves gets a new lineup entry (his new position, the same
 * batting slot, replacing his previous entry, entered this inning after the last play), as when
 * a pinch hitter takes the field; his previous entry goes inactive. So a man's positions over the
 * game are the chain of his entries, and the box score shows them as one line ("SS-2B").
 *
 * The DH (OBR 5.11(a)(4)): the DH may move into the field, and the team then loses the DH for the
 * rest of the game (TeamState.designatedHitterEnded). The fielder left without a position leaves
 * the game and the pitcher bats in his place in the order. The pitcher keeps his lineup entry
 * (his fatigue tally, the runners charged to him and his pitching line are keyed on it): that
 * entry takes the departed man's batting slot in place, and the departed man's entry goes
 * inactive. From then on a new pitcher bats in the pitcher's slot, and double switches are open.
 * Exactly one fielder may be left without a position, and only when the DH moves in; otherwise
 * the switch is refused (use substitute to bring a man off the bench). Not modelled: a pitcher
 * moving to a fielding position (OBR 5.11(a)(7) style), which is refused.
 */
export function applySwitchPositions(state: GameState, action: SwitchPositions): Outcome {
  const phase = phaseFor(state, action, false);
  if (phase !== null) return phase;
  const side = action.side;
  // Pinch hitters and runners take their positions first, so they can be moved too.
  const fielded = takeTheField(state);
  const start = fielded.state;
  const team = start[side];
  const dh = usesDesignatedHitter(start, side);

  const ids = new Set<number>();
  const positions = new Set<string>();
  let dhMoves = false;
  for (const move of action.moves) {
    if (ids.has(move.id) || positions.has(move.position)) {
      return refuse(
        "sub/switch_duplicate",
        ids.has(move.id)
          ? `${nameOf(start, move.id)} is moved twice: one position per man`
          : `two men are moved to ${move.position}: one man per position`,
      );
    }
    ids.add(move.id);
    positions.add(move.position);
    const entry = entryOf(start, move.id);
    if (entry === undefined || entry.team !== side || !entry.isActive) {
      return refuse(
        "sub/switch_not_fielder",
        `lineup id ${move.id} is not an active ${side} player`,
      );
    }
    const now = positionOf(team, move.id);
    const isDh = now === null && dh && entry.position === "DH" && team.order.includes(move.id);
    if (now === "P") {
      return refuse(
        "sub/switch_not_fielder",
        `${entry.name} is pitching: the mound changes with changePitcher`,
      );
    }
    if (now === null && !isDh) {
      return refuse(
        "sub/switch_not_fielder",
        `${entry.name} holds no position and is not the DH: bring a man into the game with substitute`,
      );
    }
    if (now === move.position) {
      return refuse("sub/switch_same_position", `${entry.name} already plays ${move.position}`);
    }
    if (isDh) dhMoves = true;
  }

  // The field after the moves.
  const defense: Record<FieldPosition, number> = { ...team.defense };
  for (const move of action.moves) defense[move.position as FieldPosition] = move.id;
  const holders = new Set(Object.values(defense));
  for (const move of action.moves) {
    const left = positionOf(team, move.id);
    if (left !== null && defense[left] === move.id) {
      return refuse(
        "sub/switch_position_empty",
        `${left} would be left empty when ${nameOf(start, move.id)} moves to ${move.position}: move a man there too`,
      );
    }
  }
  const leftOut = (Object.entries(team.defense) as [FieldPosition, number][])
    .filter(([position, id]) => position !== "P" && !holders.has(id))
    .map(([position, id]) => ({ position, id }));
  if (!dhMoves && leftOut.length > 0) {
    const first = leftOut[0]!;
    return refuse(
      "sub/switch_left_without_position",
      `${nameOf(start, first.id)} (${first.position}) would be left without a position: move him too, or replace him with substitute`,
    );
  }

  // Each man who moves gets a new entry in his new position, in his batting slot.
  let s = start;
  const entries: LineupEntry[] = [];
  const newIds = new Map<number, number>();
  for (const move of action.moves) {
    const entry = entryOf(s, move.id)!;
    const change = bringInSame(s, side, entry, s.players[move.id]!, move.position as FieldPosition);
    s = change.state;
    entries.push(change.entry);
    newIds.set(move.id, change.entry.id);
  }
  const field = Object.fromEntries(
    (Object.entries(defense) as [FieldPosition, number][]).map(([position, id]) => [
      position,
      newIds.get(id) ?? id,
    ]),
  ) as Record<FieldPosition, number>;
  s = { ...s, [side]: { ...s[side], defense: field } };

  const extra: GameEvent[] = [];
  if (dhMoves) {
    // The DH is gone: the man left without a position leaves, and the pitcher bats in his slot.
    const gone = entryOf(s, leftOut[0]!.id)!;
    const pitcherId = s[side].defense.P;
    const pitcher: LineupEntry = { ...entryOf(s, pitcherId)!, battingOrder: gone.battingOrder };
    const lineup = s.lineup.map((e) =>
      e.id === gone.id ? { ...e, isActive: false } : e.id === pitcherId ? pitcher : e,
    );
    const order = s[side].order.map((id) => (id === gone.id ? pitcherId : id));
    s = { ...s, lineup, [side]: { ...s[side], order, designatedHitterEnded: true } };
    extra.push({ type: "lineupChanged", entry: pitcher, replacedId: gone.id });
  }
  const outcome = changed(s, entries, extra);
  if (outcome.ok && fielded.events.length > 0) outcome.events.unshift(...fielded.events);
  return outcome;
}

/**
 * The team takes the field: a pinch hitter or runner still in the game moves to the position of
 * the man he replaced (out of position if he is not rated there); a pinch hitter for the DH
 * becomes the DH; a position (or the mound) left empty gets the first suitable man off the bench.
 * An injured pitcher leaves for the first rested reliever. Returns the state unchanged when
 * nothing needs doing.
 */
export function takeTheField(state: GameState): { state: GameState; events: GameEvent[] } {
  if (fieldIsSet(state, fieldingTeamState(state))) return { state, events: [] };
  const side = fieldingTeam(state);
  let s = state;
  const events: GameEvent[] = [];
  const team = () => s[side];
  const active = (id: number) => entryOf(s, id)?.isActive === true;

  for (const slotId of team().order) {
    const entry = entryOf(s, slotId)!;
    if (entry.position !== "PH" && entry.position !== "PR") continue;
    // Follow the chain back to the position this slot held.
    let original: LineupEntry | undefined = entry;
    while (original !== undefined && (original.position === "PH" || original.position === "PR")) {
      original = original.replacingId === null ? undefined : entryOf(s, original.replacingId);
    }
    const wanted = original?.position ?? "DH";
    const player = s.players[entry.id]!;
    if (wanted === "P") continue; // the mound is filled below
    const holder = wanted === "DH" ? null : team().defense[wanted as FieldPosition];
    if (holder !== null && holder !== undefined && active(holder)) continue;
    const change = bringInSame(s, side, entry, player, wanted as LineupEntry["position"]);
    s = change.state;
    if (wanted !== "DH") s = withDefense(s, side, wanted as FieldPosition, change.entry.id);
    events.push({ type: "lineupChanged", entry: change.entry, replacedId: entry.id });
  }

  for (const [position, holder] of Object.entries(team().defense) as [FieldPosition, number][]) {
    const injured = position === "P" && s.injuries?.[holder] !== undefined;
    if (active(holder) && !injured) continue;
    const slotHolder = entryOf(s, holder)!;
    const bench = team().bench;
    const candidate =
      position === "P"
        ? bestRelieverOnBench(bench)
        : (bench.find((p) => p.pitching === null && p.eligible.includes(position)) ??
          bench.find((p) => p.pitching === null));
    if (candidate === undefined) continue;
    // The slot this position bats in: the active man who replaced its last holder, if any.
    const slotId = team().order.find((id) => {
      let e = entryOf(s, id);
      while (e !== undefined && e.replacingId !== null) {
        if (e.replacingId === holder) return true;
        e = entryOf(s, e.replacingId);
      }
      return false;
    });
    const outId = slotId ?? holder;
    const outEntry = entryOf(s, outId)!;
    const change = bringIn(
      s,
      side,
      outId,
      candidate,
      position,
      outEntry.battingOrder ?? slotHolder.battingOrder,
    );
    s = withDefense(change.state, side, position, change.entry.id);
    if (position === "P") s = { ...s, pitchers: newPitcherTally(s, change.entry.id) };
    events.push({ type: "lineupChanged", entry: change.entry, replacedId: outId });
  }
  return { state: s, events };
}

/**
 * The usual case before every plate appearance, checked without building anything: nobody in the
 * order is a pinch hitter or runner, every position is held by an active man, and the pitcher is
 * not hurt. Then taking the field changes nothing.
 *
 * The answer depends only on the team's order and defense, the lineup and the injuries, which
 * each state shares with the one before it until a substitution or an injury replaces one of
 * them: it is kept by the defense object and given again while all four are the same objects
 * (plain data no one mutates), so the walk over the lineup is made once per change, not once per
 * plate appearance.
 */
function fieldIsSet(state: GameState, team: TeamState): boolean {
  const known = fieldChecks.get(team.defense);
  if (
    known !== undefined &&
    known.order === team.order &&
    known.lineup === state.lineup &&
    known.injuries === state.injuries
  ) {
    return known.set;
  }
  const set = checkFieldIsSet(state, team);
  fieldChecks.set(team.defense, {
    order: team.order,
    lineup: state.lineup,
    injuries: state.injuries,
    set,
  });
  return set;
}

interface FieldCheck {
  readonly order: TeamState["order"];
  readonly lineup: GameState["lineup"];
  readonly injuries: GameState["injuries"];
  readonly set: boolean;
}

const fieldChecks = new WeakMap<TeamState["defense"], FieldCheck>();

function checkFieldIsSet(state: GameState, team: TeamState): boolean {
  for (const id of team.order) {
    const entry = entryOf(state, id);
    if (entry === undefined || entry.position === "PH" || entry.position === "PR") return false;
  }
  for (const position in team.defense) {
    const holder = team.defense[position as FieldPosition];
    if (entryOf(state, holder)?.isActive !== true) return false;
  }
  return state.injuries?.[team.defense.P] === undefined;
}

/** A man already in the game takes a new position: a new entry for him in the same slot. */
function bringInSame(
  state: GameState,
  side: TeamSide,
  entry: LineupEntry,
  player: Player,
  position: LineupEntry["position"],
): Change {
  const id = state.lineup.length + 1;
  const moved: LineupEntry = {
    ...entry,
    id,
    position,
    isStarter: false,
    isActive: true,
    enteredInning: state.inning,
    replacingId: entry.id,
    afterPlay: enteredAfterPlay(state),
  };
  const lineup = state.lineup.map((e) => (e.id === entry.id ? { ...e, isActive: false } : e));
  lineup.push(moved);
  const team = state[side];
  return {
    entry: moved,
    state: {
      ...state,
      lineup,
      players: { ...state.players, [id]: player },
      [side]: { ...team, order: team.order.map((x) => (x === entry.id ? id : x)) },
    },
  };
}

/** The bench pitcher a team turns to: the longest relief endurance, then the first listed. */
export function bestRelieverOnBench(bench: readonly Player[]): Player | undefined {
  let best: Player | undefined;
  for (const p of bench) {
    if (p.pitching === null) continue;
    const score = p.pitching.endurance.reliever ?? p.pitching.endurance.starter ?? 0;
    const bestScore = best?.pitching?.endurance.reliever ?? best?.pitching?.endurance.starter ?? -1;
    if (score > bestScore) best = p;
  }
  return best;
}

/** Checks a lineup is legal: nine slots of active men, one active man at each position. */
export function lineupProblems(state: GameState, side: TeamSide): string[] {
  const problems: string[] = [];
  const team = state[side];
  const seen = new Set<number>();
  for (const id of team.order) {
    const entry = entryOf(state, id);
    if (entry === undefined || !entry.isActive) problems.push(`slot holds inactive ${id}`);
    if (seen.has(id)) problems.push(`${id} bats twice`);
    seen.add(id);
  }
  if (team.order.length !== 9) problems.push(`${team.order.length} batting slots`);
  const fielders = new Set<number>();
  // A position whose man was pinch-hit or pinch-run for is filled when his team takes the field.
  const awaitingField = (id: number) =>
    team.order.some((slotId) => {
      let e = entryOf(state, slotId);
      while (e !== undefined && (e.position === "PH" || e.position === "PR")) {
        if (e.replacingId === id) return true;
        e = e.replacingId === null ? undefined : entryOf(state, e.replacingId);
      }
      return false;
    });
  for (const [position, id] of Object.entries(team.defense)) {
    const entry = entryOf(state, id);
    if (entry === undefined || (!entry.isActive && !awaitingField(id)))
      problems.push(`${position} held by inactive ${id}`);
    if (fielders.has(id)) problems.push(`${id} plays two positions`);
    fielders.add(id);
  }
  const activePlayers = state.lineup.filter((e) => e.team === side && e.isActive);
  const playerIds = new Set<number>();
  for (const e of activePlayers) {
    if (playerIds.has(e.playerId)) problems.push(`player ${e.playerId} is active twice`);
    playerIds.add(e.playerId);
  }
  return problems;
}

export { battingTeam };

/** The play a substitute entered after; null before the game's first play (as for starters). */
function enteredAfterPlay(state: GameState): number | null {
  return state.playNumber > 0 ? state.playNumber : null;
}
