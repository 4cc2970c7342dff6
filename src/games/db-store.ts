// The GameStore port over src/db (Drizzle; PGlite in tests and development, PostgreSQL in
// production).
//
// Group commit: commitUnits writes the units of many games in ONE transaction with a constant
// number of statements, whatever the batch size:
//   1. one UPDATE games ... FROM (VALUES ...) WHERE version = expected RETURNING id  — the version
//      check for every unit at once; units whose row did not match are conflicts and write nothing;
//   2. one INSERT of every lineup entry (starters at the start, substitutes) RETURNING ids;
//   3. one INSERT of every action log row; 4. one INSERT of every play row;
//   5. one UPDATE game_sessions for the side each game now waits on.
//
// Lineup ids: the engine numbers a game's lineup entries 1..n; the lineups table has global ids.
// Entries are inserted in order, so the k-th row of a game (by id) is its lineup id k; the store
// keeps that map per game to write the plays' player columns.
//
// game_sessions.state_snapshot keeps what the games row has no column for: the pace, the side the
// game waits on, the lineups submitted before the start, and the last replay snapshot check.

import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Orm } from "../db/client.js";
import { toDbError, VersionConflictError } from "../db/errors.js";
import { rowsOf } from "../db/rows.js";
import {
  gameActions,
  gameSessions,
  games,
  lineups,
  plays,
  teamManagers,
} from "../db/schema/index.js";
import type { LineupEntry, PlayRecord } from "../engine/play-record.js";
import type {
  GameFilter,
  GameStore,
  NewGame,
  StoredGame,
  TeamAuthority,
  WriteUnit,
} from "./ports.js";
import type { ActionEntry, ActionKind, GameRecord, League, Pace, Side } from "./types.js";

interface SessionData {
  pace: Pace;
  awaitingSide: Side | null;
  lineups?: Partial<Record<Side, unknown>>;
  snapshot?: { version: number; fingerprint: string; state?: unknown } | null;
}

type GameRow = typeof games.$inferSelect;

export class DbGameStore implements GameStore, TeamAuthority {
  /** game id -> lineup table ids by engine lineup id (index 0 = lineup id 1). */
  private readonly lineupIds = new LRUCache<string, number[]>({ max: 20_000 });

  constructor(private readonly orm: Orm) {}

  // -------------------------------------------------------------------------------------------
  // TeamAuthority

