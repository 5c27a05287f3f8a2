import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggTradeItem, historicalTradeItem } from '../tape/binance-frames';
import type { TapeAggTrade, TapeTrade } from '../tape/tape-trade';
import type { TapePlayer } from './tape-player';

export type BackfillMode = 'available' | 'unavailable' | 'empty';

export interface RestState {
  mode: BackfillMode;
  requests: number;
  rateLimited: number;
  readonly weightPerMinute: number;
  readonly weights: { time: number; weight: number }[];
}

function firstAtOrAfter<T>(list: readonly T[], id: number, idOf: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid];
    if (item !== undefined && idOf(item) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

function usedWeight(state: RestState, now: number): number {
  while (state.weights.length > 0 && (state.weights[0]?.time ?? now) <= now - 60_000)
    state.weights.shift();
  return state.weights.reduce((sum, w) => sum + w.weight, 0);
}

function page<T>(
  list: readonly T[],
  fromId: number | undefined,
  limit: number,
  idOf: (item: T) => number,
): readonly T[] {
  if (fromId === undefined) return list.slice(Math.max(0, list.length - limit));
  const start = firstAtOrAfter(list, fromId, idOf);
  return list.slice(start, start + limit);
}

/** Binance's REST trade history, as far as backfilling needs it (plus ping, time and exchangeInfo). */
export function handleRest(
  request: IncomingMessage,
  response: ServerResponse,
  player: TapePlayer,
  state: RestState,
): void {
  const url = new URL(request.url ?? '/', 'http://mock');
  const now = Date.now();
  const endpoints: Record<string, { weight: number; defaultLimit: number; maxLimit: number }> = {
    '/fapi/v1/historicalTrades': { weight: 20, defaultLimit: 100, maxLimit: 500 },
    '/fapi/v1/aggTrades': { weight: 20, defaultLimit: 500, maxLimit: 1000 },
    '/fapi/v1/trades': { weight: 5, defaultLimit: 500, maxLimit: 1000 },
    '/fapi/v1/ping': { weight: 1, defaultLimit: 0, maxLimit: 0 },
    '/fapi/v1/time': { weight: 1, defaultLimit: 0, maxLimit: 0 },
    '/fapi/v1/exchangeInfo': { weight: 1, defaultLimit: 0, maxLimit: 0 },
  };
  const endpoint = endpoints[url.pathname];
  if (request.method !== 'GET' || endpoint === undefined) {
    return json(response, 404, {
      code: -1000,
      msg: `Unknown endpoint ${request.method} ${url.pathname}`,
    });
  }
  state.requests++;
  const used = usedWeight(state, now);
  if (used + endpoint.weight > state.weightPerMinute) {
    state.rateLimited++;
    const oldest = state.weights[0]?.time ?? now;
    const retryAfter = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
    return json(
      response,
      429,
      { code: -1003, msg: 'Too many requests; current limit is exceeded.' },
      { 'retry-after': String(retryAfter), 'x-mbx-used-weight-1m': String(used) },
    );
  }
  state.weights.push({ time: now, weight: endpoint.weight });
  const headers = { 'x-mbx-used-weight-1m': String(used + endpoint.weight) };

  if (url.pathname === '/fapi/v1/ping') return json(response, 200, {}, headers);
  if (url.pathname === '/fapi/v1/time') return json(response, 200, { serverTime: now }, headers);
  if (url.pathname === '/fapi/v1/exchangeInfo') {
    return json(
      response,
      200,
      {
        timezone: 'UTC',
        serverTime: now,
        symbols: player
          .symbols()
          .map((symbol) => ({ symbol, status: 'TRADING', contractType: 'PERPETUAL' })),
      },
      headers,
    );
  }
  if (state.mode === 'unavailable')
    return json(
      response,
      503,
      { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
      headers,
    );

  const symbol = url.searchParams.get('symbol')?.toUpperCase() ?? '';
  if (!/^[A-Z0-9]{2,30}$/.test(symbol))
    return json(
      response,
      400,
      {
        code: -1102,
        msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
      },
      headers,
    );
  if (!player.symbols().includes(symbol))
    return json(response, 400, { code: -1121, msg: 'Invalid symbol.' }, headers);
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? endpoint.defaultLimit : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > endpoint.maxLimit) {
    return json(
      response,
      400,
      {
        code: -1130,
        msg: `Data sent for parameter 'limit' is not valid (1..${endpoint.maxLimit}).`,
      },
      headers,
    );
  }
  const fromParam = url.searchParams.get('fromId');
  const fromId = fromParam === null ? undefined : Number(fromParam);
  if (fromId !== undefined && (!Number.isSafeInteger(fromId) || fromId < 0)) {
    return json(
      response,
      400,
      { code: -1100, msg: "Illegal characters found in parameter 'fromId'." },
      headers,
    );
  }
  if (state.mode === 'empty') return json(response, 200, [], headers);
  if (url.pathname === '/fapi/v1/aggTrades') {
    const items = page(player.aggHistory(symbol), fromId, limit, (a: TapeAggTrade) => a.aggId);
    return json(response, 200, items.map(aggTradeItem), headers);
  }
  // /trades has no fromId: it only ever answers the latest trades.
  const items = page(
    player.history(symbol),
    url.pathname === '/fapi/v1/trades' ? undefined : fromId,
    limit,
    (t: TapeTrade) => t.id,
  );
  return json(response, 200, items.map(historicalTradeItem), headers);
}
