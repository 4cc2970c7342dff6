import type { LineupEntry, PlayRecord, PlayStats, TeamSide } from "../play-record.js";
import { type Decisions, decisions } from "./decisions.js";
import { earnedRuns } from "./earned-runs.js";
import { gameStatus, halfInnings, type ReplayedPlay, replay } from "./replay.js";

/**
 * The box score, derived from the play log alone (and the lineups for names and positions).
 * It is plain data (JSON-ready): `formatBoxScoreText` prints it the newspaper way.
 *
 * Conventions:
 * - BB counts intentional walks (a play counts one walk whether it is marked bb, ibb or both).
 * - A stolen base or caught stealing is credited to the play's `runnerId` when set, otherwise
 *   to the runners who moved up (SB; those who also gained on an error last) or were put out
 *   (CS), lead runner first.
 * - Batter LOB (the column in the batting table): when the batter is put out, the runners still
 *   on base at the end of that play. Team LOB (the notes): the runners on base when each
 *   half-inning ended (a walk-off included).
 * - The half-inning identity every box here satisfies: batters who came to the plate + runners
 *   placed on base at its start = runs + left on base + outs.
 */

export interface BattingLine {
  readonly lineupId: number;
  readonly playerId: number;
  readonly name: string;
  /** Positions played, e.g. "SS" or "PH-CF". */
  readonly position: string;
  readonly battingOrder: number | null;
  /** 0 for the starter in the slot, 1 for a substitute (indented under the man he replaced). */
  readonly depth: 0 | 1;
  readonly replacingId: number | null;
  readonly pa: number;
  readonly ab: number;
  readonly r: number;
  readonly h: number;
  readonly rbi: number;
  readonly bb: number;
  readonly so: number;
  readonly lob: number;
  readonly doubles: number;
  readonly triples: number;
  readonly hr: number;
  readonly sb: number;
  readonly cs: number;
  readonly hbp: number;
  readonly sf: number;
  readonly sh: number;
  readonly gidp: number;
  readonly ibb: number;
  readonly ci: number;
}

export type BattingTotals = Omit<
  BattingLine,
  "lineupId" | "playerId" | "name" | "position" | "battingOrder" | "depth" | "replacingId"
>;

export type PitcherDecision = "W" | "L" | "SV" | "H" | "BS";

export interface PitchingLine {
  readonly lineupId: number;
  readonly playerId: number;
  readonly name: string;
  readonly outs: number;
  /** Innings pitched as printed: whole innings and thirds, "6.1". */
  readonly ip: string;
  readonly h: number;
  readonly r: number;
  readonly er: number;
  readonly bb: number;
  readonly so: number;
  readonly hr: number;
  readonly hbp: number;
  readonly wp: number;
  readonly bk: number;
  readonly bf: number;
  readonly ibb: number;
  readonly decisions: readonly PitcherDecision[];
}

export type PitchingTotals = Omit<PitchingLine, "lineupId" | "playerId" | "name" | "decisions">;

export interface FielderErrors {
  readonly lineupId: number;
  readonly name: string;
  readonly errors: number;
}

export interface NoteItem {
  readonly name: string;
  readonly count: number;
  /** Extra words, e.g. "by Smith" on a hit-by-pitch. */
  readonly detail?: string;
}

export interface BoxNote {
  /** "2B", "3B", "HR", "SF", "SH", "GIDP", "SB", "CS", "IBB", "HBP", "E", "DP", "LOB", "WP", "PB", "BK". */
  readonly label: string;
  readonly items: readonly NoteItem[];
}

export interface TeamBox {
  readonly team: TeamSide;
  readonly runs: number;
  readonly hits: number;
  /** Errors made by this team in the field. */
  readonly errors: number;
  readonly batting: readonly BattingLine[];
  readonly battingTotals: BattingTotals;
  readonly pitching: readonly PitchingLine[];
  readonly pitchingTotals: PitchingTotals;
  /** Team earned runs allowed (may be fewer than the pitchers' sum, OBR 9.16(i)). */
  readonly teamEarnedRuns: number;
  /** Runners left on base when its half-innings ended. */
  readonly leftOnBase: number;
  readonly doublePlays: number;
  readonly triplePlays: number;
  readonly errorsByFielder: readonly FielderErrors[];
  /** Batting notes (2B, HR, SB, E, LOB ...) and pitching notes (WP, HBP, BK, PB), in print order. */
  readonly battingNotes: readonly BoxNote[];
  readonly pitchingNotes: readonly BoxNote[];
}

