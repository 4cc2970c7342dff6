// The game service: the authoritative loop of every game this process plays.
//
// - Live games sit in an in-memory map. Each game has a serial queue: the actions of one game run
//   one at a time, so two never interleave (managers, the AI and the clock all go through it).
// - Write-through: an action is applied to a copy of the state, its write unit (action log row,
//   play rows, game row with the version check) is committed, and only then does the live state
//   move on, the ack go back and the broadcast go out. Units of many games share one transaction
//   (GroupCommitter).
// - Idempotency: a repeated client action id gets the same ack and is not applied twice, even
//   after a restart (the action log keeps every client action id).
// - Recovery: a game not in memory is loaded by replaying its action log through the engine; the
//   replay is the truth, and the game_sessions snapshot is checked against it.
// - The AI plays its sides, and a live manager who runs out of time gets the balanced AI's
//   decision, marked as such: both are ordinary actions in the same queue, so they replay.
// - An idle game (no queued work, nobody connected, no AI turn or timer pending) is evicted after
//   `idleEvictMs` and loaded again on the next access.

import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { LineupEntry, PlayRecord } from "../engine/play-record.js";
import { GameError, type Refusal, refusal } from "./errors.js";
import { GroupCommitter } from "./group-committer.js";
import type {
  AiManager,
  Broadcaster,
  Clock,
  GameCards,
  GameFilter,
  GameRosterRows,
  GameStore,
  LineupUpdate,
  NewGame,
  PendingDecision,
  Rules,
  RulesResult,
  StoredGame,
  TeamAuthority,
  WriteUnit,
} from "./ports.js";
import { NO_BROADCAST, SYSTEM_CLOCK } from "./ports.js";
import { SerialQueues } from "./serial-queue.js";
import type {
  ActionAck,
  ActionEntry,
  ActionKind,
  Actor,
  DecisionRequest,
  GameChange,
  GameOverInfo,
  GameRecord,
  GameSnapshot,
  Side,
  ViewChanges,
  Viewer,
} from "./types.js";
import { actorName, SIDES } from "./types.js";

/** Turns submitted lineups into the engine's setup; lineups are checked before the start. */
export interface SetupBuilder {
  /** Check one side's lineup against the league and the rules; returns it normalized. */
  checkLineup(game: GameRecord, side: Side, lineup: unknown): Promise<RulesResult<unknown>>;
  /** A lineup for a side the AI manages. */
  aiLineup(game: GameRecord, side: Side): Promise<unknown>;
  /** The engine setup (lineups with their cards, options): stored in the start action. */
  buildSetup(game: GameRecord, lineups: Record<Side, unknown>): Promise<RulesResult<unknown>>;
  /**
   * Before a game is created: its two rosters from the league (PD: picked by `cardsets`), checked.
   * A roster that cannot go into the game throws a typed error and nothing is written; otherwise
   * the rows are written with the game row, in its transaction. Absent: games keep no rosters.
   */
  rostersFor?(game: NewGameInput): Promise<GameRosterRows>;
}

/** What creating a game takes: the game, and PD's cardsets with their priorities. */
export type NewGameInput = Omit<NewGame, "seed" | "rosters"> & {
  cardsets?: readonly { id: number; priority: number }[];
};

export interface GameServiceOptions {
  store: GameStore;
  rules: Rules;
  ai: AiManager;
  teams: TeamAuthority;
  setups: SetupBuilder;
  broadcaster?: Broadcaster;
  clock?: Clock;
  logger?: Logger;
  /** A game nobody touches for this long is dropped from memory (0 = never). */
  idleEvictMs: number;
  /** How often the eviction sweep runs. Default: a quarter of idleEvictMs, at most 30 s. */
  evictSweepMs?: number;
  /** A pause before each AI move, so people can watch AI games (0 = at once). */
  aiMoveDelayMs?: number;
  /** Write a game_sessions snapshot every this many actions (0 = never). */
  snapshotEvery?: number;
  /** Client action ids remembered per game in memory; older ones are looked up in the log. */
  recentAckMemory?: number;
  /** A new secret dice seed (hex). */
  newSeed?: () => string;
  /** Games per group-commit transaction, at most. */
  maxCommitBatch?: number;
  /** Group-commit transactions running at once, at most (default 2). */
  commitsInFlight?: number;
}

/** Who is calling: a user id from a verified token (never from a payload). */
export interface Caller {
  userId: string;
}

export interface JoinResult {
  role: Viewer;
  /** Every side the caller may act for in this game. */
  sides: Side[];
  snapshot: GameSnapshot;
  /**
   * The players' cards (static for the game; updates leave them out), without the bodies the
   * caller said it holds. Null before the start.
   */
  cards: GameCards | null;
}

export interface Submission {
  /** The state version the decision was made against. */
  version: number;
  clientActionId: string;
  decision: unknown;
  /** Which of the caller's sides acts (needed only when one user manages both). */
  side?: Side;
}

interface LiveGame {
  record: GameRecord;
  seed: string;
  /** The engine state; null before the start. */
  state: unknown;
  /** The last action's seq. */
  seq: number;
  /** client action id -> the version it produced (the latest few; the log has the rest). */
  recentAcks: Map<string, number>;
  /** user id -> what that user may do in this game (a cache of TeamAuthority answers). */
  managers: Map<string, Standing>;
  timer: NodeJS.Timeout | null;
  deadline: number | null;
  aiPending: boolean;
  watchers: number;
  touchedAt: number;
  actionsSinceSnapshot: number;
}

