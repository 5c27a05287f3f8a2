/** Polls `check` until it holds; never a fixed sleep standing in for an assertion. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  /** What is awaited; a function is called at the timeout, to report the state then. */
  what: string | (() => string),
  timeoutMs = 30_000,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A unique suffix for names a test owns (topics, directories, groups). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
