import { z } from "zod";
import { type EngineError, engineError } from "./errors.js";
import { LINEUP_POSITIONS } from "./positions.js";

/**
 * Everything a manager (or the server) can do, as a discriminated union on `type`, with its zod
 * schema beside it. Actions carry game content only: who acts (`side`) and what. Version checks
 * and ownership belong to the game service. Validate untrusted input with parseAction at the
 * boundary; the reducer trusts its (typed) input and runs no zod.
 */
const side = z.enum(["home", "away"]);
const base = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const setDefenseSchema = z.strictObject({
  type: z.literal("setDefense"),
  side,
  infield: z.enum(["back", "cornersIn", "in"]),
  outfield: z.enum(["normal", "shallow", "deep"]),
  hold: z.strictObject({
    first: z.boolean().optional(),
    second: z.boolean().optional(),
    third: z.boolean().optional(),
  }),
  intentionalWalk: z.boolean(),
});

export const setOffenseSchema = z.strictObject({
  type: z.literal("setOffense"),
  side,
  play: z.enum([
    "swing",
    "steal",
    "doubleSteal",
    "delayedSteal",
    "bunt",
    "sacrifice",
    "squeeze",
    "hitAndRun",
  ]),
  /** Steals: the runners sent, by the base each starts on. */
  runners: z.array(base).max(3).optional(),
});

export const rollAtBatSchema = z.strictObject({ type: z.literal("rollAtBat") });

export const submitCardResultSchema = z.strictObject({
  type: z.literal("submitCardResult"),
  side,
  /** A canonical card code, e.g. "GB(ss)A", "SI**", "FLY(rf)B?". */
  code: z.string().min(1).max(32),
});

export const decideRunnerSchema = z.discriminatedUnion("step", [
  z.strictObject({
    type: z.literal("decideRunner"),
    side,
    step: z.literal("send"),
    send: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("decideRunner"),
    side,
    step: z.literal("throw"),
    throw: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("decideRunner"),
    side,
    step: z.literal("trail"),
    send: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("decideRunner"),
    side,
    step: z.literal("target"),
    target: z.enum(["lead", "trail"]),
  }),
  z.strictObject({
    type: z.literal("decideRunner"),
    side,
    step: z.literal("tagUp"),
    send: z.boolean(),
  }),
]);

export const substituteSchema = z.strictObject({
  type: z.literal("substitute"),
  side,
  /** The lineup id of the man coming out. */
  outId: z.number().int().positive(),
  /** The bench player (league player id / card id) coming in. */
  inPlayerId: z.number().int(),
  /** Where he plays: a fielding position, DH, or pinch-hitter / pinch-runner. */
  position: z.enum([...LINEUP_POSITIONS, "PH", "PR"]),
});

export const changePitcherSchema = z.strictObject({
  type: z.literal("changePitcher"),
  side,
  /** The bench pitcher (league player id / card id) coming in. */
  inPlayerId: z.number().int(),
  /**
   * A double switch (no DH): the new pitcher bats in the slot of the fielder `outId`, and the
   * bench player `inPlayerId` takes that fielder's `position` and bats in the old pitcher's slot.
   */
  doubleSwitch: z
    .strictObject({
      outId: z.number().int().positive(),
      inPlayerId: z.number().int(),
      position: z.enum(LINEUP_POSITIONS),
    })
    .optional(),
});

/**
 * The defense moves men already in the game to other positions (a position switch), e.g. the SS
 * to 2B and the 2B to SS, or the DH into the field. Each move names a lineup id and the fielding
 * position he takes (not the mound: pitching changes are changePitcher). See substitutions.ts.
 */
export const switchPositionsSchema = z.strictObject({
  type: z.literal("switchPositions"),
  side,
  moves: z
    .array(
      z.strictObject({
        id: z.number().int().positive(),
        position: z.enum(["C", "1B", "2B", "3B", "SS", "LF", "CF", "RF"]),
      }),
    )
    .min(1)
    .max(8),
});

export const timeoutSchema = z.strictObject({
  type: z.literal("timeout"),
  /** The side whose clock ran out. */
  side,
  /**
   * The decision an AI manager made for the late side (the server asks the balanced manager).
   * Without it the engine takes its default decision. Either way the play records decidedByAi.
   */
  decision: z
    .discriminatedUnion("type", [
      setDefenseSchema,
      setOffenseSchema,
      submitCardResultSchema,
      decideRunnerSchema,
      substituteSchema,
      changePitcherSchema,
      switchPositionsSchema,
    ])
    .optional(),
});

export const forfeitSchema = z.strictObject({ type: z.literal("forfeit"), side });

export const actionSchema = z.discriminatedUnion("type", [
  setDefenseSchema,
  setOffenseSchema,
  rollAtBatSchema,
  submitCardResultSchema,
  decideRunnerSchema,
  substituteSchema,
  changePitcherSchema,
  switchPositionsSchema,
  timeoutSchema,
  forfeitSchema,
]);

export type SetDefense = z.infer<typeof setDefenseSchema>;
export type SetOffense = z.infer<typeof setOffenseSchema>;
export type RollAtBat = z.infer<typeof rollAtBatSchema>;
export type SubmitCardResult = z.infer<typeof submitCardResultSchema>;
export type DecideRunner = z.infer<typeof decideRunnerSchema>;
export type Substitute = z.infer<typeof substituteSchema>;
export type ChangePitcher = z.infer<typeof changePitcherSchema>;
export type SwitchPositions = z.infer<typeof switchPositionsSchema>;
export type Timeout = z.infer<typeof timeoutSchema>;
export type Forfeit = z.infer<typeof forfeitSchema>;
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action["type"];

export type ParsedAction =
  | { readonly ok: true; readonly action: Action }
  | { readonly ok: false; readonly error: EngineError };

/** Validates an untrusted payload (a socket message, a REST body) into an Action. */
export function parseAction(input: unknown): ParsedAction {
  const parsed = actionSchema.safeParse(input);
  if (parsed.success) return { ok: true, action: parsed.data };
  const type =
    typeof input === "object" && input !== null && "type" in input
      ? String((input as { type: unknown }).type)
      : undefined;
  const known = type !== undefined && ACTION_TYPES.includes(type as ActionType);
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
  if (!known) {
    return {
      ok: false,
      error: engineError(
        type === undefined ? "action/malformed" : "action/unknown",
        type === undefined
          ? "an action is an object with a type"
          : `"${type}" is not an action (expected one of ${ACTION_TYPES.join(", ")})`,
        { issues },
      ),
    };
  }
  const first = issues[0];
  return {
    ok: false,
    error: engineError(
      "action/malformed",
      `malformed ${type} action: ${first === undefined ? "invalid" : `${first.path || "(root)"}: ${first.message}`}`,
      { issues },
    ),
  };
}

export const ACTION_TYPES: readonly ActionType[] = [
  "setDefense",
  "setOffense",
  "rollAtBat",
  "submitCardResult",
  "decideRunner",
  "substitute",
  "changePitcher",
  "switchPositions",
  "timeout",
  "forfeit",
];
