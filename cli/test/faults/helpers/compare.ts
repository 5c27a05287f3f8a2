import type { ClickHouseClient } from '@clickhouse/client';
import type { TapeTrade } from '@tickstream/ingest';
import { INTERVAL_MS } from '@tickstream/schema';

// The end of every scenario: the tables the roles wrote, against ClickHouse's own GROUP BY
// over the trades the exchange played (loaded into a table of the same ClickHouse). A
// difference is reported candle by candle and trade id by trade id, for debugging.

export const TAPE_TABLE = 'faults_tape';

/** The trades the exchange executed (its REST history, live-stamped when timestamps are live). */
export async function loadTape(
  client: ClickHouseClient,
  trades: readonly TapeTrade[],
): Promise<void> {
  await client.command({ query: `DROP TABLE IF EXISTS ${TAPE_TABLE}` });
  // Prices and quantities stay the exchange's decimal strings; the queries convert them the
  // way ingest does (Float64 prices) or exactly (Decimal quantities).
  await client.command({
    query: `CREATE TABLE ${TAPE_TABLE} (symbol String, trade_id UInt64, price_str String, qty_str String, trade_time_ms UInt64) ENGINE = MergeTree ORDER BY (symbol, trade_id)`,
  });
  await client.insert({
    table: TAPE_TABLE,
    values: trades.map((t) => ({
      symbol: t.symbol,
      trade_id: t.id,
      price_str: t.price,
      qty_str: t.qty,
      trade_time_ms: t.time,
    })),
    format: 'JSONEachRow',
  });
}

export interface CandleValues {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Expected: the exact decimal sum; actual: the stored Float64. */
  readonly volume: string;
  readonly trade_count: number;
  readonly first_trade_id: number;
  readonly last_trade_id: number;
}

type CandleKey = string; // `${symbol} ${interval} ${ISO start}`

interface CandleRowJson {
  symbol: string;
  bar_interval: string;
  start: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: string | number;
  trade_count: string;
  first_trade_id: string;
  last_trade_id: string;
}

function toCandleMap(rows: readonly CandleRowJson[]): Map<CandleKey, CandleValues> {
  const map = new Map<CandleKey, CandleValues>();
  for (const r of rows) {
    map.set(`${r.symbol} ${r.bar_interval} ${new Date(Number(r.start)).toISOString()}`, {
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      volume: String(r.volume),
      trade_count: Number(r.trade_count),
      first_trade_id: Number(r.first_trade_id),
      last_trade_id: Number(r.last_trade_id),
    });
  }
  return map;
}

async function rows<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

export async function expectedCandles(
  client: ClickHouseClient,
  intervals: readonly string[],
): Promise<Map<CandleKey, CandleValues>> {
  const all: CandleRowJson[] = [];
  for (const interval of intervals) {
    const ms = (INTERVAL_MS as Readonly<Record<string, number>>)[interval];
    if (ms === undefined) throw new Error(`unknown candle interval ${interval}`);
    all.push(
      ...(await rows<CandleRowJson>(
        client,
        `SELECT symbol, {iv:String} AS bar_interval,
                toString(intDiv(trade_time_ms, {ms:UInt64}) * {ms:UInt64}) AS start,
                argMin(toFloat64(price_str), (trade_time_ms, trade_id)) AS open,
                max(toFloat64(price_str)) AS high,
                min(toFloat64(price_str)) AS low,
                argMax(toFloat64(price_str), (trade_time_ms, trade_id)) AS close,
                toString(sum(toDecimal128(qty_str, 8))) AS volume,
                toString(count()) AS trade_count,
                toString(min(trade_id)) AS first_trade_id,
                toString(max(trade_id)) AS last_trade_id
         FROM ${TAPE_TABLE}
         GROUP BY symbol, start`,
        { iv: interval, ms },
      )),
    );
  }
  return toCandleMap(all);
}

export async function actualCandles(
  client: ClickHouseClient,
  intervals: readonly string[],
): Promise<Map<CandleKey, CandleValues>> {
  return toCandleMap(
    await rows<CandleRowJson>(
      client,
      `SELECT symbol, bar_interval, toString(toUnixTimestamp64Milli(bucket_start)) AS start,
              open, high, low, close, volume, toString(trade_count) AS trade_count,
              toString(first_trade_id) AS first_trade_id, toString(last_trade_id) AS last_trade_id
       FROM candles FINAL
       WHERE bar_interval IN {intervals:Array(String)}`,
      { intervals },
    ),
  );
}

