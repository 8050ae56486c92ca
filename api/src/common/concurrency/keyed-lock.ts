/**
 * Runs tasks with the same key one after another within this process.
 *
 * Why: our read-check-write steps (order transitions, refresh-token rotation, code checks) rely on
 * a conditional findOneAndUpdate being atomic. MongoDB guarantees that; FerretDB v1 (our embedded
 * database) applies it as read-then-write, so two concurrent requests can both "win". Serialising
 * by key closes that gap for a single API instance on FerretDB; on MongoDB the database's own
 * atomicity also covers several instances.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
