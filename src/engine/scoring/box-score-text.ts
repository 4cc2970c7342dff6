import type { TeamSide } from "../play-record.js";
import type { BattingLine, BoxNote, BoxScore, PitchingLine, TeamBox } from "./box-score.js";

/**
 * Prints a box score the way newspapers and Baseball-Reference lay one out: each team's
 * batting table with right-aligned columns and a totals row, the line score by innings with
 * R H E, the batting notes (2B, HR, SB, E, DP, LOB ...), each team's pitching table with the
 * decisions after the pitcher's name ("(W)", "(L)", "(SV)", "(H)", "(BS)"; no season records),
 * then the pitching notes (WP, BK, PB).
 */
export interface BoxScoreTextOptions {
  readonly teamNames?: Readonly<Record<TeamSide, string>>;
}

const BATTING_COLUMNS = [
  ["AB", "ab"],
  ["R", "r"],
  ["H", "h"],
  ["RBI", "rbi"],
  ["BB", "bb"],
  ["SO", "so"],
  ["LOB", "lob"],
] as const satisfies readonly (readonly [string, keyof BattingLine])[];

const PITCHING_COLUMNS = [
  ["IP", "ip"],
  ["H", "h"],
  ["R", "r"],
  ["ER", "er"],
  ["BB", "bb"],
  ["SO", "so"],
  ["HR", "hr"],
  ["BF", "bf"],
] as const satisfies readonly (readonly [string, keyof PitchingLine])[];

const MIN_NAME_WIDTH = 22;

export function formatBoxScoreText(box: BoxScore, options: BoxScoreTextOptions = {}): string {
  const teamName = (side: TeamSide) =>
    options.teamNames?.[side] ?? (side === "away" ? "Away" : "Home");
  const out: string[] = [];
  out.push(...battingTable(box.away, teamName("away")), "");
  out.push(...battingTable(box.home, teamName("home")), "");
  out.push(...lineScore(box, teamName), "");
  for (const side of ["away", "home"] as const) {
    const notes = notesLine(box[side].battingNotes);
    if (notes) out.push(`${teamName(side)}: ${notes}`);
  }
  out.push("");
  out.push(...pitchingTable(box.away, teamName("away")), "");
  out.push(...pitchingTable(box.home, teamName("home")));
  const pitchingNotes = [...box.away.pitchingNotes, ...box.home.pitchingNotes];
  const merged = mergeNotes(pitchingNotes);
  if (merged) out.push("", merged);
  const status =
    box.status === "final"
      ? `Final${box.innings === 9 ? "" : `/${box.innings}`}: ${teamName("away")} ${box.score.away}, ${teamName("home")} ${box.score.home}.`
      : `In progress, inning ${box.innings}: ${teamName("away")} ${box.score.away}, ${teamName("home")} ${box.score.home}.`;
  out.push("", status);
  return `${out.join("\n")}\n`;
}

function pad(text: string, width: number): string {
  return text.padStart(width);
}

function battingTable(team: TeamBox, name: string): string[] {
  const label = (l: BattingLine) => `${l.depth > 0 ? "  " : ""}${l.name} ${l.position}`.trimEnd();
  const width =
    Math.max(MIN_NAME_WIDTH, name.length, ...team.batting.map((l) => label(l).length)) + 1;
  const rows = [name.padEnd(width) + BATTING_COLUMNS.map(([h]) => pad(h, 5)).join("")];
  for (const line of team.batting) {
    rows.push(
      label(line).padEnd(width) + BATTING_COLUMNS.map(([, k]) => pad(String(line[k]), 5)).join(""),
    );
  }
  const totals = team.battingTotals;
  rows.push(
    "Totals".padEnd(width) +
      BATTING_COLUMNS.map(([, k]) => pad(String(totals[k as keyof typeof totals]), 5)).join(""),
  );
  return rows;
}

function pitchingTable(team: TeamBox, name: string): string[] {
  const label = (l: PitchingLine) =>
    l.decisions.length > 0 ? `${l.name} (${l.decisions.join(", ")})` : l.name;
  const width =
    Math.max(MIN_NAME_WIDTH, name.length, ...team.pitching.map((l) => label(l).length)) + 1;
  const rows = [name.padEnd(width) + PITCHING_COLUMNS.map(([h]) => pad(h, 5)).join("")];
  for (const line of team.pitching) {
    rows.push(
      label(line).padEnd(width) + PITCHING_COLUMNS.map(([, k]) => pad(String(line[k]), 5)).join(""),
    );
  }
  const totals = team.pitchingTotals;
  rows.push(
    "Totals".padEnd(width) +
      PITCHING_COLUMNS.map(([, k]) => pad(String(totals[k as keyof typeof totals]), 5)).join(""),
  );
  return rows;
}

function lineScore(box: BoxScore, teamName: (side: TeamSide) => string): string[] {
  const innings = box.lineScore.away.length;
  const width = Math.max(MIN_NAME_WIDTH, teamName("away").length, teamName("home").length) + 1;
  const cell = (v: number | "x" | null) => pad(v === null ? "" : String(v), 3);
  const gap = (i: number) => (i > 0 && i % 3 === 0 ? " " : "");
  const header =
    "".padEnd(width) +
    Array.from({ length: innings }, (_, i) => gap(i) + pad(String(i + 1), 3)).join("") +
    "  " +
    ["R", "H", "E"].map((h) => pad(h, 4)).join("");
  const row = (side: TeamSide) =>
    teamName(side).padEnd(width) +
    box.lineScore[side].map((v, i) => gap(i) + cell(v)).join("") +
    "  " +
    [box[side].runs, box[side].hits, box[side].errors].map((v) => pad(String(v), 4)).join("");
  return [header, row("away"), row("home")];
}

function noteText(note: BoxNote): string {
  const items = note.items.map((i) => {
    if (i.name === "") return String(i.count);
    const detail = i.detail ? `, ${i.detail}` : "";
    return `${i.name} (${i.count}${detail})`;
  });
  return `${note.label}: ${items.join(", ")}`;
}

function notesLine(notes: readonly BoxNote[]): string {
  return notes.length === 0 ? "" : `${notes.map(noteText).join("; ")}.`;
}

function mergeNotes(notes: readonly BoxNote[]): string {
  const byLabel = new Map<string, BoxNote["items"][number][]>();
  for (const n of notes) byLabel.set(n.label, [...(byLabel.get(n.label) ?? []), ...n.items]);
  return notesLine([...byLabel].map(([label, items]) => ({ label, items })));
}