/** Stored Float64 volume against the exact decimal sum, at the tape's precision (8 decimals). */
function sameVolume(expected: string, actual: string): boolean {
  return Number(Number(actual).toFixed(8)) === Number(expected);
}

export interface CandleDiff {
  readonly matched: number;
  readonly missing: { key: string; expected: CandleValues }[];
  readonly extra: { key: string; actual: CandleValues }[];
  readonly different: {
    key: string;
    fields: Record<string, { expected: unknown; actual: unknown }>;
  }[];
}

export function diffCandles(
  expected: ReadonlyMap<CandleKey, CandleValues>,
  actual: ReadonlyMap<CandleKey, CandleValues>,
): CandleDiff {
  const diff: CandleDiff = { matched: 0, missing: [], extra: [], different: [] };
  let matched = 0;
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (got === undefined) {
      diff.missing.push({ key, expected: want });
      continue;
    }
    const fields: Record<string, { expected: unknown; actual: unknown }> = {};
    for (const field of Object.keys(want) as (keyof CandleValues)[]) {
      const same =
        field === 'volume' ? sameVolume(want.volume, got.volume) : want[field] === got[field];
      if (!same) fields[field] = { expected: want[field], actual: got[field] };
    }
    if (Object.keys(fields).length > 0) diff.different.push({ key, fields });
    else matched++;
  }
  for (const [key, got] of actual) if (!expected.has(key)) diff.extra.push({ key, actual: got });
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  diff.missing.sort(byKey);
  diff.extra.sort(byKey);
  diff.different.sort(byKey);
  return { ...diff, matched };
}

export function candleDiffIsEmpty(diff: CandleDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.different.length === 0;
}

