// Builds a GameService over the toy rules, for tests: static team managers, toy lineups.

import type { GameStore, TeamAuthority } from "../ports.js";
import {
  GameService,
  type GameServiceOptions,
  type NewGameInput,
  type SetupBuilder,
} from "../service.js";
import type { GameRecord, League } from "../types.js";
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

/**
 * A live toy game between two people, lineups in and started: `home` manages team 1 and `away`
 * team 2 (as a StaticTeams built for them says).
 */
export async function startedToyGame(
  service: GameService,
  managers: { home: string; away: string },
  overrides: Partial<NewGameInput> = {},
): Promise<GameRecord> {
  const game = await service.createGame({
    league: "sba",
    homeTeamId: 1,
    awayTeamId: 2,
    mode: "friendly",
    pace: "live",
    visibility: "public",
    homeIsAi: false,
    awayIsAi: false,
    aiDifficulty: "balanced",
    turnTimerSeconds: null,
    createdBy: managers.home,
    ...overrides,
  });
  await service.submitLineup(game.id, { userId: managers.home }, "home", { batters: [1] });
  await service.submitLineup(game.id, { userId: managers.away }, "away", { batters: [2] });
  await service.startGame(game.id, { userId: managers.home });
  return game;
}
