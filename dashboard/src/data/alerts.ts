export interface AlertInput {
  readonly id: string;
  readonly kind: string;
  readonly pair: string;
  readonly interval: string;
  readonly time: number;
  readonly value: number;
  readonly threshold: number;
  readonly message: string;
}

/** Alerts the panel keeps, as the older dashboard's log did. */
export const ALERT_LOG_SIZE = 20;

/** `HH:MM:SS` in UTC: every time on the page is UTC, as the API's are. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/**
 * The older platform's line, `[time] Z: x > threshold`: the processor already words its
 * messages that way (`Z: 2.31 > 2`), so the panel adds the time.
 */
export function formatAlert(alert: AlertInput): string {
  return `[${clockTime(alert.time)}] ${alert.message}`;
}

/** Severity for colouring: entries and breaks stand out, exits and verdicts do not. */
export function alertTone(kind: string): 'warn' | 'info' {
  return kind === 'zscore-entry' || kind === 'correlation-break' ? 'warn' : 'info';
}

/** The log with `alert` added: newest first, no duplicates (a replayed alert keeps its id), at most 20. */
export function addAlert<T extends AlertInput>(log: readonly T[], alert: T): T[] {
  if (log.some((a) => a.id === alert.id)) return [...log];
  const next = [...log, alert].sort((a, b) => b.time - a.time);
  return next.slice(0, ALERT_LOG_SIZE);
}
