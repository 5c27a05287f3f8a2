import { InvalidArgumentError } from 'commander';
import { TickstreamError } from '@tickstream/core';
import {
  parseIntervals,
  parseUtcTime,
  planBackfill,
  type BackfillInput,
} from '../../src/backfill/backfill-plan';
import {
  BackfillProgress,
  formatProgress,
  progressBar,
  progressReporter,
} from '../../src/backfill/backfill-progress';
import { unitsOf } from '../../src/backfill/run-backfill';
import { buildProgram } from '../../src/program';

const DAY = 86_400_000;
const D16 = Date.UTC(2024, 11, 16);
const NOW = Date.UTC(2025, 0, 10, 12, 34, 56);

const input = (over: Partial<BackfillInput> = {}): BackfillInput => ({
  symbols: ['BTCUSDT', 'ETHUSDT'],
  from: D16,
  to: D16 + DAY,
  intervals: undefined,
  source: 'rest',
  kind: 'klines',
  exchange: 'binance-futures',
  materialized: ['1s', '1m', '5m'],
  ...over,
});

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}

describe('tickstream backfill: what it is asked', () => {
  it('reads times as UTC unless they name a zone', () => {
    expect(parseUtcTime('2024-12-16')).toBe(D16);
    expect(parseUtcTime('2024-12-16T10:30')).toBe(D16 + 10.5 * 3_600_000);
    expect(parseUtcTime('2024-12-16T10:30:00Z')).toBe(D16 + 10.5 * 3_600_000);
    expect(parseUtcTime('2024-12-16T10:30:00+02:00')).toBe(D16 + 8.5 * 3_600_000);
    expect(parseUtcTime(String(D16))).toBe(D16);
    expect(() => parseUtcTime('yesterday')).toThrow(InvalidArgumentError);
    expect(() => parseUtcTime('2024-13-45')).toThrow(InvalidArgumentError);
  });

  it('reads intervals, refusing unknown ones', () => {
    expect(parseIntervals('1m, 5m,1m')).toEqual(['1m', '5m']);
    expect(() => parseIntervals('1m,2m')).toThrow('2m is not one of 1s, 1m, 5m, 15m, 1h, 4h, 1d');
  });

  it('takes the materialized intervals by default, leaving out 1s for klines, and says so', () => {
    const plan = planBackfill(input(), NOW);
    expect(plan.request).toEqual({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      from: D16,
      to: D16 + DAY,
      intervals: ['1m', '5m'],
      source: 'rest',
      kind: 'klines',
      exchange: 'binance-futures',
    });
    expect(plan.notes).toEqual([
      '1s is left out: Binance USD-M has no 1s klines (use --kind aggTrades or trades)',
    ]);
    expect(planBackfill(input({ kind: 'trades', source: 'files' }), NOW).request.intervals).toEqual(
      ['1s', '1m', '5m'],
    );
  });

  it('widens the range to whole bars of the coarsest interval and ends it at the last closed one', () => {
    const plan = planBackfill(
      input({ from: D16 + 90_000, to: NOW + DAY, intervals: ['1m', '5m'] }),
      NOW,
    );
    expect(plan.request.from).toBe(D16);
    expect(plan.request.to).toBe(Math.floor(NOW / 300_000) * 300_000);
    expect(plan.notes).toEqual([
      `the range is widened to whole bars: ${new Date(D16).toISOString()} to ${new Date(Math.ceil((NOW + DAY) / 300_000) * 300_000).toISOString()}`,
      `the range ends at ${new Date(Math.floor(NOW / 300_000) * 300_000).toISOString()}, the end of the last closed bar`,
    ]);
  });

  it('refuses what cannot be done, saying why', () => {
    const cases: Array<[Partial<BackfillInput>, string]> = [
      [{ source: 'rest', kind: 'trades' }, "Binance's REST API has no trade history by time"],
      [{ intervals: ['1s'], kind: 'klines' }, 'Binance USD-M has no 1s klines'],
      [{ intervals: ['15m'] }, '--intervals 15m: not materialized (CANDLE_INTERVALS is 1s,1m,5m)'],
      [{ from: NOW, to: NOW + DAY }, 'no whole closed bar of 1m,5m in this range'],
      [{ symbols: [] }, '--symbols: no symbol to backfill'],
    ];
    for (const [over, message] of cases) {
      const error = errorOf(() => planBackfill(input(over), NOW));
      expect(error).toBeInstanceOf(TickstreamError);
      expect(error.message).toContain(message);
    }
  });

  it('goes day by day, symbol by symbol, series by series', () => {
    const { request } = planBackfill(
      input({ from: D16 + 12 * 3_600_000, to: D16 + 36 * 3_600_000, intervals: ['1m', '5m'] }),
      NOW,
    );
    expect(
      unitsOf(request).map(
        (u) => `${u.day} ${u.symbol} ${u.series} ${(u.to - u.from) / 3_600_000}h`,
      ),
    ).toEqual([
      '2024-12-16 BTCUSDT 1m 12h',
      '2024-12-16 BTCUSDT 5m 12h',
      '2024-12-16 ETHUSDT 1m 12h',
      '2024-12-16 ETHUSDT 5m 12h',
      '2024-12-17 BTCUSDT 1m 12h',
      '2024-12-17 BTCUSDT 5m 12h',
      '2024-12-17 ETHUSDT 1m 12h',
      '2024-12-17 ETHUSDT 5m 12h',
    ]);
    const trades = planBackfill(input({ kind: 'trades', source: 'files' }), NOW).request;
    expect(unitsOf(trades).map((u) => u.series)).toEqual(['trades', 'trades']);
  });

  it('is a subcommand with the options it documents', () => {
    const command = buildProgram().commands.find((c) => c.name() === 'backfill');
    const help = command?.helpInformation() ?? '';
    for (const option of [
      '--from <time>',
      '--to <time>',
      '--intervals <list>',
      '--source <source>',
      '--kind <kind>',
    ]) {
      expect(help).toContain(option);
    }
  });
});

