import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetricsRegistry, type Logger } from '@tickstream/core';
import { buildIngest, formatStatusLine, replaySource, syntheticSource } from '../../src';
import { MemoryEventLog } from '../helpers/memory-event-log';
import { waitFor } from '../helpers/wait';

function capturingLogger(lines: { level: string; msg: string; obj: object }[]): Logger {
  const make = (): Logger => ({
    debug: (obj, msg) => void lines.push({ level: 'debug', msg: msg ?? '', obj }),
    info: (obj, msg) => void lines.push({ level: 'info', msg: msg ?? '', obj }),
    warn: (obj, msg) => void lines.push({ level: 'warn', msg: msg ?? '', obj }),
    error: (obj, msg) => void lines.push({ level: 'error', msg: msg ?? '', obj }),
    child: () => make(),
  });
  return make();
}

/** The value of a sample line with this name and these labels, in any label order. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('what ingest tells the operator', () => {
  it('counts trades, dead letters and batches in Prometheus metrics on the registry it was given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingest-metrics-'));
    try {
      const file = join(dir, 'BTCUSDT-trades-2024-07-18.csv');
      writeFileSync(
        file,
        [
          '1,10,1,10,1000,true',
          '2,0,1,0,1001,true',
          '2,11,1,11,1002,false',
          '3,12,1,12,1003,false',
        ].join('\n'),
      );
      const registry = createMetricsRegistry({ role: 'ingest' });
      const ingest = buildIngest({
        eventLog: new MemoryEventLog(),
        logger: capturingLogger([]),
        metrics: registry,
        source: replaySource({ files: [file] }),
        statusIntervalMs: 0,
      });
      await ingest.start();
      await ingest.done;
      const text = await registry.metrics();
      expect(
        sample(text, 'tickstream_ingest_trades_received_total', {
          symbol: 'BTCUSDT',
          role: 'ingest',
        }),
      ).toBe(3);
      expect(sample(text, 'tickstream_ingest_trades_produced_total', { symbol: 'BTCUSDT' })).toBe(
        3,
      );
      expect(
        sample(text, 'tickstream_ingest_dead_letters_total', {
          code: 'INVALID_PRICE',
          source: 'ingest/replay',
        }),
      ).toBe(1);
      expect(
        sample(text, 'tickstream_ingest_produce_batch_records_count', { topic: 'md.trades.v1' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, 'tickstream_ingest_produce_batch_records_sum', { topic: 'md.trades.v1' }),
      ).toBe(3);
      expect(text).toContain('tickstream_ingest_to_log_seconds_bucket');
      expect(text).toContain('tickstream_ingest_reconnects_total');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs a status line with per-symbol counts and rates at the configured period', async () => {
    const lines: { level: string; msg: string; obj: object }[] = [];
    const ingest = buildIngest({
      eventLog: new MemoryEventLog(),
      logger: capturingLogger(lines),
      metrics: createMetricsRegistry({ role: 'ingest' }),
      source: syntheticSource({ speed: 50 }),
      statusIntervalMs: 1_200,
    });
    await ingest.start();
    await waitFor(
      () => lines.filter((l) => l.msg.startsWith('Status - ')).length >= 1,
      'a status line',
      10_000,
    );
    await ingest.stop();
    const line = lines.find((l) => l.msg.startsWith('Status - '))?.msg ?? '';
    expect(line).toMatch(
      /^Status - BTCUSDT: \d+ trades \(\d+\.\d\/s\), ETHUSDT: \d+ trades \(\d+\.\d\/s\), SOLUSDT: /,
    );
    expect(ingest.status().symbols['BTCUSDT']?.ratePerSecond).toBeGreaterThan(0);
  });

  it('formats connections, gaps and dead letters into the status line only when there are some', () => {
    const base = {
      state: 'running' as const,
      source: 'binance',
      symbols: {
        BTCUSDT: {
          exchange: 'binance-futures',
          received: 12,
          produced: 10,
          duplicates: 2,
          backfilled: 0,
          ratePerSecond: 1.04,
        },
      },
      connections: [],
      reconnects: 0,
      rotations: 0,
      queued: 0,
      pendingProduce: 0,
      produced: 10,
      deadLetters: 0,
      deadLettersByCode: {},
      gaps: { detected: 0, backfilled: 0, unrecoverable: 0, open: 0, missingTrades: 0 },
      duplicates: 2,
    };
    expect(formatStatusLine(base)).toBe('Status - BTCUSDT: 10 trades (1.0/s)');
    expect(
      formatStatusLine({
        ...base,
        connections: [
          {
            id: 'c#1',
            state: 'open',
            url: 'ws://x',
            streams: 2,
            reconnects: 3,
            rotations: 1,
            messages: 9,
          },
        ],
        reconnects: 3,
        rotations: 1,
        deadLetters: 4,
        gaps: { detected: 2, backfilled: 1, unrecoverable: 1, open: 0, missingTrades: 5 },
      }),
    ).toBe(
      'Status - BTCUSDT: 10 trades (1.0/s) | connections 1/1 open, 3 reconnects, 1 rotations | gaps 2 (1 backfilled, 1 unrecoverable) | dead letters 4',
    );
  });
});