export interface HalfInningLine {
  readonly inning: number;
  readonly half: "top" | "bottom";
  readonly battingTeam: TeamSide;
  readonly plateAppearances: number;
  readonly placedRunners: number;
  readonly runs: number;
  readonly leftOnBase: number;
  readonly outs: number;
  readonly hits: number;
  readonly errors: number;
}

export interface DecisionNames {
  readonly win: { readonly lineupId: number; readonly name: string } | null;
  readonly loss: { readonly lineupId: number; readonly name: string } | null;
  readonly save: { readonly lineupId: number; readonly name: string } | null;
}

export interface BoxScore {
  readonly status: "final" | "in-progress";
  /** Innings played (the last inning with a play). */
  readonly innings: number;
  readonly winner: TeamSide | null;
  readonly walkOff: boolean;
  readonly score: { readonly away: number; readonly home: number };
  /** Runs per inning; "x" for the bottom half the home team did not need; null not yet played. */
  readonly lineScore: Readonly<Record<TeamSide, readonly (number | "x" | null)[]>>;
  readonly away: TeamBox;
  readonly home: TeamBox;
  readonly decisions: DecisionNames;
  readonly halfInnings: readonly HalfInningLine[];
}

export interface BoxScoreOptions {
  readonly scheduledInnings?: number;
}

export function boxScore(
  plays: readonly PlayRecord[],
  lineups: readonly LineupEntry[],
  options: BoxScoreOptions = {},
): BoxScore {
  const scheduled = options.scheduledInnings ?? 9;
  const replayed = replay(plays);
  const status = gameStatus(plays, scheduled);
  const halves = halfInnings(replayed);
  const decided = decisions(plays, { scheduledInnings: scheduled });
  const charged = earnedRuns(plays);
  const names = new Map(lineups.map((l) => [l.id, l]));
  const nameOf = (id: number) => names.get(id)?.name ?? `#${id}`;

  const halfLines = halves.map(summarizeHalfInning);
  const innings = status.innings;
  const lineScore: Record<TeamSide, (number | "x" | null)[]> = {
    away: Array.from({ length: Math.max(innings, scheduled) }, () => null),
    home: Array.from({ length: Math.max(innings, scheduled) }, () => null),
  };
  for (const h of halfLines) lineScore[h.battingTeam][h.inning - 1] = h.runs;
  if (status.bottomOfLastUnplayed) lineScore.home[innings - 1] = "x";
  if (status.final) {
    lineScore.away.length = innings;
    lineScore.home.length = innings;
  }

  const team = (side: TeamSide): TeamBox =>
    buildTeamBox(side, replayed, halfLines, lineups, decided, charged, nameOf);
  const last = replayed.at(-1);
  const who = (id: number | null) => (id === null ? null : { lineupId: id, name: nameOf(id) });
  return {
    status: status.final ? "final" : "in-progress",
    innings,
    winner: status.winner,
    walkOff: status.walkOff,
    score: { away: last?.awayScoreAfter ?? 0, home: last?.homeScoreAfter ?? 0 },
    lineScore,
    away: team("away"),
    home: team("home"),
    decisions: { win: who(decided.win), loss: who(decided.loss), save: who(decided.save) },
    halfInnings: halfLines,
  };
}

function summarizeHalfInning(half: readonly ReplayedPlay[]): HalfInningLine {
  const first = half[0]!;
  const last = half.at(-1)!;
  return {
    inning: first.play.inning,
    half: first.play.half,
    battingTeam: first.battingTeam,
    plateAppearances: half.filter((r) => r.isPlateAppearance).length,
    placedRunners: first.basesBefore.filter((b) => b !== null).length,
    runs: half.reduce((n, r) => n + r.scorers.length, 0),
    leftOnBase: last.basesAfter.filter((b) => b !== null).length,
    outs: half.reduce((n, r) => n + r.play.outsRecorded, 0),
    hits: half.reduce((n, r) => n + r.play.stats.hit, 0),
    errors: half.reduce((n, r) => n + r.play.errors.length, 0),
  };
}

/** One walk per play, whether the record marks it bb, ibb or both. */
function walksOf(stats: PlayStats): number {
  return Math.max(stats.bb, stats.ibb);
}

