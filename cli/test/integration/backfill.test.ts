import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  TickstreamError,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import {
  DEFAULT_TAPE,
  loadCapture,
  startMockExchange,
  type MockExchange,
  type TapeTrade,
} from '@tickstream/ingest';
import { INTERVAL_MS, MIGRATIONS_DIR, type Interval } from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';
import {
  planBackfill,
  type BackfillKind,
  type BackfillSource,
} from '../../src/backfill/backfill-plan';
import type { BackfillStatus } from '../../src/backfill/backfill-progress';
import { runBackfill, type BackfillResult } from '../../src/backfill/run-backfill';
import { buildNode, sharedStorage, type NodeParts, type TickstreamNode } from '../../src/node';
import { startBinanceDataServer, type BinanceDataServer } from '../helpers/binance-data-server';

// `tickstream backfill` against a local copy of Binance: the real USD-M capture (2024-07-18
// 23:57 to 2024-07-19 00:05, two UTC days) served as data.binance.vision's daily files (made
// here) and as REST history by the project's mock exchange (which computes its aggregates and
// klines on its own), into a real embedded log, with the process role storing the bars in
// chDB. Each backfill writes under its own exchange name, so the runs sit side by side in one
// table.

const CLI = join(__dirname, '..', '..', 'dist', 'main.js');
const DAY18 = Date.UTC(2024, 6, 18);
const DAY19 = Date.UTC(2024, 6, 19);
const DAY20 = Date.UTC(2024, 6, 20);
const MATERIALIZED: Interval[] = ['1s', '1m', '5m'];
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const TAPE_TABLE = 'backfill_tape';
const DAMAGED = '/data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-07-19.zip';

interface Bar {
  symbol: string;
  bar_interval: string;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quote_volume: number;
  buy_volume: number;
  sell_volume: number;
  trade_count: number;
  vwap: number;
  first_trade_id: number;
  last_trade_id: number;
  is_final: number;
  source: string;
}

const SUMS = ['volume', 'quote_volume', 'buy_volume', 'sell_volume', 'vwap'] as const;
const EXACT = [
  'symbol',
  'bar_interval',
  'start',
  'open',
  'high',
  'low',
  'close',
  'trade_count',
  'first_trade_id',
  'last_trade_id',
] as const;

