import type { Player } from "./cards.js";
import { type EngineError, engineError } from "./errors.js";
import type { LineupEntry, TeamSide } from "./play-record.js";
import { FIELD_POSITIONS, type FieldPosition } from "./positions.js";
import { DEFAULT_RULES, type LeagueRules } from "./rules.js";
import {
  type Ballpark,
  type GameState,
  NO_CHOICES,
  NO_RUNNERS,
  type PitcherTally,
  type TeamState,
} from "./state.js";

/** One team as it takes the field. */
export interface TeamSetup {
  readonly name: string;
  /** The batting order, slot 1 first: nine players and where each plays. */
  readonly lineup: readonly { readonly player: Player; readonly position: FieldPosition | "DH" }[];
  /** With a DH: the starting pitcher, who does not bat. Without a DH: omit it (the P in the order pitches). */
  readonly pitcher?: Player;
  /** Players available to come in later. */
  readonly bench?: readonly Player[];
}

export interface GameSetup {
  readonly league: Player["league"];
  readonly rules?: LeagueRules;
  readonly ballpark?: Ballpark;
  readonly away: TeamSetup;
  readonly home: TeamSetup;
  /** Let a starter take a position he is not rated for (he plays with the §5 penalties). */
  readonly allowOutOfPosition?: boolean;
}

export type CreatedGame =
  | { readonly ok: true; readonly state: GameState }
  | { readonly ok: false; readonly error: EngineError };

/**
 * Checks both lineups and builds the game's initial state, awaiting the home defense's first
 * declaration. Refuses with "lineup/invalid", naming the problem.
 */
export function createGame(setup: GameSetup): CreatedGame {
  const rules = setup.rules ?? DEFAULT_RULES;
  const ballpark = setup.ballpark ?? {
    name: "neutral park",
    homerun: rules.ballparkHomerunSucceedsAtMost,
    single: rules.ballparkSingleSucceedsAtMost,
  };
  const problem =
    checkTeam(setup.away, "away", setup, rules) ?? checkTeam(setup.home, "home", setup, rules);
  if (problem !== null)
    return { ok: false, error: engineError("lineup/invalid", problem.message, problem.details) };
  const twice = playedTwice(setup, rules);
  if (twice !== null) {
    return {
      ok: false,
      error: engineError("lineup/invalid", `${twice.name} (id ${twice.id}) is in the game twice`, {
        playerId: twice.id,
      }),
    };
  }
  if (setup.league !== "sba" && setup.league !== "pd") {
    return {
      ok: false,
      error: engineError("lineup/invalid", `unknown league "${String(setup.league)}"`),
    };
  }
  for (const team of [setup.away, setup.home]) {
    for (const player of [
      ...team.lineup.map((l) => l.player),
      ...(team.pitcher ? [team.pitcher] : []),
    ]) {
      if (player.league !== setup.league) {
        return {
          ok: false,
          error: engineError(
            "lineup/invalid",
            `${player.name} is a ${player.league.toUpperCase()} player in a ${setup.league.toUpperCase()} game`,
            { playerId: player.id },
          ),
        };
      }
    }
  }

  const lineup: LineupEntry[] = [];
  const players: Record<number, Player> = {};
  const pitchers: Record<number, PitcherTally> = {};
  const teams = {} as Record<TeamSide, TeamState>;
  for (const side of ["away", "home"] as const) {
    const team = setup[side];
    const order: number[] = [];
    const defense = {} as Record<FieldPosition, number>;
    team.lineup.forEach((slot, index) => {
      const id = lineup.length + 1;
      lineup.push(entry(id, side, slot.player, slot.position, index + 1));
      players[id] = slot.player;
      order.push(id);
      if (slot.position !== "DH") defense[slot.position] = id;
    });
    if (rules.designatedHitter) {
      const id = lineup.length + 1;
      lineup.push(entry(id, side, team.pitcher!, "P", null));
      players[id] = team.pitcher!;
      defense.P = id;
    }
    pitchers[defense.P] = {
      pitcherId: defense.P,
      enteredInning: 1,
      starter: true,
      outsRecorded: 0,
      battersFaced: 0,
      innings: [],
      fatigued: false,
    };
    teams[side] = {
      side,
      name: team.name,
      order,
      defense,
      atBat: 0,
      runs: 0,
      hits: 0,
      errors: 0,
      lineScore: [],
      bench: team.bench ?? [],
    };
  }

  return {
    ok: true,
    state: {
      league: setup.league,
      rules,
      ballpark,
      lineup,
      players,
      away: teams.away,
      home: teams.home,
      inning: 1,
      half: "top",
      outs: 0,
      bases: NO_RUNNERS,
      pending: { kind: "defense", side: "home" },
      choices: NO_CHOICES,
      version: 0,
      playNumber: 0,
      halfInningPlays: 0,
      errorless: null,
      pitchers,
      carriedDice: [],
      inProgress: null,
      diceCursor: null,
    },
  };
}

