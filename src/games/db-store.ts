// The GameStore port over src/db (Drizzle; PGlite in tests and development, PostgreSQL in
// production).
//
// One write path: commitUnits turns the service's write units into src/db's action units and
// hands them to commitActionUnits (src/db/ops/actions.ts), the group commit that writes the
// units of many games in ONE transaction with a constant number of statements, whatever the
// batch size.
//
// Lineup ids: the engine numbers a game's lineup entries 1..n; the lineups table has global ids.
// Entries are written in order, so the k-th row of a game (by id) is its lineup id k. The store
// keeps that map per game (with the game's league and teams), to write and read the plays'
// lineup references; a unit names an entry it brings itself as -k (see ActionUnit).
//
// The games row keeps the pace and the side the game waits on; game_sessions.state_snapshot keeps
// the lineups submitted before the start and the last replay snapshot check.
//
// Cards: a start action is stored with its setup's cards by reference (src/games/stored-setup.ts),
// their bodies in card_bodies, written in the start's own transaction (only those this store has
// not seen stored), so a committed start never names a missing card. Loading a game resolves the
// references in one query for the bodies not already cached here by hash; a reference with no
// body, or a body that no longer hashes to its reference, is a typed DbError, never a guess.

import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { canManageTeam } from "../auth/ownership.js";
import type { Orm } from "../db/client.js";
import { CardBodyMissingError, toDbError } from "../db/errors.js";
import {
  type ActionUnit,
  commitActionUnits,
  type UnitLineupEntryInput,
  type UnitReceipt,
  type UnitResult,
} from "../db/ops/actions.js";
import { type CardBodyInput, cardHash, readCardBodies } from "../db/ops/card-bodies.js";
import type { PlayInput } from "../db/ops/plays.js";
import {
  gameActions,
  gameSessions,
  games,
  lineups,
  plays,
  teamManagers,
} from "../db/schema/index.js";
import type { JsonObject } from "../db/schema/json.js";
import type { Player } from "../engine/cards.js";
import type { LineupEntry, PlayRecord } from "../engine/play-record.js";
import { CARDS } from "./card-interning.js";
import type {
  GameFilter,
  GameStore,
  NewGame,
  StoredGame,
  TeamAuthority,
  WriteUnit,
} from "./ports.js";
import { writeRosterRows } from "./rosters.js";
import { type CardRef, cardRefsOf, withCardsReplaced, withCardsResolved } from "./stored-setup.js";
import type { ActionEntry, ActionKind, GameRecord, League, Side } from "./types.js";

interface SessionData {
  lineups?: Partial<Record<Side, unknown>>;
  snapshot?: { version: number; fingerprint: string; state?: unknown } | null;
}

type GameRow = typeof games.$inferSelect;

/** What the store keeps about a game it writes: its league, teams and lineup ids. */
interface GameKeys {
  league: League;
  homeTeamId: number;
  awayTeamId: number;
  /** lineup table ids by engine lineup id (index 0 = lineup id 1). */
  lineupIds: number[];
}

/** A unit's start setups as stored (cards by reference), and the card bodies they name. */
interface UnitCards {
  /** Each action's payload as stored, in order. */
  payloads: unknown[];
  /** Every hash the payloads name. */
  refs: string[];
  /** The bodies of those this store has not seen stored. */
  bodies: CardBodyInput[];
}

export class DbGameStore implements GameStore, TeamAuthority {
  private readonly keys = new LRUCache<string, GameKeys>({ max: 20_000 });
  /** Hashes this store saw committed to (or read from) its database: starts name them alone. */
  private readonly storedCards = new LRUCache<string, true>({ max: 100_000 });
  /** Card bodies read back, by hash, as the process-wide interner's objects. */
  private readonly cardBodies = new LRUCache<string, Player>({ max: 4_096 });

  constructor(private readonly orm: Orm) {}

  // -------------------------------------------------------------------------------------------
  // TeamAuthority

