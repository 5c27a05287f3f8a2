// API benchmark on this machine, in one process, over real HTTP and WebSocket on loopback:
//  - query latency (p50/p99) of the last 1,000 1m candles and of a 24 h range of 1s candles,
//    GraphQL over HTTP with the query cache off (every request reaches chDB) and on;
//  - subscription fan-out: updates/s delivered to N graphql-ws subscribers of one candle
//    stream (subscribers in a worker thread), and the produce-to-receive latency distribution.
// Usage: npx tsc -b bench && node bench/dist/api-bench.js [--subscribers 1000]
//   [--updates 600] [--rate 100] [--runs 200] [--fanout-only] [--json]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
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
  TOPICS,
  type Candle,
  type Interval,
} from '@tickstream/schema';

const DAY_MS = 86_400_000;
const END = Date.UTC(2024, 6, 20);

function bar(
  symbol: string,
  interval: Interval,
  start: number,
  close: number,
  final = true,
): Candle {
  const size = INTERVAL_MS[interval];
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval,
    start,
    end: start + size,
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
    final,
  };
}

async function seed(ch: ClickHouseHandle): Promise<void> {
  const rows: object[] = [];
  for (let i = 0; i < 2_000; i++)
    rows.push(candleRow(bar('BTCUSDT', '1m', END - (2_000 - i) * 60_000, 64_000 + (i % 50)), 15));
  await ch.client.insert({ table: 'candles', values: rows, format: 'JSONEachRow' });
  for (let chunk = 0; chunk < 9; chunk++) {
    const seconds: object[] = [];
    for (let i = chunk * 10_000; i < Math.min((chunk + 1) * 10_000, 86_400 + 600); i++) {
      seconds.push(
        candleRow(bar('BTCUSDT', '1s', END - DAY_MS - 600_000 + i * 1_000, 64_000 + (i % 97)), 15),
      );
    }
    await ch.client.insert({ table: 'candles', values: seconds, format: 'JSONEachRow' });
  }
}

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Latency {
  readonly runs: number;
  readonly rows: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

async function timeQuery(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  runs: number,
): Promise<Latency> {
  const call = async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: { candles: unknown[] }; errors?: unknown };
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.candles.length;
  };
  let rows = 0;
  for (let i = 0; i < Math.min(10, runs); i++) rows = await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = await call();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    runs,
    rows,
    p50Ms: round(pct(samples, 50)),
    p99Ms: round(pct(samples, 99)),
    maxMs: round(samples[samples.length - 1] ?? NaN),
  };
}

const LAST_1000 =
  '{ candles(symbol: "BTCUSDT", interval: "1m", last: 1000) { start open high low close volume } }';
const DAY_OF_SECONDS =
  'query($from: Timestamp, $to: Timestamp) { candles(symbol: "BTCUSDT", interval: "1s", from: $from, to: $to) { start open high low close volume } }';

/** The same 24 h of 1s bars as a streamed CSV export (/api/v1/candles.csv). */
async function timeCsv(url: string, runs: number): Promise<Latency> {
  const path = `${url}/api/v1/candles.csv?symbol=BTCUSDT&interval=1s&from=${END - DAY_MS}&to=${END}`;
  const call = async () => (await (await fetch(path)).text()).split('\n').length - 2;
  let rows = await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = await call();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    runs,
    rows,
    p50Ms: round(pct(samples, 50)),
    p99Ms: round(pct(samples, 99)),
    maxMs: round(samples[samples.length - 1] ?? NaN),
  };
}

async function queries(url: string, runs: number) {
  const few = Math.max(5, Math.floor(runs / 10));
  return {
    last1000x1m: await timeQuery(url, LAST_1000, {}, runs),
    day1s: await timeQuery(url, DAY_OF_SECONDS, { from: END - DAY_MS, to: END }, few),
    day1sCsv: await timeCsv(url, few),
  };
}

interface FanoutResult {
  readonly subscribers: number;
  readonly updates: number;
  readonly targetRatePerSec: number;
  readonly deliveredPerSec: number;
  readonly delivered: number;
  readonly latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
}

/**
 * Subscribers run in a worker thread (on this 2-core machine: one core for them, one for the
 * server); updates are produced at `rate` per second and each carries its id in `start`.
 */
