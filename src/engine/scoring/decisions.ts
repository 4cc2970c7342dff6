import type { PlayRecord, TeamSide } from "../play-record.js";
import { earnedRuns } from "./earned-runs.js";
import { gameStatus, type ReplayedPlay, replay } from "./replay.js";

/**
 * Pitchers' decisions by the official scoring rules (OBR 9.17 win and loss, 9.19 save), plus
 * the hold and the blown save, which the rules do not define (their common definitions are
 * used and written out below).
 *
 * Win (9.17(a)): the pitcher of record when his team took the lead for good, i.e. the pitcher
 * of the winning team who was in the game, or was removed during his team's turn at bat, when
 * the go-ahead run scored (the away starter if the away team led from its first turn at bat).
 * - 9.17(b): a starter must have pitched 5 complete innings (15 outs; 4 innings, 12 outs, in a
 *   game of fewer than 6 innings). If the pitcher of record is a starter who fell short, the
 *   win goes to "the relief pitcher who, in the judgment of the official scorer, was the most
 *   effective". Approximation: the winning team's reliever with the most outs, then the fewest
 *   runs charged, then the earliest to enter.
 * - 9.17(c): a reliever of record whose pitching was "brief and ineffective" does not get the
 *   win when a later reliever was more effective. Approximation: brief and ineffective = fewer
 *   than 3 outs with 2 or more runs charged to him; the win then goes to the most effective
 *   later reliever, chosen as above.
 * Loss (9.17(e)): the pitcher charged with the go-ahead run, the run that gave the winners the
 * lead they never gave up (its runner's RunnerMove.responsiblePitcherId).
 * Save (9.19): the pitcher who finished the game for the winning team, is not the winning
 * pitcher, recorded at least one out, never let the lead go, and either (a) entered with a
 * lead of no more than 3 runs and pitched at least one inning (3 outs), (b) entered with the
 * tying run on base, at bat or on deck (lead <= runners on base + 2), or (c) pitched at least
 * three innings (9 outs).
 * Save situation (for holds and blown saves): a reliever enters with his team ahead by at most
 * 3 runs, or with the tying run on base, at bat or on deck.
 * Hold: a reliever who entered in a save situation, recorded at least one out, never let the
 * lead go, left with his team still ahead, did not finish the game, and got neither the win
 * nor the save. Holds and blown saves are given to either team.
 * Blown save: a reliever who entered in a save situation and while he pitched saw the lead
 * tied or lost, whoever is charged with the runs.
 */

export interface Appearance {
  readonly pitcherId: number;
  readonly team: TeamSide;
  readonly isStarter: boolean;
  /** Index of his first and last play in the log. */
  readonly firstPlay: number;
  readonly lastPlay: number;
  readonly outs: number;
  readonly runsCharged: number;
  /** His team's lead (own minus opponent's runs) when he entered. */
  readonly leadAtEntry: number;
  readonly runnersOnAtEntry: number;
  /** His team's lead after his last play. */
  readonly leadAtExit: number;
  /** His team's lead went to zero or below on one of his plays, having been positive at entry. */
  readonly lostLead: boolean;
  /** Last pitcher of his team in a finished game. */
  readonly finishedGame: boolean;
  readonly enteredInSaveSituation: boolean;
}

export interface Decisions {
  readonly win: number | null;
  readonly loss: number | null;
  readonly save: number | null;
  readonly holds: readonly number[];
  readonly blownSaves: readonly number[];
  /** Every pitcher's appearance, in order of entry, both teams. */
  readonly appearances: readonly Appearance[];
}

export interface DecisionOptions {
  readonly scheduledInnings?: number;
}

const OUTS_PER_INNING = 3;

export function decisions(plays: readonly PlayRecord[], options: DecisionOptions = {}): Decisions {
  const replayed = replay(plays);
  const status = gameStatus(plays, options.scheduledInnings);
  const appearances = readAppearances(replayed, status.final);
  if (!status.final || status.winner === null) {
    return {
      win: null,
      loss: null,
      save: null,
      holds: holdsOf(appearances, null, null),
      blownSaves: appearances
        .filter((a) => a.enteredInSaveSituation && a.lostLead)
        .map((a) => a.pitcherId),
      appearances,
    };
  }
  const winner = status.winner;
  const goAhead = findGoAheadForGood(replayed, winner);
  const winnerStaff = appearances.filter((a) => a.team === winner);
  const loss = goAhead.run?.responsiblePitcherId ?? null;
  const ofRecord = pitcherOfRecord(replayed, winner, goAhead.index, winnerStaff);
  const win = creditWin(ofRecord, winnerStaff, status.innings >= 6 ? 15 : 12);
  const closer = winnerStaff.at(-1)!;
  const save = earnsSave(closer, win) ? closer.pitcherId : null;
  return {
    win,
    loss,
    save,
    holds: holdsOf(appearances, win, save),
    blownSaves: appearances
      .filter((a) => a.enteredInSaveSituation && a.lostLead)
      .map((a) => a.pitcherId),
    appearances,
  };
}

function leadOf(team: TeamSide, away: number, home: number): number {
  return team === "home" ? home - away : away - home;
}

