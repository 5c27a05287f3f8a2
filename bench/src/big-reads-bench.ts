// Big reads (issue 14): 24 h of 1s candles (86,400 bars) as GraphQL over HTTP and as the
// streamed CSV export (/api/v1/candles.csv), with the query cache off, beside the storage
// read under them, measured interleaved in one process:
//  - `new`: this checkout's API;
//  - `old`: the API of another checkout (`--baseline DIR`, built with `npx tsc -b api`, e.g. a
//    git worktree of main before the change), on the same ClickHouse, in the same process;
//  - storage: the resolver's own read (operations.candles, cache bypassed) and ClickHouse
//    printing the same bars as CSV, read to the end (`FORMAT CSVWithNames`).
// Before timing, the old and new APIs must answer byte for byte the same for the three CSV
// exports (candles, trades, pair analytics) and the GraphQL lists, over awkward values too.
// Usage: npx tsc -b bench && node bench/dist/big-reads-bench.js [--baseline DIR] [--runs N]
//   [--profile PREFIX] [--json]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApi, type Api } from '@tickstream/api';
import {
  createClickHouse,
  createEmbeddedEventLog,
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
  type EventLog,
} from '@tickstream/core';
import {
  candleRow,
  INTERVAL_MS,
  MIGRATIONS_DIR,
  pairAnalyticsRow,
  tradeRow,
  type Candle,
  type Interval,
  type PairAnalytics,
  type Trade,
} from '@tickstream/schema';
import { profiled } from './candles-bench';

const DAY_MS = 86_400_000;
const END = Date.UTC(2024, 6, 20);
const FROM = END - DAY_MS;

/** Values that print differently in many number formatters. */
const AWKWARD = [
  0.1 + 0.2,
  1e-7,
  1e-6,
  0.000001234,
  12345678.9,
  123456789012345680000,
  1e21,
  1.5e300,
  5e-324,
  2 ** 53,
  -0,
  64_000.5,
  1 / 3,
  -1.25e-10,
  1e-5,
  9.99e-7,
  1.7976931348623157e308,
  100,
] as const;
const awkward = (i: number) => AWKWARD[i % AWKWARD.length] as number;

function bar(symbol: string, interval: Interval, start: number, close: number): Candle {
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval,
    start,
    end: start + INTERVAL_MS[interval],
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1.5,
    quoteVolume: 1.5 * close,
    buyVolume: 1,
    sellVolume: 0.5,
    tradeCount: 7,
    vwap: close,
    firstTradeId: 1,
    lastTradeId: 7,
    version: 1,
    final: true,
  };
}

/** Bars of odd values (a partial one among them), in 1m, so 5m and 1h are rolled up. */
function oddBars(): Candle[] {
  const bars: Candle[] = [];
  for (let i = 0; i < 240; i++) {
    const start = FROM + i * 60_000;
    bars.push({
      ...bar('ODDUSDT', '1m', start, awkward(i)),
      open: awkward(i + 3),
      high: awkward(i + 5),
      low: awkward(i + 7),
      volume: awkward(i + 11) * (i % 3),
      quoteVolume: awkward(i + 1) * 7.3,
      buyVolume: awkward(i + 2),
      sellVolume: 0.1 * i,
      tradeCount: i * 97,
      vwap: awkward(i + 13) / 3,
      version: 1 + (i % 4),
      final: i !== 239,
      ...(i % 5 === 0 ? { source: 'klines' as const } : {}),
    });
  }
  return bars;
}

function oddTrades(): Trade[] {
  return Array.from({ length: 3_000 }, (_, i) => ({
    type: 'trade',
    exchange: 'binance-futures',
    symbol: 'ODDUSDT',
    tradeId: 1_000_000_000_000 + i * 3,
    price: awkward(i),
    qty: awkward(i + 4) * 1e-3,
    side: i % 3 === 0 ? 'sell' : 'buy',
    tradeTime: FROM + i * 777,
    eventTime: FROM + i * 777 + 1,
    ingestTime: FROM + i * 777 + 29,
  }));
}

