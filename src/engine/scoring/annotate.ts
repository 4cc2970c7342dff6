import type { PlayRecord } from "../play-record.js";
import { re24 } from "./run-expectancy.js";
import {
  type WinExpectancyOptions,
  type WinExpectancyTable,
  wpaOfPlays,
} from "./win-expectancy.js";

/**
 * Returns new records with `re24` and `wpa` filled in (both credited to the batting team).
 * Without a win-expectancy table, `wpa` is left as recorded.
 */
export function annotatePlays(
  plays: readonly PlayRecord[],
  table?: WinExpectancyTable,
  options: WinExpectancyOptions = {},
): PlayRecord[] {
  const wpa = table ? wpaOfPlays(table, plays, options) : null;
  return plays.map((play, i) => ({ ...play, re24: re24(play), wpa: wpa ? wpa[i]! : play.wpa }));
}