export class GameService {
  private readonly games = new Map<string, LiveGame>();
  private readonly loading = new Map<string, Promise<LiveGame | null>>();
  private readonly queues = new SerialQueues();
  private readonly committer: GroupCommitter<WriteUnit, null>;
  private readonly store: GameStore;
  private readonly rules: Rules;
  private broadcaster: Broadcaster;
  private readonly clock: Clock;
  private readonly log: Logger | undefined;
  private readonly sweep: NodeJS.Timeout | null;
  private closed = false;
  /** Counters for tests, health and the benchmark. */
  readonly stats = {
    applied: 0,
    refused: 0,
    duplicates: 0,
    loads: 0,
    evictions: 0,
    replayMismatches: 0,
    commitFailures: 0,
  };

  constructor(private readonly options: GameServiceOptions) {
    this.store = options.store;
    this.rules = options.rules;
    this.broadcaster = options.broadcaster ?? NO_BROADCAST;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.log = options.logger;
    this.committer = new GroupCommitter((units) => this.store.commitUnits(units), {
      ...(options.maxCommitBatch !== undefined ? { maxBatch: options.maxCommitBatch } : {}),
      ...(options.commitsInFlight !== undefined ? { maxInFlight: options.commitsInFlight } : {}),
    });
    const sweepMs =
      options.evictSweepMs ?? Math.min(30_000, Math.max(50, Math.floor(options.idleEvictMs / 4)));
    this.sweep =
      options.idleEvictMs > 0 ? setInterval(() => this.evictIdle(), sweepMs).unref() : null;
  }

  /** Set the broadcaster once the transport exists (realtime is built after the service). */
  setBroadcaster(broadcaster: Broadcaster): void {
    this.broadcaster = broadcaster;
  }

  get commitStats() {
    return this.committer.stats;
  }

  /** How long the latest `count` group-commit transactions took, in ms (those still running left out). */
  recentCommitMillis(count: number): number[] {
    return this.committer.recentWrites(count);
  }

  /** How many games are in memory now. */
  get liveCount(): number {
    return this.games.size;
  }

  isLive(gameId: string): boolean {
    return this.games.has(gameId);
  }

  // -------------------------------------------------------------------------------------------
  // Games before the first pitch (REST)

  async createGame(input: NewGameInput): Promise<GameRecord> {
    const rosters = await this.options.setups.rostersFor?.(input);
    const { cardsets: _cardsets, ...game } = input;
    const seed = this.options.newSeed?.() ?? randomBytes(32).toString("hex");
    return this.store.insertGame({ ...game, seed, ...(rosters ? { rosters } : {}) });
  }

  /** A game's record, if the caller may see it (a private game only for its participants). */
  async getGame(gameId: string, caller: Caller | null): Promise<GameRecord | null> {
    const record = this.games.get(gameId)?.record ?? (await this.store.getGame(gameId));
    if (record === null) return null;
    if (!(await this.maySee(record, caller))) return null;
    return record;
  }

  async listGames(filter: GameFilter): Promise<GameRecord[]> {
    return this.store.listGames(filter);
  }

  /** Submit (or replace) a side's lineup; checked now, before the start. */
  async submitLineup(
    gameId: string,
    caller: Caller,
    side: Side,
    lineup: unknown,
  ): Promise<unknown> {
    return this.queues.run(gameId, async () => {
      const record = await this.store.getGame(gameId);
      if (record === null || !(await this.maySee(record, caller)))
        throw refusalError("game/not_found");
      const sides = await this.sidesOf(caller.userId, record);
      if (!sides.includes(side)) throw refusalError("auth/not_your_team", undefined, { side });
      if (record.status !== "pending") {
        throw refusalError("game/wrong_status", "Lineups are set before the game starts", {
          status: record.status,
        });
      }
      const checked = await this.options.setups.checkLineup(record, side, lineup);
      if (!checked.ok) throw errorOf(checked.error);
      await this.store.saveLineup(gameId, side, checked.value);
      return checked.value;
    });
  }

  /** Start a pending game: lineups checked, AI lineups filled in, the engine set up. */
  async startGame(gameId: string, caller: Caller): Promise<GameSnapshot> {
    return this.queues.run(gameId, async () => {
      const stored = await this.store.loadGame(gameId);
      if (stored === null || !(await this.maySee(stored.game, caller))) {
        throw refusalError("game/not_found");
      }
      const record = stored.game;
      if (record.status !== "pending") {
        throw refusalError("game/wrong_status", "The game has already started", {
          status: record.status,
        });
      }
      const sides = await this.sidesOf(caller.userId, record);
      const aiOnly = record.homeIsAi && record.awayIsAi;
      if (sides.length === 0 && record.createdBy !== caller.userId && !aiOnly) {
        throw refusalError("auth/not_your_team");
      }
      const saved = await this.store.getLineups(gameId);
      const lineups = {} as Record<Side, unknown>;
      for (const side of SIDES) {
        const lineup =
          saved[side] ??
          (isAi(record, side) ? await this.options.setups.aiLineup(record, side) : undefined);
        if (lineup === undefined) {
          throw refusalError("game/invalid_lineup", `The ${side} lineup has not been submitted`, {
            side,
          });
        }
        lineups[side] = lineup;
      }
      const setup = await this.options.setups.buildSetup(record, lineups);
      if (!setup.ok) throw errorOf(setup.error);
      const started = this.rules.start(setup.value, stored.seed);
      if (!started.ok) throw errorOf(started.error);

      const live = this.newLive(record, stored.seed, null, 0);
      const state = started.value;
      const result = await this.commitAction(live, {
        steps: [
          {
            actor: { kind: "system", userId: caller.userId },
            kind: "start",
            payload: setup.value,
            clientActionId: null,
            version: this.rules.version(state),
          },
        ],
        next: state,
        plays: [],
        substitutions: [],
        status: "active",
      });
      if (!result.ok) throw errorOf(result.error);
      this.games.set(gameId, live);
      // Managers and spectators who joined before the start see the first pitch's decision.
      this.publish(live, actorName({ kind: "system", userId: caller.userId }), [], []);
      this.afterChange(live);
      return this.snapshotFor(live, "spectator");
    });
  }

