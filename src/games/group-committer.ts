// Group commit: the write units of many games go to the database in one transaction.
//
// There is no timer. A unit that arrives while no transaction runs is written at once, so one
// game alone pays one commit round trip. Units that arrive while one runs wait for it to end,
// then all of them go in the next. Under load the batches grow by themselves: the number of
// commits per second stays near what the database can do, while the number of actions per commit
// rises, and each action's share of a commit's cost falls.
//
// Under light load a second transaction may start beside the first (up to `maxInFlight`, each on
// its own connection), while the ones running are small (`overlapUnits` units in all): a batch
// takes a while (its statement, then the commit's flush), and a unit that arrives meanwhile need
// not wait for another game's commit before its own starts. Once the running batches are larger
// than that, the load is heavy, and units wait and grow the next batch instead: more, smaller
// transactions would cost more per action and serve fewer (bench:realtime, 1,000 games
// saturated: two transactions at any size gave 6.6 units per commit and a p99 of up to 1.3 s,
// against 10 units and at most 0.9 s with one at a time).
//
// Batches running at once never hold two units of one game: the service sends a game's next unit
// only once its last one is committed (one serial queue per game).
//
// A batch that fails as a whole is retried unit by unit, so one bad unit (a version conflict) does
// not fail the games that shared its transaction.

export type UnitOutcome<R> = { ok: true; result: R } | { ok: false; error: unknown };

/** Writes a batch in one transaction; returns one outcome per unit, in order. */
export type BatchWriter<U, R> = (units: readonly U[]) => Promise<UnitOutcome<R>[]>;

interface Pending<U, R> {
  unit: U;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitterStats {
  batches: number;
  units: number;
  largestBatch: number;
}

/** How many of the latest transactions' durations are kept (see recentWrites). */
const RECENT_WRITES = 16_384;

export interface GroupCommitterOptions {
  /** A batch never holds more units than this; the rest wait for the next transaction. */
  maxBatch?: number;
  /** Transactions running at once, at most (each on its own connection). Default 2. */
  maxInFlight?: number;
  /** Another transaction starts only while those running hold this many units or fewer. Default 4. */
  overlapUnits?: number;
  /** The clock that times each transaction, in ms (default performance.now). */
  now?: () => number;
}

export class GroupCommitter<U, R> {
  private pending: Pending<U, R>[] = [];
  private readonly running = new Set<Promise<void>>();
  /** The units in the transactions running now. */
  private runningUnits = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly overlapUnits: number;
  private readonly now: () => number;
  /** The durations of the latest transactions, a ring indexed by their start order. */
  private readonly writeMillis = new Float64Array(RECENT_WRITES);
  readonly stats: GroupCommitterStats = { batches: 0, units: 0, largestBatch: 0 };

  constructor(
    private readonly write: BatchWriter<U, R>,
    options: GroupCommitterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.overlapUnits = options.overlapUnits ?? 4;
    this.now = options.now ?? (() => performance.now());
  }

  /** Resolves once `unit` is committed; rejects with its own error when it could not be. */
  commit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ unit, resolve, reject });
      this.startBatches();
    });
  }

  /**
   * How long the latest `count` transactions took (ms), from the start of their write to their
   * outcomes, in the order they started: the commit's own part of an action's round trip. At
   * most the latest 16,384; those still running are left out.
   */
  recentWrites(count: number): number[] {
    const total = this.stats.batches;
    const first = Math.max(0, total - Math.min(count, RECENT_WRITES));
    const durations: number[] = [];
    for (let i = first; i < total; i++) {
      const millis = this.writeMillis[i % RECENT_WRITES]!;
      if (!Number.isNaN(millis)) durations.push(millis);
    }
    return durations;
  }

  /** Resolves when nothing is pending or being written. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Starts a transaction for what is pending, while another may start. */
  private startBatches(): void {
    while (this.pending.length > 0 && this.mayStartAnother()) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.runningUnits += batch.length;
      const running: Promise<void> = this.writeBatch(batch).finally(() => {
        this.running.delete(running);
        this.runningUnits -= batch.length;
        this.startBatches();
      });
      this.running.add(running);
    }
  }

  /** The first transaction always; another beside it only under light load (see above). */
  private mayStartAnother(): boolean {
    if (this.running.size === 0) return true;
    return this.running.size < this.maxInFlight && this.runningUnits <= this.overlapUnits;
  }

  private async writeBatch(batch: Pending<U, R>[]): Promise<void> {
    const slot = this.stats.batches % RECENT_WRITES;
    this.writeMillis[slot] = Number.NaN; // running
    const started = this.now();
    this.stats.batches += 1;
    this.stats.units += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let outcomes: UnitOutcome<R>[];
    try {
      outcomes = await this.write(batch.map((p) => p.unit));
    } catch (error) {
      outcomes = batch.length === 1 ? [{ ok: false, error }] : await this.writeOneByOne(batch);
    }
    this.writeMillis[slot] = this.now() - started;
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) p.reject(new Error("group commit: no outcome for a unit"));
      else if (outcome.ok) p.resolve(outcome.result);
      else p.reject(outcome.error);
    });
  }

  private async writeOneByOne(batch: Pending<U, R>[]): Promise<UnitOutcome<R>[]> {
    const outcomes: UnitOutcome<R>[] = [];
    for (const p of batch) {
      try {
        const [outcome] = await this.write([p.unit]);
        outcomes.push(outcome ?? { ok: false, error: new Error("group commit: no outcome") });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}