  async managesTeam(userId: string, league: League, teamId: number): Promise<boolean> {
    if (!UUID.test(userId)) return false;
    const rows = await this.orm
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

  // -------------------------------------------------------------------------------------------
  // Games

  async insertGame(input: NewGame): Promise<GameRecord> {
    return this.orm.transaction(async (tx) => {
      const [row] = await tx
        .insert(games)
        .values({
          leagueId: input.league,
          homeTeamId: input.homeTeamId,
          awayTeamId: input.awayTeamId,
          gameMode: input.mode,
          visibility: input.visibility,
          homeTeamIsAi: input.homeIsAi,
          awayTeamIsAi: input.awayIsAi,
          aiDifficulty: input.aiDifficulty,
          rngSeed: input.seed.toLowerCase(),
          createdBy: UUID.test(input.createdBy) ? input.createdBy : null,
          turnTimerSeconds: input.turnTimerSeconds,
        })
        .returning();
      const session: SessionData = { pace: input.pace, awaitingSide: null };
      await tx.insert(gameSessions).values({ gameId: row!.id, stateSnapshot: session as never });
      return recordOf(row!, session);
    });
  }

  async getGame(gameId: string): Promise<GameRecord | null> {
    if (!UUID.test(gameId)) return null;
    const rows = await this.orm
      .select({ game: games, session: gameSessions.stateSnapshot })
      .from(games)
      .leftJoin(gameSessions, eq(gameSessions.gameId, games.id))
      .where(eq(games.id, gameId));
    const row = rows[0];
    return row ? recordOf(row.game, sessionOf(row.session)) : null;
  }

  async listGames(filter: GameFilter): Promise<GameRecord[]> {
    const where: ReturnType<typeof sql>[] = [];
    const mine = (userId: string) =>
      sql`(${games.createdBy} = ${userId}::uuid or exists (select 1 from ${teamManagers} tm
        where tm.user_id = ${userId}::uuid and tm.league_id = ${games.leagueId}
        and tm.team_id in (${games.homeTeamId}, ${games.awayTeamId})))`;
    if (filter.status) where.push(sql`${games.status} = ${filter.status}`);
    if (filter.publicLive)
      where.push(sql`${games.visibility} = 'public' and ${games.status} = 'active'`);
    if (filter.userId) where.push(UUID.test(filter.userId) ? mine(filter.userId) : sql`false`);
    if (filter.waitingOn) {
      const side = sql`${gameSessions.stateSnapshot}->>'awaitingSide'`;
      where.push(
        UUID.test(filter.waitingOn)
          ? sql`${games.status} = 'active' and exists (select 1 from ${teamManagers} tm
              where tm.user_id = ${filter.waitingOn}::uuid and tm.league_id = ${games.leagueId}
              and ((${side} = 'home' and tm.team_id = ${games.homeTeamId} and not ${games.homeTeamIsAi})
                or (${side} = 'away' and tm.team_id = ${games.awayTeamId} and not ${games.awayTeamIsAi})))`
          : sql`false`,
      );
    }
    if (filter.visibleTo !== undefined) {
      const viewer = filter.visibleTo;
      where.push(
        viewer !== null && UUID.test(viewer)
          ? sql`(${games.visibility} = 'public' or ${mine(viewer)})`
          : sql`${games.visibility} = 'public'`,
      );
    }
    const rows = await this.orm
      .select({ game: games, session: gameSessions.stateSnapshot })
      .from(games)
      .leftJoin(gameSessions, eq(gameSessions.gameId, games.id))
      .where(where.length > 0 ? sql.join(where, sql` and `) : undefined)
      .orderBy(sql`coalesce(${games.lastActionAt}, ${games.createdAt}) desc`)
      .limit(filter.limit ?? 50);
    return rows.map((r) => recordOf(r.game, sessionOf(r.session)));
  }

  async saveLineup(gameId: string, side: Side, lineup: unknown): Promise<void> {
    await this.orm.execute(sql`update ${gameSessions}
      set state_snapshot = coalesce(state_snapshot, '{}'::jsonb) || jsonb_build_object('lineups',
          coalesce(state_snapshot->'lineups', '{}'::jsonb) || jsonb_build_object(${side}::text, ${JSON.stringify(lineup)}::jsonb)),
        updated_at = now()
      where game_id = ${gameId}::uuid`);
  }

  async getLineups(gameId: string): Promise<Partial<Record<Side, unknown>>> {
    const [row] = await this.orm
      .select({ s: gameSessions.stateSnapshot })
      .from(gameSessions)
      .where(eq(gameSessions.gameId, gameId));
    return sessionOf(row?.s ?? null).lineups ?? {};
  }

  /** Two queries: the game with its session, then its action log in order. */
  async loadGame(gameId: string): Promise<StoredGame | null> {
    if (!UUID.test(gameId)) return null;
    const [head] = await this.orm
      .select({ game: games, session: gameSessions.stateSnapshot })
      .from(games)
      .leftJoin(gameSessions, eq(gameSessions.gameId, games.id))
      .where(eq(games.id, gameId));
    if (!head) return null;
    const actions = await this.orm
      .select()
      .from(gameActions)
      .where(eq(gameActions.gameId, gameId))
      .orderBy(asc(gameActions.seq));
    const session = sessionOf(head.session);
    return {
      game: recordOf(head.game, session),
      seed: head.game.rngSeed,
      actions: actions.map(actionOf),
      snapshot: session.snapshot
        ? { version: session.snapshot.version, fingerprint: session.snapshot.fingerprint }
        : null,
    };
  }

  async findClientAction(gameId: string, clientActionId: string): Promise<ActionEntry | null> {
    const [row] = await this.orm
      .select()
      .from(gameActions)
      .where(and(eq(gameActions.gameId, gameId), eq(gameActions.clientActionId, clientActionId)))
      .limit(1);
    return row ? actionOf(row) : null;
  }

  async playsSince(gameId: string, afterPlayNumber: number): Promise<PlayRecord[]> {
    const rows = await this.orm
      .select()
      .from(plays)
      .where(and(eq(plays.gameId, gameId), sql`${plays.playNumber} > ${afterPlayNumber}`))
      .orderBy(asc(plays.playNumber));
    const ids = await this.lineupMap(this.orm, gameId);
    const local = new Map(ids.map((dbId, i) => [dbId, i + 1]));
    return rows.map((row) => playOf(row, (id) => (id === null ? null : (local.get(id) ?? null))));
  }

  async lineupEntries(gameId: string): Promise<LineupEntry[]> {
    const [head] = await this.orm.select({ game: games }).from(games).where(eq(games.id, gameId));
    if (!head) return [];
    const rows = await this.orm
      .select()
      .from(lineups)
      .where(eq(lineups.gameId, gameId))
      .orderBy(asc(lineups.id));
    const local = new Map(rows.map((r, i) => [r.id, i + 1]));
    return rows.map((r, i) => ({
      id: i + 1,
      team: r.teamId === head.game.homeTeamId ? "home" : "away",
      playerId: r.playerId ?? r.cardId ?? 0,
      name: `#${r.playerId ?? r.cardId}`,
      position: r.position as LineupEntry["position"],
      battingOrder: r.battingOrder,
      isStarter: r.isStarter,
      isActive: r.isActive,
      enteredInning: r.enteredInning,
      replacingId: r.replacingId === null ? null : (local.get(r.replacingId) ?? null),
      afterPlay: r.afterPlay,
      isFatigued: r.isFatigued,
    }));
  }

  async saveSnapshot(gameId: string, version: number, fingerprint: string, state: unknown) {
    await this.orm.execute(sql`update ${gameSessions}
      set state_snapshot = jsonb_set(coalesce(state_snapshot, '{}'::jsonb), '{snapshot}',
        ${JSON.stringify({ version, fingerprint, state })}::jsonb, true), updated_at = now()
      where game_id = ${gameId}::uuid`);
  }

  async activeGameIds(): Promise<string[]> {
    const rows = await this.orm
      .select({ id: games.id })
      .from(games)
      .where(
        and(
          eq(games.status, "active"),
          sql`(${games.homeTeamIsAi} or ${games.awayTeamIsAi} or ${games.turnTimerSeconds} is not null)`,
        ),
      );
    return rows.map((r) => r.id);
  }

  // -------------------------------------------------------------------------------------------
  // Group commit

  async commitUnits(units: readonly WriteUnit[]) {
    try {
      const succeeded = await this.orm.transaction(async (tx) => {
        const updated = rowsOf<{ id: string }>(
          await tx.execute(sql`update ${games} as g set
            version = v.version, last_action_seq = v.seq, status = v.status,
            last_action_at = to_timestamp(v.at / 1000.0),
            home_score = v.home_score, away_score = v.away_score,
            winner_team_id = case v.winner when 'home' then g.home_team_id when 'away' then g.away_team_id else null end,
            started_at = coalesce(g.started_at, case when v.status = 'active' then to_timestamp(v.at / 1000.0) end),
            ended_at = case when v.status in ('completed', 'abandoned') then to_timestamp(v.at / 1000.0) else null end
          from (values ${sql.join(
            units.map(
              (u) =>
                sql`(${u.gameId}::uuid, ${u.expectedVersion}::int, ${u.game.version}::int, ${u.game.seq}::int,
                  ${u.game.status}::text, ${u.game.lastActionAt}::float8, ${u.game.homeScore}::int,
                  ${u.game.awayScore}::int, ${u.game.winner}::text)`,
            ),
            sql`, `,
          )}) as v(id, expected, version, seq, status, at, home_score, away_score, winner)
          where g.id = v.id and g.version = v.expected
          returning g.id`),
        );
        const ok = new Set(updated.map((r) => r.id));
        const written = units.filter((u) => ok.has(u.gameId));
        if (written.length === 0) return ok;

        // Lineup entries first: the plays of the same unit may name them.
        const withEntries = written.filter((u) => u.lineupEntries.length > 0);
        for (const unit of withEntries) await this.lineupMap(tx, unit.gameId);
        const entryRows = withEntries.flatMap((u) =>
          u.lineupEntries.map((e) => ({ unit: u, entry: e })),
        );
        if (entryRows.length > 0) {
          const teamOf = await this.teamsOf(
            tx,
            withEntries.map((u) => u.gameId),
          );
          const inserted = await tx
            .insert(lineups)
            .values(
              entryRows.map(({ unit, entry }) => {
                const team = teamOf.get(unit.gameId)!;
                const ids = this.lineupIds.get(unit.gameId) ?? [];
                return {
                  gameId: unit.gameId,
                  teamId: entry.team === "home" ? team.home : team.away,
                  ...(team.league === "pd"
                    ? { cardId: entry.playerId }
                    : { playerId: entry.playerId }),
                  position: entry.position,
                  battingOrder: entry.battingOrder,
                  isStarter: entry.isStarter,
                  isActive: entry.isActive,
                  enteredInning: entry.enteredInning,
                  replacingId:
                    entry.replacingId === null ? null : (ids[entry.replacingId - 1] ?? null),
                  afterPlay: entry.afterPlay,
                  isFatigued: entry.isFatigued,
                };
              }),
            )
            .returning({ id: lineups.id });
          entryRows.forEach(({ unit, entry }, i) => {
            const ids = this.lineupIds.get(unit.gameId) ?? [];
            ids[entry.id - 1] = inserted[i]!.id;
            this.lineupIds.set(unit.gameId, ids);
          });
        }

        await tx.insert(gameActions).values(
          written.flatMap((u) =>
            u.actions.map((a) => ({
              gameId: u.gameId,
              seq: a.seq,
              version: a.version,
              actor: a.actor,
              kind: a.kind,
              payload: (a.payload ?? {}) as never,
              clientActionId: a.clientActionId,
              createdAt: new Date(a.at),
            })),
          ),
        );

        const playRows = written.filter((u) => u.plays.length > 0);
        if (playRows.length > 0) {
          for (const unit of playRows) await this.lineupMap(tx, unit.gameId);
          await tx.insert(plays).values(
            playRows.flatMap((u) => {
              const ids = this.lineupIds.get(u.gameId) ?? [];
              const dbId = (id: number | null) => (id === null ? null : (ids[id - 1] ?? null));
              const clientActionId = u.actions[0]?.clientActionId ?? null;
              return u.plays.map((p) => playRow(u.gameId, p, dbId, clientActionId));
            }),
          );
        }

        await tx.execute(sql`update ${gameSessions} as s set
            state_snapshot = jsonb_set(coalesce(s.state_snapshot, '{}'::jsonb), '{awaitingSide}', to_jsonb(v.side), true),
            last_action_at = to_timestamp(v.at / 1000.0)
          from (values ${sql.join(
            written.map(
              (u) =>
                sql`(${u.gameId}::uuid, ${u.game.awaitingSide}::text, ${u.game.lastActionAt}::float8)`,
            ),
            sql`, `,
          )}) as v(id, side, at)
          where s.game_id = v.id`);
        return ok;
      });
      return units.map((u) =>
        succeeded.has(u.gameId)
          ? { ok: true as const, result: null }
          : {
              ok: false as const,
              error: new VersionConflictError(u.gameId, u.expectedVersion, -1),
            },
      );
    } catch (error) {
      // The transaction rolled back: forget lineup ids learnt inside it.
      for (const u of units) if (u.lineupEntries.length > 0) this.lineupIds.delete(u.gameId);
      throw toDbError(error);
    }
  }

  private async lineupMap(orm: Orm, gameId: string): Promise<number[]> {
    const cached = this.lineupIds.get(gameId);
    if (cached) return cached;
    const rows = await orm
      .select({ id: lineups.id })
      .from(lineups)
      .where(eq(lineups.gameId, gameId))
      .orderBy(asc(lineups.id));
    const ids = rows.map((r) => r.id);
    this.lineupIds.set(gameId, ids);
    return ids;
  }

  private async teamsOf(orm: Orm, gameIds: string[]) {
    const rows = await orm
      .select({
        id: games.id,
        home: games.homeTeamId,
        away: games.awayTeamId,
        league: games.leagueId,
      })
      .from(games)
      .where(inArray(games.id, gameIds));
    return new Map(rows.map((r) => [r.id, r]));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sessionOf(raw: unknown): SessionData {
  const s = (raw ?? {}) as Partial<SessionData>;
  return {
    pace: s.pace === "async" ? "async" : "live",
    awaitingSide: s.awaitingSide === "home" || s.awaitingSide === "away" ? s.awaitingSide : null,
    ...(s.lineups ? { lineups: s.lineups } : {}),
    snapshot: s.snapshot ?? null,
  };
}

function recordOf(row: GameRow, session: SessionData): GameRecord {
  return {
    id: row.id,
    league: row.leagueId,
    homeTeamId: row.homeTeamId,
    awayTeamId: row.awayTeamId,
    mode: row.gameMode,
    pace: session.pace,
    visibility: row.visibility,
    homeIsAi: row.homeTeamIsAi,
    awayIsAi: row.awayTeamIsAi,
    aiDifficulty: row.aiDifficulty,
    status: row.status,
    version: row.version,
    turnTimerSeconds: row.turnTimerSeconds,
    lastActionAt: row.lastActionAt?.getTime() ?? null,
    createdBy: row.createdBy ?? "",
    createdAt: row.createdAt.getTime(),
    homeScore: row.homeScore,
    awayScore: row.awayScore,
    winner:
      row.winnerTeamId === null ? null : row.winnerTeamId === row.homeTeamId ? "home" : "away",
    awaitingSide: session.awaitingSide,
  };
}

function actionOf(row: typeof gameActions.$inferSelect): ActionEntry {
  return {
    seq: row.seq,
    version: row.version,
    actor: row.actor,
    kind: row.kind as ActionKind,
    payload: row.payload,
    clientActionId: row.clientActionId,
    at: row.createdAt.getTime(),
  };
}

function playRow(
  gameId: string,
  p: PlayRecord,
  dbId: (id: number | null) => number | null,
  clientActionId: string | null,
): typeof plays.$inferInsert {
  return {
    gameId,
    playNumber: p.playNumber,
    version: p.version,
    clientActionId,
    inning: p.inning,
    half: p.half,
    outsBefore: p.outsBefore,
    battingOrder: p.battingOrder ?? 1,
    awayScore: p.awayScoreBefore,
    homeScore: p.homeScoreBefore,
    batterId: dbId(p.batterId) ?? dbId(p.pitcherId)!,
    pitcherId: dbId(p.pitcherId)!,
    catcherId: dbId(p.catcherId),
    defenderId: dbId(p.defenderId),
    runnerId: dbId(p.runnerId),
    onFirstId: dbId(p.onFirstId),
    onSecondId: dbId(p.onSecondId),
    onThirdId: dbId(p.onThirdId),
    onFirstFinal: p.onFirstFinal,
    onSecondFinal: p.onSecondFinal,
    onThirdFinal: p.onThirdFinal,
    batterFinal: p.batterFinal,
    onBaseCode: p.onBaseCode,
    defensiveChoices: p.defensiveChoices as never,
    offensiveChoices: p.offensiveChoices as never,
    diceRoll: p.diceRoll as never,
    hitType: p.hitType,
    resultDescription: p.description,
    outsRecorded: p.outsRecorded,
    runsScored: p.runsScored,
    checkPos: p.checkPos as never,
    pa: p.stats.pa,
    ab: p.stats.ab,
    hit: p.stats.hit,
    double: p.stats.double,
    triple: p.stats.triple,
    homerun: p.stats.homerun,
    bb: p.stats.bb,
    so: p.stats.so,
    hbp: p.stats.hbp,
    rbi: p.stats.rbi,
    sac: p.stats.sac,
    ibb: p.stats.ibb,
    gidp: p.stats.gidp,
    sb: p.stats.sb,
    cs: p.stats.cs,
    wildPitch: p.stats.wild_pitch,
    passedBall: p.stats.passed_ball,
    pickOff: p.stats.pick_off,
    balk: p.stats.balk,
    bphr: p.stats.bphr,
    bpfo: p.stats.bpfo,
    bp1b: p.stats.bp1b,
    bplo: p.stats.bplo,
    run: p.stats.run,
    eRun: p.stats.e_run,
    wpa: p.wpa,
    re24: p.re24,
    isTied: p.isTied,
    isGoAhead: p.isGoAhead,
    isNewInning: p.isNewInning,
    inPow: p.inPow,
    decidedByAi: p.decidedByAi,
    complete: p.complete,
    locked: p.locked,
  };
}

/** A play read back from its row (runner moves and fielding errors are not columns: replay has them). */
function playOf(
  row: typeof plays.$inferSelect,
  local: (id: number | null) => number | null,
): PlayRecord {
  return {
    playNumber: row.playNumber,
    version: row.version,
    inning: row.inning,
    half: row.half,
    outsBefore: row.outsBefore,
    battingOrder: row.battingOrder,
    awayScoreBefore: row.awayScore,
    homeScoreBefore: row.homeScore,
    batterId: local(row.batterId),
    pitcherId: local(row.pitcherId) ?? 0,
    catcherId: local(row.catcherId) ?? 0,
    defenderId: local(row.defenderId),
    runnerId: local(row.runnerId),
    onFirstId: local(row.onFirstId),
    onSecondId: local(row.onSecondId),
    onThirdId: local(row.onThirdId),
    onFirstFinal: row.onFirstFinal as PlayRecord["onFirstFinal"],
    onSecondFinal: row.onSecondFinal as PlayRecord["onSecondFinal"],
    onThirdFinal: row.onThirdFinal as PlayRecord["onThirdFinal"],
    batterFinal: row.batterFinal as PlayRecord["batterFinal"],
    onBaseCode: row.onBaseCode as PlayRecord["onBaseCode"],
    onBaseCodeAfter: 0,
    runners: [],
    defensiveChoices: row.defensiveChoices,
    offensiveChoices: row.offensiveChoices,
    diceRoll: (row.diceRoll ?? []) as unknown as PlayRecord["diceRoll"],
    hitType: row.hitType ?? "",
    description: row.resultDescription ?? "",
    outsRecorded: row.outsRecorded,
    runsScored: row.runsScored,
    checkPos: row.checkPos as PlayRecord["checkPos"],
    errors: [],
    stats: {
      pa: row.pa,
      ab: row.ab,
      hit: row.hit,
      double: row.double,
      triple: row.triple,
      homerun: row.homerun,
      bb: row.bb,
      so: row.so,
      hbp: row.hbp,
      rbi: row.rbi,
      sac: row.sac,
      sf: 0,
      ibb: row.ibb,
      gidp: row.gidp,
      sb: row.sb,
      cs: row.cs,
      wild_pitch: row.wildPitch,
      passed_ball: row.passedBall,
      pick_off: row.pickOff,
      balk: row.balk,
      bphr: row.bphr,
      bpfo: row.bpfo,
      bp1b: row.bp1b,
      bplo: row.bplo,
      run: row.run,
      e_run: row.eRun,
      ci: 0,
    },
    wpa: row.wpa,
    re24: row.re24,
    isTied: row.isTied,
    isGoAhead: row.isGoAhead,
    isNewInning: row.isNewInning,
    inPow: row.inPow,
    decidedByAi: row.decidedByAi,
    complete: row.complete,
    locked: row.locked,
  };
}
