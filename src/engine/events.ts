import type { FinalBase, Half, LineupEntry, PlayRecord, TeamSide } from "./play-record.js";
import type { AtBatReading, DefenseChoice, OffenseChoice, PendingDecision } from "./state.js";

/** What happened, in the past tense. Every PlayRecord arrives in exactly one plateAppearanceEnded
 *  (the play ended a plate appearance) or playRecorded (a play inside one: WP, PB, dropped foul). */
export type GameEvent =
  | { readonly type: "defenseSet"; readonly side: TeamSide; readonly choice: DefenseChoice }
  | { readonly type: "offenseSet"; readonly side: TeamSide; readonly choice: OffenseChoice }
  | { readonly type: "atBatRolled"; readonly reading: AtBatReading; readonly voided: boolean }
  | {
      readonly type: "runnerAdvanced";
      readonly lineupId: number;
      readonly from: 0 | 1 | 2 | 3;
      readonly to: FinalBase;
    }
  | { readonly type: "plateAppearanceEnded"; readonly play: PlayRecord }
  | { readonly type: "playRecorded"; readonly play: PlayRecord }
  | {
      readonly type: "halfInningEnded";
      readonly inning: number;
      readonly half: Half;
      readonly runs: number;
      readonly score: { readonly away: number; readonly home: number };
    }
  | {
      readonly type: "gameEnded";
      readonly winner: TeamSide | null;
      readonly score: { readonly away: number; readonly home: number };
      readonly innings: number;
      readonly walkOff: boolean;
      readonly reason: "final" | "walkOff" | "forfeit";
    }
  | { readonly type: "decisionRequired"; readonly decision: PendingDecision }
  /** A batter hurt on a plus-injury reading (§7): out for the rest of the game (REM) and N games. */
  | {
      readonly type: "playerInjured";
      readonly lineupId: number;
      readonly length: "REM" | number;
      readonly inning: number;
      readonly roll: number;
    }
  /** A substitution: a new lineup entry (a new man, or a man in a new position), replacing `replacedId`. */
  | {
      readonly type: "lineupChanged";
      readonly entry: LineupEntry;
      readonly replacedId: number | null;
    };
