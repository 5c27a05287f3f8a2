import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { createMetricsRegistry, silentLogger } from '@tickstream/core';
import type { DeadLetter, Trade } from '@tickstream/schema';
import {
  buildIngest,
  combineSources,
  replaySource,
  syntheticSource,
  type IngestSource,
  type RawMessage,
} from '../../src';
import { MemoryEventLog } from '../helpers/memory-event-log';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-sources-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function drain(source: IngestSource): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const message of source) out.push(message);
  return out;
}

const frame = (symbol: string, id: number, time: number) =>
  `{"stream":"${symbol.toLowerCase()}@trade","data":{"e":"trade","E":${time + 1},"T":${time},"s":"${symbol}","t":${id},"p":"100.5","q":"0.010","X":"MARKET","m":false}}`;

/** A one-entry zip archive as data.binance.vision ships them (local header + deflated data). */
function zip(name: string, content: string): Buffer {
  const data = deflateRawSync(Buffer.from(content));
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([
    header,
    Buffer.from(name),
    data,
    Buffer.from('PK\u0001\u0002central directory follows'),
  ]);
}

describe('the replay source', () => {
  it('reads gzipped JSONL captures, with or without hftbacktest receive-time prefixes', async () => {
    const plain = join(dir, 'a.jsonl.gz');
    writeFileSync(
      plain,
      gzipSync([frame('BTCUSDT', 1, 1000), frame('BTCUSDT', 2, 1001)].join('\n')),
    );
    const prefixed = join(dir, 'b.jsonl');
    writeFileSync(prefixed, `1721347022707000000 ${frame('ETHUSDT', 7, 2000)}\n\n`);
    const messages = await drain(replaySource({ files: [plain, prefixed] }));
    expect(messages.map((m) => m.data)).toEqual([
      frame('BTCUSDT', 1, 1000),
      frame('BTCUSDT', 2, 1001),
      frame('ETHUSDT', 7, 2000),
    ]);
    expect(messages.every((m) => m.format === 'binance-ws' && m.origin.cause === 'replay')).toBe(
      true,
    );
  });

  it('merges several files by time', async () => {
    const a = join(dir, 'BTCUSDT-trades-2024-07-18.csv');
    const b = join(dir, 'ETHUSDT-trades-2024-07-18.csv');
    writeFileSync(a, '1,10,1,10,1000,true\n2,10,1,10,3000,true\n');
    writeFileSync(b, 'id,price,qty,quote_qty,time,is_buyer_maker\n7,5,1,5,2000,false\n');
    const messages = await drain(replaySource({ files: [a, b] }));
    expect(messages.map((m) => `${m.symbol}:${m.data.split(',')[0]}`)).toEqual([
      'BTCUSDT:1',
      'ETHUSDT:7',
      'BTCUSDT:2',
    ]);
  });

  it('reads a zipped public-data CSV', async () => {
    const file = join(dir, 'BTCUSDT-aggTrades-2024-07-18.zip');
    writeFileSync(
      file,
      zip('BTCUSDT-aggTrades-2024-07-18.csv', '5,10,1,1,3,1000,true\n6,10,2,4,4,1001,false\n'),
    );
    const messages = await drain(replaySource({ files: [file] }));
    expect(messages.map((m) => [m.format, m.symbol, m.data])).toEqual([
      ['binance-csv-aggtrades', 'BTCUSDT', '5,10,1,1,3,1000,true'],
      ['binance-csv-aggtrades', 'BTCUSDT', '6,10,2,4,4,1001,false'],
    ]);
  });

  it('keeps the recorded pace at speed 1 and goes N times faster at speed N', async () => {
    const file = join(dir, 'paced.jsonl');
    writeFileSync(file, [frame('BTCUSDT', 1, 1000), frame('BTCUSDT', 2, 1300)].join('\n'));
    const time = async (speed: number | 'max') => {
      const started = Date.now();
      await drain(replaySource({ files: [file], speed }));
      return Date.now() - started;
    };
    expect(await time(1)).toBeGreaterThanOrEqual(280);
    const doubled = await time(2);
    expect(doubled).toBeGreaterThanOrEqual(130);
    expect(doubled).toBeLessThan(280);
    expect(await time('max')).toBeLessThan(130);
  });

  it('refuses a file that is neither JSONL nor Binance CSV', async () => {
    const file = join(dir, 'junk.txt');
    writeFileSync(file, 'hello world\n');
    await expect(drain(replaySource({ files: [file] }))).rejects.toMatchObject({
      code: 'UNKNOWN_FILE_FORMAT',
    });
  });
});

