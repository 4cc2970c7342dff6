// Response shapes of the SBA "Major Domo" API v3 (<SBA_API_URL>/api/v3/...), as zod schemas.
//
// Where the facts come from (read, not copied):
//   - calcorum/major-domo-v2 api/client.py: Bearer auth, GET <base>/v3/<endpoint>[/<id>], 404 for a
//     missing record; services/base_service.py: list answers are {"count": n, "<endpoint>": [...]};
//     services/player_service.py: /players/search?q=&limit=&season= answers {"count", "players"};
//     models/player.py: id, name, wara, season, team (nested object, or a bare id from search),
//     image, image2, vanity_card, headshot, pos_1 (required) .. pos_8, pitcher_injury,
//     injury_rating, il_return, demotion_week, last_game, last_game2, strat_code, bbref_id,
//     sbaplayer (object or id); models/team.py: id, abbrev, sname, lname, season, gmid, gmid2,
//     manager1_id, manager2_id, division (nested), stadium, thumbnail, color, dice_color;
//     models/current.py: week, season, freeze, bet_week, trade_deadline, pick_trade_start,
//     pick_trade_end, playoffs_begin.
//   - calcorum/sba-desktop src/sba_scout/api/client.py: base path /api/v3; /teams/{id}/roster/
//     {current|next} answers sections "active", "shortil", "longil" (major-domo-v2's roster model
//     reads "active", "il", "minor"); sync.py: the player's sWAR is the API field "wara", gmid and
//     gmid2 are Discord ids, manager1/manager2 may be nested objects with a name, and "hand is
//     not in the API response".
//
// Not confirmed anywhere, so optional or nullable: every field but the ids, names and pos_1; the
// roster section names (all optional, any of the five); hand. Unknown extra fields are allowed
// (looseObject): the API may grow without breaking us.

import { z } from "zod";
import {
  IdOrRecordSchema,
  listAnswer,
  nullish,
  PositionCodeSchema,
  positionFields,
  SnowflakeSchema,
} from "./shared-schemas.js";

/** JSON keys that hold Discord ids in SBA answers. */
export const SBA_SNOWFLAKE_KEYS = ["gmid", "gmid2"] as const;

export const SbaDivisionSchema = z.looseObject({
  id: z.number().int(),
  division_name: nullish(z.string()),
  division_abbrev: nullish(z.string()),
  league_name: nullish(z.string()),
  league_abbrev: nullish(z.string()),
});

const SbaManagerSchema = z.looseObject({
  id: nullish(z.number().int()),
  name: nullish(z.string()),
});

export const SbaTeamSchema = z.looseObject({
  id: z.number().int(),
  abbrev: z.string(),
  sname: z.string(),
  lname: z.string(),
  season: z.number().int(),
  gmid: nullish(SnowflakeSchema),
  gmid2: nullish(SnowflakeSchema),
  manager1_id: nullish(z.number().int()),
  manager2_id: nullish(z.number().int()),
  manager1: nullish(SbaManagerSchema),
  manager2: nullish(SbaManagerSchema),
  division: nullish(SbaDivisionSchema),
  stadium: nullish(z.string()),
  thumbnail: nullish(z.string()),
  color: nullish(z.string()),
  dice_color: nullish(z.string()),
  salary_cap: nullish(z.number()),
});
export type SbaApiTeam = z.infer<typeof SbaTeamSchema>;

export const SbaPlayerSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  /** sWAR. */
  wara: nullish(z.number()),
  season: z.number().int(),
  /** A nested team on most endpoints, a bare team id on /players/search, null for none. */
  team: nullish(z.union([SbaTeamSchema, z.number().int()])),
  image: nullish(z.string()),
  image2: nullish(z.string()),
  vanity_card: nullish(z.string()),
  headshot: nullish(z.string()),
  ...positionFields(PositionCodeSchema),
  /** Batting hand; not confirmed in the API (sba-desktop says it is absent). */
  hand: nullish(z.enum(["L", "R", "S"])),
  pitcher_injury: nullish(z.number().int()),
  /** The batter's injury rating as printed, e.g. "3p65". */
  injury_rating: nullish(z.string()),
  il_return: nullish(z.string()),
  demotion_week: nullish(z.number().int()),
  last_game: nullish(z.string()),
  last_game2: nullish(z.string()),
  strat_code: nullish(z.string()),
  bbref_id: nullish(z.string()),
  sbaplayer: nullish(IdOrRecordSchema),
});
export type SbaApiPlayer = z.infer<typeof SbaPlayerSchema>;

export const SbaPlayerListSchema = listAnswer("players", SbaPlayerSchema);
export const SbaTeamListSchema = listAnswer("teams", SbaTeamSchema);

const SbaRosterSectionSchema = z.looseObject({
  players: z.array(SbaPlayerSchema),
  WARa: nullish(z.number()),
});

/** /teams/{id}/roster/current. The section names differ between the two clients we read. */
export const SbaRosterSchema = z.looseObject({
  active: SbaRosterSectionSchema.optional(),
  shortil: SbaRosterSectionSchema.optional(),
  longil: SbaRosterSectionSchema.optional(),
  il: SbaRosterSectionSchema.optional(),
  minor: SbaRosterSectionSchema.optional(),
});
export type SbaApiRoster = z.infer<typeof SbaRosterSchema>;

export const SbaCurrentSchema = z.looseObject({
  season: z.number().int(),
  week: z.number().int(),
  freeze: nullish(z.boolean()),
  trade_deadline: nullish(z.number().int()),
  playoffs_begin: nullish(z.number().int()),
});
export type SbaApiCurrent = z.infer<typeof SbaCurrentSchema>;
