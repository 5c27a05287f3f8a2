import type { Logger } from '@tickstream/core';

// How far a backfill is: one unit per day, symbol and series (an interval of klines, or the
// trades every interval is built from), each advancing through its time range, so the
// percentage is the share of days × symbols × series done.

export interface BackfillUnit {
  readonly symbol: string;
  readonly series: string;
  readonly day: string;
  readonly from: number;
  readonly to: number;
}

export interface BackfillStatus {
  readonly percent: number;
  readonly unitsDone: number;
  readonly units: number;
  /** The unit being fetched, if any. */
  readonly current: BackfillUnit | undefined;
  readonly bars: number;
  readonly startedAt: number;
}

export class BackfillProgress {
  private readonly done = new Map<BackfillUnit, number>();
  private current: BackfillUnit | undefined;
  private bars = 0;
  readonly startedAt: number;

  constructor(
    private readonly units: readonly BackfillUnit[],
    now: number = Date.now(),
  ) {
    this.startedAt = now;
  }

  start(unit: BackfillUnit): void {
    this.current = unit;
  }

  /** The unit is written up to `time`. */
  advance(unit: BackfillUnit, time: number): void {
    this.done.set(unit, Math.max(unit.from, Math.min(unit.to, time)));
  }

  finish(unit: BackfillUnit): void {
    this.done.set(unit, unit.to);
    if (this.current === unit) this.current = undefined;
  }

  wrote(bars: number): void {
    this.bars += bars;
  }

  status(): BackfillStatus {
    let span = 0;
    let covered = 0;
    let unitsDone = 0;
    for (const unit of this.units) {
      span += unit.to - unit.from;
      const to = this.done.get(unit) ?? unit.from;
      covered += to - unit.from;
      if (to >= unit.to) unitsDone++;
    }
    return {
      percent: span === 0 ? 100 : Math.floor((covered / span) * 1000) / 10,
      unitsDone,
      units: this.units.length,
      current: this.current,
      bars: this.bars,
      startedAt: this.startedAt,
    };
  }
}

/** `[██████░░░░]` for a percentage. */
export function progressBar(percent: number, width = 24): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** One line: bar, percentage, units, bars written, and what is being fetched. */
export function formatProgress(status: BackfillStatus, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - status.startedAt) / 1000));
  const current = status.current
    ? `  ${status.current.symbol} ${status.current.series} ${status.current.day}`
    : '';
  return (
    `${progressBar(status.percent)} ${status.percent.toFixed(1).padStart(5)}%  ` +
    `${status.unitsDone}/${status.units} day·symbol·series  ${status.bars} bars  ${seconds}s${current}`
  );
}

export interface ProgressReporter {
  /** Called after every change; a reporter decides itself how often it shows it. */
  update(status: BackfillStatus): void;
  end(status: BackfillStatus): void;
}

/**
 * On a terminal, a bar redrawn in place on stderr (at most ten times a second); otherwise a
 * progress line in the log every `everyMs`, so a redirected run stays readable.
 */
export function progressReporter(options: {
  readonly stream: NodeJS.WriteStream;
  readonly logger: Logger;
  readonly everyMs?: number;
}): ProgressReporter {
  const tty = options.stream.isTTY === true;
  const everyMs = tty ? 100 : (options.everyMs ?? 5_000);
  let last = 0;
  const show = (status: BackfillStatus, force: boolean) => {
    const now = Date.now();
    if (!force && now - last < everyMs) return;
    last = now;
    if (tty) {
      const columns = options.stream.columns ?? 120;
      options.stream.write(`\r${formatProgress(status, now).slice(0, columns - 1)}\x1b[K`);
    } else {
      options.logger.info(
        {
          percent: status.percent,
          units: status.units,
          unitsDone: status.unitsDone,
          bars: status.bars,
        },
        `backfill ${formatProgress(status, now)}`,
      );
    }
  };
  return {
    update: (status) => show(status, false),
    end: (status) => {
      show(status, true);
      if (tty) options.stream.write('\n');
    },
  };
}
