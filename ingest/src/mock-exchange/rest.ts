import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggTradeItem, historicalTradeItem } from '../tape/binance-frames';
import type { TapeAggTrade, TapeTrade } from '../tape/tape-trade';
import { firstAtOrAfter } from '../util/sorted';
import { KLINE_INTERVALS } from './klines';
import type { RestLimits } from './rest-limits';
import type { TapePlayer } from './tape-player';

export type BackfillMode = 'available' | 'unavailable' | 'empty';

export interface RestState {
  mode: BackfillMode;
  readonly limits: RestLimits;
  readonly log: string[];
}

interface Endpoint {
  readonly weight: (params: URLSearchParams) => number;
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

const HOUR_MS = 3_600_000;

/** GET /fapi/v1/klines weighs by its limit: [1,100) 1, [100,500) 2, [500,1000] 5, more 10. */
function klinesWeight(params: URLSearchParams): number {
  const limit = Number(params.get('limit') ?? 500);
  if (!Number.isInteger(limit)) return 5;
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

const fixed = (weight: number) => () => weight;

// Binance USD-M's request weights and limits (a data table).
const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  '/fapi/v1/historicalTrades': { weight: fixed(20), defaultLimit: 100, maxLimit: 500 },
  '/fapi/v1/aggTrades': { weight: fixed(20), defaultLimit: 500, maxLimit: 1000 },
  '/fapi/v1/trades': { weight: fixed(5), defaultLimit: 500, maxLimit: 1000 },
  '/fapi/v1/klines': { weight: klinesWeight, defaultLimit: 500, maxLimit: 1500 },
  '/fapi/v1/ping': { weight: fixed(1), defaultLimit: 0, maxLimit: 0 },
  '/fapi/v1/time': { weight: fixed(1), defaultLimit: 0, maxLimit: 0 },
  '/fapi/v1/exchangeInfo': { weight: fixed(1), defaultLimit: 0, maxLimit: 0 },
};

/** A request Binance would refuse with HTTP 400 and this code. */
class BadRequest extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function integerParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d{1,20}$/.test(raw) || !Number.isSafeInteger(value))
    throw new BadRequest(
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  return value;
}

function timeRange(params: URLSearchParams): { startTime?: number; endTime?: number } {
  const startTime = integerParam(params, 'startTime');
  const endTime = integerParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime)
    throw new BadRequest(-1023, 'Start time is greater than end time.');
  return {
    ...(startTime !== undefined ? { startTime } : {}),
    ...(endTime !== undefined ? { endTime } : {}),
  };
}

function klines(player: TapePlayer, symbol: string, params: URLSearchParams, limit: number) {
  const interval = params.get('interval');
  if (interval === null || interval === '')
    throw new BadRequest(
      -1102,
      "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.",
    );
  const intervalMs = Object.hasOwn(KLINE_INTERVALS, interval)
    ? KLINE_INTERVALS[interval]
    : undefined;
  if (intervalMs === undefined) throw new BadRequest(-1120, 'Invalid interval.');
  return player.klines(symbol, intervalMs, { ...timeRange(params), limit });
}

/**
 * By fromId, or by time: aggregates whose time is in [startTime, endTime], at most an hour
 * apart; startTime alone answers from startTime, endTime alone the newest up to it. USD-M's
 * documentation asks for fromId or times, never both (they may time out); the mock refuses
 * both as Binance's spot API does (-1128).
 */
function aggTrades(player: TapePlayer, symbol: string, params: URLSearchParams, limit: number) {
  const fromId = integerParam(params, 'fromId');
  const { startTime, endTime } = timeRange(params);
  if (fromId !== undefined && (startTime !== undefined || endTime !== undefined))
    throw new BadRequest(-1128, 'Combination of optional parameters invalid.');
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > HOUR_MS)
    throw new BadRequest(-1127, 'More than 1 hours between startTime and endTime.');
  const list = player.aggHistory(symbol);
  const timeOf = (a: TapeAggTrade) => a.time;
  let items: readonly TapeAggTrade[];
  if (fromId !== undefined) {
    const from = firstAtOrAfter(list, fromId, (a) => a.aggId);
    items = list.slice(from, from + limit);
  } else if (startTime !== undefined) {
    const from = firstAtOrAfter(list, startTime, timeOf);
    const to = endTime === undefined ? list.length : firstAtOrAfter(list, endTime + 1, timeOf);
    items = list.slice(from, Math.min(to, from + limit));
  } else {
    const to = endTime === undefined ? list.length : firstAtOrAfter(list, endTime + 1, timeOf);
    items = list.slice(Math.max(0, to - limit), to);
  }
  return items.map(aggTradeItem);
}

