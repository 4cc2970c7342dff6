// Group commit: the write units of many games go to the database in one transaction.
//
// There is no timer. When a unit arrives and no transaction is running, it is written at once, so
// one game alone pays one commit round trip. Units that arrive while a transaction runs wait for
// it, then all of them go in the next one. Under load the batch grows by itself, and the number of
// commits per second stays near the database's single-connection commit rate while the number of
// actions per commit rises.
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

export class GroupCommitter<U, R> {
  private pending: Pending<U, R>[] = [];
  private running: Promise<void> | null = null;
  readonly stats: GroupCommitterStats = { batches: 0, units: 0, largestBatch: 0 };

  constructor(
    private readonly write: BatchWriter<U, R>,
    /** A batch never holds more units than this; the rest wait for the next transaction. */
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once `unit` is committed; rejects with its own error when it could not be. */
  commit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ unit, resolve, reject });
      if (this.running === null) this.running = this.flush();
    });
  }

  /** Resolves when nothing is pending or being written. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.stats.batches += 1;
      this.stats.units += batch.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
      let outcomes: UnitOutcome<R>[];
      try {
        outcomes = await this.write(batch.map((p) => p.unit));
      } catch (error) {
        outcomes = batch.length === 1 ? [{ ok: false, error }] : await this.writeOneByOne(batch);
      }
      batch.forEach((p, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) p.reject(new Error("group commit: no outcome for a unit"));
        else if (outcome.ok) p.resolve(outcome.result);
        else p.reject(outcome.error);
      });
    }
    this.running = null;
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