export function formatCandleDiff(diff: CandleDiff, limit = 25): string {
  if (candleDiffIsEmpty(diff)) return `candles: all ${diff.matched} equal`;
  const lines = [
    `candles: ${diff.matched} equal, ${diff.different.length} different, ${diff.missing.length} missing, ${diff.extra.length} extra`,
  ];
  const byInterval = (keys: readonly { key: string }[]) => {
    const counts: Record<string, number> = {};
    for (const { key } of keys) {
      const [symbol, interval] = key.split(' ');
      const k = `${symbol} ${interval}`;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    return JSON.stringify(counts);
  };
  if (diff.different.length > 0)
    lines.push(`  different by symbol/interval: ${byInterval(diff.different)}`);
  if (diff.missing.length > 0)
    lines.push(`  missing by symbol/interval: ${byInterval(diff.missing)}`);
  for (const d of diff.different.slice(0, limit)) {
    const fields = Object.entries(d.fields)
      .map(([f, v]) => `${f} expected ${String(v.expected)} actual ${String(v.actual)}`)
      .join('; ');
    lines.push(`  ≠ ${d.key}: ${fields}`);
  }
  for (const m of diff.missing.slice(0, limit))
    lines.push(`  missing ${m.key}: expected ${JSON.stringify(m.expected)}`);
  for (const e of diff.extra.slice(0, limit))
    lines.push(`  extra ${e.key}: ${JSON.stringify(e.actual)}`);
  return lines.join('\n');
}

export interface TradeDiff {
  readonly expected: number;
  /** Rows in trades FINAL. */
  readonly stored: number;
  /** Per symbol, ids of the tape not stored. */
  readonly missing: Record<string, number[]>;
  /** Per symbol, stored ids not on the tape. */
  readonly extra: Record<string, number[]>;
  /** (symbol, id) stored more than once in the deduplicated view. */
  readonly duplicated: { symbol: string; id: number; copies: number }[];
  /** Stored with another price or trade time than the tape's. */
  readonly wrongValues: { symbol: string; id: number; expected: string; actual: string }[];
}

interface TradeRowJson {
  symbol: string;
  trade_id: string;
  price: number;
  t: string;
  copies?: string;
}

export async function diffTrades(client: ClickHouseClient): Promise<TradeDiff> {
  const want = await rows<TradeRowJson>(
    client,
    `SELECT symbol, toString(trade_id) AS trade_id, toFloat64(price_str) AS price, toString(trade_time_ms) AS t FROM ${TAPE_TABLE}`,
  );
  const got = await rows<TradeRowJson>(
    client,
    `SELECT symbol, toString(trade_id) AS trade_id, any(price) AS price,
            toString(any(toUnixTimestamp64Milli(trade_time))) AS t, toString(count()) AS copies
     FROM trades FINAL GROUP BY symbol, trade_id`,
  );
  const wantBy = new Map(want.map((r) => [`${r.symbol} ${r.trade_id}`, r]));
  const gotBy = new Map(got.map((r) => [`${r.symbol} ${r.trade_id}`, r]));
  const missing: Record<string, number[]> = {};
  const extra: Record<string, number[]> = {};
  const duplicated: TradeDiff['duplicated'] = [];
  const wrongValues: TradeDiff['wrongValues'] = [];
  let stored = 0;
  for (const [key, w] of wantBy) {
    const g = gotBy.get(key);
    if (g === undefined) (missing[w.symbol] ??= []).push(Number(w.trade_id));
    else if (g.price !== w.price || g.t !== w.t)
      wrongValues.push({
        symbol: w.symbol,
        id: Number(w.trade_id),
        expected: `${w.price}@${w.t}`,
        actual: `${g.price}@${g.t}`,
      });
  }
  for (const [key, g] of gotBy) {
    const copies = Number(g.copies ?? 1);
    stored += copies;
    if (copies > 1) duplicated.push({ symbol: g.symbol, id: Number(g.trade_id), copies });
    if (!wantBy.has(key)) (extra[g.symbol] ??= []).push(Number(g.trade_id));
  }
  for (const list of [...Object.values(missing), ...Object.values(extra)])
    list.sort((a, b) => a - b);
  return { expected: want.length, stored, missing, extra, duplicated, wrongValues };
}

export function tradeDiffIsEmpty(diff: TradeDiff): boolean {
  return (
    Object.keys(diff.missing).length === 0 &&
    Object.keys(diff.extra).length === 0 &&
    diff.duplicated.length === 0 &&
    diff.wrongValues.length === 0
  );
}

/** 1,2,3,7,9,10 → "1–3, 7, 9–10". */
export function idRanges(ids: readonly number[], limit = 12): string {
  const ranges: string[] = [];
  let start = ids[0];
  let prev = ids[0];
  const flush = () => {
    if (start === undefined || prev === undefined) return;
    ranges.push(start === prev ? `${start}` : `${start}–${prev} (${prev - start + 1})`);
  };
  for (const id of ids.slice(1)) {
    if (prev !== undefined && id === prev + 1) {
      prev = id;
      continue;
    }
    flush();
    start = id;
    prev = id;
  }
  flush();
  return ranges.length > limit
    ? `${ranges.slice(0, limit).join(', ')}, … (${ranges.length} ranges)`
    : ranges.join(', ');
}

export function formatTradeDiff(diff: TradeDiff, limit = 10): string {
  if (tradeDiffIsEmpty(diff)) return `trades: all ${diff.expected} stored exactly once`;
  const lines = [`trades: ${diff.expected} on the tape, ${diff.stored} stored`];
  for (const [symbol, ids] of Object.entries(diff.missing))
    lines.push(`  missing ${symbol}: ${ids.length} ids: ${idRanges(ids)}`);
  for (const [symbol, ids] of Object.entries(diff.extra))
    lines.push(`  extra ${symbol}: ${ids.length} ids: ${idRanges(ids)}`);
  for (const d of diff.duplicated.slice(0, limit))
    lines.push(`  duplicated ${d.symbol} ${d.id}: ${d.copies} copies`);
  for (const w of diff.wrongValues.slice(0, limit))
    lines.push(
      `  wrong ${w.symbol} ${w.id}: expected price@time ${w.expected}, stored ${w.actual}`,
    );
  if (diff.wrongValues.length > limit) lines.push(`  … ${diff.wrongValues.length} wrong in all`);
  return lines.join('\n');
}