function entry(
  id: number,
  team: TeamSide,
  player: Player,
  position: FieldPosition | "DH",
  battingOrder: number | null,
): LineupEntry {
  return {
    id,
    team,
    playerId: player.id,
    name: player.name,
    position,
    battingOrder,
    isStarter: true,
    isActive: true,
    enteredInning: 1,
    replacingId: null,
    afterPlay: null,
    isFatigued: false,
  };
}

interface Problem {
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

function checkTeam(
  team: TeamSetup,
  side: TeamSide,
  setup: GameSetup,
  rules: LeagueRules,
): Problem | null {
  const who = `${side} (${team.name})`;
  if (team.lineup.length !== 9) {
    return {
      message: `${who} bats ${team.lineup.length} men; a batting order has 9`,
      details: { side, count: team.lineup.length },
    };
  }
  const wanted: readonly (FieldPosition | "DH")[] = rules.designatedHitter
    ? [...FIELD_POSITIONS.filter((p) => p !== "P"), "DH"]
    : FIELD_POSITIONS;
  for (const position of wanted) {
    const count = team.lineup.filter((slot) => slot.position === position).length;
    if (count !== 1) {
      return {
        message:
          count === 0
            ? `${who} has nobody at ${position}`
            : `${who} has ${count} men at ${position}; one per position`,
        details: { side, position, count },
      };
    }
  }
  const extra = team.lineup.find((slot) => !wanted.includes(slot.position));
  if (extra !== undefined) {
    return {
      message: rules.designatedHitter
        ? `${who}: ${extra.player.name} bats at ${extra.position}, but with a DH the pitcher does not bat`
        : `${who}: ${extra.player.name} is listed at DH, but this game has no designated hitter`,
      details: { side, position: extra.position, playerId: extra.player.id },
    };
  }
  if (rules.designatedHitter && team.pitcher === undefined) {
    return { message: `${who} names no starting pitcher`, details: { side } };
  }
  if (!rules.designatedHitter && team.pitcher !== undefined) {
    const batting = team.lineup.find((slot) => slot.position === "P")!.player;
    if (batting.id !== team.pitcher.id) {
      return {
        message: `${who}: without a DH the starting pitcher bats; ${team.pitcher.name} is not the P in the order`,
        details: { side, playerId: team.pitcher.id },
      };
    }
  }
  const pitcher = rules.designatedHitter
    ? team.pitcher!
    : team.lineup.find((slot) => slot.position === "P")!.player;
  if (pitcher.pitching === null) {
    return {
      message: `${who}: ${pitcher.name} has no pitching card and cannot pitch`,
      details: { side, playerId: pitcher.id },
    };
  }
  for (const slot of team.lineup) {
    if (slot.position === "DH" || slot.position === "P") continue;
    if (!setup.allowOutOfPosition && !slot.player.eligible.includes(slot.position)) {
      return {
        message: `${who}: ${slot.player.name} is not eligible at ${slot.position} (eligible: ${slot.player.eligible.join(", ") || "none"})`,
        details: { side, position: slot.position, playerId: slot.player.id },
      };
    }
  }
  return null;
}

function playedTwice(setup: GameSetup, rules: LeagueRules): Player | null {
  const seen = new Set<number>();
  for (const team of [setup.away, setup.home]) {
    const men = team.lineup.map((slot) => slot.player);
    if (rules.designatedHitter && team.pitcher !== undefined) men.push(team.pitcher);
    for (const player of men) {
      if (seen.has(player.id)) return player;
      seen.add(player.id);
    }
  }
  return null;
}
