import type { CardCell, CardSide, CellEntry, Player } from "./cards.js";
import type { PlayDice } from "./dice.js";
import type { CardResult } from "./results.js";
import { type AtBatReading, battingTeamState, fieldingTeamState, type GameState } from "./state.js";

/**
 * The at-bat roll and the card reading (rules reference §1, §2): d6 1-3 reads the batter's card,
 * 4-6 the pitcher's; the 2d6 sum is the row; the d20 settles split cells.
 */

export function currentBatterId(state: GameState): number {
  const team = battingTeamState(state);
  return team.order[team.atBat]!;
}

export function currentPitcherId(state: GameState): number {
  return fieldingTeamState(state).defense.P;
}

export function currentCatcherId(state: GameState): number {
  return fieldingTeamState(state).defense.C;
}

/** Which half of each card to read (§2 platoon): a switch hitter bats opposite the pitcher. */
export function platoonHalves(
  batter: Player,
  pitcher: Player,
): { batterHalf: "vsLeft" | "vsRight"; pitcherHalf: "vsLeft" | "vsRight" } {
  return { batterHalf: batterHalf(pitcher), pitcherHalf: pitcherHalf(batter, pitcher) };
}

/** The half of the batter's card read: against the pitcher's arm. */
function batterHalf(pitcher: Player): "vsLeft" | "vsRight" {
  return pitcher.pitching!.throws === "L" ? "vsLeft" : "vsRight";
}

/** The half of the pitcher's card read: against the side the batter bats from. */
function pitcherHalf(batter: Player, pitcher: Player): "vsLeft" | "vsRight" {
  const throws = pitcher.pitching!.throws;
  const bats = batter.batting.bats === "S" ? (throws === "R" ? "L" : "R") : batter.batting.bats;
  return bats === "L" ? "vsLeft" : "vsRight";
}

export function rollAtBatDice(state: GameState, dice: PlayDice): AtBatReading {
  const d6 = dice.d6("at-bat column");
  const row = dice.twoD6("at-bat row").sum;
  const d20 = dice.d20("at-bat split");
  const batterId = currentBatterId(state);
  const pitcherId = currentPitcherId(state);
  const batter = state.players[batterId]!;
  const pitcher = state.players[pitcherId]!;
  const card = d6 <= 3 ? "batter" : "pitcher";
  return {
    d6,
    row,
    d20,
    card,
    column: card === "batter" ? d6 : d6 - 3,
    cardHalf: card === "batter" ? batterHalf(pitcher) : pitcherHalf(batter, pitcher),
    cardOf: card === "batter" ? batterId : pitcherId,
  };
}

export function readingSide(state: GameState, reading: AtBatReading): CardSide {
  const player = state.players[reading.cardOf]!;
  // Card and half read as plain fields, not looked up by name: this runs on every at-bat roll.
  const card = reading.card === "batter" ? player.batting : player.pitching!;
  return reading.cardHalf === "vsLeft" ? card.vsLeft : card.vsRight;
}

/** The cell that came up; an empty cell means the card's grid was not transcribed. */
export function readCell(state: GameState, reading: AtBatReading): CardCell {
  const side = readingSide(state, reading);
  const column = side.columns[reading.column - 1];
  return column?.[reading.row as 2] ?? [];
}

export function entryForSplit(cell: CardCell, d20: number): CellEntry | undefined {
  for (const entry of cell) if (entry.from <= d20 && d20 <= entry.to) return entry;
  return undefined;
}

/**
 * What the printed reading plays as: a fatigue-marked result is SINGLE** once the pitcher is
 * fatigued (§7; [D] an unmarked pitcher card's SINGLE* turns SINGLE** too), and a power-gated
 * homer is SINGLE** for a weak (W) hitter (§2).
 */
export function playedResult(
  state: GameState,
  reading: AtBatReading,
  entry: CellEntry,
): { result: CardResult; note: string | null } {
  if (reading.card === "pitcher") {
    const tally = state.pitchers[reading.cardOf];
    if (tally?.fatigued) {
      if (entry.fatigue) return { result: { type: "SINGLE_2" }, note: "fatigue mark: SI**" };
      if (
        state.rules.unmarkedFatigueConvertsSingles &&
        entry.result.type === "SINGLE_1" &&
        !cardHasFatigueMarks(state.players[reading.cardOf]!)
      ) {
        return { result: { type: "SINGLE_2" }, note: "fatigued: SI* plays as SI**" };
      }
    }
    if (entry.powerGated && entry.result.type === "HOMERUN") {
      const batter = state.players[currentBatterId(state)]!;
      if (batter.batting.power === "W") {
        return { result: { type: "SINGLE_2" }, note: "power gate: a weak hitter's SI**" };
      }
    }
  }
  return { result: entry.result, note: null };
}

const markedCache = new WeakMap<Player, boolean>();

function cardHasFatigueMarks(player: Player): boolean {
  let marked = markedCache.get(player);
  if (marked === undefined) {
    const sides = player.pitching === null ? [] : [player.pitching.vsLeft, player.pitching.vsRight];
    marked = sides.some((side) =>
      side.columns.some((column) =>
        Object.values(column).some((cell) => cell.some((e) => e.fatigue)),
      ),
    );
    markedCache.set(player, marked);
  }
  return marked;
}
