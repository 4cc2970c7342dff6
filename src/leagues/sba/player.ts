import { z } from "zod";
import type { BattingCard, FieldingRating, PitchingCard, SbaPlayer } from "../../engine/cards.js";
import type { FieldPosition } from "../../engine/positions.js";
import {
  CardParseError,
  parseBalk,
  parseCardSide,
  parseEndurance,
  parseFieldingRatings,
  parseGrade,
  parseHold,
  parseInjury,
  parsePosition,
  parseRunning,
  parseSteal,
  parseWildPitch,
} from "./ratings.js";

/**
 * An SBA player as the league keeps him: keyed by player_id, with the strings printed on his
 * card. buildSbaPlayer checks the record's shape with zod, parses every rating string and the
 * printed card grids, and returns the engine's SbaPlayer.
 */

/** A printed half: 3 columns, each the 11 cells for 2d6 rows 2..12 (see ratings.ts for cells). */
const PrintedHalf = z.array(z.array(z.string()).length(11)).length(3);

const OptionalPosition = z.string().nullable().optional();

export const SbaPlayerRecord = z.object({
  player_id: z.number().int().positive(),
  name: z.string().min(1),
  /** Throwing hand. */
  hand: z.enum(["L", "R"]),
  bats: z.enum(["L", "R", "S"]),
  /** Hitting power: N normal, W weak (pitcher-card HR[N] readings become SI** for W). */
  power: z.enum(["N", "W"]),
  pos_1: z.string(),
  pos_2: OptionalPosition,
  pos_3: OptionalPosition,
  pos_4: OptionalPosition,
  pos_5: OptionalPosition,
  pos_6: OptionalPosition,
  pos_7: OptionalPosition,
  pos_8: OptionalPosition,
  /** Space-separated fielding ratings, one per eligible position: "ss-3e24 2b-2e12". */
  fielding: z.string(),
  /** "13" or "1-13". */
  running: z.string(),
  /** "*8-10/11,12 (19-14)", or "-" when he may not steal. */
  steal: z.string(),
  bunt: z.string(),
  hit_and_run: z.string(),
  /** Batter injury rating "1p65"; null when none is printed. */
  injury: z.string().nullable(),
  batting_card: z.object({ vs_lhp: PrintedHalf, vs_rhp: PrintedHalf }),
  pitching: z
    .object({
      endurance: z.string(),
      wild_pitch: z.string(),
      balk: z.string(),
      hold: z.string(),
      injury: z.string().nullable(),
      card: z.object({ vs_lhb: PrintedHalf, vs_rhb: PrintedHalf }),
    })
    .nullable(),
});
export type SbaPlayerRecord = z.infer<typeof SbaPlayerRecord>;

/** A record that cannot become a player: names the player and the field that is wrong. */
export class PlayerRecordError extends Error {
  override readonly name = "PlayerRecordError";
  constructor(
    readonly playerId: number | null,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`player ${playerId ?? "?"}: ${field}: ${detail}`);
  }
}

const POSITION_FIELDS = [
  "pos_1",
  "pos_2",
  "pos_3",
  "pos_4",
  "pos_5",
  "pos_6",
  "pos_7",
  "pos_8",
] as const;

export function buildSbaPlayer(input: unknown): SbaPlayer {
  const parsed = SbaPlayerRecord.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id =
      typeof input === "object" && input !== null && "player_id" in input
        ? Number((input as { player_id: unknown }).player_id)
        : null;
    throw new PlayerRecordError(
      Number.isFinite(id) ? id : null,
      issue.path.join(".") || "record",
      issue.message,
    );
  }
  const record = parsed.data;
  const read = <T>(field: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof CardParseError) {
        throw new PlayerRecordError(record.player_id, field, error.message);
      }
      throw error;
    }
  };

  const eligible: FieldPosition[] = [];
  for (const field of POSITION_FIELDS) {
    const value = record[field];
    if (
      value === null ||
      value === undefined ||
      value.trim() === "" ||
      value.trim().toUpperCase() === "DH"
    ) {
      continue;
    }
    const position = read(field, () => parsePosition(value));
    if (!eligible.includes(position)) eligible.push(position);
  }
  const fieldingList = read("fielding", () => parseFieldingRatings(record.fielding));
  const fielding: Partial<Record<FieldPosition, FieldingRating>> = {};
  for (const rating of fieldingList) fielding[rating.position] = rating;
  for (const position of eligible) {
    if (fielding[position] === undefined) {
      throw new PlayerRecordError(
        record.player_id,
        "fielding",
        `he is eligible at ${position} but has no ${position.toLowerCase()} rating in '${record.fielding}'`,
      );
    }
  }

  const batting: BattingCard = {
    bats: record.bats,
    power: record.power,
    speed: read("running", () => parseRunning(record.running)),
    steal: read("steal", () => parseSteal(record.steal)),
    bunt: read("bunt", () => parseGrade(record.bunt, "bunt grade")),
    hitAndRun: read("hit_and_run", () => parseGrade(record.hit_and_run, "hit-and-run grade")),
    injury: record.injury === null ? null : read("injury", () => parseInjury(record.injury)),
    vsLeft: read("batting_card.vs_lhp", () =>
      parseCardSide(record.batting_card.vs_lhp, "batting card vs LHP"),
    ),
    vsRight: read("batting_card.vs_rhp", () =>
      parseCardSide(record.batting_card.vs_rhp, "batting card vs RHP"),
    ),
  };

  let pitching: PitchingCard | null = null;
  if (record.pitching !== null) {
    const p = record.pitching;
    pitching = {
      throws: record.hand,
      vsLeft: read("pitching.card.vs_lhb", () =>
        parseCardSide(p.card.vs_lhb, "pitching card vs LHB"),
      ),
      vsRight: read("pitching.card.vs_rhb", () =>
        parseCardSide(p.card.vs_rhb, "pitching card vs RHB"),
      ),
      endurance: read("pitching.endurance", () => parseEndurance(p.endurance)),
      wildPitch: read("pitching.wild_pitch", () => parseWildPitch(p.wild_pitch)),
      balk: read("pitching.balk", () => parseBalk(p.balk)),
      hold: read("pitching.hold", () => parseHold(p.hold)),
      injury: p.injury === null ? null : read("pitching.injury", () => parseInjury(p.injury)),
    };
  }

  const printed: Record<string, string> = {
    fielding: record.fielding,
    running: record.running,
    steal: record.steal,
    bunt: record.bunt,
    hit_and_run: record.hit_and_run,
  };
  if (record.injury !== null) printed.injury = record.injury;
  if (record.pitching !== null) {
    printed.endurance = record.pitching.endurance;
    printed.wild_pitch = record.pitching.wild_pitch;
    printed.balk = record.pitching.balk;
    printed.hold = record.pitching.hold;
    if (record.pitching.injury !== null) printed.pitching_injury = record.pitching.injury;
  }

  return {
    league: "sba",
    id: record.player_id,
    playerId: record.player_id,
    name: record.name,
    eligible,
    fielding,
    batting,
    pitching,
    printed,
  };
}
