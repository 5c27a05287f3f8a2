import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventLog, silentLogger, topicSpecs, type EventLog } from '@tickstream/core';
import {
  TOPICS,
  type Alert,
  type Candle,
  type TopicDefinition,
  type Trade,
  type TradeGap,
} from '@tickstream/schema';
import { adaptersUnderTest, uniqueName, type AdapterName } from '@tickstream/testkit';
import { loadConfig } from '../../src/settings';

// `tickstream tail` as users run it: the built command reading an event log that another
// client wrote, on each adapter (the embedded log in a data dir, Kafka under a namespace).

const CLI = join(__dirname, '..', '..', 'dist', 'main.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly stdout: () => string;
  readonly stderr: () => string;
  signal(name: NodeJS.Signals): void;
  readonly exited: Promise<Run>;
}

function start(args: string[], env: Record<string, string>): Running {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', CLICKHOUSE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    signal: (name) => void child.kill(name),
    exited: new Promise((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr })),
    ),
  };
}

const run = (args: string[], env: Record<string, string>) => start(args, env).exited;
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const T0 = Date.UTC(2024, 11, 16, 10, 30, 16, 234);

function trade(symbol: string, tradeId: number, price: number, qty: number, at: number): Trade {
  return {
    type: 'trade',
    exchange: 'binance-futures',
    symbol,
    tradeId,
    price,
    qty,
    side: 'buy',
    tradeTime: at,
    eventTime: at + 1,
    ingestTime: at + 3,
  };
}

const TRADES = [
  trade('BTCUSDT', 1001, 43250.5, 0.125, T0),
  trade('ETHUSDT', 2001, 2280.3, 1.5, T0 + 222),
  trade('BTCUSDT', 1002, 43251, 0.05, T0 + 889),
];
/** Written after a pause: what --from <time> must start at. */
const LATER = trade('BTCUSDT', 1003, 43249.99, 2, T0 + 5_000);

const candle = (symbol: string, open: number, close: number, final: boolean): Candle => ({
  type: 'candle',
  exchange: 'binance-futures',
  symbol,
  interval: '1m',
  start: Date.UTC(2024, 11, 16, 10, 30),
  end: Date.UTC(2024, 11, 16, 10, 31),
  open,
  high: Math.max(open, close),
  low: Math.min(open, close),
  close,
  volume: 12.345,
  quoteVolume: 1000,
  buyVolume: 6,
  sellVolume: 6.345,
  tradeCount: 321,
  vwap: open,
  firstTradeId: 1,
  lastTradeId: 321,
  version: 1,
  final,
});
const CANDLES = [candle('BTCUSDT', 43250.5, 43251, true), candle('ETHUSDT', 2280.3, 2279.1, false)];

const ALERT: Alert = {
  type: 'alert',
  id: 'zscore-entry:ETHUSDT/BTCUSDT:1m:1734345060000',
  kind: 'zscore-entry',
  pair: 'ETHUSDT/BTCUSDT',
  interval: '1m',
  time: Date.UTC(2024, 11, 16, 10, 31),
  value: -2.5,
  threshold: -2,
  message: 'Z: -2.5 < -2',
};

const GAP: TradeGap = {
  type: 'trade-gap',
  exchange: 'binance-futures',
  symbol: 'ETHUSDT',
  fromTradeId: 1990,
  toTradeId: 2000,
  detectedAt: T0 - 1_000,
  status: 'backfilled',
  reason: 'reconnect; 11 trades fetched',
};

const TRADE_LINES = {
  btc1: 'BTCUSDT | 2024-12-16 10:30:16.234 | $43,250.50 | 0.125000',
  eth1: 'ETHUSDT | 2024-12-16 10:30:16.456 | $2,280.30 | 1.500000',
  btc2: 'BTCUSDT | 2024-12-16 10:30:17.123 | $43,251.00 | 0.050000',
  later: 'BTCUSDT | 2024-12-16 10:30:21.234 | $43,249.99 | 2.000000',
};

async function produce<T>(log: EventLog, topic: TopicDefinition<T>, events: readonly T[]) {
  await log.produce(
    topic.name,
    events.map((e) => ({ key: topic.keyOf(e), value: JSON.stringify(e) })),
  );
}