type MutableBatting = { -readonly [K in keyof BattingTotals]: number };

function zeroBatting(): MutableBatting {
  return {
    pa: 0,
    ab: 0,
    r: 0,
    h: 0,
    rbi: 0,
    bb: 0,
    so: 0,
    lob: 0,
    doubles: 0,
    triples: 0,
    hr: 0,
    sb: 0,
    cs: 0,
    hbp: 0,
    sf: 0,
    sh: 0,
    gidp: 0,
    ibb: 0,
    ci: 0,
  };
}

type MutablePitching = { -readonly [K in keyof PitchingTotals]: K extends "ip" ? string : number };

function zeroPitching(): MutablePitching {
  return {
    outs: 0,
    ip: "0.0",
    h: 0,
    r: 0,
    er: 0,
    bb: 0,
    so: 0,
    hr: 0,
    hbp: 0,
    wp: 0,
    bk: 0,
    bf: 0,
    ibb: 0,
  };
}

/** Innings pitched as printed: 20 outs -> "6.2". */
export function formatInningsPitched(outs: number): string {
  return `${Math.floor(outs / 3)}.${outs % 3}`;
}

/** The runners credited with the steals (SB) and caught stealing (CS) of a play. */
function stealsOf(r: ReplayedPlay): { sb: number[]; cs: number[] } {
  const { stats, runnerId } = r.play;
  const runners = r.movements.filter((m) => m.from > 0);
  const pick = (count: number, pool: typeof runners) => {
    if (count === 0) return [];
    if (runnerId !== null && pool.some((m) => m.lineupId === runnerId) && count === 1)
      return [runnerId];
    return pool.slice(0, count).map((m) => m.lineupId);
  };
  // A runner who stole and then took another base on the catcher's throwing error is marked
  // onError (part of his advance came on the error) but still stole: runners who moved up
  // cleanly are credited first, then those who also gained on the error.
  const advanced = runners.filter((m) => m.to !== null && m.to > m.from);
  return {
    sb: pick(stats.sb, [
      ...advanced.filter((m) => !m.onError),
      ...advanced.filter((m) => m.onError),
    ]),
    cs: pick(
      stats.cs,
      runners.filter((m) => m.to === null),
    ),
  };
}

