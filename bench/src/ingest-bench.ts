// Ingest benchmark: the parser alone, then ingest from the mock exchange over real sockets
// into an event log (embedded in a temporary directory, or Kafka when KAFKA_BROKERS is set):
// throughput at full speed, ingest-to-log latency at 5k trades/s, and a no-drop run at 50k/s.
// Usage: npx tsc -b bench && node bench/dist/ingest-bench.js [--json] [--parser-trades N]
//        [--full-speed-trades N] [--latency-seconds N] [--no-drop-seconds N] [--only parser]

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createEmbeddedEventLog,
  createKafkaEventLog,
  createMetricsRegistry,
  silentLogger,
  type EventLog,
} from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import {
  buildIngest,
  DEFAULT_TAPE,
  loadCapture,
  mapBinanceMessage,
  type MessageOrigin,
  type MockExchangeOptions,
  type MockExchangeStats,
} from '@tickstream/ingest';
import { benchTape } from './ingest-tape';

interface RunResult {
  readonly trades: number;
  readonly seconds: number;
  readonly tradesPerSec: number;
  readonly emittedPerSec: number;
  readonly produced: number;
  readonly gaps: number;
  readonly deadLetters: number;
  readonly ingestToLogP50Ms: number;
  readonly ingestToLogP99Ms: number;
  readonly sendToLogP50Ms: number;
  readonly sendToLogP99Ms: number;
  readonly maxQueued: number;
  readonly maxPendingProduce: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function benchParser(
  frames: readonly string[],
  rounds: number,
): { tradesPerSec: number; rounds: number[] } {
  const origin: MessageOrigin = {
    session: 1,
    cause: 'initial',
    connection: 'bench',
    exchange: 'binance-futures',
    deadLetterSource: 'bench',
    isKnownSymbol: () => true,
  };
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    let ok = 0;
    for (const frame of frames) if (mapBinanceMessage(frame, 1, origin).kind === 'trade') ok++;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (ok !== frames.length) throw new Error(`parser rejected ${frames.length - ok} frames`);
    rates.push(frames.length / seconds);
  }
  const sorted = [...rates].sort((a, b) => a - b);
  return {
    tradesPerSec: sorted[Math.floor(sorted.length / 2)] ?? 0,
    rounds: rates.map(Math.round),
  };
}

interface MockProcess {
  readonly url: string;
  readonly restUrl: string;
  /** Plays the tape; resolves when the mock sent all of it. */
  play(): Promise<{ seconds: number; stats: MockExchangeStats }>;
  stats(): Promise<MockExchangeStats>;
  stop(): Promise<void>;
}

type MockMessage =
  | { type: 'ready'; url: string; restUrl: string }
  | { type: 'finished'; seconds: number; stats: MockExchangeStats }
  | { type: 'stats'; stats: MockExchangeStats };

