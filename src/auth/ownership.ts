// Who may manage which team. A row of team_managers (league, team id, user) says a user manages a
// team; a team may have several managers (SBA teams have a GM and sometimes a second GM).
//
// The rows come from two places:
//   - league data: syncManagersFromLeague(db, "sba", teams) with each team's GM Discord ids (SBA
//     gmid/gmid2, PD gmid). GMs who never logged in get placeholder users keyed by their Discord
//     id (see users.ts), so the mapping is ready the moment they first log in.
//   - an admin: addTeamManager / removeTeamManager (POST/DELETE /admin/team-managers), and the
//     dev login for local play.
//
// Sync is authoritative for the teams whose GMs it names: afterwards each such team is managed by
// exactly the listed GMs (managers no longer listed lose the team, even ones an admin added).
// Teams not in the list, and listed teams with no GM named (league data that does not know, such
// as the bundled sample league), are left alone. All of it happens in one transaction.
//
// The game server asks canManageTeam / assertManagesTeam, or takes teamAuthority(db) as its
// TeamAuthority port.

import { and, asc, eq, inArray, notInArray, type SQL } from "drizzle-orm";
import { teamManagers } from "../db/schema/team-managers.js";
import { users } from "../db/schema/users.js";
import { AuthError } from "./errors.js";
import type { Executor, Orm } from "./store.js";
import { ensureUsersByDiscordId } from "./users.js";

export type LeagueId = "sba" | "pd";
export const LEAGUE_IDS = ["sba", "pd"] as const satisfies readonly LeagueId[];

export interface ManagedTeam {
  league: LeagueId;
  teamId: number;
}

export interface TeamManagerView extends ManagedTeam {
  userId: string;
  discordId: string;
  username: string;
  since: Date;
}