function oddPairRows(): PairAnalytics[] {
  return Array.from({ length: 500 }, (_, i): PairAnalytics => {
    const missing = i % 4 === 0;
    const v = (k: number) => (missing && k % 2 === 0 ? null : awkward(i + k));
    const crit = { '1%': -3.96, '5%': -3.41, '10%': -3.13 };
    return {
      type: 'pair-analytics',
      pair: 'ODDUSDT/BTCUSDT',
      symbolX: 'BTCUSDT',
      symbolY: 'ODDUSDT',
      interval: '1m',
      time: FROM + i * 60_000,
      priceX: 64_000 + i * 0.1,
      priceY: awkward(i),
      olsWindow: 60,
      zScoreWindow: 20,
      corrWindow: 60,
      hedgeRatio: v(1),
      intercept: v(2),
      rSquared: v(3),
      stdError: v(4),
      hedgeRatioThroughOrigin: v(5),
      spread: v(6),
      spreadMean: v(7),
      spreadStd: v(8),
      zScore: v(9),
      correlation: v(10),
      returnCorrelation: v(11),
      kalmanHedgeRatio: v(12),
      kalmanIntercept: v(13),
      kalmanZScore: v(14),
      halfLife: v(15),
      hurst: v(16),
      adf:
        i % 3 === 0
          ? null
          : {
              statistic: -awkward(i),
              pValue: i % 2 === 0 ? 0.01 : 0.3,
              usedLag: i % 7,
              nobs: 500,
              criticalValues: crit,
              isStationary: i % 2 === 0,
            },
      coint:
        i % 5 === 0
          ? null
          : {
              statistic: -2.5,
              pValue: awkward(i + 2),
              criticalValues: crit,
              isCointegrated: false,
            },
      nullReasons: missing ? { hedgeRatio: 'window-not-full' } : {},
      version: 1 + (i % 3),
    } as PairAnalytics;
  });
}