/** The mock exchange in a child process, so its sending does not share ingest's CPU. */
async function startMockProcess(
  options: MockExchangeOptions & { trades: number },
): Promise<MockProcess> {
  const child = fork(join(__dirname, 'ingest-mock-process.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends MockMessage['type']>(type: T) =>
    new Promise<Extract<MockMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: MockMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as Extract<MockMessage, { type: T }>);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`mock process exited with ${code}`)));
    });
  const ready = await next('ready');
  return {
    url: ready.url,
    restUrl: ready.restUrl,
    play: async () => {
      const finished = next('finished');
      child.send({ type: 'play' });
      return finished;
    },
    stats: async () => {
      const answer = next('stats');
      child.send({ type: 'stats' });
      return (await answer).stats;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

async function runIngest(
  eventLog: EventLog,
  trades: number,
  mockOptions: MockExchangeOptions,
  label: string,
): Promise<RunResult> {
  const mock = await startMockProcess({ ...mockOptions, trades });
  const suffix = `${label}-${process.pid}-${Date.now().toString(36)}`;
  const topics = {
    trades: `md.trades.v1.bench-${suffix}`,
    deadLetter: `md.deadletter.v1.bench-${suffix}`,
    tradeGaps: `md.trade-gaps.v1.bench-${suffix}`,
  };
  const ingestLatencies = new Float64Array(trades);
  const sendLatencies = new Float64Array(trades);
  let samples = 0;
  let lastAck = 0;
  const live = mockOptions.timestamps === 'live';
  const ingest = buildIngest({
    eventLog,
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'ingest-bench' }),
    topics,
    statusIntervalMs: 0,
    source: {
      kind: 'binance',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      wsUrl: mock.url,
      restUrl: mock.restUrl,
      queueCapacity: 20_000,
    },
    onTradesProduced: (batch: readonly Trade[], ackedAt: number) => {
      lastAck = ackedAt;
      for (const t of batch) {
        if (samples >= ingestLatencies.length) break;
        ingestLatencies[samples] = ackedAt - t.ingestTime;
        sendLatencies[samples] = live ? ackedAt - t.eventTime : Number.NaN;
        samples++;
      }
    },
  });
  let maxQueued = 0;
  let maxPending = 0;
  const watch = setInterval(() => {
    const status = ingest.status();
    maxQueued = Math.max(maxQueued, status.queued);
    maxPending = Math.max(maxPending, status.pendingProduce);
  }, 20);
  try {
    await ingest.start();
    while ((await mock.stats()).subscriptions < 2) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    const sent = await mock.play();
    const deadline = Date.now() + 120_000;
    while (ingest.status().produced < trades && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await ingest.stop();
    const status = ingest.status();
    const warm = Math.floor(samples * 0.1); // the first 10 % include connection and JIT warm-up
    const sortedIngest = ingestLatencies.slice(warm, samples).sort();
    const sortedSend = sendLatencies.slice(warm, samples).sort();
    const seconds = (lastAck - started) / 1000;
    return {
      trades,
      seconds: Number(seconds.toFixed(2)),
      tradesPerSec: Math.round(status.produced / seconds),
      emittedPerSec: Math.round(trades / sent.seconds),
      produced: status.produced,
      gaps: status.gaps.detected,
      deadLetters: status.deadLetters,
      ingestToLogP50Ms: percentile(sortedIngest, 50),
      ingestToLogP99Ms: percentile(sortedIngest, 99),
      sendToLogP50Ms: live ? percentile(sortedSend, 50) : Number.NaN,
      sendToLogP99Ms: live ? percentile(sortedSend, 99) : Number.NaN,
      maxQueued,
      maxPendingProduce: maxPending,
    };
  } finally {
    clearInterval(watch);
    await mock.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      'parser-trades': { type: 'string', default: '500000' },
      'full-speed-trades': { type: 'string', default: '300000' },
      'latency-seconds': { type: 'string', default: '20' },
      'no-drop-seconds': { type: 'string', default: '10' },
    },
  });
  const capture = await loadCapture(DEFAULT_TAPE);
  const parserTape = benchTape(capture, Number(values['parser-trades']));
  const frames = parserTape.map(
    (t) =>
      `{"stream":"${t.symbol.toLowerCase()}@trade","data":{"e":"trade","E":${t.eventTime},"T":${t.time},"s":"${t.symbol}","t":${t.id},"p":"${t.price}","q":"${t.qty}","X":"MARKET","m":${t.isBuyerMaker}}}`,
  );
  const parser = benchParser(frames, 5);
  const results: Record<string, unknown> = {
    node: process.version,
    parser: { trades: frames.length, ...parser },
  };
  if (values.only !== 'parser') {
    const brokers = process.env['KAFKA_BROKERS'];
    const dataDir = brokers ? undefined : mkdtempSync(join(tmpdir(), 'tickstream-ingest-bench-'));
    const eventLog = brokers
      ? await createKafkaEventLog({ brokers: brokers.split(','), clientId: 'ingest-bench' })
      : await createEmbeddedEventLog({ dataDir: dataDir ?? '' });
    try {
      results['adapter'] = eventLog.kind;
      results['fullSpeed'] = await runIngest(
        eventLog,
        Number(values['full-speed-trades']),
        { speed: 'max' },
        'full',
      );
      const latencySeconds = Number(values['latency-seconds']);
      results['latency5k'] = await runIngest(
        eventLog,
        5_000 * latencySeconds,
        { ratePerSecond: 5_000, timestamps: 'live' },
        'latency',
      );
      const noDropSeconds = Number(values['no-drop-seconds']);
      const noDrop = await runIngest(
        eventLog,
        50_000 * noDropSeconds,
        { ratePerSecond: 50_000, timestamps: 'live' },
        'nodrop',
      );
      results['noDrop50k'] = { ...noDrop, dropped: noDrop.trades - noDrop.produced };
    } finally {
      await eventLog.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (values.json) {
    console.log(JSON.stringify(results));
    return;
  }
  console.log(
    `ingest benchmark (${String(results['node'])}, ${String(results['adapter'] ?? 'parser only')})`,
  );
  console.log(
    `parser alone: ${Math.round(parser.tradesPerSec).toLocaleString('en')} trades/s (median of ${parser.rounds.length} rounds over ${frames.length.toLocaleString('en')} real frames)`,
  );
  for (const key of ['fullSpeed', 'latency5k', 'noDrop50k']) {
    const r = results[key] as RunResult | undefined;
    if (r === undefined) continue;
    console.log(
      `${key}: ${r.produced.toLocaleString('en')}/${r.trades.toLocaleString('en')} trades in ${r.seconds} s = ${r.tradesPerSec.toLocaleString('en')} trades/s ` +
        `(mock sent ${r.emittedPerSec.toLocaleString('en')}/s); ingest→log p50 ${r.ingestToLogP50Ms} ms p99 ${r.ingestToLogP99Ms} ms` +
        (Number.isNaN(r.sendToLogP50Ms)
          ? ''
          : `; exchange send→log p50 ${r.sendToLogP50Ms} ms p99 ${r.sendToLogP99Ms} ms`) +
        `; gaps ${r.gaps}, dead letters ${r.deadLetters}, max queued ${r.maxQueued}, max pending produce ${r.maxPendingProduce}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
