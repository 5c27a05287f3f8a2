// History throughput: how fast ingest fetches the exchange's past before the live stream,
// against the mock exchange "running" for some hours (the real USD-M capture looped):
// klines for the older part of the lookback, aggregate trades for the last hour.
// - unlimited: the mock's weight limit off, ingest's budget unbounded: the history path's own
//   speed, beside a plain read of the same pages (fetch + JSON.parse, nothing written) in the
//   same run, interleaved;
// - binance: the mock enforces Binance's 2,400 weight a minute and ingest spends its default
//   1,200: beside the bound that budget sets (weight needed / weight per second).
// Usage: node bench/dist/history-bench.js [--hours 3] [--rounds 3] [--json]

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedEventLog, createMetricsRegistry, silentLogger } from '@tickstream/core';
import {
  buildIngest,
  DEFAULT_TAPE,
  startMockExchange,
  type MockExchange,
} from '@tickstream/ingest';

const HOUR = 3_600_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const INTERVALS = ['1s', '1m', '5m'] as const;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface HistoryRun {
  readonly seconds: number;
  readonly bars: number;
  readonly aggTrades: number;
  readonly requests: number;
  readonly weight: number;
  readonly load: string;
}

/** Ingest's history alone (the live stream is never opened: ingest stops once it is done). */
async function runHistory(mock: MockExchange, budget: number): Promise<HistoryRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-history-bench-'));
  const eventLog = await createEmbeddedEventLog({ dataDir });
  const before = mock.stats().restRequests;
  const ingest = buildIngest({
    eventLog,
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'bench' }),
    source: {
      kind: 'binance',
      symbols: SYMBOLS,
      wsUrl: mock.url,
      restUrl: mock.restUrl,
      restWeightPerMinute: budget,
    },
    statusIntervalMs: 0,
    history: { lookbackMs: 24 * HOUR, tradesLookbackMs: HOUR, intervals: INTERVALS },
  });
  const started = performance.now();
  await ingest.start();
  for (;;) {
    const state = ingest.status().history?.state;
    if (state === 'done' || state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const history = ingest.status().history;
  await ingest.stop();
  await eventLog.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (history?.state !== 'done') throw new Error(`history failed: ${history?.error ?? '?'}`);
  return {
    seconds,
    bars: history.bars,
    aggTrades: history.aggTrades,
    requests: mock.stats().restRequests - before,
    weight: history.aggTrades > 0 ? Math.ceil(history.aggTrades / 1000) * 20 : 0,
    load: load(),
  };
}

/** The same pages read with fetch and JSON.parse, written nowhere: the floor of any client. */
async function plainRead(mock: MockExchange): Promise<{ seconds: number; aggTrades: number }> {
  const started = performance.now();
  const now = Date.now();
  let aggTrades = 0;
  for (const symbol of SYMBOLS) {
    for (const interval of ['1m', '5m']) {
      const url = `${mock.restUrl}/fapi/v1/klines?symbol=${symbol}&interval=${interval}&startTime=${now - 24 * HOUR}&limit=1500`;
      JSON.parse(await (await fetch(url)).text());
    }
    let page = JSON.parse(
      await (
        await fetch(
          `${mock.restUrl}/fapi/v1/aggTrades?symbol=${symbol}&startTime=${now - HOUR}&endTime=${now}&limit=1000`,
        )
      ).text(),
    ) as { a: number }[];
    while (page.length > 0) {
      aggTrades += page.length;
      if (page.length < 1000) break;
      const last = page[page.length - 1]?.a ?? 0;
      page = JSON.parse(
        await (
          await fetch(
            `${mock.restUrl}/fapi/v1/aggTrades?symbol=${symbol}&fromId=${last + 1}&limit=1000`,
          )
        ).text(),
      ) as { a: number }[];
    }
  }
  return { seconds: (performance.now() - started) / 1000, aggTrades };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hours: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      'skip-binance': { type: 'boolean', default: false },
    },
  });
  const hours = Number(values.hours);
  const rounds = Number(values.rounds);
  const unlimited = await startMockExchange({
    tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
    prehistoryMs: hours * HOUR,
    restWeightPerMinute: 0,
    // History is what is measured: the tape does not play on when ingest subscribes.
    autoplay: false,
  });
  const results: { history: HistoryRun; plain: { seconds: number; aggTrades: number } }[] = [];
  for (let round = 0; round < rounds; round++) {
    const plain = await plainRead(unlimited);
    const history = await runHistory(unlimited, 1_000_000);
    results.push({ history, plain });
  }
  await unlimited.stop();
  let binance: HistoryRun | undefined;
  if (!values['skip-binance']) {
    const limited = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
      prehistoryMs: hours * HOUR,
      restWeightPerMinute: 2400,
      autoplay: false,
    });
    binance = await runHistory(limited, 1200);
    const rateLimited = limited.stats().restRateLimited;
    await limited.stop();
    if (rateLimited > 0) throw new Error(`the limited run drew ${rateLimited} 429s`);
  }
  if (values.json) {
    console.log(JSON.stringify({ hours, results, binance }, null, 2));
    return;
  }
  console.log(`### History (${hours} h of the USD-M capture looped, 2 symbols, 1s/1m/5m)\n`);
  console.log(
    '| round | load | history s | bars | aggTrades | aggTrades/s | bars/s | plain read s | history ÷ plain read |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  results.forEach(({ history, plain }, i) =>
    console.log(
      `| ${i + 1} | ${history.load} | ${history.seconds.toFixed(2)} | ${history.bars} | ${history.aggTrades} | ${Math.round(history.aggTrades / history.seconds)} | ${Math.round(history.bars / history.seconds)} | ${plain.seconds.toFixed(2)} | ${(history.seconds / plain.seconds).toFixed(2)} |`,
    ),
  );
  if (binance !== undefined) {
    // At 1,200 weight a minute, with the first minute's 1,200 available at once.
    const bound = Math.max(0, ((binance.weight - 1200) / 1200) * 60);
    console.log(
      `\nAt Binance's limit (mock 2,400/min, ingest budget 1,200/min): ${binance.seconds.toFixed(1)} s for ${binance.aggTrades} aggregate trades and ${binance.bars} bars (${Math.round(binance.aggTrades / binance.seconds)} aggTrades/s), ${binance.requests} requests, no 429; the budget's bound for its ${binance.weight} weight of aggTrades is ${bound.toFixed(1)} s (load ${binance.load}).`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
