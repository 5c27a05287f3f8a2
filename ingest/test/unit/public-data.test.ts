import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TickstreamError } from '@tickstream/core';
import type { Candle, Trade } from '@tickstream/schema';
import { zipOne } from '@tickstream/testkit';
import {
  backfillOrigin,
  downloadVerified,
  parseChecksum,
  publicDataPath,
  publicDataUrl,
  readPublicKlines,
  readPublicTrades,
  utcDays,
} from '../../src/history/public-data';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const origin = backfillOrigin('binance-futures');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'public-data-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function zipFile(name: string, lines: readonly string[]): string {
  const path = join(dir, `${name}.zip`);
  writeFileSync(path, zipOne(`${name}.csv`, Buffer.from(`${lines.join('\n')}\n`)));
  return path;
}

async function all<T>(items: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function errorOf(promise: Promise<unknown>): Promise<TickstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TickstreamError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

/** A fetch that answers from a table of paths; anything else is a 404. */
function serve(files: Record<string, Buffer | string>) {
  const asked: string[] = [];
  const fn = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    asked.push(url.pathname);
    const body = files[url.pathname];
    if (body === undefined)
      return new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 });
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status: 200 });
  }) as typeof fetch;
  return { fn, asked };
}

describe("Binance's public data files", () => {
  it('are found where data.binance.vision keeps USD-M daily files', () => {
    expect(publicDataPath({ kind: 'trades', symbol: 'BTCUSDT', day: '2024-12-16' })).toBe(
      'data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-12-16.zip',
    );
    expect(publicDataPath({ kind: 'aggTrades', symbol: 'ETHUSDT', day: '2024-12-16' })).toBe(
      'data/futures/um/daily/aggTrades/ETHUSDT/ETHUSDT-aggTrades-2024-12-16.zip',
    );
    expect(
      publicDataUrl('https://data.binance.vision/', {
        kind: 'klines',
        symbol: 'BTCUSDT',
        day: '2024-12-16',
        interval: '1m',
      }),
    ).toBe(
      'https://data.binance.vision/data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-12-16.zip',
    );
    expect(() => publicDataPath({ kind: 'klines', symbol: 'BTCUSDT', day: '2024-12-16' })).toThrow(
      TickstreamError,
    );
  });

  it('cover a range with the UTC days it overlaps', () => {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
    expect(utcDays(day('2024-12-16'), day('2024-12-18'))).toEqual([
      { day: '2024-12-16', start: day('2024-12-16') },
      { day: '2024-12-17', start: day('2024-12-17') },
    ]);
    expect(utcDays(day('2024-12-16') + 3_600_000, day('2024-12-17') + 1).map((d) => d.day)).toEqual(
      ['2024-12-16', '2024-12-17'],
    );
    expect(utcDays(day('2024-12-16'), day('2024-12-16'))).toEqual([]);
  });

  it("read the sha256 of a .CHECKSUM in sha256sum's format, for that file only", () => {
    const hex = 'ab'.repeat(32);
    const url = 'https://x/BTCUSDT-trades-2024-12-16.zip.CHECKSUM';
    expect(
      parseChecksum(
        `${hex}  BTCUSDT-trades-2024-12-16.zip\n`,
        'BTCUSDT-trades-2024-12-16.zip',
        url,
      ),
    ).toBe(hex);
    expect(
      parseChecksum(
        `${hex.toUpperCase()} *BTCUSDT-trades-2024-12-16.zip`,
        'BTCUSDT-trades-2024-12-16.zip',
        url,
      ),
    ).toBe(hex);
    expect(() =>
      parseChecksum(`${hex}  ETHUSDT-trades-2024-12-16.zip`, 'BTCUSDT-trades-2024-12-16.zip', url),
    ).toThrow(
      'is the checksum of ETHUSDT-trades-2024-12-16.zip, not of BTCUSDT-trades-2024-12-16.zip',
    );
    expect(() =>
      parseChecksum('<html>not found</html>', 'BTCUSDT-trades-2024-12-16.zip', url),
    ).toThrow(`${url} is not a sha256 checksum line`);
  });

  it('are downloaded and checked before anyone reads them; a damaged one is refused, named, and deleted', async () => {
    const zip = zipOne(
      'BTCUSDT-trades-2024-12-16.csv',
      Buffer.from('1,100.5,0.5,50.25,1734307200000,false\n'),
    );
    const path = '/data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-12-16.zip';
    const checksum = `${sha256(zip)}  BTCUSDT-trades-2024-12-16.zip\n`;
    const good = serve({ [path]: zip, [`${path}.CHECKSUM`]: checksum });
    const file = await downloadVerified(`http://data.test${path}`, dir, { fetch: good.fn });
    expect(good.asked).toEqual([`${path}.CHECKSUM`, path]);
    const trades = await all(readPublicTrades(file, 'trades', 'BTCUSDT', origin));
    expect(trades.map((t) => [t.tradeId, t.price, t.qty, t.side, t.tradeTime])).toEqual([
      [1, 100.5, 0.5, 'buy', 1734307200000],
    ]);
    rmSync(file);

    const damaged = Buffer.from(zip);
    damaged[40] = (damaged[40] ?? 0) ^ 0xff;
    const bad = serve({ [path]: damaged, [`${path}.CHECKSUM`]: checksum });
    const error = await errorOf(
      downloadVerified(`http://data.test${path}`, dir, { fetch: bad.fn }),
    );
    expect(error.code).toBe('PUBLIC_DATA_CHECKSUM_MISMATCH');
    expect(error.message).toContain(`http://data.test${path} failed its checksum`);
    expect(error.message).toContain(`its sha256 is ${sha256(damaged)}`);
    expect(error.message).toContain(`.CHECKSUM says ${sha256(zip)}`);
    expect(error.message).toContain('run the same backfill again');
    expect(error.message).toContain('report');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('name the URL of a day that does not exist', async () => {
    const missing = serve({});
    const url =
      'http://data.test/data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2099-01-01.zip';
    const error = await errorOf(downloadVerified(url, dir, { fetch: missing.fn }));
    expect(error.code).toBe('PUBLIC_DATA_MISSING');
    expect(error.message).toContain(`${url}.CHECKSUM does not exist (HTTP 404)`);
    expect(existsSync(join(dir, 'BTCUSDT-trades-2099-01-01.zip'))).toBe(false);
  });

  it('give trades from trades rows with or without a header, and aggregates standing for their trades f..l', async () => {
    const rows = [
      '10,100.5,0.5,50.25,1734307200000,false',
      '11,100.4,1.5,150.6,1734307200001,true',
    ];
    const withHeader = zipFile('BTCUSDT-trades-2024-12-16', [
      'id,price,qty,quote_qty,time,is_buyer_maker',
      ...rows,
    ]);
    const without = zipFile('ETHUSDT-trades-2024-12-16', rows);
    const a = await all(readPublicTrades(withHeader, 'trades', 'BTCUSDT', origin));
    const b = await all(readPublicTrades(without, 'trades', 'ETHUSDT', origin));
    expect(a.map((t) => t.tradeId)).toEqual([10, 11]);
    expect(b.map((t) => [t.symbol, t.tradeId, t.side])).toEqual([
      ['ETHUSDT', 10, 'buy'],
      ['ETHUSDT', 11, 'sell'],
    ]);
    expect(a.every((t) => t.firstTradeId === undefined)).toBe(true);

    const aggs = zipFile('BTCUSDT-aggTrades-2024-12-16', [
      'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker',
      '500,100.5,2.0,10,13,1734307200000,false',
      '501,100.4,1.0,14,14,1734307200005,true',
    ]);
    const got: Trade[] = await all(readPublicTrades(aggs, 'aggTrades', 'BTCUSDT', origin));
    expect(got.map((t) => [t.firstTradeId, t.tradeId, t.qty, t.side])).toEqual([
      [10, 13, 2, 'buy'],
      [14, 14, 1, 'sell'],
    ]);
  });

  it('stop at a row that does not read, naming the file and the line', async () => {
    const path = zipFile('BTCUSDT-trades-2024-12-16', [
      '10,100.5,0.5,50.25,1734307200000,false',
      '11,-1,0.5,50.25,1734307200001,false',
    ]);
    const error = await errorOf(
      all(readPublicTrades(path, 'trades', 'BTCUSDT', origin, 'https://x/f.zip')),
    );
    expect(error.code).toBe('PUBLIC_DATA_BAD_ROW');
    expect(error.message).toMatch(/^https:\/\/x\/f\.zip, line 2: price must be a positive decimal/);
    const aggs = zipFile('BTCUSDT-aggTrades-2024-12-16', [
      '500,100.5,2.0,13,10,1734307200000,false',
    ]);
    await expect(all(readPublicTrades(aggs, 'aggTrades', 'BTCUSDT', origin))).rejects.toThrow(
      'first_trade_id 13 and last_trade_id 10 are not a range',
    );
  });

  it('give bars from klines rows with or without a header, without empty bars, in ms from µs too', async () => {
    const t0 = Date.UTC(2024, 11, 16, 0, 0);
    const row = (start: number, count: number, scale = 1) =>
      [
        start * scale,
        '100',
        '101',
        '99',
        '100.5',
        '3',
        (start + 59_999) * scale,
        '301',
        count,
        '1',
        '100.5',
        '0',
      ].join(',');
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const a = zipFile('BTCUSDT-1m-2024-12-16', [
      header,
      row(t0, 7),
      row(t0 + 60_000, 0),
      row(t0 + 120_000, 2),
    ]);
    const b = zipFile('ETHUSDT-1m-2024-12-16', [row(t0, 7, 1000)]);
    const bars: Candle[] = await all(readPublicKlines(a, 'BTCUSDT', '1m', 'binance-futures'));
    expect(bars.map((c) => [c.start, c.end, c.tradeCount, c.source, c.final])).toEqual([
      [t0, t0 + 60_000, 7, 'klines', true],
      [t0 + 120_000, t0 + 180_000, 2, 'klines', true],
    ]);
    expect(bars[0]).toMatchObject({
      open: 100,
      high: 101,
      low: 99,
      close: 100.5,
      volume: 3,
      buyVolume: 1,
      sellVolume: 2,
    });
    const micro = await all(readPublicKlines(b, 'ETHUSDT', '1m', 'binance-futures'));
    expect(micro.map((c) => [c.symbol, c.start, c.end])).toEqual([['ETHUSDT', t0, t0 + 60_000]]);
    const broken = zipFile('BTCUSDT-5m-2024-12-16', [row(t0, 7), 'x,y']);
    await expect(
      all(readPublicKlines(broken, 'BTCUSDT', '5m', 'binance-futures', 'the file')),
    ).rejects.toThrow('the file, line 2: not a kline row: x,y');
  });
});