async function fanout(
  api: Api,
  log: EventLog,
  url: string,
  subscribers: number,
  updates: number,
  rate: number,
): Promise<FanoutResult> {
  const wsUrl = `${url.replace('http', 'ws')}/graphql`;
  const worker = new Worker(join(__dirname, 'api-bench-subscribers.js'), {
    workerData: { url: wsUrl, subscribers, expected: updates },
  });
  const report = new Promise<{ count: number; starts: Float64Array; receivedAt: Float64Array }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  while (api.hub.candles.subscriberCount() < subscribers)
    await new Promise((r) => setTimeout(r, 20));
  const sentAt = new Map<number, number>();
  const now = () => performance.timeOrigin + performance.now();
  const interval = 1_000 / rate;
  const started = now();
  for (let n = 0; n < updates; n++) {
    const c = bar('ETHUSDT', '1s', END + n * 1_000, 3_400 + (n % 10));
    const wait = started + n * interval - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt.set(c.start, now());
    await log.produce(TOPICS.candles.name, [
      { key: TOPICS.candles.keyOf(c), value: JSON.stringify(c) },
    ]);
  }
  const timeout = setTimeout(() => worker.postMessage({ stop: true }), 120_000);
  const { count, starts, receivedAt } = await report;
  clearTimeout(timeout);
  await worker.terminate();
  const latencies: number[] = [];
  let last = started;
  for (let i = 0; i < count; i++) {
    latencies.push((receivedAt[i] as number) - (sentAt.get(starts[i] as number) ?? NaN));
    if ((receivedAt[i] as number) > last) last = receivedAt[i] as number;
  }
  latencies.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    subscribers,
    updates,
    targetRatePerSec: rate,
    delivered: count,
    deliveredPerSec: Math.round(count / ((last - started) / 1_000)),
    latency: {
      p50Ms: round(pct(latencies, 50)),
      p90Ms: round(pct(latencies, 90)),
      p99Ms: round(pct(latencies, 99)),
      maxMs: round(latencies[latencies.length - 1] ?? NaN),
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '1000' },
      updates: { type: 'string', default: '600' },
      rate: { type: 'string', default: '100' },
      runs: { type: 'string', default: '200' },
      json: { type: 'boolean', default: false },
      // Only the fan-out (no seeding, no queries): for runs interleaved with another build.
      'fanout-only': { type: 'boolean', default: false },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-bench-api-'));
  const ch = await createClickHouse({ database: 'bench', chdbPath: join(dir, 'chdb') });
  const log = await createEmbeddedEventLog({ dataDir: join(dir, 'log') });
  const apis: Api[] = [];
  try {
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    await log.createTopics(topicSpecs());
    const fanoutOnly = values['fanout-only'];
    if (!fanoutOnly) await seed(ch);
    const open = async (cacheTtlMs: number) => {
      const api = buildApi({
        eventLog: log,
        clickhouse: ch.client,
        logger: silentLogger,
        metrics: createMetricsRegistry({ role: 'api' }),
        settings: { cacheTtlMs, rateLimitPerMinute: 0, subscriberQueueSize: 10_000 },
      });
      apis.push(api);
      return { api, url: (await api.listen(0)).url };
    };
    const uncached = await open(0);
    if (fanoutOnly) {
      const fan = await fanout(
        uncached.api,
        log,
        uncached.url,
        Number(values.subscribers),
        Number(values.updates),
        Number(values.rate),
      );
      console.log(JSON.stringify({ fanout: fan }));
      return;
    }
    const noCache = await queries(uncached.url, Number(values.runs));
    const cachedApi = await open(60_000);
    const withCache = await queries(cachedApi.url, Number(values.runs));
    const fan = await fanout(
      uncached.api,
      log,
      uncached.url,
      Number(values.subscribers),
      Number(values.updates),
      Number(values.rate),
    );
    const result = { noCache, withCache, fanout: fan };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const row = (name: string, l: Latency) =>
      `| ${name} | ${l.rows} | ${l.runs} | ${l.p50Ms} | ${l.p99Ms} | ${l.maxMs} |`;
    console.log('| query (GraphQL over HTTP) | rows | runs | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|---|');
    console.log(row('last 1,000 1m candles, cache off', noCache.last1000x1m));
    console.log(row('24 h of 1s candles, cache off', noCache.day1s));
    console.log(row('24 h of 1s candles as streamed CSV (/api/v1/candles.csv)', noCache.day1sCsv));
    console.log(row('last 1,000 1m candles, cache on', withCache.last1000x1m));
    console.log(row('24 h of 1s candles, cache on', withCache.day1s));
    console.log('');
    console.log(
      '| subscribers | updates | rate/s | delivered | delivered/s | p50 ms | p90 ms | p99 ms | max ms |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    const l = fan.latency;
    console.log(
      `| ${fan.subscribers} | ${fan.updates} | ${fan.targetRatePerSec} | ${fan.delivered} | ${fan.deliveredPerSec} | ${l.p50Ms} | ${l.p90Ms} | ${l.p99Ms} | ${l.maxMs} |`,
    );
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
