// Response shapes of the Paper Dynasty API v2 (<PD_API_URL>/api/v2/...), as zod schemas.
//
// Where the facts come from:
//   - calcorum/paper-domo db_engine.py (the early PD bot): a Card is a Player held by a Team; a
//     Player has name, mlbclub, cardset, rarity {value, name}, wara, primary position, card image
//     url/url2 and pos1..pos8; a Team has abbrev, sname, lname, gmid (Discord id), gmname, gmid2,
//     season; a Roster belongs to one team and lists card1..card26.
//   - The v2 names below (/cards, /cardsets, /teams, /rosters, /players; list answers
//     {"count", "<endpoint>": [...]} as in the SBA API by the same author; player_id, p_name, a
//     nested cardset, pos_1..pos_8, roster card_1..card_26) follow the public PD bot's usage as we
//     recall it and could NOT be confirmed from a stored source: every field beyond the ids and
//     names is optional or nullable, and unknown fields are allowed.
//
// Cardset priority is not an API field: it is chosen per game (game_cardset_links).

import { z } from "zod";
import { BATTING_RATING_FIELDS, PITCHING_RATING_FIELDS } from "../pd/ratings.js";
import {
  IdOrRecordSchema,
  listAnswer,
  nullish,
  PositionCodeSchema,
  positionFields,
  SnowflakeSchema,
} from "./shared-schemas.js";

/** JSON keys that hold Discord ids in PD answers. */
export const PD_SNOWFLAKE_KEYS = ["gmid", "gmid2"] as const;

export const PdCardsetSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  description: nullish(z.string()),
  event: nullish(IdOrRecordSchema),
  for_purchase: nullish(z.boolean()),
  total_cards: nullish(z.number().int()),
  in_packs: nullish(z.boolean()),
  ranked_legal: nullish(z.boolean()),
});
export type PdApiCardset = z.infer<typeof PdCardsetSchema>;

export const PdRaritySchema = z.looseObject({
  id: nullish(z.number().int()),
  value: nullish(z.number()),
  name: nullish(z.string()),
  color: nullish(z.string()),
});

/** One player in one cardset. The same real player has a different player_id in each cardset. */
export const PdPlayerSchema = z.looseObject({
  player_id: z.number().int(),
  p_name: z.string().min(1),
  cardset: PdCardsetSchema,
  rarity: nullish(PdRaritySchema),
  cost: nullish(z.number()),
  image: nullish(z.string()),
  image2: nullish(z.string()),
  headshot: nullish(z.string()),
  vanity_card: nullish(z.string()),
  mlbclub: nullish(z.string()),
  franchise: nullish(z.string()),
  set_num: nullish(z.number().int()),
  ...positionFields(nullish(PositionCodeSchema)),
  strat_code: nullish(z.string()),
  bbref_id: nullish(z.string()),
  fangr_id: nullish(z.string()),
  description: nullish(z.string()),
  /** The real-life player across cardsets: an id or a nested record. */
  mlbplayer: nullish(IdOrRecordSchema),
});
export type PdApiPlayer = z.infer<typeof PdPlayerSchema>;

export const PdTeamSchema = z.looseObject({
  id: z.number().int(),
  abbrev: z.string(),
  sname: z.string(),
  lname: z.string(),
  gmid: nullish(SnowflakeSchema),
  gmid2: nullish(SnowflakeSchema),
  gmname: nullish(z.string()),
  season: nullish(z.number().int()),
  logo: nullish(z.string()),
  color: nullish(z.string()),
  ranking: nullish(z.number()),
  team_value: nullish(z.number()),
  collection_value: nullish(z.number()),
  is_ai: nullish(z.union([z.boolean(), z.number().int()])),
});
export type PdApiTeam = z.infer<typeof PdTeamSchema>;

/** A card: one copy of a player (in one cardset), held by a team. */
export const PdCardSchema = z.looseObject({
  id: z.number().int(),
  player: PdPlayerSchema,
  team: nullish(z.union([PdTeamSchema, z.number().int()])),
  variant: nullish(z.number().int()),
  value: nullish(z.number()),
  pack: nullish(IdOrRecordSchema),
});
export type PdApiCard = z.infer<typeof PdCardSchema>;

/** A roster slot holds a card (nested or by id), or nothing. */
const RosterSlot = nullish(z.union([PdCardSchema, z.number().int()]));