function buildTeamBox(
  side: TeamSide,
  replayed: readonly ReplayedPlay[],
  halfLines: readonly HalfInningLine[],
  lineups: readonly LineupEntry[],
  decided: Decisions,
  charged: ReturnType<typeof earnedRuns>,
  nameOf: (id: number) => string,
): TeamBox {
  const batting = new Map<number, MutableBatting>();
  const bat = (id: number) => {
    let line = batting.get(id);
    if (!line) {
      line = zeroBatting();
      batting.set(id, line);
    }
    return line;
  };
  const pitching = new Map<number, MutablePitching>();
  const pitchingOrder: number[] = [];
  const errorsBy = new Map<number, number>();
  // Each batter hit (or walked on purpose), with the pitcher of each time, in order.
  const hbpBy = new Map<number, number[]>();
  const ibbBy = new Map<number, number[]>();
  const pbBy = new Map<number, number>();
  let doublePlays = 0;
  let triplePlays = 0;

  for (const r of replayed) {
    const p = r.play;
    const s = p.stats;
    if (r.battingTeam === side) {
      if (p.batterId !== null && r.isPlateAppearance) {
        const b = bat(p.batterId);
        b.pa += s.pa;
        b.ab += s.ab;
        b.h += s.hit;
        b.rbi += s.rbi;
        b.bb += walksOf(s);
        b.ibb += s.ibb;
        b.so += s.so;
        b.doubles += s.double;
        b.triples += s.triple;
        b.hr += s.homerun;
        b.hbp += s.hbp;
        b.sf += s.sf;
        b.sh += s.sac;
        b.gidp += s.gidp;
        b.ci += s.ci;
        const batter = r.movements.find((m) => m.from === 0);
        if (batter && batter.to === null) {
          b.lob += r.movements.filter((m) => m.from > 0 && m.to !== null && m.to < 4).length;
        }
        if (s.hbp > 0) hbpBy.set(p.batterId, [...(hbpBy.get(p.batterId) ?? []), p.pitcherId]);
        if (s.ibb > 0) ibbBy.set(p.batterId, [...(ibbBy.get(p.batterId) ?? []), p.pitcherId]);
      }
      for (const m of r.scorers) bat(m.lineupId).r += 1;
      const steals = stealsOf(r);
      for (const id of steals.sb) bat(id).sb += 1;
      for (const id of steals.cs) bat(id).cs += 1;
    } else {
      let line = pitching.get(p.pitcherId);
      if (!line) {
        line = zeroPitching();
        pitching.set(p.pitcherId, line);
        pitchingOrder.push(p.pitcherId);
      }
      line.outs += p.outsRecorded;
      line.h += s.hit;
      line.bb += walksOf(s);
      line.ibb += s.ibb;
      line.so += s.so;
      line.hr += s.homerun;
      line.hbp += s.hbp;
      line.wp += s.wild_pitch;
      line.bk += s.balk;
      line.bf += r.isPlateAppearance ? 1 : 0;
      for (const e of p.errors) errorsBy.set(e.lineupId, (errorsBy.get(e.lineupId) ?? 0) + 1);
      if (s.passed_ball > 0) pbBy.set(p.catcherId, (pbBy.get(p.catcherId) ?? 0) + s.passed_ball);
      if (p.outsRecorded === 2) doublePlays += 1;
      if (p.outsRecorded >= 3) triplePlays += 1;
    }
  }

  // Runs and earned runs charged (a pitcher may be charged with a run scored after he left).
  for (const [id, tally] of charged.byPitcher) {
    const line = pitching.get(id);
    if (line) {
      line.r = tally.runs;
      line.er = tally.earnedRuns;
    }
  }

  const battingLines = orderBattingLines(side, lineups, batting, nameOf);
  const battingTotals = zeroBatting();
  for (const line of battingLines) {
    for (const key of Object.keys(battingTotals) as (keyof MutableBatting)[]) {
      battingTotals[key] += line[key];
    }
  }

  const decisionsOf = (id: number): PitcherDecision[] => {
    const list: PitcherDecision[] = [];
    if (decided.win === id) list.push("W");
    if (decided.loss === id) list.push("L");
    if (decided.save === id) list.push("SV");
    if (decided.holds.includes(id)) list.push("H");
    if (decided.blownSaves.includes(id)) list.push("BS");
    return list;
  };
  const byId = new Map(lineups.map((l) => [l.id, l]));
  const pitchingLines: PitchingLine[] = pitchingOrder.map((id) => {
    const line = pitching.get(id)!;
    return {
      lineupId: id,
      playerId: byId.get(id)?.playerId ?? id,
      name: nameOf(id),
      ...line,
      ip: formatInningsPitched(line.outs),
      decisions: decisionsOf(id),
    };
  });
  const pitchingTotals = zeroPitching();
  for (const line of pitchingLines) {
    for (const key of Object.keys(pitchingTotals) as (keyof MutablePitching)[]) {
      if (key !== "ip") pitchingTotals[key] += line[key];
    }
  }
  pitchingTotals.ip = formatInningsPitched(pitchingTotals.outs);

  const errorsByFielder = [...errorsBy].map(([id, n]) => ({
    lineupId: id,
    name: nameOf(id),
    errors: n,
  }));
  const leftOnBase = halfLines
    .filter((h) => h.battingTeam === side)
    .reduce((n, h) => n + h.leftOnBase, 0);
  const fieldingTeamRuns = charged.byTeam[side];

  const note = (label: string, key: keyof MutableBatting): BoxNote => ({
    label,
    items: battingLines.filter((l) => l[key] > 0).map((l) => ({ name: l.name, count: l[key] })),
  });
  const battingNotes: BoxNote[] = [
    note("2B", "doubles"),
    note("3B", "triples"),
    note("HR", "hr"),
    note("SF", "sf"),
    note("SH", "sh"),
    note("GIDP", "gidp"),
    note("SB", "sb"),
    note("CS", "cs"),
    { label: "IBB", items: byPitcherItems(ibbBy, nameOf) },
    { label: "HBP", items: byPitcherItems(hbpBy, nameOf) },
    { label: "E", items: errorsByFielder.map((e) => ({ name: e.name, count: e.errors })) },
    { label: "DP", items: doublePlays > 0 ? [{ name: "", count: doublePlays }] : [] },
    { label: "TP", items: triplePlays > 0 ? [{ name: "", count: triplePlays }] : [] },
    { label: "LOB", items: [{ name: "", count: leftOnBase }] },
  ].filter((n) => n.items.length > 0);
  const pitchingNote = (label: string, key: keyof MutablePitching): BoxNote => ({
    label,
    items: pitchingLines
      .filter((l) => (l[key] as number) > 0)
      .map((l) => ({ name: l.name, count: l[key] as number })),
  });
  const pitchingNotes: BoxNote[] = [
    pitchingNote("WP", "wp"),
    pitchingNote("BK", "bk"),
    { label: "PB", items: [...pbBy].map(([id, n]) => ({ name: nameOf(id), count: n })) },
  ].filter((n) => n.items.length > 0);

  return {
    team: side,
    runs: battingTotals.r,
    hits: battingTotals.h,
    errors: errorsByFielder.reduce((n, e) => n + e.errors, 0),
    batting: battingLines,
    battingTotals,
    pitching: pitchingLines,
    pitchingTotals: pitchingTotals as PitchingTotals,
    teamEarnedRuns: fieldingTeamRuns.earnedRuns,
    leftOnBase,
    doublePlays,
    triplePlays,
    errorsByFielder,
    battingNotes,
    pitchingNotes,
  };
}

