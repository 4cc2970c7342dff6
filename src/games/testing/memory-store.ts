// An in-process GameStore with the same contract as the database store (version check per unit,
// one client action id per game, all-or-nothing batches). For unit tests of the service's logic
// only; the service is also tested over src/db on PGlite and PostgreSQL.

import { randomUUID } from "node:crypto";
import type { LineupEntry, PlayRecord } from "../../engine/play-record.js";
import type { GameFilter, GameStore, NewGame, StoredGame, WriteUnit } from "../ports.js";
import type { ActionEntry, GameRecord, Side } from "../types.js";

interface Row {
  game: GameRecord;
  seed: string;
  actions: ActionEntry[];
  plays: PlayRecord[];
  entries: LineupEntry[];
  lineups: Partial<Record<Side, unknown>>;
  snapshot: { version: number; fingerprint: string } | null;
}

export class MemoryGameStore implements GameStore {
  readonly rows = new Map<string, Row>();
  /** Managers by team, for the matching TeamAuthority. */
  commits = 0;
  /** When set, the next commit fails (a database outage). */
  failNext = false;

  async insertGame(input: NewGame): Promise<GameRecord> {
    const { seed, ...rest } = input;
    const game: GameRecord = {
      ...rest,
      id: randomUUID(),
      status: "pending",
      version: 0,
      lastActionAt: null,
      createdAt: Date.now(),
      homeScore: 0,
      awayScore: 0,
      winner: null,
      awaitingSide: null,
    };
    this.rows.set(game.id, {
      game,
      seed,
      actions: [],
      plays: [],
      entries: [],
      lineups: {},
      snapshot: null,
    });
    return game;
  }
  async getGame(id: string) {
    return this.rows.get(id)?.game ?? null;
  }
  async listGames(filter: GameFilter) {
    return [...this.rows.values()]
      .map((r) => r.game)
      .filter((g) => (filter.status ? g.status === filter.status : true))
      .filter((g) =>
        filter.publicLive ? g.visibility === "public" && g.status === "active" : true,
      );
  }
  async saveLineup(id: string, side: Side, lineup: unknown) {
    const row = this.rows.get(id);
    if (row) row.lineups[side] = lineup;
  }
  async getLineups(id: string) {
    return this.rows.get(id)?.lineups ?? {};
  }
  async loadGame(id: string): Promise<StoredGame | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    return {
      game: row.game,
      seed: row.seed,
      actions: structuredClone(row.actions),
      snapshot: row.snapshot,
    };
  }
  async commitUnits(units: readonly WriteUnit[]) {
    this.commits += 1;
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error("connection lost"), { code: "db/unreachable" });
    }
    const outcomes: Array<{ ok: true; result: null } | { ok: false; error: unknown }> = [];
    for (const unit of units) {
      const row = this.rows.get(unit.gameId);
      if (!row || row.game.version !== unit.expectedVersion) {
        outcomes.push({
          ok: false,
          error: Object.assign(new Error("version conflict"), { code: "db/version_conflict" }),
        });
        continue;
      }
      if (
        unit.actions.some(
          (u) =>
            u.clientActionId !== null &&
            row.actions.some((a) => a.clientActionId === u.clientActionId),
        )
      ) {
        outcomes.push({
          ok: false,
          error: Object.assign(new Error("duplicate"), { code: "db/duplicate_action" }),
        });
        continue;
      }
      row.actions.push(...structuredClone(unit.actions));
      row.plays.push(...structuredClone(unit.plays));
      for (const update of unit.lineupUpdates ?? []) {
        const k = row.entries.findIndex((entry) => entry.id === update.id);
        if (k >= 0) row.entries[k] = { ...row.entries[k]!, ...update };
      }
      row.entries.push(...structuredClone(unit.lineupEntries));
      const { seq: _seq, ...fields } = unit.game;
      row.game = { ...row.game, ...fields };
      outcomes.push({ ok: true, result: null });
    }
    return outcomes;
  }
  async findClientAction(id: string, clientActionId: string) {
    return this.rows.get(id)?.actions.find((a) => a.clientActionId === clientActionId) ?? null;
  }
  async playsSince(id: string, after: number) {
    return (this.rows.get(id)?.plays ?? []).filter((p) => p.playNumber > after);
  }
  async lineupEntries(id: string) {
    return this.rows.get(id)?.entries ?? [];
  }
  async saveSnapshot(id: string, version: number, fingerprint: string) {
    const row = this.rows.get(id);
    if (row) row.snapshot = { version, fingerprint };
  }
  async activeGameIds() {
    return [...this.rows.values()].filter((r) => r.game.status === "active").map((r) => r.game.id);
  }
}
