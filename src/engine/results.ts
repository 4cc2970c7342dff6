import type { FieldPosition } from "./positions.js";

/**
 * What a card reading can say (rules reference §3). Every result that may be printed on a
 * batting or pitching card side is one variant here; WP, PB, balk, steals and pickoffs are
 * not card readings and live with the decisions that cause them.
 *
 * Canonical text codes (as a manager reads them off a printed card and submits them):
 *   SI*  SI**  SI(cf)  DO**  DO***  DO(lf)  TR  HR  BP-HR  BP-1B  BB  HBP  K
 *   GB(ss)A  GB(2b)B+  FLY(cf)B  FLY(rf)B?  LO(ss)  LO(3b)max  PO(2b)  FO(c)  X(ss)
 * Fielder codes inside the parentheses are lower-case positions: p c 1b 2b 3b ss lf cf rf.
 */
export type GroundballGrade = "A" | "B" | "C";
export type FlyballGrade = "A" | "B" | "BQ" | "C";

export type CardResult =
  | { readonly type: "SINGLE_1" }
  | { readonly type: "SINGLE_2" }
  | { readonly type: "SINGLE_UNCAPPED"; readonly fielder: FieldPosition }
  | { readonly type: "DOUBLE_2" }
  | { readonly type: "DOUBLE_3" }
  | { readonly type: "DOUBLE_UNCAPPED"; readonly fielder: FieldPosition }
  | { readonly type: "TRIPLE" }
  | { readonly type: "HOMERUN" }
  | { readonly type: "BP_HOMERUN" }
  | { readonly type: "BP_SINGLE" }
  | { readonly type: "WALK" }
  | { readonly type: "HBP" }
  | { readonly type: "STRIKEOUT" }
  | {
      readonly type: "GROUNDBALL";
      readonly grade: GroundballGrade;
      readonly fielder: FieldPosition;
      /** "+" results: a single with runners +2 when the infield is in. */
      readonly plus: boolean;
    }
  | { readonly type: "FLYBALL"; readonly grade: FlyballGrade; readonly fielder: FieldPosition }
  | { readonly type: "LINEOUT"; readonly fielder: FieldPosition; readonly max: boolean }
  | { readonly type: "POPOUT"; readonly fielder: FieldPosition }
  | { readonly type: "FOULOUT"; readonly fielder: FieldPosition }
  | { readonly type: "XCHECK"; readonly position: FieldPosition };

export type CardResultType = CardResult["type"];
