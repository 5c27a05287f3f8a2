export interface Throttled {
  /** Asks for a run: at once when the last one is older than the interval, else once at its end. */
  (): void;
  cancel(): void;
}

/**
 * Runs `fn` at most once per `ms`, always ending with a run after the last call (trailing
 * edge), so a burst of final bars costs one refetch and the last bar is never missed.
 */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    fn();
  };
  const call = (() => {
    if (timer !== null) return;
    const wait = last + ms - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  call.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return call;
}