function envFor(adapter: AdapterName, dataDir: string): Record<string, string> {
  return adapter === 'kafka'
    ? {
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '',
        TICKSTREAM_NAMESPACE: uniqueName('tail').replace(/_/g, '-'),
        TICKSTREAM_DATA_DIR: dataDir,
      }
    : { KAFKA_BROKERS: '', TICKSTREAM_DATA_DIR: dataDir };
}

/** The event log the command opens, by the same configuration (the embedded one is closed after). */
const openLog = (env: Record<string, string>) => createEventLog(loadConfig({ env }), silentLogger);

describe.each(adaptersUnderTest())('tickstream tail on the %s event log', (adapter) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-tail-'));
  const env = envFor(adapter, dataDir);
  /** Between the first events and LATER, in ISO form. */
  let between = '';

  beforeAll(async () => {
    const log = await openLog(env);
    try {
      await log.createTopics(topicSpecs());
      await produce(log, TOPICS.trades, TRADES);
      await produce(log, TOPICS.candles, CANDLES);
      await produce(log, TOPICS.alerts, [ALERT]);
      await produce(log, TOPICS.tradeGaps, [GAP]);
      // Record time is when the log appended a record; leave a clear step before LATER.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      between = new Date(Date.now() - 500).toISOString();
      await produce(log, TOPICS.trades, [LATER]);
    } finally {
      await log.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints every trade from the beginning as the old platform tick lines and stops at the end', async () => {
    const result = await run(['tail', 'trades', '--from', 'beginning', '--no-follow'], env);
    expect(result.code).toBe(0);
    const printed = lines(result.stdout);
    // One symbol's trades keep their order; the two symbols' partitions may interleave.
    expect(printed.filter((l) => l.startsWith('BTCUSDT'))).toEqual([
      TRADE_LINES.btc1,
      TRADE_LINES.btc2,
      TRADE_LINES.later,
    ]);
    expect(printed.filter((l) => l.startsWith('ETHUSDT'))).toEqual([TRADE_LINES.eth1]);
    expect(printed).toHaveLength(4);
    // The log stays on stderr: stdout carries nothing but the lines.
    expect(result.stderr).toContain('tailing md.trades.v1 from the beginning');
  });

  it('prints candles, alerts and gaps as one readable line each', async () => {
    // One after the other: the embedded log admits one process at a time.
    const candles = await run(['tail', 'candles', '--from', 'beginning', '--no-follow'], env);
    const alerts = await run(['tail', 'alerts', '--from', 'beginning', '--no-follow'], env);
    const gaps = await run(['tail', 'gaps', '--from', 'beginning', '--no-follow'], env);
    expect(candles.code).toBe(0);
    expect(lines(candles.stdout).sort()).toEqual([
      'BTCUSDT 1m 2024-12-16 10:30 O 43,250.50 H 43,251.00 L 43,250.50 C 43,251.00 V 12.345 n 321 final',
      'ETHUSDT 1m 2024-12-16 10:30 O 2,280.30 H 2,280.30 L 2,279.10 C 2,279.10 V 12.345 n 321 partial',
    ]);
    expect(alerts.stdout).toBe(
      'ETHUSDT/BTCUSDT 1m | 2024-12-16 10:31 | zscore-entry | value -2.5 threshold -2 | Z: -2.5 < -2\n',
    );
    expect(gaps.stdout).toBe(
      'ETHUSDT | 2024-12-16 10:30:15.234 | gap 1990-2000 (11 trades) | backfilled | reconnect; 11 trades fetched\n',
    );
  });

  it('prints one JSON event per line with --json, equal to the events written', async () => {
    const trades = await run(
      ['tail', 'trades', '--from', 'beginning', '--no-follow', '--json'],
      env,
    );
    expect(trades.code).toBe(0);
    const events = lines(trades.stdout).map((line) => JSON.parse(line) as Trade);
    expect(events.sort((a, b) => a.tradeTime - b.tradeTime)).toEqual([...TRADES, LATER]);
    const alerts = await run(
      ['tail', 'alerts', '--from', 'beginning', '--no-follow', '--json'],
      env,
    );
    expect(alerts.stdout).toBe(`${JSON.stringify(ALERT)}\n`);
  });

  it('prints only the symbols given with --symbols, and an alert when either leg is given', async () => {
    const eth = await run(
      ['tail', 'trades', '--from', 'beginning', '--no-follow', '--symbols', 'ethusdt'],
      env,
    );
    expect(eth.stdout).toBe(`${TRADE_LINES.eth1}\n`);
    const btcCandles = await run(
      ['tail', 'candles', '--from', 'beginning', '--no-follow', '--symbols', 'BTCUSDT,SOLUSDT'],
      env,
    );
    expect(lines(btcCandles.stdout)).toHaveLength(1);
    expect(btcCandles.stdout).toMatch(/^BTCUSDT 1m /);
    const alerts = await run(
      ['tail', 'alerts', '--from', 'beginning', '--no-follow', '--symbols', 'BTCUSDT'],
      env,
    );
    expect(lines(alerts.stdout)).toHaveLength(1);
    const none = await run(
      ['tail', 'gaps', '--from', 'beginning', '--no-follow', '--symbols', 'BTCUSDT'],
      env,
    );
    expect(none).toMatchObject({ code: 0, stdout: '' });
  });

  it('starts at the first record the log appended at or after --from', async () => {
    const since = await run(['tail', 'trades', '--from', between, '--no-follow'], env);
    expect(since).toMatchObject({ code: 0, stdout: `${TRADE_LINES.later}\n` });
    const lastHour = await run(['tail', 'trades', '--from', '1h', '--no-follow'], env);
    expect(lines(lastHour.stdout)).toHaveLength(4);
    // The default is from now on: without follow there is nothing to print.
    const fromNow = await run(['tail', 'trades', '--no-follow'], env);
    expect(fromNow).toMatchObject({ code: 0, stdout: '' });
  });

  it('refuses a bad --from or topic, saying what it takes', async () => {
    const from = await run(['tail', 'trades', '--from', 'yesterday'], env);
    expect(from.code).toBe(1);
    expect(from.stderr).toContain("option '--from <time>' argument 'yesterday' is invalid");
    const topic = await run(['tail', 'orders'], env);
    expect(topic.code).toBe(1);
    expect(topic.stderr).toContain('Allowed choices are trades, candles, alerts, gaps.');
  });

  it('follows until SIGINT and exits 0', async () => {
    const tail = start(['tail', 'trades', '--symbols', 'BTCUSDT'], env);
    await until('tail to follow', () => tail.stderr().includes('tailing md.trades.v1 from now on'));
    if (adapter === 'kafka') {
      // Kafka is shared between processes: new events reach a running tail.
      const log = await openLog(env);
      const next = trade('BTCUSDT', 1004, 43300, 0.3, T0 + 60_000);
      await produce(log, TOPICS.trades, [trade('ETHUSDT', 2002, 2290, 1, T0 + 60_000), next]);
      await log.close();
      await until('the new trade', () => tail.stdout().includes('\n'));
    }
    tail.signal('SIGINT');
    const result = await tail.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      adapter === 'kafka' ? 'BTCUSDT | 2024-12-16 10:31:16.234 | $43,300.00 | 0.300000\n' : '',
    );
    expect(result.stderr).toContain('shutdown complete');
  });

  if (adapter === 'embedded') {
    it('says so when the topic does not exist without --follow, naming where it looked', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'tickstream-tail-empty-'));
      try {
        const result = await run(['tail', 'gaps', '--no-follow'], {
          ...env,
          TICKSTREAM_DATA_DIR: empty,
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(
          `tickstream: md.trade-gaps.v1 does not exist in the embedded event log in ${empty}: ` +
            'nothing has written to it yet. Check --data-dir, KAFKA_BROKERS and --namespace, or ' +
            'start tickstream (start or ingest) first; without --no-follow, tail waits for the ' +
            'first events. [TAIL_TOPIC_MISSING]\n',
        );
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('says what to do when another process owns the embedded log', async () => {
      const owner = await openLog(env);
      try {
        const result = await run(['tail', 'trades', '--no-follow'], env);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          'tail cannot read an embedded log another process has open: to see its trades, run that process with --print-trades',
        );
        expect(result.stderr).toContain('[EMBEDDED_LOG_LOCKED]');
      } finally {
        await owner.close();
      }
    });
  }
});
