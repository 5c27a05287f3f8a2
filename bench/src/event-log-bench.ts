// EventLog benchmark, the same for every adapter: produce-to-handler latency at a steady paced
// rate, then throughput of one producer and one consumer group running together.

import { randomBytes } from 'node:crypto';
import type { EventLog, ProduceRecord, RecordBatch } from '@tickstream/core';

export interface EventLogBenchOptions {
  /** Records in the throughput run. */
  readonly records: number;
  /** Records per produce call in the throughput run (500 is what ingest sends). */
  readonly batchSize: number;
  /** Size of each record's JSON value, in bytes. */
  readonly recordBytes: number;
  readonly partitions?: number;
  /** Produce calls in flight at once, as Kafka's max.in.flight (default 4). */
  readonly maxInFlight?: number;
  /** Paced rate of the latency run (default 5000 records/s). */
  readonly latencyRatePerSec?: number;
  /** Records per produce call in the latency run (default 50: a call every 10 ms at 5k/s). */
  readonly latencyBatchSize?: number;
  /** Length of the latency run, the first second of which is not measured (default 10 s). */
  readonly latencyDurationMs?: number;
}

export interface EventLogBenchResult {
  readonly adapter: EventLog['kind'];
  readonly records: number;
  readonly batchSize: number;
  readonly recordBytes: number;
  readonly partitions: number;
  readonly maxInFlight: number;
  /** Records/s the producer sustained while the consumer ran. */
  readonly produceRecordsPerSec: number;
  /** Records/s from the first produce call until the consumer had every record. */
  readonly endToEndRecordsPerSec: number;
  readonly latency: {
    readonly ratePerSec: number;
    readonly samples: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
  };
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT', 'DOGEUSDT', 'ADAUSDT'];

/** A Binance-like trade as JSON, padded to exactly `bytes`; `id` leads so it parses cheaply. */
function tradeJson(id: number, symbol: string, now: number, bytes: number): string {
  const body =
    `{"id":${id},"exchange":"binance-futures","symbol":"${symbol}","price":"${(60000 + (id % 1000) / 7).toFixed(2)}",` +
    `"quantity":"0.${String(id % 997).padStart(3, '0')}","tradeTime":${now},"buyerIsMaker":${id % 2 === 0},"pad":"`;
  const pad = Math.max(0, bytes - body.length - 2);
  return `${body}${'x'.repeat(pad)}"}`;
}

function tradeBatch(firstId: number, count: number, bytes: number): ProduceRecord[] {
  const now = Date.now();
  const records = new Array<ProduceRecord>(count);
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const symbol = SYMBOLS[id % SYMBOLS.length] as string;
    records[i] = {
      key: `binance-futures:${symbol}`,
      value: tradeJson(id, symbol, now, bytes),
    };
  }
  return records;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}

const name = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function throughput(log: EventLog, opts: Required<EventLogBenchOptions>) {
  const topic = name('bench-throughput');
  await log.createTopics([{ name: topic, partitions: opts.partitions }]);
  let consumed = 0;
  const consumer = await log.consume({
    groupId: name('bench-throughput'),
    topics: [topic],
    handler: async (batch: RecordBatch) => {
      consumed += batch.records.length;
    },
  });
  await consumer.ready();
  await waitUntil(
    'the consumer to own every partition',
    () => consumer.assignments().length === opts.partitions,
    120_000,
  );

  // Made up front and reused, so that building JSON does not count as the log's time.
  const pool = Array.from({ length: 16 }, (_, i) =>
    tradeBatch(i * opts.batchSize, opts.batchSize, opts.recordBytes),
  );
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let first = 0, i = 0; first < opts.records; first += opts.batchSize, i++) {
    const count = Math.min(opts.batchSize, opts.records - first);
    const batch = pool[i % pool.length] as ProduceRecord[];
    const produced = log.produce(topic, count === batch.length ? batch : batch.slice(0, count));
    inFlight.add(produced);
    void produced.then(
      () => inFlight.delete(produced),
      () => undefined,
    );
    if (inFlight.size >= opts.maxInFlight) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const produceMs = performance.now() - started;
  await waitUntil('the consumer to receive every record', () => consumed >= opts.records, 600_000);
  const totalMs = performance.now() - started;
  await consumer.stop();
  return {
    produceRecordsPerSec: Math.round((opts.records / produceMs) * 1000),
    endToEndRecordsPerSec: Math.round((opts.records / totalMs) * 1000),
  };
}