export async function canManageTeam(
  ex: Executor,
  userId: string,
  league: LeagueId,
  teamId: number,
): Promise<boolean> {
  const rows = await ex
    .select({ id: teamManagers.id })
    .from(teamManagers)
    .where(
      and(
        eq(teamManagers.userId, userId),
        eq(teamManagers.leagueId, league),
        eq(teamManagers.teamId, teamId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Refuse with 403 auth/not_team_manager unless the user manages the team. */
export async function assertManagesTeam(
  ex: Executor,
  userId: string,
  league: LeagueId,
  teamId: number,
): Promise<void> {
  if (!(await canManageTeam(ex, userId, league, teamId))) {
    throw new AuthError(
      "auth/not_team_manager",
      `You do not manage ${league.toUpperCase()} team ${teamId}`,
      { league, teamId },
    );
  }
}

/** Every team a user manages, by league then team id. */
export async function teamsManagedBy(ex: Executor, userId: string): Promise<ManagedTeam[]> {
  const rows = await ex
    .select({ league: teamManagers.leagueId, teamId: teamManagers.teamId })
    .from(teamManagers)
    .where(eq(teamManagers.userId, userId))
    .orderBy(asc(teamManagers.leagueId), asc(teamManagers.teamId));
  return rows;
}

/** The game service's TeamAuthority port, answered from team_managers. */
export function teamAuthority(ex: Executor): {
  managesTeam(userId: string, league: LeagueId, teamId: number): Promise<boolean>;
} {
  return { managesTeam: (userId, league, teamId) => canManageTeam(ex, userId, league, teamId) };
}

/** Team managers, optionally filtered, with who they are. */
export async function listTeamManagers(
  ex: Executor,
  filter: { league?: LeagueId; teamId?: number; userId?: string } = {},
): Promise<TeamManagerView[]> {
  const conditions: SQL[] = [];
  if (filter.league !== undefined) conditions.push(eq(teamManagers.leagueId, filter.league));
  if (filter.teamId !== undefined) conditions.push(eq(teamManagers.teamId, filter.teamId));
  if (filter.userId !== undefined) conditions.push(eq(teamManagers.userId, filter.userId));
  return ex
    .select({
      league: teamManagers.leagueId,
      teamId: teamManagers.teamId,
      userId: teamManagers.userId,
      discordId: users.discordId,
      username: users.username,
      since: teamManagers.createdAt,
    })
    .from(teamManagers)
    .innerJoin(users, eq(users.id, teamManagers.userId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(teamManagers.leagueId), asc(teamManagers.teamId), asc(users.username));
}

/** Make a user a manager of a team. Returns false when they already were. */
export async function addTeamManager(
  ex: Executor,
  userId: string,
  team: ManagedTeam,
): Promise<boolean> {
  const inserted = await ex
    .insert(teamManagers)
    .values({ leagueId: team.league, teamId: team.teamId, userId })
    .onConflictDoNothing()
    .returning({ id: teamManagers.id });
  return inserted.length > 0;
}

/** Take a team from a user. Returns false when they did not manage it. */
export async function removeTeamManager(
  ex: Executor,
  userId: string,
  team: ManagedTeam,
): Promise<boolean> {
  const deleted = await ex
    .delete(teamManagers)
    .where(
      and(
        eq(teamManagers.userId, userId),
        eq(teamManagers.leagueId, team.league),
        eq(teamManagers.teamId, team.teamId),
      ),
    )
    .returning({ id: teamManagers.id });
  return deleted.length > 0;
}

/** Set exactly which teams a user manages (used by the dev login). */
export async function replaceTeamsOf(
  ex: Executor,
  userId: string,
  teams: readonly ManagedTeam[],
): Promise<void> {
  await ex.delete(teamManagers).where(eq(teamManagers.userId, userId));
  if (teams.length === 0) return;
  await ex
    .insert(teamManagers)
    .values(teams.map((t) => ({ leagueId: t.league, teamId: t.teamId, userId })))
    .onConflictDoNothing();
}

/** League teams (as the league sources list them) in the shape the sync takes. */
export function managementFromLeagueTeams(
  teams: ReadonlyArray<{ id: number; gmDiscordIds: readonly string[] }>,
): LeagueTeamManagement[] {
  return teams.map((team) => ({ teamId: team.id, gmDiscordIds: team.gmDiscordIds }));
}

/** One team as league data describes its management. */
export interface LeagueTeamManagement {
  teamId: number;
  /** Discord ids (digit strings) of the team's GMs; empty for a team without one. */
  gmDiscordIds: readonly string[];
}

export interface SyncSummary {
  league: LeagueId;
  /** Teams whose managers were set from the data. */
  teams: number;
  /** Listed teams that name no GM, left as they were. */
  skipped: number;
  added: number;
  removed: number;
  placeholderUsersCreated: number;
}

const SNOWFLAKE = /^\d{1,20}$/;

/**
 * Fill team_managers from league data, in one transaction (all of it or none of it). Each listed
 * team ends up managed by exactly its listed GMs; unknown GMs get placeholder users.
 */
export async function syncManagersFromLeague(
  orm: Orm,
  league: LeagueId,
  teams: readonly LeagueTeamManagement[],
): Promise<SyncSummary> {
  for (const team of teams) {
    for (const discordId of team.gmDiscordIds) {
      if (!SNOWFLAKE.test(discordId)) {
        throw new AuthError(
          "auth/invalid_discord_id",
          `Team ${team.teamId}: "${discordId}" is not a Discord id (expected digits)`,
          { teamId: team.teamId, discordId },
        );
      }
    }
  }
  const named = teams.filter((team) => team.gmDiscordIds.length > 0);
  return orm.transaction(async (tx) => {
    const allDiscordIds = named.flatMap((t) => t.gmDiscordIds);
    const knownBefore =
      allDiscordIds.length === 0
        ? 0
        : (
            await tx
              .select({ discordId: users.discordId })
              .from(users)
              .where(inArray(users.discordId, allDiscordIds))
          ).length;
    const userIds = await ensureUsersByDiscordId(tx, allDiscordIds);
    let added = 0;
    let removed = 0;
    for (const team of named) {
      const wanted = [...new Set(team.gmDiscordIds.map((id) => userIds.get(id)!))];
      const gone = await tx
        .delete(teamManagers)
        .where(
          and(
            eq(teamManagers.leagueId, league),
            eq(teamManagers.teamId, team.teamId),
            notInArray(teamManagers.userId, wanted),
          ),
        )
        .returning({ id: teamManagers.id });
      removed += gone.length;
      const inserted = await tx
        .insert(teamManagers)
        .values(wanted.map((userId) => ({ leagueId: league, teamId: team.teamId, userId })))
        .onConflictDoNothing()
        .returning({ id: teamManagers.id });
      added += inserted.length;
    }
    return {
      league,
      teams: named.length,
      skipped: teams.length - named.length,
      added,
      removed,
      placeholderUsersCreated: new Set(allDiscordIds).size - knownBefore,
    };
  });
}
