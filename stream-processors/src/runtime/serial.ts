/**
 * Runs async tasks one at a time, in call order. Processors take it around all work on
 * their shared state, so a timer flush never interleaves with a batch being handled.
 */
export function createSerial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