function readAppearances(replayed: readonly ReplayedPlay[], final: boolean): Appearance[] {
  const charged = earnedRuns(replayed.map((r) => r.play)).byPitcher;
  const byPitcher = new Map<
    number,
    { team: TeamSide; first: number; last: number; outs: number; lostLead: boolean }
  >();
  const order: number[] = [];
  replayed.forEach((r, i) => {
    const id = r.play.pitcherId;
    let a = byPitcher.get(id);
    if (!a) {
      a = { team: r.fieldingTeam, first: i, last: i, outs: 0, lostLead: false };
      byPitcher.set(id, a);
      order.push(id);
    }
    a.last = i;
    a.outs += r.play.outsRecorded;
    const leadAtEntry = leadOf(
      a.team,
      replayed[a.first]!.play.awayScoreBefore,
      replayed[a.first]!.play.homeScoreBefore,
    );
    if (leadAtEntry > 0 && leadOf(a.team, r.awayScoreAfter, r.homeScoreAfter) <= 0)
      a.lostLead = true;
  });
  const lastOfTeam: Record<TeamSide, number | null> = { away: null, home: null };
  for (const id of order) lastOfTeam[byPitcher.get(id)!.team] = id;
  const seenTeam = new Set<TeamSide>();
  return order.map((id) => {
    const a = byPitcher.get(id)!;
    const first = replayed[a.first]!.play;
    const last = replayed[a.last]!;
    const isStarter = !seenTeam.has(a.team);
    seenTeam.add(a.team);
    const leadAtEntry = leadOf(a.team, first.awayScoreBefore, first.homeScoreBefore);
    const runnersOnAtEntry = [first.onFirstId, first.onSecondId, first.onThirdId].filter(
      (x) => x !== null,
    ).length;
    const enteredInSaveSituation =
      !isStarter && leadAtEntry > 0 && (leadAtEntry <= 3 || leadAtEntry <= runnersOnAtEntry + 2);
    return {
      pitcherId: id,
      team: a.team,
      isStarter,
      firstPlay: a.first,
      lastPlay: a.last,
      outs: a.outs,
      runsCharged: charged.get(id)?.runs ?? 0,
      leadAtEntry,
      runnersOnAtEntry,
      leadAtExit: leadOf(a.team, last.awayScoreAfter, last.homeScoreAfter),
      lostLead: a.lostLead,
      finishedGame: final && lastOfTeam[a.team] === id,
      enteredInSaveSituation,
    };
  });
}

/** The play on which the winners went ahead for good, and the go-ahead run on it. */
function findGoAheadForGood(
  replayed: readonly ReplayedPlay[],
  winner: TeamSide,
): { index: number; run: ReplayedPlay["scorers"][number] | null } {
  let found: { index: number; run: ReplayedPlay["scorers"][number] | null } = {
    index: 0,
    run: null,
  };
  replayed.forEach((r, i) => {
    const before = leadOf(winner, r.play.awayScoreBefore, r.play.homeScoreBefore);
    const after = leadOf(winner, r.awayScoreAfter, r.homeScoreAfter);
    if (before <= 0 && after > 0) {
      // Runs score in order; the go-ahead run is the one that made the lead 1.
      found = { index: i, run: r.scorers[-before] ?? null };
    }
  });
  return found;
}

/** The winners' pitcher in the game (or removed during their turn at bat) at play `index`. */
function pitcherOfRecord(
  replayed: readonly ReplayedPlay[],
  winner: TeamSide,
  index: number,
  staff: readonly Appearance[],
): Appearance {
  for (let i = index; i >= 0; i--) {
    const r = replayed[i]!;
    if (r.fieldingTeam === winner) return staff.find((a) => a.pitcherId === r.play.pitcherId)!;
  }
  return staff[0]!;
}

/** The most effective of these relievers: most outs, then fewest runs, then earliest. */
function mostEffective(relievers: readonly Appearance[]): Appearance | null {
  let best: Appearance | null = null;
  for (const a of relievers) {
    if (
      best === null ||
      a.outs > best.outs ||
      (a.outs === best.outs && a.runsCharged < best.runsCharged)
    ) {
      best = a;
    }
  }
  return best;
}

function creditWin(
  ofRecord: Appearance,
  staff: readonly Appearance[],
  starterOuts: number,
): number {
  const relievers = staff.filter((a) => !a.isStarter);
  if (ofRecord.isStarter) {
    if (ofRecord.outs >= starterOuts || relievers.length === 0) return ofRecord.pitcherId;
    return mostEffective(relievers)!.pitcherId;
  }
  const briefAndIneffective = ofRecord.outs < OUTS_PER_INNING && ofRecord.runsCharged >= 2;
  const later = relievers.filter((a) => a.firstPlay > ofRecord.firstPlay);
  if (briefAndIneffective && later.length > 0) return mostEffective(later)!.pitcherId;
  return ofRecord.pitcherId;
}

function earnsSave(closer: Appearance, win: number | null): boolean {
  if (closer.isStarter || closer.pitcherId === win || !closer.finishedGame) return false;
  if (closer.outs < 1 || closer.lostLead || closer.leadAtEntry <= 0) return false;
  const lead = closer.leadAtEntry;
  const tyingRunOnBaseAtBatOrOnDeck = lead <= closer.runnersOnAtEntry + 2;
  return (
    (lead <= 3 && closer.outs >= OUTS_PER_INNING) ||
    tyingRunOnBaseAtBatOrOnDeck ||
    closer.outs >= 3 * OUTS_PER_INNING
  );
}

function holdsOf(
  appearances: readonly Appearance[],
  win: number | null,
  save: number | null,
): number[] {
  return appearances
    .filter(
      (a) =>
        a.enteredInSaveSituation &&
        a.outs >= 1 &&
        !a.lostLead &&
        a.leadAtExit > 0 &&
        !a.finishedGame &&
        a.pitcherId !== win &&
        a.pitcherId !== save,
    )
    .map((a) => a.pitcherId);
}

/** The team a decision's pitcher belongs to (for display). */
export function teamOfPitcher(d: Decisions, pitcherId: number): TeamSide | null {
  return d.appearances.find((a) => a.pitcherId === pitcherId)?.team ?? null;
}
