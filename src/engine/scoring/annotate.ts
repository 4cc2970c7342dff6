import type { PlayRecord } from "../play-record.js";
import { re24 } from "./run-expectancy.js";
import {
  WIN_EXPECTANCY_TABLE,
  type WinExpectancyOptions,
  type WinExpectancyTable,
  wpaOfPlays,
} from "./win-expectancy.js";

/**
 * Returns new records with `re24` and `wpa` filled in again (both credited to the batting
 * team), from the committed win-expectancy table or the one given. The engine already fills
 * both when it records a play; this re-reads a log against another table (or an old log).
 */
export function annotatePlays(
  plays: readonly PlayRecord[],
  table: WinExpectancyTable = WIN_EXPECTANCY_TABLE,
  options: WinExpectancyOptions = {},
): PlayRecord[] {
  const wpa = wpaOfPlays(table, plays, options);
  return plays.map((play, i) => ({ ...play, re24: re24(play), wpa: wpa[i]! }));
}
