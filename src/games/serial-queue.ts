// One serial queue per game: the tasks of one game run one at a time, in the order they were
// enqueued, so two actions on one game never interleave (boardgame.io runs one queue per match with
// concurrency 1). Tasks of different games run concurrently.
//
// A queue that empties is dropped, so an idle game costs nothing here.

export class SerialQueues {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly depths = new Map<string, number>();

  /** Run `task` after every task already queued for `key`. Its result (or error) is returned. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    this.depths.set(key, (this.depths.get(key) ?? 0) + 1);
    void tail.then(() => {
      const depth = (this.depths.get(key) ?? 1) - 1;
      if (depth === 0) {
        this.depths.delete(key);
        if (this.tails.get(key) === tail) this.tails.delete(key);
      } else {
        this.depths.set(key, depth);
      }
    });
    return result;
  }

  /** How many tasks are queued or running for `key`. */
  depth(key: string): number {
    return this.depths.get(key) ?? 0;
  }

  /** Resolves once every task queued so far (for every key) has finished. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
