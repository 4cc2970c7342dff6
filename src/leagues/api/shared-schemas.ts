// Zod building blocks of the SBA "Major Domo" API v3 and the Paper Dynasty API v2. Both APIs are
// by the same author and spell these pieces alike: Discord ids (gmid, gmid2), a player's positions
// pos_1..pos_8, a related record nested or by its id, and list answers {"count", "<key>": [...]}.
// What is confirmed for each API, and what is not, is said in sba-schemas.ts and pd-schemas.ts.

import { z } from "zod";

/** A field the API may leave out or send as null. */
export const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/**
 * A Discord id (snowflake). It is a 64-bit integer, past what a JS number holds exactly, so the
 * client reads the digits as a string (see bigIntegerKeys in http.ts); a plain number is accepted
 * too and turned into its digits.
 */
export const SnowflakeSchema = z
  .union([z.string().regex(/^\d{1,20}$/, "expected a Discord id (digits)"), z.number().int()])
  .transform((v) => String(v));

/** A related record, by its id or nested (only its id is read here). */
export const IdOrRecordSchema = z.union([
  z.number().int(),
  z.looseObject({ id: z.number().int() }),
]);

/** "C", "1B", "SS", "SP", "RP", "DH"...: read as given; the sources map them to engine positions. */
export const PositionCodeSchema = z.string().min(1);

/**
 * A player's positions, pos_1..pos_8, his main one first: pos_1 as the API in hand sends it,
 * pos_2..pos_8 each absent or null when he has fewer.
 */
export function positionFields<P1 extends z.ZodType>(pos_1: P1) {
  return {
    pos_1,
    pos_2: nullish(PositionCodeSchema),
    pos_3: nullish(PositionCodeSchema),
    pos_4: nullish(PositionCodeSchema),
    pos_5: nullish(PositionCodeSchema),
    pos_6: nullish(PositionCodeSchema),
    pos_7: nullish(PositionCodeSchema),
    pos_8: nullish(PositionCodeSchema),
  };
}

/** A list answer: {"count": n, "<key>": [...]}. */
export const listAnswer = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.looseObject({ count: z.number().int().nonnegative(), [key]: z.array(item) } as {
    count: z.ZodNumber;
  } & Record<K, z.ZodArray<T>>);