/** Equal bars: selections and counts exactly, sums to the last bits (summation order). */
function expectSameBars(
  actual: readonly Bar[],
  expected: readonly Bar[],
  fields: readonly (typeof EXACT)[number][] = EXACT,
): void {
  expect(actual.map((b) => `${b.symbol} ${b.bar_interval} ${b.start}`)).toEqual(
    expected.map((b) => `${b.symbol} ${b.bar_interval} ${b.start}`),
  );
  actual.forEach((a, i) => {
    const e = expected[i] as Bar;
    expect(fields.map((f) => a[f])).toEqual(fields.map((f) => e[f]));
    for (const field of SUMS) {
      expect(Math.abs(a[field] - e[field])).toBeLessThanOrEqual(1e-9 * Math.abs(e[field]) + 1e-9);
    }
  });
}

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  // Not spawnSync: the files are served by this very process.
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_FORMAT: 'json', CLICKHOUSE_URL: '', KAFKA_BROKERS: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('tickstream backfill from Binance REST and public data files', () => {
  let tape: TapeTrade[];
  let server: BinanceDataServer;
  let mock: MockExchange;
  let ch: ClickHouseHandle;
  let log: TestLog;
  let node: TickstreamNode;
  let parts: NodeParts;

  beforeAll(async () => {
    tape = await loadCapture(DEFAULT_TAPE);
    server = await startBinanceDataServer(tape, ['1m', '5m']);
    // The whole capture played at once: its trades, at their recorded times, are the REST history.
    mock = await startMockExchange({
      port: 0,
      tape: { kind: 'file', path: DEFAULT_TAPE },
      speed: 'max',
      autoplay: false,
      restWeightPerMinute: 0,
    });
    mock.play();
    await mock.finished;
    expect(mock.history('BTCUSDT').length + mock.history('ETHUSDT').length).toBe(tape.length);
    ch = await openTestClickHouse('backfill');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    log = await openTestLog('embedded');
    await log.log.createTopics(topicSpecs());
    node = buildNode({
      roles: ['process', 'api'],
      options: {
        process: {
          intervals: MATERIALIZED,
          statsWindows: [{ interval: '1m', bars: 3 }],
          pairs: [],
          allowedLatenessMs: 0,
          maxLatenessMs: 60_000,
          flushIntervalMs: 20,
        },
        api: { port: 0, host: '127.0.0.1', settings: { rateLimitPerMinute: 0 } },
      },
      storage: sharedStorage(log.log, ch.client),
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'all' }),
    });
    parts = await node.start();
    await ch.client.command({
      query: `CREATE TABLE ${TAPE_TABLE} (symbol String, trade_id UInt64, price Float64, qty Float64,
              is_buyer_maker UInt8, trade_time_ms Int64) ENGINE = MergeTree ORDER BY (symbol, trade_id)`,
    });
    await ch.client.insert({
      table: TAPE_TABLE,
      values: tape.map((t) => ({
        symbol: t.symbol,
        trade_id: t.id,
        price: Number(t.price),
        qty: Number(t.qty),
        is_buyer_maker: t.isBuyerMaker ? 1 : 0,
        trade_time_ms: t.time,
      })),
      format: 'JSONEachRow',
    });
  });
  afterAll(async () => {
    await node?.stop();
    await server?.close();
    await mock?.stop();
    await log?.cleanup();
    if (ch) await dropDatabase(ch);
  });

  async function backfill(
    exchange: string,
    source: BackfillSource,
    kind: BackfillKind,
    intervals: Interval[],
    statuses: BackfillStatus[] = [],
  ): Promise<BackfillResult> {
    const plan = planBackfill(
      {
        symbols: SYMBOLS,
        from: DAY18,
        to: DAY20,
        intervals,
        source,
        kind,
        exchange,
        materialized: MATERIALIZED,
      },
      Date.now(),
    );
    expect(plan.notes).toEqual([]);
    return runBackfill(plan.request, {
      eventLog: log.log,
      logger: silentLogger,
      dataUrl: server.url,
      restUrl: mock.restUrl,
      // Scanning two quiet days hour by hour costs more weight than a minute allows.
      weightPerMinute: 1_000_000,
      progress: { update: (s) => statuses.push(s), end: (s) => statuses.push(s) },
    });
  }

  /** What the history-bars sink stored for an exchange, once the pipeline has caught up. */
  async function stored(exchange: string): Promise<Bar[]> {
    await parts.pipeline?.drained();
    const result = await ch.client.query({
      query: `SELECT symbol, bar_interval, toUnixTimestamp64Milli(bucket_start) AS start, open, high,
                     low, close, volume, quote_volume, buy_volume, sell_volume, trade_count, vwap,
                     first_trade_id, last_trade_id, is_final, toString(source) AS source
              FROM candles FINAL WHERE exchange = {exchange:String}
              ORDER BY symbol, bar_interval, start`,
      query_params: { exchange },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    return result.json<Bar>();
  }

  /** ClickHouse's own GROUP BY over the capture's trades, per interval. */
  async function oracle(intervals: readonly Interval[]): Promise<Bar[]> {
    const bars: Bar[] = [];
    for (const interval of intervals) {
      const result = await ch.client.query({
        query: `SELECT symbol, {interval:String} AS bar_interval,
                       intDiv(trade_time_ms, {size:Int64}) * {size:Int64} AS start,
                       argMin(price, (trade_time_ms, trade_id)) AS open, max(price) AS high,
                       min(price) AS low, argMax(price, (trade_time_ms, trade_id)) AS close,
                       sum(qty) AS volume, sum(price * qty) AS quote_volume,
                       sumIf(qty, is_buyer_maker = 0) AS buy_volume,
                       sumIf(qty, is_buyer_maker = 1) AS sell_volume, count() AS trade_count,
                       quote_volume / volume AS vwap, min(trade_id) AS first_trade_id,
                       max(trade_id) AS last_trade_id, 1 AS is_final, '' AS source
                FROM {tape:Identifier} GROUP BY symbol, start`,
        query_params: { interval, size: INTERVAL_MS[interval], tape: TAPE_TABLE },
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      });
      bars.push(...(await result.json<Bar>()));
    }
    const key = (b: Bar) => `${b.symbol} ${b.bar_interval} ${String(b.start).padStart(15, '0')}`;
    return bars.sort((a, b) => key(a).localeCompare(key(b)));
  }

  it('builds the same bars from the daily trade files as from REST aggregate trades, and both are ClickHouse’s GROUP BY of the trades', async () => {
    const statuses: BackfillStatus[] = [];
    const asked = server.requests.length;
    const files = await backfill('files-trades', 'files', 'trades', MATERIALIZED, statuses);
    const rest = await backfill('rest-aggtrades', 'rest', 'aggTrades', MATERIALIZED);
    const aggFiles = await backfill('files-aggtrades', 'files', 'aggTrades', MATERIALIZED);

    expect(files.files).toBe(4); // 2 days × 2 symbols
    expect(files.requests).toBe(0);
    expect(files.trades).toBe(tape.length);
    expect(rest.files).toBe(0);
    expect(rest.requests).toBeGreaterThan(0);
    expect([files.duplicates, files.tooLate, rest.tooLate, aggFiles.tooLate]).toEqual([0, 0, 0, 0]);
    // Every zip was checked against its .CHECKSUM, fetched first.
    const zips = server.requests.slice(asked).filter((r) => r.includes('/daily/trades/'));
    expect(zips).toHaveLength(8);
    zips.forEach((r, i) => expect(r.endsWith(i % 2 === 0 ? '.zip.CHECKSUM' : '.zip')).toBe(true));
    expect(statuses.at(-1)).toMatchObject({ percent: 100, unitsDone: 4, units: 4 });
    expect(statuses.map((s) => s.percent)).toEqual(
      [...statuses.map((s) => s.percent)].sort((a, b) => a - b),
    );

    const fromFiles = await stored('files-trades');
    expect(fromFiles).toHaveLength(files.bars);
    expect(new Set(fromFiles.map((b) => `${b.source} ${b.is_final}`))).toEqual(
      new Set(['imported 1']),
    );
    // The capture crosses midnight: bars on both days, every interval, both symbols.
    expect(
      new Set(fromFiles.map((b) => `${b.symbol} ${b.bar_interval} ${b.start >= DAY19}`)).size,
    ).toBe(12);
    expectSameBars(fromFiles, await oracle(MATERIALIZED));
    const fromRest = await stored('rest-aggtrades');
    expect(fromRest).toHaveLength(rest.bars);
    expectSameBars(fromRest, fromFiles);
    expect(fromRest.map((b) => b.source)).toEqual(fromFiles.map((b) => b.source));
    expectSameBars(await stored('files-aggtrades'), fromFiles);
  });

  it('takes the same klines from the daily files as from REST, and they hold the trades’ figures', async () => {
    const files = await backfill('files-klines', 'files', 'klines', ['1m', '5m']);
    const rest = await backfill('rest-klines', 'rest', 'klines', ['1m', '5m']);
    expect(files.files).toBe(8); // 2 days × 2 symbols × 2 intervals
    expect(rest.requests).toBe(8);
    const fromFiles = await stored('files-klines');
    const fromRest = await stored('rest-klines');
    expect(fromFiles.length).toBeGreaterThan(0);
    // Every field, the source (klines) included.
    expect(fromRest).toEqual(fromFiles);
    expect(new Set(fromFiles.map((b) => b.source))).toEqual(new Set(['klines']));
    // A kline does not say which trades it holds.
    expect(new Set(fromFiles.map((b) => `${b.first_trade_id} ${b.last_trade_id}`))).toEqual(
      new Set(['0 0']),
    );
    expectSameBars(
      fromFiles,
      await oracle(['1m', '5m']),
      EXACT.filter((f) => f !== 'first_trade_id' && f !== 'last_trade_id'),
    );
  });

  it('refuses a file that fails its checksum, naming it, and writes nothing from it; a new run completes the same bars', async () => {
    server.corrupt(DAMAGED);
    const url = `${server.url}${DAMAGED}`;
    let error: unknown;
    try {
      await backfill('files-damaged', 'files', 'trades', MATERIALIZED);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TickstreamError);
    expect((error as TickstreamError).code).toBe('PUBLIC_DATA_CHECKSUM_MISMATCH');
    expect((error as TickstreamError).message).toContain(`${url} failed its checksum`);
    expect((error as TickstreamError).message).toContain(`${url}.CHECKSUM says `);

    // Day by day: the first day was written whole; of the damaged file's day, nothing.
    const expected = await stored('files-trades');
    const partial = await stored('files-damaged');
    expect(partial.length).toBeGreaterThan(0);
    expectSameBars(
      partial,
      expected.filter((b) => b.start < DAY19),
    );

    server.repair();
    const again = await backfill('files-damaged', 'files', 'trades', MATERIALIZED);
    expectSameBars(await stored('files-damaged'), expected);
    // Running it again writes the same bars, which replace themselves.
    const rerun = await backfill('files-trades', 'files', 'trades', MATERIALIZED);
    expect(rerun.bars).toBe(again.bars);
    expectSameBars(await stored('files-trades'), expected);
  });

  it('serves the bars through the API with their source, rolled up too', async () => {
    const gql = async (exchange: string, interval: string) => {
      const response = await fetch(`${parts.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `query($e: String, $i: String!) { candles(symbol: "BTCUSDT", interval: $i, exchange: $e) { start source tradeCount } }`,
          variables: { e: exchange, i: interval },
        }),
      });
      const body = (await response.json()) as {
        data?: { candles: Array<{ start: number; source: string; tradeCount: number }> };
        errors?: unknown;
      };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data?.candles ?? [];
    };
    const oracleCounts = (await oracle(['5m']))
      .filter((b) => b.symbol === 'BTCUSDT')
      .reduce((n, b) => n + b.trade_count, 0);
    const minutes = await gql('files-trades', '1m');
    expect(new Set(minutes.map((c) => c.source))).toEqual(new Set(['imported']));
    // 15m is not materialized: rolled up from the stored 5m bars, still imported.
    const quarters = await gql('files-trades', '15m');
    expect(quarters.length).toBeGreaterThan(0);
    expect(new Set(quarters.map((c) => c.source))).toEqual(new Set(['imported']));
    expect(quarters.reduce((n, c) => n + c.tradeCount, 0)).toBe(oracleCounts);
    expect(new Set((await gql('rest-klines', '15m')).map((c) => c.source))).toEqual(
      new Set(['klines']),
    );
  });

  it('through the built command: a bad checksum exits 1 naming the file and writes nothing; a good day is written with progress lines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-backfill-cli-'));
    try {
      server.corrupt(DAMAGED);
      const args = (from: string, to: string) => [
        'backfill',
        '--symbols',
        'BTCUSDT',
        '--from',
        from,
        '--to',
        to,
        '--source',
        'files',
        '--kind',
        'trades',
        '--intervals',
        '1m',
        '--data-dir',
        dataDir,
        '--binance-data-url',
        server.url,
      ];
      const bad = await run(args('2024-07-19', '2024-07-20'));
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain(
        `tickstream: ${server.url}${DAMAGED} failed its checksum: its sha256 is `,
      );
      expect(bad.stderr).toContain('[PUBLIC_DATA_CHECKSUM_MISMATCH]\n');
      const topics = async () =>
        Object.fromEntries(
          (await run(['topics', '--data-dir', dataDir])).stdout
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split('\t'))
            .map(([name, , records]) => [name, records]),
        );
      expect((await topics())['md.candles.v1']).toBe('records=0');

      server.repair();
      const good = await run(args('2024-07-18', '2024-07-19'));
      expect(good.stderr).toBe('');
      expect(good.status).toBe(0);
      // Not a terminal: progress comes as log lines, the last at 100 %.
      const lines = good.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { msg: string; percent?: number; bars?: number });
      expect(lines.filter((l) => l.msg.startsWith('backfill [')).at(-1)?.percent).toBe(100);
      const done = lines.find((l) => l.msg.startsWith('backfill done'));
      expect(done?.bars).toBe(3); // BTCUSDT traded in 3 minutes of 2024-07-18
      expect((await topics())['md.candles.v1']).toBe('records=3');
    } finally {
      server.repair();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