  async managesTeam(userId: string, league: League, teamId: number): Promise<boolean> {
    // A user id that is no UUID names no user (and would be refused by the uuid column).
    if (!UUID.test(userId)) return false;
    return canManageTeam(this.orm, userId, league, teamId);
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
          pace: input.pace,
          homeTeamIsAi: input.homeIsAi,
          awayTeamIsAi: input.awayIsAi,
          aiDifficulty: input.aiDifficulty,
          rngSeed: input.seed.toLowerCase(),
          createdBy: UUID.test(input.createdBy) ? input.createdBy : null,
          turnTimerSeconds: input.turnTimerSeconds,
        })
        .returning();
      await tx.insert(gameSessions).values({ gameId: row!.id, stateSnapshot: {} });
      // The rosters go in with the game row: a game never exists without them.
      if (input.rosters) await writeRosterRows(tx, row!.id, input.rosters);
      this.keys.set(row!.id, keysOf(row!, []));
      return recordOf(row!);
    });
  }

  async getGame(gameId: string): Promise<GameRecord | null> {
    if (!UUID.test(gameId)) return null;
    const [row] = await this.orm.select().from(games).where(eq(games.id, gameId));
    return row ? recordOf(row) : null;
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
      const side = games.awaitingSide;
      where.push(
        UUID.test(filter.waitingOn)
          ? sql`${games.status} = 'active' and ${side} is not null and exists (select 1 from ${teamManagers} tm
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
      .select()
      .from(games)
      .where(where.length > 0 ? sql.join(where, sql` and `) : undefined)
      .orderBy(sql`coalesce(${games.lastActionAt}, ${games.createdAt}) desc`)
      .limit(filter.limit ?? 50);
    return rows.map(recordOf);
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

  /** Two queries, sent together: the game with its session snapshot, and its action log in order. */
  async loadGame(gameId: string): Promise<StoredGame | null> {
    if (!UUID.test(gameId)) return null;
    // Both reads at once, on two connections: a game being recovered waits one round trip, not two.
    const [[head], actions] = await Promise.all([
      this.orm
        .select({ game: games, snapshot: sql<unknown>`${gameSessions.stateSnapshot}->'snapshot'` })
        .from(games)
        .leftJoin(gameSessions, eq(gameSessions.gameId, games.id))
        .where(eq(games.id, gameId)),
      this.orm
        .select()
        .from(gameActions)
        .where(eq(gameActions.gameId, gameId))
        .orderBy(asc(gameActions.seq)),
    ]);
    if (!head) return null;
    const snapshot = sessionOf({ snapshot: head.snapshot }).snapshot;
    return {
      game: recordOf(head.game),
      seed: head.game.rngSeed,
      actions: await this.withCards(actions.map(actionOf)),
      snapshot: snapshot ? { version: snapshot.version, fingerprint: snapshot.fingerprint } : null,
    };
  }

  async findClientAction(gameId: string, clientActionId: string): Promise<ActionEntry | null> {
    const [row] = await this.orm
      .select()
      .from(gameActions)
      .where(and(eq(gameActions.gameId, gameId), eq(gameActions.clientActionId, clientActionId)))
      .limit(1);
    return row ? ((await this.withCards([actionOf(row)]))[0] ?? null) : null;
  }

  /** The plays after play N, as the engine recorded them (lineup references game-local again). */
  async playsSince(gameId: string, afterPlayNumber: number): Promise<PlayRecord[]> {
    const rows = await this.orm
      .select()
      .from(plays)
      .where(and(eq(plays.gameId, gameId), sql`${plays.playNumber} > ${afterPlayNumber}`))
      .orderBy(asc(plays.playNumber));
    if (rows.length === 0) return [];
    const keys = (await this.keysOf([gameId])).get(gameId);
    const local = new Map((keys?.lineupIds ?? []).map((dbId, i) => [dbId, i + 1]));
    return rows.map((row) => playOf(row, (id) => local.get(id) ?? 0));
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
  // Group commit: src/db's, one transaction and a constant number of statements per batch.

  async commitUnits(units: readonly WriteUnit[]) {
    let results: UnitResult<UnitReceipt>[];
    const keys = await this.keysOf(units.map((u) => u.gameId));
    const cards = units.map((u) => this.cardsOf(u));
    try {
      results = await commitActionUnits(
        this.orm,
        units.map((u, i) => actionUnitOf(u, keys.get(u.gameId), cards[i]!)),
        { readBack: false },
      );
    } catch (error) {
      throw toDbError(error);
    }
    return results.map((result, i) => {
      if (!result.ok) {
        // Known stored, yet gone: send those bodies again next time.
        if (result.error instanceof CardBodyMissingError) {
          for (const hash of result.error.hashes) this.storedCards.delete(hash);
        }
        return { ok: false as const, error: result.error };
      }
      for (const hash of cards[i]!.refs) this.storedCards.set(hash, true);
      const unit = units[i]!;
      const known = keys.get(unit.gameId);
      if (known !== undefined) {
        unit.lineupEntries.forEach((entry, k) => {
          known.lineupIds[entry.id - 1] = result.committed.lineupIds[k]!;
        });
      }
      return { ok: true as const, result: null };
    });
  }

  /**
   * The unit's payloads as stored: a start's setup with its cards by reference (the bodies this
   * store has not seen stored go with the unit); every other payload as it is.
   */
  private cardsOf(unit: WriteUnit): UnitCards {
    const refs = new Set<string>();
    const bodies = new Map<string, CardBodyInput>();
    const payloads = unit.actions.map((action) => {
      if (action.kind !== "start") return action.payload;
      return withCardsReplaced(action.payload, (card): CardRef => {
        const hash = cardHash(card);
        refs.add(hash);
        if (!this.storedCards.has(hash) && !bodies.has(hash)) {
          bodies.set(hash, {
            hash,
            league: card.league,
            cardId: card.id,
            body: card as unknown as JsonObject,
          });
        }
        return { $card: hash };
      });
    });
    return { payloads, refs: [...refs], bodies: [...bodies.values()] };
  }

  /**
   * The entries with their start setups' cards resolved: bodies from the cache, the others in one
   * query. Throws CardBodyMissingError or CardBodyMismatchError (naming the hash) when a body is
   * not there or not the card its reference names.
   */
  private async withCards(entries: ActionEntry[]): Promise<ActionEntry[]> {
    const starts = entries.filter((entry) => entry.kind === "start");
    const hashes = [...new Set(starts.flatMap((entry) => cardRefsOf(entry.payload)))];
    if (hashes.length === 0) return entries;
    const found = new Map<string, Player>();
    const unread: string[] = [];
    for (const hash of hashes) {
      const cached = this.cardBodies.get(hash);
      if (cached !== undefined) found.set(hash, cached);
      else unread.push(hash);
    }
    if (unread.length > 0) {
      for (const [hash, body] of await readCardBodies(this.orm, unread)) {
        const card = CARDS.player(body as unknown as Player);
        this.cardBodies.set(hash, card);
        this.storedCards.set(hash, true);
        found.set(hash, card);
      }
    }
    for (const entry of starts) {
      entry.payload = withCardsResolved(entry.payload, (hash) => found.get(hash)!);
    }
    return entries;
  }

  /** The league, teams and lineup ids of these games: from memory, else one query for all. */
  private async keysOf(gameIds: readonly string[]): Promise<Map<string, GameKeys>> {
    const found = new Map<string, GameKeys>();
    const missing: string[] = [];
    for (const id of gameIds) {
      const known = this.keys.get(id);
      if (known !== undefined) found.set(id, known);
      else if (UUID.test(id)) missing.push(id);
    }
    if (missing.length === 0) return found;
    const rows = await this.orm
      .select({
        game: games,
        lineupIds: sql<
          number[] | null
        >`(select array_agg(l.id order by l.id) from ${lineups} l where l.game_id = "games"."id")`,
      })
      .from(games)
      .where(inArray(games.id, [...new Set(missing)]));
    for (const row of rows) {
      const keys = keysOf(row.game, (row.lineupIds ?? []).map(Number));
      this.keys.set(row.game.id, keys);
      found.set(row.game.id, keys);
    }
    return found;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function keysOf(row: GameRow, lineupIds: number[]): GameKeys {
  return {
    league: row.leagueId,
    homeTeamId: row.homeTeamId,
    awayTeamId: row.awayTeamId,
    lineupIds,
  };
}

function sessionOf(raw: unknown): SessionData {
  const s = (raw ?? {}) as Partial<SessionData>;
  return {
    ...(s.lineups ? { lineups: s.lineups } : {}),
    snapshot: s.snapshot ?? null,
  };
}

function recordOf(row: GameRow): GameRecord {
  return {
    id: row.id,
    league: row.leagueId,
    homeTeamId: row.homeTeamId,
    awayTeamId: row.awayTeamId,
    mode: row.gameMode,
    pace: row.pace,
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
    awaitingSide: row.awaitingSide,
  };
}

/**
 * The service's write unit in src/db's words. Lineup references become lineups.id, or -k for
 * the k-th entry this unit brings itself.
 */
function actionUnitOf(unit: WriteUnit, keys: GameKeys | undefined, cards: UnitCards): ActionUnit {
  const known = keys?.lineupIds ?? [];
  const bringing = new Map(unit.lineupEntries.map((entry, k) => [entry.id, -(k + 1)]));
  const ref = (id: number) => bringing.get(id) ?? known[id - 1] ?? id;
  const refOrNull = (id: number | null) => (id === null ? null : ref(id));
  const teamOf = (side: Side) => (side === "home" ? keys?.homeTeamId : keys?.awayTeamId) ?? 0;
  const clientActionId = unit.actions[0]?.clientActionId ?? null;
  return {
    gameId: unit.gameId,
    expectedVersion: unit.expectedVersion,
    finalVersion: unit.game.version,
    actions: unit.actions.map((a, i) => ({
      version: a.version,
      actor: a.actor,
      kind: a.kind,
      payload: (cards.payloads[i] ?? {}) as never,
      clientActionId: a.clientActionId,
      createdAt: new Date(a.at),
    })),
    lineupEntries: unit.lineupEntries.map(
      (entry): UnitLineupEntryInput => ({
        teamId: teamOf(entry.team),
        ...(keys?.league === "pd" ? { cardId: entry.playerId } : { playerId: entry.playerId }),
        position: entry.position,
        battingOrder: entry.battingOrder,
        isStarter: entry.isStarter,
        isActive: entry.isActive,
        enteredInning: entry.enteredInning,
        replacingId: refOrNull(entry.replacingId),
        afterPlay: entry.afterPlay,
        isFatigued: entry.isFatigued,
      }),
    ),
    ...(unit.lineupUpdates && unit.lineupUpdates.length > 0
      ? { lineupUpdates: unit.lineupUpdates.map((update) => ({ ...update, id: ref(update.id) })) }
      : {}),
    plays: unit.plays.map((p) => playRow(p, ref, refOrNull, clientActionId)),
    game: {
      status: unit.game.status,
      homeScore: unit.game.homeScore,
      awayScore: unit.game.awayScore,
      winnerTeamId: unit.game.winner === null ? null : teamOf(unit.game.winner),
      awaitingSide: unit.game.status === "active" ? unit.game.awaitingSide : null,
      lastActionAt: new Date(unit.game.lastActionAt),
    },
    ...(cards.refs.length > 0 ? { cardRefs: cards.refs } : {}),
    ...(cards.bodies.length > 0 ? { cardBodies: cards.bodies } : {}),
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
  p: PlayRecord,
  ref: (id: number) => number,
  refOrNull: (id: number | null) => number | null,
  clientActionId: string | null,
): PlayInput & { version: number } {
  return {
    playNumber: p.playNumber,
    version: p.version,
    clientActionId,
    inning: p.inning,
    half: p.half,
    outsBefore: p.outsBefore,
    battingOrder: p.battingOrder,
    awayScore: p.awayScoreBefore,
    homeScore: p.homeScoreBefore,
    batterId: refOrNull(p.batterId),
    pitcherId: ref(p.pitcherId),
    catcherId: refOrNull(p.catcherId),
    defenderId: refOrNull(p.defenderId),
    runnerId: refOrNull(p.runnerId),
    onFirstId: refOrNull(p.onFirstId),
    onSecondId: refOrNull(p.onSecondId),
    onThirdId: refOrNull(p.onThirdId),
    onFirstFinal: p.onFirstFinal,
    onSecondFinal: p.onSecondFinal,
    onThirdFinal: p.onThirdFinal,
    batterFinal: p.batterFinal,
    onBaseCode: p.onBaseCode,
    onBaseCodeAfter: p.onBaseCodeAfter,
    runners: p.runners.map((m) => ({
      lineupId: ref(m.lineupId),
      from: m.from,
      to: m.to,
      responsiblePitcherId: ref(m.responsiblePitcherId),
      onError: m.onError,
    })),
    errors: p.errors.map((e) => ({
      position: e.position,
      lineupId: ref(e.lineupId),
      bases: e.bases,
    })),
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
    sf: p.stats.sf,
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
    ci: p.stats.ci,
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

/** A play read back from its row, exactly as the engine recorded it. */
function playOf(row: typeof plays.$inferSelect, local: (id: number) => number): PlayRecord {
  const localOrNull = (id: number | null) => (id === null ? null : local(id));
  return {
    playNumber: row.playNumber,
    version: row.version,
    inning: row.inning,
    half: row.half,
    outsBefore: row.outsBefore,
    battingOrder: row.battingOrder,
    awayScoreBefore: row.awayScore,
    homeScoreBefore: row.homeScore,
    batterId: localOrNull(row.batterId),
    pitcherId: local(row.pitcherId),
    catcherId: localOrNull(row.catcherId) ?? 0,
    defenderId: localOrNull(row.defenderId),
    runnerId: localOrNull(row.runnerId),
    onFirstId: localOrNull(row.onFirstId),
    onSecondId: localOrNull(row.onSecondId),
    onThirdId: localOrNull(row.onThirdId),
    onFirstFinal: row.onFirstFinal as PlayRecord["onFirstFinal"],
    onSecondFinal: row.onSecondFinal as PlayRecord["onSecondFinal"],
    onThirdFinal: row.onThirdFinal as PlayRecord["onThirdFinal"],
    batterFinal: row.batterFinal as PlayRecord["batterFinal"],
    onBaseCode: row.onBaseCode as PlayRecord["onBaseCode"],
    onBaseCodeAfter: row.onBaseCodeAfter as PlayRecord["onBaseCodeAfter"],
    runners: row.runners.map((m) => ({
      lineupId: local(m.lineupId),
      from: m.from,
      to: m.to,
      responsiblePitcherId: local(m.responsiblePitcherId),
      onError: m.onError,
    })),
    defensiveChoices: row.defensiveChoices,
    offensiveChoices: row.offensiveChoices,
    diceRoll: (row.diceRoll ?? []) as unknown as PlayRecord["diceRoll"],
    hitType: row.hitType ?? "",
    description: row.resultDescription ?? "",
    outsRecorded: row.outsRecorded,
    runsScored: row.runsScored,
    checkPos: row.checkPos as PlayRecord["checkPos"],
    errors: row.errors.map((e) => ({
      position: e.position as PlayRecord["errors"][number]["position"],
      lineupId: local(e.lineupId),
      bases: e.bases,
    })),
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
      sf: row.sf,
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
      ci: row.ci,
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