describe('ingest over non-live sources', () => {
  async function run(source: IngestSource) {
    const log = new MemoryEventLog();
    const ingest = buildIngest({
      eventLog: log,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      source,
      statusIntervalMs: 0,
      sequencing: { gapGraceMs: 10 },
    });
    await ingest.start();
    await ingest.done;
    return { log, ingest };
  }

  it('writes the trades of a CSV replay and dead-letters its bad rows with their reasons', async () => {
    const file = join(dir, 'BTCUSDT-trades-2024-07-18.csv');
    writeFileSync(
      file,
      [
        'id,price,qty,quote_qty,time,is_buyer_maker',
        '1,10,1,10,1000,true',
        '2,0,1,0,1001,true',
        '2,11,1,11,1002,false',
        'garbage',
        '3,12,2,24,1003,true',
      ].join('\n'),
    );
    const { log, ingest } = await run(replaySource({ files: [file] }));
    const trades = log.values<Trade>('md.trades.v1');
    expect(trades.map((t) => [t.tradeId, t.price, t.side])).toEqual([
      [1, 10, 'sell'],
      [2, 11, 'buy'],
      [3, 12, 'sell'],
    ]);
    const letters = log.values<DeadLetter>('md.deadletter.v1');
    expect(letters.map((d) => [d.code, d.raw, d.source])).toEqual([
      ['INVALID_PRICE', '2,0,1,0,1001,true', 'ingest/replay'],
      ['INVALID_CSV_ROW', 'garbage', 'ingest/replay'],
    ]);
    expect(ingest.status()).toMatchObject({ state: 'finished', produced: 3, deadLetters: 2 });
  });

  it('records a gap in a replayed file as unrecoverable (nothing to backfill from)', async () => {
    const file = join(dir, 'gappy.jsonl');
    writeFileSync(
      file,
      [frame('BTCUSDT', 1, 1000), frame('BTCUSDT', 2, 1001), frame('BTCUSDT', 6, 1002)].join('\n'),
    );
    const { log } = await run(replaySource({ files: [file] }));
    expect(log.values<Trade>('md.trades.v1').map((t) => t.tradeId)).toEqual([1, 2, 6]);
    expect(
      log
        .values<{ status: string; fromTradeId: number; toTradeId: number }>('md.trade-gaps.v1')
        .map((g) => [g.status, g.fromTradeId, g.toTradeId]),
    ).toEqual([
      ['detected', 3, 5],
      ['unrecoverable', 3, 5],
    ]);
  });

  it('writes a bounded synthetic session exactly once per trade', async () => {
    const { log, ingest } = await run(syntheticSource({ speed: 'max', maxTrades: 5_000, seed: 9 }));
    const trades = log.values<Trade>('md.trades.v1');
    expect(trades).toHaveLength(5_000);
    expect(new Set(trades.map((t) => `${t.symbol}:${t.tradeId}`)).size).toBe(5_000);
    expect(trades.every((t) => t.exchange === 'synthetic')).toBe(true);
    expect(ingest.status().deadLetters).toBe(0);
  });

  it('combines sources and ends when all have ended', async () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, frame('XRPUSDT', 1, 1000));
    const { log } = await run(
      combineSources(
        replaySource({ files: [file] }),
        syntheticSource({ speed: 'max', maxTrades: 100 }),
      ),
    );
    expect(log.values<Trade>('md.trades.v1')).toHaveLength(101);
  });

  it('on stop writes every trade it received from an endless source', async () => {
    const log = new MemoryEventLog();
    log.produceDelayMs = 2;
    const ingest = buildIngest({
      eventLog: log,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      source: syntheticSource({ speed: 'max' }),
      statusIntervalMs: 0,
    });
    await ingest.start();
    while (ingest.status().produced < 5_000) await new Promise((r) => setTimeout(r, 10));
    await ingest.stop();
    const status = ingest.status();
    const received = Object.values(status.symbols).reduce((n, s) => n + s.received, 0);
    expect(status.state).toBe('stopped');
    expect(log.records('md.trades.v1')).toHaveLength(received);
    expect(status.produced).toBe(received);
  }, 20_000);
});