/**
 * One note item per batter, as box scores group them: his count, then the pitchers, each with
 * his own count when more than one, e.g. "Rookwood (3, by Vance 2, Upton)".
 */
function byPitcherItems(
  pitchersOf: ReadonlyMap<number, readonly number[]>,
  nameOf: (id: number) => string,
): NoteItem[] {
  return [...pitchersOf].map(([batterId, pitcherIds]) => {
    const times = new Map<number, number>();
    for (const id of pitcherIds) times.set(id, (times.get(id) ?? 0) + 1);
    const pitchers = [...times].map(([id, n]) => (n > 1 ? `${nameOf(id)} ${n}` : nameOf(id)));
    return {
      name: nameOf(batterId),
      count: pitcherIds.length,
      detail: `by ${pitchers.join(", ")}`,
    };
  });
}

/**
 * Batting lines in batting order: the starter in each slot, then the men who took that slot
 * after him, in the order they entered, indented. Lineup entries for the same player in the
 * same slot (a change of position) make one line ("PH-CF"). Anyone who batted or scored but is
 * missing from the lineups is listed last under his lineup id.
 */
function orderBattingLines(
  side: TeamSide,
  lineups: readonly LineupEntry[],
  stats: ReadonlyMap<number, MutableBatting>,
  nameOf: (id: number) => string,
): BattingLine[] {
  const team = lineups.filter((l) => l.team === side && l.battingOrder !== null);
  const lines: BattingLine[] = [];
  const listed = new Set<number>();
  for (let slot = 1; slot <= 9; slot++) {
    const inSlot = team
      .filter((l) => l.battingOrder === slot)
      .sort(
        (a, b) =>
          (a.afterPlay ?? -1) - (b.afterPlay ?? -1) || Number(b.isStarter) - Number(a.isStarter),
      );
    const groups: { entries: LineupEntry[] }[] = [];
    for (const entry of inSlot) {
      const previous = groups.at(-1);
      if (previous && previous.entries[0]!.playerId === entry.playerId)
        previous.entries.push(entry);
      else groups.push({ entries: [entry] });
    }
    groups.forEach((group, i) => {
      const head = group.entries[0]!;
      const merged = zeroBatting();
      for (const e of group.entries) {
        listed.add(e.id);
        const s = stats.get(e.id);
        if (!s) continue;
        for (const key of Object.keys(merged) as (keyof MutableBatting)[]) merged[key] += s[key];
      }
      lines.push({
        lineupId: head.id,
        playerId: head.playerId,
        name: head.name,
        position: [...new Set(group.entries.map((e) => e.position))].join("-"),
        battingOrder: slot,
        depth: i === 0 ? 0 : 1,
        replacingId: head.replacingId,
        ...merged,
      });
    });
  }
  for (const [id, s] of stats) {
    if (listed.has(id)) continue;
    const entry = lineups.find((l) => l.id === id);
    lines.push({
      lineupId: id,
      playerId: entry?.playerId ?? id,
      name: nameOf(id),
      position: entry?.position ?? "",
      battingOrder: entry?.battingOrder ?? null,
      depth: 0,
      replacingId: entry?.replacingId ?? null,
      ...s,
    });
  }
  return lines;
}