/** historicalTrades pages by fromId; /trades has no fromId and only answers the latest. */
function trades(
  player: TapePlayer,
  symbol: string,
  params: URLSearchParams,
  limit: number,
  byId: boolean,
) {
  const fromId = integerParam(params, 'fromId');
  const list = player.history(symbol);
  if (!byId || fromId === undefined)
    return list.slice(Math.max(0, list.length - limit)).map(historicalTradeItem);
  const from = firstAtOrAfter(list, fromId, (t: TapeTrade) => t.id);
  return list.slice(from, from + limit).map(historicalTradeItem);
}

function limitOf(params: URLSearchParams, endpoint: Endpoint): number {
  const raw = params.get('limit');
  const limit = raw === null ? endpoint.defaultLimit : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > endpoint.maxLimit)
    throw new BadRequest(
      -1130,
      `Data sent for parameter 'limit' is not valid (1..${endpoint.maxLimit}).`,
    );
  return limit;
}

function symbolOf(params: URLSearchParams, player: TapePlayer): string {
  const symbol = params.get('symbol')?.toUpperCase() ?? '';
  if (!/^[A-Z0-9]{2,30}$/.test(symbol))
    throw new BadRequest(
      -1102,
      "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    );
  if (!player.symbols().includes(symbol)) throw new BadRequest(-1121, 'Invalid symbol.');
  return symbol;
}

/** The market-data endpoints' answer, or the BadRequest Binance would give. */
function marketData(
  path: string,
  params: URLSearchParams,
  endpoint: Endpoint,
  player: TapePlayer,
  mode: BackfillMode,
): unknown {
  const symbol = symbolOf(params, player);
  const limit = limitOf(params, endpoint);
  if (path === '/fapi/v1/klines') {
    const bars = klines(player, symbol, params, limit);
    return mode === 'empty' ? [] : bars;
  }
  if (path === '/fapi/v1/aggTrades') {
    const items = aggTrades(player, symbol, params, limit);
    return mode === 'empty' ? [] : items;
  }
  const items = trades(player, symbol, params, limit, path === '/fapi/v1/historicalTrades');
  return mode === 'empty' ? [] : items;
}

/**
 * Binance USD-M's REST market data as far as ingest uses it: the trade history
 * (historicalTrades, aggTrades, trades), klines, ping, time and exchangeInfo, with Binance's
 * request weights, 429 and IP bans.
 */
export function handleRest(
  request: IncomingMessage,
  response: ServerResponse,
  player: TapePlayer,
  state: RestState,
): void {
  const url = new URL(request.url ?? '/', 'http://mock');
  state.log.push(`${url.pathname}${url.search}`);
  const now = Date.now();
  const endpoint = ENDPOINTS[url.pathname];
  if (request.method !== 'GET' || endpoint === undefined) {
    return json(response, 404, {
      code: -1000,
      msg: `Unknown endpoint ${request.method} ${url.pathname}`,
    });
  }
  const admission = state.limits.admit(endpoint.weight(url.searchParams), now);
  if (!admission.admitted) {
    return json(response, admission.status, admission.body, {
      'retry-after': String(admission.retryAfterSeconds),
      'x-mbx-used-weight-1m': String(admission.used),
    });
  }
  const headers = { 'x-mbx-used-weight-1m': String(admission.used) };

  if (url.pathname === '/fapi/v1/ping') return json(response, 200, {}, headers);
  if (url.pathname === '/fapi/v1/time') return json(response, 200, { serverTime: now }, headers);
  if (url.pathname === '/fapi/v1/exchangeInfo') {
    const symbols = player
      .symbols()
      .map((symbol) => ({ symbol, status: 'TRADING', contractType: 'PERPETUAL' }));
    return json(response, 200, { timezone: 'UTC', serverTime: now, symbols }, headers);
  }
  if (state.mode === 'unavailable')
    return json(
      response,
      503,
      { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
      headers,
    );
  try {
    const body = marketData(url.pathname, url.searchParams, endpoint, player, state.mode);
    return json(response, 200, body, headers);
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error;
    return json(response, 400, { code: error.code, msg: error.message }, headers);
  }
}
