import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggTradeBuilder, type TapeAggTrade, type TapeTrade } from '@tickstream/ingest';
import { INTERVAL_MS, type Interval } from '@tickstream/schema';
import { zipOne } from '@tickstream/testkit';

// Binance's public data files of a capture's trades, on one local port, in the layout of
// data.binance.vision: daily zips of trades, aggregate trades and klines, each with its
// .CHECKSUM. Aggregates are built from the trades as Binance builds them, klines computed
// from the trades with exact decimal sums; everything is made at start. (The REST history of
// the same trades comes from the project's mock exchange, computed on its own.)

/** A REST kline: [open time, open, high, low, close, volume, close time, quote volume, trades, taker buy volume, taker buy quote volume, ignore]. */
export type KlineArray = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

const SCALE = 8;
/** A decimal string as an integer of 10^-8 units (Binance prints at most 8 decimals). */
function units(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(`${whole}${fraction.padEnd(SCALE, '0').slice(0, SCALE)}`);
}
/** An integer of 10^-scale units as a decimal string. */
function decimal(value: bigint, scale = SCALE): string {
  const digits = value.toString().padStart(scale + 1, '0');
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return fraction ? `${digits.slice(0, -scale)}.${fraction}` : digits.slice(0, -scale);
}

/**
 * Klines of one symbol's trades (in id order): every bar from the first trade's to the last
 * trade's, the ones without trades included with a count of 0, as Binance lists them.
 */
export function klinesOf(trades: readonly TapeTrade[], interval: Interval): KlineArray[] {
  const size = INTERVAL_MS[interval];
  const buckets = new Map<number, TapeTrade[]>();
  for (const t of trades) {
    const start = Math.floor(t.time / size) * size;
    buckets.set(start, [...(buckets.get(start) ?? []), t]);
  }
  const starts = [...buckets.keys()].sort((a, b) => a - b);
  const first = starts[0];
  const last = starts.at(-1);
  if (first === undefined || last === undefined) return [];
  const out: KlineArray[] = [];
  let close = '0';
  for (let start = first; start <= last; start += size) {
    const bucket = [...(buckets.get(start) ?? [])].sort((a, b) => a.time - b.time || a.id - b.id);
    const prices = bucket.map((t) => Number(t.price));
    const volume = (list: TapeTrade[]) => decimal(list.reduce((s, t) => s + units(t.qty), 0n));
    const quote = (list: TapeTrade[]) =>
      decimal(
        list.reduce((s, t) => s + units(t.price) * units(t.qty), 0n),
        2 * SCALE,
      );
    const buy = bucket.filter((t) => !t.isBuyerMaker);
    const open = bucket[0]?.price ?? close;
    close = bucket.at(-1)?.price ?? close;
    out.push([
      start,
      open,
      bucket.length > 0 ? String(Math.max(...prices)) : close,
      bucket.length > 0 ? String(Math.min(...prices)) : close,
      close,
      volume(bucket),
      start + size - 1,
      quote(bucket),
      bucket.length,
      volume(buy),
      quote(buy),
      '0',
    ]);
  }
  return out;
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export interface BinanceDataServer {
  /** Base URL of the files (BINANCE_DATA_URL). */
  readonly url: string;
  /** Request paths (with query), in order. */
  readonly requests: string[];
  /** Serves a damaged copy of the file at `path` (its .CHECKSUM stays the good file's). */
  corrupt(path: string): void;
  /** Serves every file as built again. */
  repair(): void;
  close(): Promise<void>;
}

function csvFiles(
  symbol: string,
  trades: readonly TapeTrade[],
  aggs: readonly TapeAggTrade[],
  intervals: readonly Interval[],
  files: Map<string, Buffer>,
): void {
  // BTCUSDT files carry the header row of newer files, the others none (older files).
  const header = symbol === 'BTCUSDT';
  const put = (path: string, name: string, lines: string[]) => {
    const zip = zipOne(name, Buffer.from(`${lines.join('\n')}\n`));
    files.set(path, zip);
    const sha = createHash('sha256').update(zip).digest('hex');
    files.set(
      `${path}.CHECKSUM`,
      Buffer.from(`${sha}  ${path.slice(path.lastIndexOf('/') + 1)}\n`),
    );
  };
  for (const [d, list] of groupBy(trades, (t) => day(t.time))) {
    const name = `${symbol}-trades-${d}`;
    put(`/data/futures/um/daily/trades/${symbol}/${name}.zip`, `${name}.csv`, [
      ...(header ? ['id,price,qty,quote_qty,time,is_buyer_maker'] : []),
      ...list.map(
        (t) =>
          `${t.id},${t.price},${t.qty},${decimal(units(t.price) * units(t.qty), 2 * SCALE)},${t.time},${t.isBuyerMaker}`,
      ),
    ]);
    for (const interval of intervals) {
      if (interval === '1s') continue;
      const kname = `${symbol}-${interval}-${d}`;
      put(`/data/futures/um/daily/klines/${symbol}/${interval}/${kname}.zip`, `${kname}.csv`, [
        ...(header
          ? [
              'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
            ]
          : []),
        ...klinesOf(list, interval).map((k) => k.join(',')),
      ]);
    }
  }
  for (const [d, list] of groupBy(aggs, (a) => day(a.time))) {
    const name = `${symbol}-aggTrades-${d}`;
    put(`/data/futures/um/daily/aggTrades/${symbol}/${name}.zip`, `${name}.csv`, [
      ...(header
        ? ['agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker']
        : []),
      ...list.map(
        (a) =>
          `${a.aggId},${a.price},${a.qty},${a.firstId},${a.lastId},${a.time},${a.isBuyerMaker}`,
      ),
    ]);
  }
}

/** Serves `trades` (a capture, in file order) as Binance's public data files. */
export async function startBinanceDataServer(
  trades: readonly TapeTrade[],
  intervals: readonly Interval[],
): Promise<BinanceDataServer> {
  const built = new Map<string, Buffer>();
  let firstAggId = 1_000_000;
  for (const [symbol, unsorted] of groupBy(trades, (t) => t.symbol)) {
    const list = [...unsorted].sort((a, b) => a.id - b.id);
    const builder = new AggTradeBuilder(firstAggId);
    const out: TapeAggTrade[] = [];
    for (const t of list) {
      const closed = builder.add(t);
      if (closed) out.push(closed);
    }
    const closed = builder.close();
    if (closed) out.push(closed);
    firstAggId += 10_000_000;
    csvFiles(symbol, list, out, intervals, built);
  }
  let files = new Map(built);
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://local');
    requests.push(`${url.pathname}${url.search}`);
    const file = files.get(url.pathname);
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'application/xml' });
      return response.end('<Error><Code>NoSuchKey</Code></Error>');
    }
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': file.length });
    response.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    corrupt(path) {
      const good = built.get(path);
      if (good === undefined) throw new Error(`no file ${path}`);
      const bad = Buffer.from(good);
      // A byte of the deflated data: the zip still opens, its content is wrong.
      const at = Math.floor(bad.length / 2);
      bad[at] = (bad[at] ?? 0) ^ 0xff;
      files.set(path, bad);
    },
    repair() {
      files = new Map(built);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