export const PD_ROSTER_SLOTS = 26;

export const PdRosterSchema = z.looseObject({
  id: z.number().int(),
  team: z.union([PdTeamSchema, z.number().int()]),
  name: nullish(z.string()),
  roster_num: nullish(z.number().int()),
  ...Object.fromEntries(
    Array.from({ length: PD_ROSTER_SLOTS }, (_, i) => [`card_${i + 1}`, RosterSlot]),
  ),
});
export type PdApiRoster = z.infer<typeof PdRosterSchema> & {
  readonly [slot: `card_${number}`]: PdApiCard | number | null | undefined;
};

export const PdCardsetListSchema = listAnswer("cardsets", PdCardsetSchema);
export const PdTeamListSchema = listAnswer("teams", PdTeamSchema);
export const PdCardListSchema = listAnswer("cards", PdCardSchema);
export const PdRosterListSchema = listAnswer("rosters", PdRosterSchema);

// --- Ratings (unconfirmed: modelled on PD's rating tables as src/leagues/pd/ratings.ts names
// them; each list answer is {"count", "<key>": [...]}) --------------------------------------------

const Chance = z.number().min(0);
const Grade = z.enum(["A", "B", "C", "D"]);

export const PdApiBattingCardSchema = z.looseObject({
  id: z.number().int(),
  player: IdOrRecordSchema,
  variant: nullish(z.number().int()),
  steal_low: z.number().int(),
  steal_high: z.number().int(),
  steal_auto: z.boolean(),
  steal_jump: z.number(),
  bunting: Grade,
  hit_and_run: Grade,
  running: z.number().int(),
  offense_col: nullish(z.number().int()),
  hand: z.enum(["L", "R", "S"]),
});
export type PdApiBattingCard = z.infer<typeof PdApiBattingCardSchema>;

const battingSideShape = Object.fromEntries(BATTING_RATING_FIELDS.map((field) => [field, Chance]));

export const PdApiBattingRatingsSchema = z.looseObject({
  vs_hand: z.enum(["L", "R"]),
  ...battingSideShape,
});
export type PdApiBattingRatings = z.infer<typeof PdApiBattingRatingsSchema>;

export const PdApiPitchingCardSchema = z.looseObject({
  id: z.number().int(),
  player: IdOrRecordSchema,
  variant: nullish(z.number().int()),
  balk: z.number().int(),
  wild_pitch: z.number().int(),
  hold: z.number().int(),
  starter_rating: nullish(z.number().int()),
  relief_rating: nullish(z.number().int()),
  closer_rating: nullish(z.number().int()),
  /** "1p65"; null or absent: never injured. */
  injury_rating: nullish(z.string()),
  /** The pitcher's own hitting card code, e.g. "#1WR-C" (W: weak power). */
  batting: nullish(z.string()),
  hand: z.enum(["L", "R"]),
});
export type PdApiPitchingCard = z.infer<typeof PdApiPitchingCardSchema>;

const pitchingSideShape = Object.fromEntries(
  PITCHING_RATING_FIELDS.map((field) => [field, Chance]),
);

export const PdApiPitchingRatingsSchema = z.looseObject({
  vs_hand: z.enum(["L", "R"]),
  ...pitchingSideShape,
});
export type PdApiPitchingRatings = z.infer<typeof PdApiPitchingRatingsSchema>;

export const PdApiCardPositionSchema = z.looseObject({
  position: z.string().min(1),
  range: z.number().int(),
  error: z.number().int(),
  arm: nullish(z.number().int()),
  pb: nullish(z.number().int()),
  overthrow: nullish(z.number().int()),
  innings: nullish(z.number().int()),
});
export type PdApiCardPosition = z.infer<typeof PdApiCardPositionSchema>;

export const PdBattingCardListSchema = listAnswer("cards", PdApiBattingCardSchema);
export const PdBattingRatingsListSchema = listAnswer("ratings", PdApiBattingRatingsSchema);
export const PdPitchingCardListSchema = listAnswer("cards", PdApiPitchingCardSchema);
export const PdPitchingRatingsListSchema = listAnswer("ratings", PdApiPitchingRatingsSchema);
export const PdCardPositionListSchema = listAnswer("positions", PdApiCardPositionSchema);