async function latency(log: EventLog, opts: Required<EventLogBenchOptions>) {
  const topic = name('bench-latency');
  await log.createTopics([{ name: topic, partitions: opts.partitions }]);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  // The first second (or fifth of a short run) is warm-up and not measured.
  const warmupIds = Math.round(
    Math.min(opts.latencyRatePerSec, (opts.latencyRatePerSec * opts.latencyDurationMs) / 5000),
  );
  let received = 0;
  const consumer = await log.consume({
    groupId: name('bench-latency'),
    topics: [topic],
    handler: async (batch: RecordBatch) => {
      const now = performance.now();
      for (const record of batch.records) {
        const match = /^\{"id":(\d+),/.exec(record.value.toString('latin1', 0, 24));
        const id = Number(match?.[1] ?? -1);
        const sent = sentAt.get(id);
        if (sent !== undefined && id >= warmupIds) latencies.push(now - sent);
        sentAt.delete(id);
        received++;
      }
    },
  });
  await consumer.ready();
  await waitUntil(
    'the consumer to own every partition',
    () => consumer.assignments().length === opts.partitions,
    120_000,
  );

  const total = Math.round((opts.latencyRatePerSec * opts.latencyDurationMs) / 1000);
  const intervalMs = (opts.latencyBatchSize / opts.latencyRatePerSec) * 1000;
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let first = 0, tick = 0; first < total; first += opts.latencyBatchSize, tick++) {
    // Paced against the start time, so a slow call does not lower the rate that follows.
    const due = started + tick * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const count = Math.min(opts.latencyBatchSize, total - first);
    const records = tradeBatch(first, count, opts.recordBytes);
    const now = performance.now();
    for (let id = first; id < first + count; id++) sentAt.set(id, now);
    pending.push(log.produce(topic, records));
  }
  await Promise.all(pending);
  await waitUntil('every paced record to arrive', () => received >= total, 120_000);
  await consumer.stop();
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    ratePerSec: opts.latencyRatePerSec,
    samples: latencies.length,
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
  };
}

export async function benchEventLog(
  log: EventLog,
  options: EventLogBenchOptions,
): Promise<EventLogBenchResult> {
  const opts: Required<EventLogBenchOptions> = {
    partitions: 6,
    maxInFlight: 4,
    latencyRatePerSec: 5000,
    latencyBatchSize: 50,
    latencyDurationMs: 10_000,
    ...options,
  };
  // Latency first: the throughput run leaves the disk busy writing back for a while.
  const lat = await latency(log, opts);
  const rates = await throughput(log, opts);
  return {
    adapter: log.kind,
    records: opts.records,
    batchSize: opts.batchSize,
    recordBytes: opts.recordBytes,
    partitions: opts.partitions,
    maxInFlight: opts.maxInFlight,
    ...rates,
    latency: lat,
  };
}

export const MARKDOWN_HEADER =
  '| adapter | records | batch | bytes | partitions | in flight | produce rec/s | produce+consume rec/s | latency rate | p50 ms | p99 ms | max ms |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|';

export function markdownRow(r: EventLogBenchResult): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `| ${r.adapter} | ${n(r.records)} | ${r.batchSize} | ${r.recordBytes} | ${r.partitions} | ${r.maxInFlight} | ` +
    `${n(r.produceRecordsPerSec)} | ${n(r.endToEndRecordsPerSec)} | ${n(r.latency.ratePerSec)}/s | ` +
    `${r.latency.p50Ms} | ${r.latency.p99Ms} | ${r.latency.maxMs} |`
  );
}
