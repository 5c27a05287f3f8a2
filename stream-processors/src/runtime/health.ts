/**
 * - `restarting`: the consumer ended (broker or store error) and a new one is on its way.
 * - `degraded`: running, but the input lag is high and not shrinking.
 * - `stalled`: the output cannot be written; consumption is paused and retried.
 */
export type HealthState =
  'starting' | 'running' | 'degraded' | 'stalled' | 'restarting' | 'stopped';

export interface HealthStatus {
  readonly state: HealthState;
  /** Why it is not running, in words a user can act on. */
  readonly reason?: string;
  readonly since: number;
}

/** The health of one processor, for /health and metrics. Wall clock: it is for operators. */
export class HealthTracker {
  private status: HealthStatus = { state: 'starting', since: Date.now() };

  get(): HealthStatus {
    return this.status;
  }

  set(state: HealthState, reason?: string): void {
    if (this.status.state === state && this.status.reason === reason) return;
    this.status =
      reason === undefined ? { state, since: Date.now() } : { state, reason, since: Date.now() };
  }
}
