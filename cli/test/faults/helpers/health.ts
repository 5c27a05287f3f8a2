import { getHealth } from './processes';

export interface HealthSample {
  /** ms since the watch began. */
  readonly at: number;
  readonly status: number | 'unreachable';
  readonly body: string;
}

/** Polls a /health URL every second and keeps every change of answer (status and reasons). */
export class HealthWatch {
  readonly samples: HealthSample[] = [];
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    readonly name: string,
    private readonly url: string,
  ) {
    this.timer = setInterval(() => void this.poll(), 1_000);
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const answer = await getHealth(this.url);
      const sample: HealthSample = {
        at: Date.now() - this.started,
        status: answer?.status ?? 'unreachable',
        body: answer?.body ?? '',
      };
      const last = this.samples[this.samples.length - 1];
      if (last === undefined || last.status !== sample.status || last.body !== sample.body)
        this.samples.push(sample);
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The 503 answers seen, for the report and for assertions. */
  unhealthy(): HealthSample[] {
    return this.samples.filter((s) => s.status === 503);
  }

  format(limit = 8): string {
    const changes = this.samples.map(
      (s) => `+${(s.at / 1000).toFixed(0)}s ${s.status} ${s.body.slice(0, 300)}`,
    );
    return `${this.name} /health changes:\n    ${changes.slice(-limit).join('\n    ')}`;
  }
}