async function seed(ch: ClickHouseHandle): Promise<void> {
  const insert = (table: string, values: object[]) =>
    ch.client.insert({ table, values, format: 'JSONEachRow' });
  for (let chunk = 0; chunk < 9; chunk++) {
    const seconds: object[] = [];
    for (let i = chunk * 10_000; i < Math.min((chunk + 1) * 10_000, 86_400 + 600); i++) {
      seconds.push(candleRow(bar('BTCUSDT', '1s', FROM - 600_000 + i * 1_000, 64_000 + (i % 97))));
    }
    await insert('candles', seconds);
  }
  await insert(
    'candles',
    oddBars().map((c) => candleRow(c)),
  );
  await insert('trades', oddTrades().map(tradeRow));
  await insert('pair_analytics', oddPairRows().map(pairAnalyticsRow));
  // Not-a-number and infinities, which JSON cannot carry: a newer version of some rows.
  await ch.client.command({
    query: `INSERT INTO pair_analytics SELECT * REPLACE (
              if(toSecond(time) = 0 AND toMinute(time) % 3 = 0, nan, hedge_ratio) AS hedge_ratio,
              if(toMinute(time) % 7 = 0, -inf, zscore) AS zscore,
              if(toMinute(time) % 11 = 0, nan, adf_statistic) AS adf_statistic,
              if(toMinute(time) % 13 = 0, inf, coint_pvalue) AS coint_pvalue,
              version + 10 AS version)
            FROM pair_analytics WHERE toMinute(time) % 2 = 1`,
  });
}

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Milliseconds from the request to the last byte of the body, and the body. */
async function timed(url: string, init?: RequestInit): Promise<{ ms: number; body: Buffer }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.toString()}`);
  return { ms, body };
}

function countLines(body: Buffer): number {
  let n = 0;
  for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) n++;
  return n;
}

const gqlInit = (query: string, variables: Record<string, unknown> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

const DAY_QUERY =
  'query($from: Timestamp, $to: Timestamp) { candles(symbol: "BTCUSDT", interval: "1s", from: $from, to: $to) { start open high low close volume } }';

const CANDLE_FIELDS =
  'exchange symbol interval start end open high low close volume quoteVolume buyVolume sellVolume tradeCount vwap final version source';
const PAIR_FIELDS = `pair symbolX symbolY interval time priceX priceY olsWindow zScoreWindow corrWindow
  hedgeRatio intercept rSquared stdError hedgeRatioThroughOrigin spread spreadMean spreadStd zScore
  correlation returnCorrelation kalmanHedgeRatio kalmanIntercept kalmanZScore halfLife hurst
  adf { statistic pValue usedLag nobs criticalValues { p1 p5 p10 } isStationary }
  coint { statistic pValue criticalValues { p1 p5 p10 } isCointegrated }
  nullReasons { figure reason } version`;

/** Requests whose answers must be the same bytes from the old and the new API. */
function sameBytesRequests(): { name: string; path: string; init?: RequestInit }[] {
  const csv = [
    `/api/v1/candles.csv?symbol=BTCUSDT&interval=1s&from=${FROM}&to=${END}`,
    `/api/v1/candles.csv?symbol=ODDUSDT&interval=1m`,
    `/api/v1/candles.csv?symbol=oddusdt&interval=5m&from=${FROM + 7 * 60_000}`,
    `/api/v1/candles.csv?symbol=ODDUSDT&interval=1h`,
    `/api/v1/candles.csv?symbol=ODDUSDT&interval=1m&from=${END + DAY_MS}`,
    `/api/v1/trades.csv?symbol=ODDUSDT`,
    `/api/v1/trades.csv?symbol=ODDUSDT&from=${FROM + 100_000}&to=${FROM + 900_000}`,
    `/api/v1/pair-analytics.csv?symbolX=BTCUSDT&symbolY=ODDUSDT&interval=1m`,
    `/api/v1/pair-analytics.csv?symbolX=BTCUSDT&symbolY=ODDUSDT&interval=5m`,
  ].map((path) => ({ name: path, path }));
  const gql = [
    [DAY_QUERY, { from: FROM, to: END }],
    [`{ candles(symbol: "BTCUSDT", interval: "1s", last: 5000) { ${CANDLE_FIELDS} } }`, {}],
    [`{ a: candles(symbol: "ODDUSDT", interval: "1m", last: 240) { ${CANDLE_FIELDS} } }`, {}],
    [
      `{ candles(symbol: "ODDUSDT", interval: "1h", from: ${FROM}) { __typename ${CANDLE_FIELDS} } }`,
      {},
    ],
    [
      `{ trades(symbol: "ODDUSDT", first: 3000) { edges { cursor node { exchange symbol tradeId price qty side tradeTime eventTime ingestTime } } pageInfo { hasNextPage endCursor } } }`,
      {},
    ],
    [
      `{ pairAnalyticsHistory(symbolX: "BTCUSDT", symbolY: "ODDUSDT", interval: "1m", first: 500) { edges { node { ${PAIR_FIELDS} } } } }`,
      {},
    ],
    [`{ candles(symbol: "NOPEUSDT", interval: "1m") { start } }`, {}],
  ] as const;
  return [
    ...csv,
    ...gql.map(([query, variables]) => ({
      name: `POST /graphql ${query.slice(0, 60)}`,
      path: '/graphql',
      init: gqlInit(query, variables),
    })),
    ...[
      `/api/v1/candles?symbol=ODDUSDT&interval=1m&last=240`,
      `/api/v1/candles?symbol=ODDUSDT&interval=1h&from=${FROM}`,
      `/api/v1/trades?symbol=ODDUSDT&first=500`,
      `/api/v1/candles?symbol=NOPEUSDT`,
    ].map((path) => ({ name: path, path })),
  ];
}

async function checkSameBytes(oldUrl: string, newUrl: string): Promise<number> {
  let checked = 0;
  for (const r of sameBytesRequests()) {
    const [a, b] = [await fetch(oldUrl + r.path, r.init), await fetch(newUrl + r.path, r.init)];
    const [ab, bb] = [Buffer.from(await a.arrayBuffer()), Buffer.from(await b.arrayBuffer())];
    if (a.status !== b.status || !ab.equals(bb)) {
      let at = 0;
      while (at < ab.length && ab[at] === bb[at]) at++;
      throw new Error(
        `${r.name}: old and new differ (status ${a.status}/${b.status}, ${ab.length}/${bb.length} bytes) at byte ${at}:\n` +
          `old …${ab.subarray(Math.max(0, at - 120), at + 120).toString()}…\n` +
          `new …${bb.subarray(Math.max(0, at - 120), at + 120).toString()}…`,
      );
    }
    checked++;
  }
  return checked;
}

interface Series {
  readonly name: string;
  readonly rows: number;
  readonly samples: number[];
}

interface Summary {
  readonly name: string;
  readonly rows: number;
  readonly runs: number;
  readonly p50Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly rowsPerSec: number;
}

function summary(s: Series): Summary {
  const sorted = [...s.samples].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  const p50 = pct(sorted, 50);
  return {
    name: s.name,
    rows: s.rows,
    runs: sorted.length,
    p50Ms: round(p50),
    minMs: round(sorted[0] ?? NaN),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    rowsPerSec: Math.round(s.rows / (p50 / 1_000)),
  };
}

type Measure = () => Promise<{ ms: number; rows: number }>;

async function openApi(
  build: typeof buildApi,
  log: EventLog,
  ch: ClickHouseHandle,
  apis: Api[],
): Promise<{ api: Api; url: string }> {
  const api = build({
    eventLog: log,
    clickhouse: ch.client,
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'api' }),
    settings: { cacheTtlMs: 0, rateLimitPerMinute: 0 },
  });
  apis.push(api);
  return { api, url: (await api.listen(0)).url };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string' },
      runs: { type: 'string', default: '15' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-bench-big-reads-'));
  const ch = await createClickHouse({ database: 'bench', chdbPath: join(dir, 'chdb') });
  const log = await createEmbeddedEventLog({ dataDir: join(dir, 'log') });
  const apis: Api[] = [];
  try {
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    await log.createTopics(topicSpecs());
    await seed(ch);
    const current = await openApi(buildApi, log, ch, apis);
    let baseline: { api: Api; url: string } | undefined;
    if (values.baseline) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const old = require(join(resolve(values.baseline), 'api', 'dist', 'index.js')) as {
        buildApi: typeof buildApi;
      };
      baseline = await openApi(old.buildApi, log, ch, apis);
    }
    const sameBytes = baseline ? await checkSameBytes(baseline.url, current.url) : 0;

    const csvPath = `/api/v1/candles.csv?symbol=BTCUSDT&interval=1s&from=${FROM}&to=${END}`;
    const gql =
      (url: string): Measure =>
      async () => {
        const { ms, body } = await timed(
          `${url}/graphql`,
          gqlInit(DAY_QUERY, { from: FROM, to: END }),
        );
        return { ms, rows: (body.toString().match(/"start"/g) ?? []).length };
      };
    const csv =
      (url: string): Measure =>
      async () => {
        const { ms, body } = await timed(url + csvPath);
        return { ms, rows: countLines(body) - 1 };
      };
    const storageRead =
      (api: Api): Measure =>
      async () => {
        const started = performance.now();
        const bars = await api.operations.candles(
          { symbol: 'BTCUSDT', interval: '1s', from: FROM, to: END },
          { bypassCache: true },
        );
        return { ms: performance.now() - started, rows: bars.length };
      };
    const storageCsv: Measure = async () => {
      const started = performance.now();
      const result = await ch.client.exec({
        query: `SELECT * FROM candles FINAL WHERE symbol = {symbol:String} AND bar_interval = '1s'
                  AND bucket_start >= fromUnixTimestamp64Milli({from:Int64})
                  AND bucket_start < fromUnixTimestamp64Milli({to:Int64})
                ORDER BY bucket_start FORMAT CSVWithNames`,
        query_params: { symbol: 'BTCUSDT', from: FROM, to: END },
      });
      let n = 0;
      for await (const chunk of result.stream) n += countLines(chunk as Buffer);
      return { ms: performance.now() - started, rows: n - 1 };
    };
    const exportStatement: Measure = async () => {
      const started = performance.now();
      const lines = await current.api.operations.exportCandles({
        symbol: 'BTCUSDT',
        interval: '1s',
        from: FROM,
        to: END,
      });
      let n = 0;
      for await (const chunk of lines) n += countLines(Buffer.from(chunk));
      return { ms: performance.now() - started, rows: n };
    };
    const measures: [string, Measure][] = [
      ['storage: ClickHouse CSVWithNames of the bars, read to the end', storageCsv],
      ...(baseline
        ? ([
            [
              'old storage read: operations.candles (JSONEachRow, rows as objects)',
              storageRead(baseline.api),
            ],
            ['old GraphQL over HTTP', gql(baseline.url)],
            ['old /api/v1/candles.csv', csv(baseline.url)],
          ] as [string, Measure][])
        : []),
      [
        'new storage read: operations.candles (RowBinary, rows as objects)',
        storageRead(current.api),
      ],
      ['new GraphQL over HTTP', gql(current.url)],
      [
        'new: the export statement alone (ClickHouse printing the CSV), read to the end',
        exportStatement,
      ],
      ['new /api/v1/candles.csv', csv(current.url)],
    ];
    const series: Series[] = measures.map(([name]) => ({ name, rows: 0, samples: [] }));
    const round = async (keep: boolean) => {
      for (let m = 0; m < measures.length; m++) {
        const { ms, rows } = await (measures[m] as [string, Measure])[1]();
        const s = series[m] as Series;
        if (keep) s.samples.push(ms);
        (s as { rows: number }).rows = rows;
      }
    };
    await round(false);
    await round(false);
    await profiled(values.profile, async () => {
      for (let r = 0; r < Number(values.runs); r++) await round(true);
    });
    const results = series.map(summary);
    const result = { sameBytesChecked: sameBytes, baseline: values.baseline ?? null, results };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(
      baseline
        ? `Old (${values.baseline}) and new answered ${sameBytes} requests with the same bytes.\n`
        : 'No --baseline: the new API alone.\n',
    );
    console.log(
      '| 24 h of 1s bars, cache off | rows | runs | p50 ms | min ms | max ms | rows/s (p50) |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const s of results) {
      console.log(
        `| ${s.name} | ${s.rows} | ${s.runs} | ${s.p50Ms} | ${s.minMs} | ${s.maxMs} | ${s.rowsPerSec.toLocaleString('en')} |`,
      );
    }
  } finally {
    for (const api of apis) await api.close();
    await log.close();
    await ch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
