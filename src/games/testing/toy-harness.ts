// Builds a GameService over the toy rules, for tests: static team managers, toy lineups.

import type { GameStore, TeamAuthority } from "../ports.js";
import { GameService, type GameServiceOptions, type SetupBuilder } from "../service.js";
import type { League } from "../types.js";
import { toyAi, toyRules } from "./toy-rules.js";

/** Who manages which team: "league:teamId" -> user ids. */
export class StaticTeams implements TeamAuthority {
  private readonly managers = new Map<string, Set<string>>();
  add(userId: string, league: League, teamId: number): this {
    const key = `${league}:${teamId}`;
    const set = this.managers.get(key) ?? new Set();
    set.add(userId);
    this.managers.set(key, set);
    return this;
  }
  async managesTeam(userId: string, league: League, teamId: number) {
    return this.managers.get(`${league}:${teamId}`)?.has(userId) ?? false;
  }
}

export const toySetups = (innings = 2): SetupBuilder => ({
  async checkLineup(_game, side, lineup) {
    if (typeof lineup !== "object" || lineup === null || !("batters" in lineup)) {
      return {
        ok: false,
        error: {
          code: "game/invalid_lineup",
          message: `the ${side} lineup has no batters`,
          details: null,
        },
      };
    }
    return { ok: true, value: lineup };
  },
  async aiLineup() {
    return { batters: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
  },
  async buildSetup() {
    return { ok: true, value: { innings } };
  },
});

export function toyService(
  store: GameStore,
  teams: TeamAuthority,
  options: Partial<GameServiceOptions> = {},
): GameService {
  return new GameService({
    store,
    rules: toyRules,
    ai: toyAi,
    teams,
    setups: toySetups(),
    idleEvictMs: 0,
    ...options,
  });
}