describe('tickstream backfill: progress', () => {
  const units = [
    { symbol: 'BTCUSDT', series: '1m', day: '2024-12-16', from: D16, to: D16 + DAY },
    { symbol: 'ETHUSDT', series: '1m', day: '2024-12-16', from: D16, to: D16 + DAY },
  ];

  it('is the share of days × symbols × series done', () => {
    const progress = new BackfillProgress(units, D16);
    expect(progress.status().percent).toBe(0);
    const [btc, eth] = units as [(typeof units)[0], (typeof units)[0]];
    progress.start(btc);
    progress.advance(btc, D16 + DAY / 2);
    expect(progress.status()).toMatchObject({ percent: 25, unitsDone: 0, current: btc });
    progress.finish(btc);
    progress.start(eth);
    progress.wrote(1440);
    expect(progress.status()).toMatchObject({ percent: 50, unitsDone: 1, bars: 1440 });
    progress.finish(eth);
    expect(progress.status()).toMatchObject({ percent: 100, unitsDone: 2, current: undefined });
  });

  it('draws a bar and a line', () => {
    expect(progressBar(50, 10)).toBe('[█████░░░░░]');
    const progress = new BackfillProgress(units, D16);
    progress.start(units[0]!);
    progress.advance(units[0]!, D16 + DAY / 2);
    expect(formatProgress(progress.status(), D16 + 12_000)).toBe(
      `${progressBar(25)}  25.0%  0/2 day·symbol·series  0 bars  12s  BTCUSDT 1m 2024-12-16`,
    );
  });

  it('redraws in place on a terminal, and logs lines elsewhere', () => {
    const written: string[] = [];
    const logged: string[] = [];
    const stream = (isTTY: boolean) =>
      ({
        isTTY,
        columns: 200,
        write: (s: string) => written.push(s),
      }) as unknown as NodeJS.WriteStream;
    const logger = { info: (_o: object, msg: string) => logged.push(msg) } as unknown as Parameters<
      typeof progressReporter
    >[0]['logger'];
    const status = new BackfillProgress(units).status();
    const tty = progressReporter({ stream: stream(true), logger });
    tty.update(status);
    tty.end(status);
    expect(written[0]).toMatch(/^\r\[░+\] {3}0\.0%/);
    expect(written.at(-1)).toBe('\n');
    expect(logged).toEqual([]);
    written.length = 0;
    const pipe = progressReporter({ stream: stream(false), logger, everyMs: 60_000 });
    pipe.update(status);
    pipe.update(status); // within the period: not logged again
    pipe.end(status);
    expect(written).toEqual([]);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/^backfill \[░+\] {3}0\.0%/);
  });
});