  /** End a game early: a manager forfeits (the other side wins) or a participant abandons it. */
  async endEarly(
    gameId: string,
    caller: Caller,
    how: "forfeit" | "abandon",
    side?: Side,
  ): Promise<GameRecord> {
    return this.queues.run(gameId, async () => {
      const live = await this.liveGame(gameId);
      const record = live?.record ?? (await this.store.getGame(gameId));
      if (record === null || !(await this.maySee(record, caller)))
        throw refusalError("game/not_found");
      const sides = await this.sidesOf(caller.userId, record);
      if (sides.length === 0 && !(how === "abandon" && record.createdBy === caller.userId)) {
        throw refusalError("auth/not_your_team");
      }
      if (record.status === "completed" || record.status === "abandoned") {
        throw refusalError("game/not_active", "The game is already over", {
          status: record.status,
        });
      }
      if (how === "forfeit" && record.status !== "active") {
        throw refusalError("game/wrong_status", "Only a game being played can be forfeited");
      }
      const forfeiting = side ?? sides[0];
      if (how === "forfeit" && (forfeiting === undefined || !sides.includes(forfeiting))) {
        throw refusalError("auth/not_your_team", undefined, { side: forfeiting ?? null });
      }
      if (live === null) throw refusalError("game/not_found");
      const target = live;
      const winner: Side | null =
        how === "forfeit" ? (forfeiting === "home" ? "away" : "home") : null;
      const result = await this.commitAction(target, {
        steps: [
          {
            actor: { kind: "system", userId: caller.userId },
            kind: how,
            payload: { side: how === "forfeit" ? forfeiting : null },
            clientActionId: null,
            version: target.record.version,
          },
        ],
        next: target.state,
        plays: [],
        substitutions: [],
        status: how === "forfeit" ? "completed" : "abandoned",
        winner,
      });
      if (!result.ok) throw errorOf(result.error);
      this.clearTimer(target);
      this.publish(live, actorName({ kind: "system", userId: caller.userId }), [], []);
      return target.record;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Playing (sockets)

  /**
   * Join a game: as the manager of the side(s) the caller manages, or as a spectator. A private
   * game answers game/not_found to anyone else.
   */
  async join(
    gameId: string,
    caller: Caller | null,
    wants: { spectate?: boolean; side?: Side; knownCards?: readonly string[] } = {},
  ): Promise<JoinResult | { error: Refusal }> {
    const live = await this.liveGame(gameId);
    const record = live?.record ?? (await this.store.getGame(gameId));
    if (record === null || !(await this.maySee(record, caller))) {
      return { error: refusal("game/not_found", undefined, { gameId }) };
    }
    const sides = caller === null ? [] : await this.sidesOf(caller.userId, record);
    let role: Viewer = "spectator";
    if (!wants.spectate) {
      if (wants.side !== undefined) {
        if (!sides.includes(wants.side)) {
          return { error: refusal("auth/not_your_team", undefined, { side: wants.side }) };
        }
        role = wants.side;
      } else if (sides.length > 0) {
        role = sides[0]!;
      }
    }
    if (live !== null) live.touchedAt = this.clock.now();
    const snapshot = live !== null ? this.snapshotFor(live, role) : this.recordSnapshot(record);
    const cards =
      live?.state != null ? withoutBodies(this.rules.cards(live.state), wants.knownCards) : null;
    return { role, sides: role === "spectator" ? [] : [...sides], snapshot, cards };
  }

  /** The current snapshot for a viewer (for resyncs). */
  async snapshot(gameId: string, viewer: Viewer): Promise<GameSnapshot | null> {
    const live = await this.liveGame(gameId);
    if (live !== null) return this.snapshotFor(live, viewer);
    const record = await this.store.getGame(gameId);
    return record === null ? null : this.recordSnapshot(record);
  }

  /**
   * A game's plays after play N (all from 0), with its lineups and regulation innings, for the
   * box score and the play-by-play; null when the caller may not see the game.
   */
  async gameLog(gameId: string, caller: Caller | null, afterPlayNumber = 0) {
    const record = await this.getGame(gameId, caller);
    if (record === null) return null;
    const live = record.status === "pending" ? null : await this.liveGame(gameId);
    const [plays, lineups] = await Promise.all([
      this.store.playsSince(gameId, afterPlayNumber),
      this.store.lineupEntries(gameId),
    ]);
    const scheduledInnings =
      live?.state != null ? this.rules.scheduledInnings(live.state) : DEFAULT_SCHEDULED_INNINGS;
    return { record, plays, lineups, scheduledInnings };
  }

  /** The plays after play number N, for a client that comes back. */
  playsSince(gameId: string, afterPlayNumber: number) {
    return this.store.playsSince(gameId, afterPlayNumber);
  }

  /** A socket starts or stops watching a game: a watched game is never evicted. */
  watch(gameId: string, delta: 1 | -1): void {
    const live = this.games.get(gameId);
    if (live === undefined) return;
    live.watchers = Math.max(0, live.watchers + delta);
    live.touchedAt = this.clock.now();
  }

  /**
   * A manager's decision (or SBA card result). The checks run in order: the game exists -> the
   * caller manages the acting side -> (a repeated client action id gets its first ack) -> this
   * side owes the next decision -> the version matches -> the payload parses -> the engine agrees.
   */
  submit(gameId: string, caller: Caller, submission: Submission): Promise<ActionAck> {
    return this.queues.run(gameId, () => this.submitNow(gameId, caller, submission));
  }

  private async submitNow(
    gameId: string,
    caller: Caller,
    submission: Submission,
  ): Promise<ActionAck> {
    const refuse = (error: Refusal, snapshot?: GameSnapshot): ActionAck => {
      this.stats.refused += 1;
      return snapshot ? { ok: false, gameId, error, snapshot } : { ok: false, gameId, error };
    };
    // A live game and a caller it has seen before answer at once; the rest waits on storage.
    const live = this.games.get(gameId) ?? (await this.liveGame(gameId));
    const standing =
      live === null
        ? null
        : (live.managers.get(caller.userId) ?? (await this.standing(caller.userId, live.record)));
    if (live === null || standing === null || !maySee(live.record, caller, standing)) {
      return refuse(refusal("game/not_found", undefined, { gameId }));
    }
    live.touchedAt = this.clock.now();
    const sides = standing.acting;
    if (sides.length === 0) return refuse(refusal("auth/spectator_read_only"));
    const pending = live.state === null ? null : this.rules.pending(live.state);
    const side =
      submission.side ?? (pending?.side && sides.includes(pending.side) ? pending.side : sides[0]!);
    if (!sides.includes(side)) return refuse(refusal("auth/not_your_team", undefined, { side }));

    const current = live.record.version;
    if (submission.version !== current) {
      const earlier = await this.earlierAck(live, submission.clientActionId);
      if (earlier !== null) {
        this.stats.duplicates += 1;
        return { ok: true, gameId, version: earlier, duplicate: true };
      }
    }
    if (live.record.status !== "active" || pending === null || pending.side === null) {
      return refuse(
        refusal("game/not_active", undefined, { status: live.record.status }),
        this.snapshotFor(live, side),
      );
    }
    if (pending.side !== side) {
      return refuse(
        refusal(
          "decision/not_your_turn",
          `It is ${pending.side}'s turn to decide ${pending.decision}`,
          {
            awaiting: pending.side,
            decision: pending.decision,
          },
        ),
      );
    }
    if (submission.version !== current) {
      return refuse(
        refusal("decision/stale_version", undefined, {
          sent: submission.version,
          current,
        }),
        this.snapshotFor(live, side),
      );
    }
    if (live.recentAcks.has(submission.clientActionId)) {
      // Same id, current version: only possible if the id was used for an action that did not
      // bump the version. Treat as the duplicate it is.
      this.stats.duplicates += 1;
      return {
        ok: true,
        gameId,
        version: live.recentAcks.get(submission.clientActionId)!,
        duplicate: true,
      };
    }
    const parsed = this.rules.parse(submission.decision);
    if (!parsed.ok) {
      return refuse({
        ...parsed.error,
        code: parsed.error.code.startsWith("payload/") ? parsed.error.code : "payload/invalid",
      });
    }
    const outcome = await this.applyAndCommit(live, parsed.value, {
      actor: { kind: "manager", side, userId: caller.userId },
      clientActionId: submission.clientActionId,
    });
    if (!outcome.ok) return refuse(outcome.error);
    return { ok: true, gameId, version: outcome.version, duplicate: false };
  }

  /** The version a client action id produced, from memory or the log; null if never applied. */
  private async earlierAck(live: LiveGame, clientActionId: string): Promise<number | null> {
    const remembered = live.recentAcks.get(clientActionId);
    if (remembered !== undefined) return remembered;
    const entry = await this.store.findClientAction(live.record.id, clientActionId);
    return entry?.version ?? null;
  }

  /**
   * Apply a decision, then every move the server itself owes right after it (the at-bat roll),
   * and write them all through as one unit: one commit, one broadcast, one ack.
   */
  private async applyAndCommit(
    live: LiveGame,
    action: unknown,
    by: { actor: Actor; clientActionId: string | null },
    followUp?: (state: unknown) => unknown,
  ): Promise<{ ok: true; version: number } | { ok: false; error: Refusal }> {
    const applied = this.rules.apply(live.state, action);
    if (!applied.ok) return { ok: false, error: applied.error };
    let next = applied.value.state;
    const steps: Step[] = [
      {
        actor: by.actor,
        kind: "decision",
        payload: action,
        clientActionId: by.clientActionId,
        version: this.rules.version(next),
      },
    ];
    const plays = [...applied.value.plays];
    const substitutions = [...applied.value.substitutions];
    for (let more = followUp?.(next) ?? null; more !== null; more = followUp?.(next) ?? null) {
      const moved = this.rules.apply(next, more);
      if (!moved.ok) {
        this.log?.error({ gameId: live.record.id, error: moved.error }, "a follow-up was refused");
        break;
      }
      next = moved.value.state;
      steps.push({
        actor: by.actor,
        kind: "decision",
        payload: more,
        clientActionId: null,
        version: this.rules.version(next),
      });
      plays.push(...moved.value.plays);
      substitutions.push(...moved.value.substitutions);
    }
    for (
      let serverMove = this.rules.serverAction(next);
      serverMove !== null;
      serverMove = this.rules.serverAction(next)
    ) {
      const moved = this.rules.apply(next, serverMove);
      if (!moved.ok) {
        this.log?.error(
          { gameId: live.record.id, error: moved.error },
          "the server's own move was refused",
        );
        break;
      }
      next = moved.value.state;
      steps.push({
        actor: { kind: "server" },
        kind: "decision",
        payload: serverMove,
        clientActionId: null,
        version: this.rules.version(next),
      });
      plays.push(...moved.value.plays);
      substitutions.push(...moved.value.substitutions);
    }
    const score = this.rules.score(next);
    const before = { state: live.state, version: live.record.version };
    const result = await this.commitAction(live, {
      steps,
      next,
      plays,
      substitutions,
      status: score.over ? "completed" : "active",
      winner: score.winner,
    });
    if (!result.ok) return result;
    this.stats.applied += steps.length;
    this.publish(live, actorName(by.actor), plays, substitutions, before);
    this.afterChange(live);
    return { ok: true, version: steps[0]!.version };
  }

  /**
   * Write actions through: build their unit, commit it (grouped with other games), and only when
   * the commit succeeded move the live game on. On failure the live game is unchanged; on a
   * version conflict it is dropped from memory, to be loaded fresh on the next access.
   */
  private async commitAction(
    live: LiveGame,
    change: {
      steps: Step[];
      next: unknown;
      plays: readonly PlayRecord[];
      substitutions: readonly LineupEntry[];
      status: GameRecord["status"];
      winner?: Side | null;
    },
  ): Promise<{ ok: true } | { ok: false; error: Refusal }> {
    const now = this.clock.now();
    const hasState = change.next !== null && change.next !== undefined;
    const version = hasState ? this.rules.version(change.next) : Math.max(1, live.record.version);
    const score = hasState ? this.rules.score(change.next) : null;
    const pending = hasState && change.status === "active" ? this.rules.pending(change.next) : null;
    const actions: ActionEntry[] = change.steps.map((step, i) => ({
      seq: live.seq + 1 + i,
      version: Math.max(1, hasState ? step.version : version),
      actor: actorName(step.actor),
      kind: step.kind,
      payload: step.payload,
      clientActionId: step.clientActionId,
      at: now,
    }));
    const game: WriteUnit["game"] = {
      version,
      seq: live.seq + actions.length,
      status: change.status,
      lastActionAt: now,
      homeScore: score?.homeScore ?? live.record.homeScore,
      awayScore: score?.awayScore ?? live.record.awayScore,
      winner: change.winner ?? (change.status === "completed" ? (score?.winner ?? null) : null),
      awaitingSide: pending?.side ?? null,
    };
    const starting = change.steps[0]?.kind === "start";
    const lineup =
      starting || !hasState
        ? { entries: starting ? this.rules.lineup(change.next) : change.substitutions, updates: [] }
        : lineupChanges(
            this.rules.lineup(live.state),
            this.rules.lineup(change.next),
            change.substitutions,
          );
    try {
      await this.committer.commit({
        gameId: live.record.id,
        expectedVersion: live.record.version,
        actions,
        plays: change.plays,
        lineupEntries: lineup.entries,
        ...(lineup.updates.length > 0 ? { lineupUpdates: lineup.updates } : {}),
        game,
      });
    } catch (error) {
      this.stats.commitFailures += 1;
      const code = (error as { code?: unknown }).code;
      this.log?.warn({ err: error, gameId: live.record.id }, "commit failed; action not applied");
      if (code === "db/version_conflict") this.forget(live.record.id);
      return {
        ok: false,
        error: refusal("server/unavailable", undefined, {
          reason: code === "db/version_conflict" ? "version_conflict" : "storage",
        }),
      };
    }
    live.state = change.next;
    live.seq = game.seq;
    const { seq: _seq, ...recordFields } = game;
    live.record = { ...live.record, ...recordFields };
    live.touchedAt = now;
    for (const entry of actions) {
      if (entry.clientActionId !== null)
        this.rememberAck(live, entry.clientActionId, entry.version);
    }
    live.actionsSinceSnapshot += actions.length;
    return { ok: true };
  }

  private rememberAck(live: LiveGame, clientActionId: string, version: number): void {
    live.recentAcks.set(clientActionId, version);
    const limit = this.options.recentAckMemory ?? 8;
    while (live.recentAcks.size > limit) {
      const oldest = live.recentAcks.keys().next().value as string;
      live.recentAcks.delete(oldest);
    }
  }

  // -------------------------------------------------------------------------------------------
  // After each change: broadcast, the AI's turn, the clock, snapshots

  /**
   * Hand a committed change to the broadcaster. `before` is the state it was made from, so
   * viewers can be sent what changed in their view rather than the whole of it.
   */
  private publish(
    live: LiveGame,
    actor: string,
    plays: GameChange["plays"],
    substitutions: GameChange["substitutions"],
    before: { state: unknown; version: number } | null = null,
  ): void {
    const views = new Map<Viewer, GameSnapshot>();
    const changes = new Map<unknown, ViewChanges>();
    const pending = this.decisionRequest(live);
    const change: GameChange = {
      gameId: live.record.id,
      version: live.record.version,
      status: live.record.status,
      viewFor: (viewer) => {
        let view = views.get(viewer);
        if (view === undefined) {
          view = this.snapshotFor(live, viewer, pending);
          views.set(viewer, view);
        }
        return view;
      },
      changesFor: (viewer) => {
        const diff = this.rules.viewChanges;
        if (before === null || before.state === null || live.state === null || diff === undefined)
          return null;
        // The rules give viewers who see the same one object: keep one wrapper per object.
        const fields = diff.call(this.rules, before.state, live.state, viewer);
        let wrapped = changes.get(fields);
        if (wrapped === undefined) {
          wrapped = { base: before.version, ...fields };
          changes.set(fields, wrapped);
        }
        return wrapped;
      },
      playCount: live.state === null ? 0 : this.rules.playCount(live.state),
      plays,
      substitutions,
      pending,
      gameOver: this.gameOver(live.record),
      actor,
    };
    try {
      this.broadcaster.publish(change);
    } catch (error) {
      this.log?.error({ err: error, gameId: live.record.id }, "broadcast failed");
    }
  }

  /** What comes next for this game: an AI move, a deadline, a snapshot. */
  private afterChange(live: LiveGame): void {
    this.clearTimer(live);
    const every = this.options.snapshotEvery ?? 0;
    if (every > 0 && live.actionsSinceSnapshot >= every) this.writeSnapshot(live);
    if (live.record.status !== "active" || live.state === null || this.closed) return;
    const pending = this.rules.pending(live.state);
    if (pending.side === null) return;
    const side = pending.side;
    const version = live.record.version;
    const gameId = live.record.id;
    if (isAi(live.record, side)) {
      live.aiPending = true;
      const play = () => {
        void this.queues
          .run(gameId, () => this.playForSide(gameId, version, side, "ai"))
          .catch((error) => this.log?.error({ err: error, gameId }, "AI turn failed"));
      };
      const delay = this.options.aiMoveDelayMs ?? 0;
      if (delay > 0) live.timer = setTimeout(play, delay);
      else setImmediate(play);
      return;
    }
    const deadline = this.deadlineOf(live.record);
    live.deadline = deadline;
    if (deadline !== null) {
      live.timer = setTimeout(
        () => {
          void this.queues
            .run(gameId, () => this.playForSide(gameId, version, side, "timeout"))
            .catch((error) => this.log?.error({ err: error, gameId }, "timeout failed"));
        },
        Math.max(0, deadline - this.clock.now()),
      );
    }
  }

  private deadlineOf(record: GameRecord): number | null {
    if (
      record.pace !== "live" ||
      record.turnTimerSeconds === null ||
      record.lastActionAt === null
    ) {
      return null;
    }
    return record.lastActionAt + record.turnTimerSeconds * 1000;
  }

  /** The AI decides for a side: its own side, or a live manager who ran out of time. */
  private async playForSide(
    gameId: string,
    version: number,
    side: Side,
    why: "ai" | "timeout",
  ): Promise<void> {
    const live = this.games.get(gameId);
    if (live === undefined) return;
    if (why === "ai") live.aiPending = false;
    if (live.record.version !== version || live.record.status !== "active") return;
    const pending = this.rules.pending(live.state);
    if (pending.side !== side) return;
    const difficulty = why === "ai" ? live.record.aiDifficulty : "balanced";
    const decideFor = (state: unknown): unknown => {
      const raw = this.options.ai.decide(
        this.rules.fullView(state, side),
        this.rules.pending(state),
        difficulty,
      );
      const parsed = this.rules.parse(raw);
      if (!parsed.ok) {
        this.log?.error(
          { gameId, error: parsed.error, raw },
          "the AI made an unparseable decision",
        );
        return null;
      }
      return why === "timeout" ? this.rules.markDecidedByAi(parsed.value) : parsed.value;
    };
    const action = decideFor(live.state);
    if (action === null) return;
    // A late side's clock ran out once: when the AI's first move leaves the same decision owed (a
    // pitching change or a defensive replacement before the positioning), it finishes the decision
    // in the same unit instead of waiting another whole turn.
    let followUps = 0;
    const followUp =
      why === "timeout"
        ? (state: unknown) => {
            const now = this.rules.pending(state);
            if (now.side !== side || now.decision !== pending.decision) return null;
            if (++followUps > MAX_TIMEOUT_FOLLOW_UPS) return null;
            return decideFor(state);
          }
        : undefined;
    const outcome = await this.applyAndCommit(
      live,
      action,
      { actor: { kind: why, side }, clientActionId: null },
      followUp,
    );
    if (outcome.ok && why === "timeout") {
      this.log?.info({ gameId, side }, "the turn timer ran out; the AI decided for the side");
    }
    if (!outcome.ok) {
      this.log?.error({ gameId, error: outcome.error }, `the ${why} decision was refused`);
      if (outcome.error.code === "server/unavailable" && this.games.get(gameId) === live) {
        // Try again a moment later: the database may be back.
        live.timer = setTimeout(() => this.afterChange(live), 1000).unref();
      }
    }
  }

  private clearTimer(live: LiveGame): void {
    if (live.timer !== null) clearTimeout(live.timer);
    live.timer = null;
    live.deadline = null;
  }

  private writeSnapshot(live: LiveGame): void {
    if (live.state === null) return;
    live.actionsSinceSnapshot = 0;
    const { id, version } = live.record;
    const fingerprint = this.rules.fingerprint(live.state);
    const state = this.rules.serialize(live.state);
    void this.store
      .saveSnapshot(id, version, fingerprint, state)
      .catch((error) => this.log?.warn({ err: error, gameId: id }, "snapshot not saved"));
  }

  // -------------------------------------------------------------------------------------------
  // Views

  private decisionRequest(live: LiveGame): DecisionRequest | null {
    if (live.state === null || live.record.status !== "active") return null;
    const pending: PendingDecision = this.rules.pending(live.state);
    if (pending.side === null) return null;
    return {
      gameId: live.record.id,
      version: live.record.version,
      side: pending.side,
      decision: pending.decision,
      details: pending.details,
      deadline: isAi(live.record, pending.side) ? null : this.deadlineOf(live.record),
    };
  }

  private gameOver(record: GameRecord): GameOverInfo | null {
    if (record.status !== "completed" && record.status !== "abandoned") return null;
    return {
      winner: record.winner,
      homeScore: record.homeScore,
      awayScore: record.awayScore,
      reason:
        record.status === "abandoned"
          ? "abandoned"
          : this.finishedOnField(record)
            ? "final"
            : "forfeit",
    };
  }

  private finishedOnField(record: GameRecord): boolean {
    const live = this.games.get(record.id);
    if (live === undefined || live.state === null) return true;
    return this.rules.score(live.state).over;
  }

  private snapshotFor(
    live: LiveGame,
    viewer: Viewer,
    pending: DecisionRequest | null = this.decisionRequest(live),
  ): GameSnapshot {
    return {
      gameId: live.record.id,
      version: live.record.version,
      status: live.record.status,
      state: live.state === null ? null : this.rules.view(live.state, viewer),
      pending,
      playCount: live.state === null ? 0 : this.rules.playCount(live.state),
      gameOver: this.gameOver(live.record),
    };
  }

  private recordSnapshot(record: GameRecord): GameSnapshot {
    return {
      gameId: record.id,
      version: record.version,
      status: record.status,
      state: null,
      pending: null,
      playCount: 0,
      gameOver: this.gameOver(record),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Who may do what

  private async maySee(record: GameRecord, caller: Caller | null): Promise<boolean> {
    if (record.visibility === "public") return true;
    if (caller === null) return false;
    return maySee(record, caller, await this.standing(caller.userId, record));
  }

  /** The sides a user may act for: teams they manage that the AI does not play. */
  private async sidesOf(userId: string, record: GameRecord): Promise<readonly Side[]> {
    return (await this.standing(userId, record)).acting;
  }

  /** What a user may do in a game: asked of TeamAuthority once, then kept with the live game. */
  private async standing(userId: string, record: GameRecord): Promise<Standing> {
    const live = this.games.get(record.id);
    const cached = live?.managers.get(userId);
    if (cached !== undefined) return cached;
    const managed: Side[] = [];
    for (const side of SIDES) {
      const teamId = side === "home" ? record.homeTeamId : record.awayTeamId;
      if (await this.options.teams.managesTeam(userId, record.league, teamId)) managed.push(side);
    }
    const standing = { managed, acting: managed.filter((side) => !isAi(record, side)) };
    live?.managers.set(userId, standing);
    return standing;
  }

  // -------------------------------------------------------------------------------------------
  // Loading, replay, eviction

  /** The live game, from memory or loaded from the database by replay; null if none. */
  private async liveGame(gameId: string): Promise<LiveGame | null> {
    const live = this.games.get(gameId);
    if (live !== undefined) return live;
    let loading = this.loading.get(gameId);
    if (loading === undefined) {
      loading = this.loadLive(gameId).finally(() => this.loading.delete(gameId));
      this.loading.set(gameId, loading);
    }
    return loading;
  }

  private async loadLive(gameId: string): Promise<LiveGame | null> {
    const stored = await this.store.loadGame(gameId);
    if (stored === null) return null;
    this.stats.loads += 1;
    const live = this.replay(stored);
    this.games.set(gameId, live);
    this.afterChange(live);
    return live;
  }

  /**
   * Rebuild a game from its action log. The replay is the truth: the result is checked against the
   * game row's version and against the snapshot in game_sessions, and a mismatch is reported.
   */
  replay(stored: StoredGame): LiveGame {
    const live = this.newLive(stored.game, stored.seed, null, 0);
    for (const entry of stored.actions) {
      live.seq = entry.seq;
      if (entry.clientActionId !== null)
        this.rememberAck(live, entry.clientActionId, entry.version);
      if (entry.kind === "start") {
        const started = this.rules.start(entry.payload, stored.seed);
        if (!started.ok) throw new ReplayError(stored.game.id, entry.seq, started.error);
        live.state = started.value;
      } else if (entry.kind === "decision") {
        const parsed = this.rules.parse(entry.payload);
        if (!parsed.ok) throw new ReplayError(stored.game.id, entry.seq, parsed.error);
        const applied = this.rules.apply(live.state, parsed.value);
        if (!applied.ok) throw new ReplayError(stored.game.id, entry.seq, applied.error);
        live.state = applied.value.state;
      }
      const snapshot = stored.snapshot;
      if (
        snapshot !== null &&
        live.state !== null &&
        snapshot.version === entry.version &&
        this.rules.version(live.state) === snapshot.version &&
        this.rules.fingerprint(live.state) !== snapshot.fingerprint
      ) {
        this.stats.replayMismatches += 1;
        this.log?.error(
          { gameId: stored.game.id, version: snapshot.version },
          "the game_sessions snapshot differs from the replay; the replay wins",
        );
      }
    }
    if (live.state !== null && this.rules.version(live.state) !== stored.game.version) {
      throw new ReplayError(stored.game.id, live.seq, {
        code: "game/replay_mismatch",
        message: `replay reached version ${this.rules.version(live.state)}, the game row says ${stored.game.version}`,
        details: null,
      });
    }
    return live;
  }

  private newLive(record: GameRecord, seed: string, state: unknown, seq: number): LiveGame {
    return {
      record,
      seed,
      state,
      seq,
      recentAcks: new Map(),
      managers: new Map(),
      timer: null,
      deadline: null,
      aiPending: false,
      watchers: 0,
      touchedAt: this.clock.now(),
      actionsSinceSnapshot: 0,
    };
  }

  /** Drop games nobody has touched for idleEvictMs. Returns how many were dropped. */
  evictIdle(now = this.clock.now()): number {
    let evicted = 0;
    for (const [gameId, live] of this.games) {
      const busy =
        this.queues.depth(gameId) > 0 ||
        live.watchers > 0 ||
        live.aiPending ||
        live.deadline !== null;
      if (busy || now - live.touchedAt < this.options.idleEvictMs) continue;
      if (live.actionsSinceSnapshot > 0 && (this.options.snapshotEvery ?? 0) > 0) {
        this.writeSnapshot(live);
      }
      this.forget(gameId);
      evicted += 1;
    }
    this.stats.evictions += evicted;
    return evicted;
  }

  private forget(gameId: string): void {
    const live = this.games.get(gameId);
    if (live !== undefined) this.clearTimer(live);
    this.games.delete(gameId);
  }

  /** After a restart: load every active game that the server itself drives (AI or timers). */
  async resumeActiveGames(): Promise<number> {
    const ids = await this.store.activeGameIds();
    let resumed = 0;
    for (const id of ids) {
      try {
        if ((await this.liveGame(id)) !== null) resumed += 1;
      } catch (error) {
        this.log?.error({ err: error, gameId: id }, "could not resume the game");
      }
    }
    return resumed;
  }

  /** Wait until every queued action has been applied and committed. */
  async drain(): Promise<void> {
    await this.queues.drain();
    await this.committer.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweep !== null) clearInterval(this.sweep);
    for (const live of this.games.values()) this.clearTimer(live);
    await this.drain();
    this.games.clear();
  }
}

const DEFAULT_SCHEDULED_INNINGS = 9;

/** After a timeout, how many more moves the AI may make to finish the late side's decision. */
const MAX_TIMEOUT_FOLLOW_UPS = 4;

interface Step {
  actor: Actor;
  kind: ActionKind;
  payload: unknown;
  clientActionId: string | null;
  /** The version the state had after this step. */
  version: number;
}

export class ReplayError extends Error {
  readonly code = "game/replay_failed";
  constructor(
    readonly gameId: string,
    readonly seq: number,
    readonly refusal: Refusal,
  ) {
    super(`replay of game ${gameId} failed at action ${seq}: ${refusal.code} ${refusal.message}`);
    this.name = "ReplayError";
  }
}

/** The cards without the bodies of `known`: the references stay, the client holds those bodies. */
function withoutBodies(cards: GameCards, known: readonly string[] | undefined): GameCards {
  if (known === undefined || known.length === 0) return cards;
  const bodies = { ...cards.bodies };
  for (const hash of known) delete bodies[hash];
  return { refs: cards.refs, bodies };
}

/** The teams a user manages in a game, and those of them the user plays (the AI plays the rest). */
interface Standing {
  managed: readonly Side[];
  acting: readonly Side[];
}

/** A public game is seen by anyone; a private one by its creator and the managers of its teams. */
function maySee(record: GameRecord, caller: Caller, standing: Standing): boolean {
  return (
    record.visibility === "public" ||
    record.createdBy === caller.userId ||
    standing.managed.length > 0
  );
}

function isAi(record: GameRecord, side: Side): boolean {
  return side === "home" ? record.homeIsAi : record.awayIsAi;
}

function refusalError(code: Parameters<typeof refusal>[0], message?: string, details?: unknown) {
  return errorOf(refusal(code, message, details));
}

function errorOf(r: Refusal): GameError {
  return GameError.from(r);
}

/**
 * What a unit does to the lineup, from the engine's entries before and after it: the entries it
 * adds (each as it stands after the unit, should a later step of the unit have changed it) and
 * the fields it changed in place on entries written before (the engine numbers entries 1..n and
 * replaces an entry's object when it changes one, so unchanged entries cost a pointer compare).
 */
function lineupChanges(
  before: readonly LineupEntry[],
  after: readonly LineupEntry[],
  added: readonly LineupEntry[],
): { entries: readonly LineupEntry[]; updates: LineupUpdate[] } {
  if (before === after) return { entries: added, updates: [] };
  const updates: LineupUpdate[] = [];
  const common = Math.min(before.length, after.length);
  for (let i = 0; i < common; i++) {
    const was = before[i]!;
    const now = after[i]!;
    if (was === now) continue;
    const update: LineupUpdate = { id: now.id };
    if (now.isActive !== was.isActive) update.isActive = now.isActive;
    if (now.battingOrder !== was.battingOrder) update.battingOrder = now.battingOrder;
    if (now.position !== was.position) update.position = now.position;
    if (now.isFatigued !== was.isFatigued) update.isFatigued = now.isFatigued;
    if (Object.keys(update).length > 1) updates.push(update);
  }
  const latest = new Map(after.slice(before.length).map((entry) => [entry.id, entry]));
  const entries = latest.size === 0 ? added : added.map((entry) => latest.get(entry.id) ?? entry);
  return { entries, updates };
}
