/**
 * Runs tasks as soon as the tasks they depend on have succeeded, at most `concurrency` at a
 * time, longest remaining chain first (so the critical path never queues behind leaves). A task
 * whose dependency failed is skipped, not run. No I/O of its own: the tasks bring it.
 */

export interface GraphTask {
  /** Indexes of the tasks that must succeed first. */
  deps: readonly number[];
  run: () => Promise<void>;
}

export type TaskOutcome =
  { status: 'done' } | { status: 'failed'; error: unknown } | { status: 'skipped'; because: number };

export async function runGraph(tasks: readonly GraphTask[], concurrency: number): Promise<TaskOutcome[]> {
  const outcomes: (TaskOutcome | undefined)[] = tasks.map(() => undefined);
  const dependents = tasks.map(() => [] as number[]);
  tasks.forEach((t, i) => {
    for (const d of t.deps) dependents[d]?.push(i);
  });
  const depth: number[] = [];
  const depthOf = (i: number, seen: Set<number>): number => {
    const known = depth[i];
    if (known !== undefined) return known;
    if (seen.has(i)) throw new Error(`runGraph: dependency cycle through task ${i}`);
    seen.add(i);
    const d = 1 + Math.max(0, ...(dependents[i] ?? []).map((j) => depthOf(j, seen)));
    seen.delete(i);
    depth[i] = d;
    return d;
  };
  tasks.forEach((_, i) => depthOf(i, new Set()));

  const waiting = new Set(tasks.keys());
  let running = 0;
  return new Promise((resolve) => {
    const pump = () => {
      // Skips spread down chains: repeat until nothing more is skipped.
      for (let changed = true; changed;) {
        changed = false;
        for (const i of [...waiting]) {
          const failedDep = tasks[i]?.deps.find((d) => {
            const o = outcomes[d];
            return o !== undefined && o.status !== 'done';
          });
          if (failedDep === undefined) continue;
          waiting.delete(i);
          outcomes[i] = { status: 'skipped', because: failedDep };
          changed = true;
        }
      }
      const ready = [...waiting]
        .filter((i) => tasks[i]?.deps.every((d) => outcomes[d]?.status === 'done'))
        .sort((a, b) => (depth[b] ?? 0) - (depth[a] ?? 0) || a - b);
      for (const i of ready) {
        if (running >= concurrency) break;
        waiting.delete(i);
        running++;
        const task = tasks[i];
        if (!task) continue;
        task.run().then(
          () => finish(i, { status: 'done' }),
          (error: unknown) => finish(i, { status: 'failed', error }),
        );
      }
      if (running === 0 && waiting.size === 0) resolve(outcomes.map((o) => o ?? { status: 'done' }));
    };
    const finish = (i: number, outcome: TaskOutcome) => {
      outcomes[i] = outcome;
      running--;
      pump();
    };
    pump();
  });
}
