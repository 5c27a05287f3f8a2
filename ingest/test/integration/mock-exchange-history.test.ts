import WebSocket from 'ws';
import {
  DEFAULT_TAPE,
  loadCapture,
  startMockExchange,
  type MockExchange,
  type TapeAggTrade,
  type TapeTrade,
} from '../../src';
import { waitFor } from '../helpers/wait';

// The mock exchange's REST history over real HTTP: the prehistory it has "traded" before it
// starts, klines and aggregate trades computed from it, and Binance's weights and bans.

// The last test pauses the exchange: a retry would wait for trades that never come and hide
// the first failure behind a timeout. These tests run once.
jest.retryTimes(0);

const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly weight: number;
  readonly retryAfter: string | null;
}

async function get(mock: MockExchange, path: string): Promise<Answer> {
  const response = await fetch(`${mock.restUrl}${path}`);
  return {
    status: response.status,
    body: (await response.json()) as unknown,
    weight: Number(response.headers.get('x-mbx-used-weight-1m')),
    retryAfter: response.headers.get('retry-after'),
  };
}

// An independent kline, straight from the trades: bigint sums at the tape's own decimals.
function decimalsOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

function scaled(value: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = value.split('.');
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

function printed(value: bigint, decimals: number): string {
  const digits = value.toString().padStart(decimals + 1, '0');
  return decimals === 0
    ? digits
    : `${digits.slice(0, -decimals)}.${digits.slice(digits.length - decimals)}`;
}

function expectedKline(history: readonly TapeTrade[], openTime: number, intervalMs: number) {
  const trades = history.filter((t) => t.time >= openTime && t.time < openTime + intervalMs);
  const qd = trades.reduce((d, t) => Math.max(d, decimalsOf(t.qty)), 0);
  const pd = trades.reduce((d, t) => Math.max(d, decimalsOf(t.price)), 0);
  let volume = 0n;
  let quote = 0n;
  let buyVolume = 0n;
  let buyQuote = 0n;
  let high = trades[0]?.price ?? '';
  let low = high;
  for (const t of trades) {
    const q = scaled(t.qty, qd);
    const pq = scaled(t.price, pd) * q;
    volume += q;
    quote += pq;
    if (!t.isBuyerMaker) {
      buyVolume += q;
      buyQuote += pq;
    }
    if (Number(t.price) > Number(high)) high = t.price;
    if (Number(t.price) < Number(low)) low = t.price;
  }
  return [
    openTime,
    trades[0]?.price,
    high,
    low,
    trades.at(-1)?.price,
    printed(volume, qd),
    openTime + intervalMs - 1,
    printed(quote, pd + qd),
    trades.length,
    printed(buyVolume, qd),
    printed(buyQuote, pd + qd),
    '0',
  ];
}

function expectConsecutive(ids: readonly number[]): void {
  const breaks = ids.filter((id, i) => i > 0 && id !== (ids[i - 1] ?? 0) + 1);
  expect(breaks).toEqual([]);
}

describe('the mock exchange with 3 h of prehistory of the real capture (live timestamps)', () => {
  let mock: MockExchange;
  let before = 0;
  let after = 0;
  beforeAll(async () => {
    before = Date.now();
    mock = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
      timestamps: 'live',
      prehistoryMs: 3 * HOUR,
    });
    after = Date.now();
  });
  afterAll(() => mock.stop());

  it('has traded the looped tape for 3 h up to its start, at the tape’s pace, and sent nothing', async () => {
    const tape = await loadCapture(DEFAULT_TAPE);
    const lastTimes = ['BTCUSDT', 'ETHUSDT'].map((s) => mock.history(s).at(-1)?.time ?? 0);
    expect(Math.max(...lastTimes)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...lastTimes)).toBeLessThanOrEqual(after);
    let total = 0;
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const history = mock.history(symbol);
      total += history.length;
      const first = history[0] as TapeTrade;
      const last = history.at(-1) as TapeTrade;
      expect(last.time).toBeGreaterThan(before - 1_000);
      expect(first.time).toBeGreaterThanOrEqual(last.time - 3 * HOUR);
      expect(first.time).toBeLessThan(last.time - 3 * HOUR + 2_000);
      expectConsecutive(history.map((t) => t.id));
      expect(history.every((t, i) => i === 0 || t.time >= (history[i - 1]?.time ?? 0))).toBe(true);

      // The last pass is the capture itself, moved as a whole: same gaps between trades.
      const captured = tape.filter((t) => t.symbol === symbol);
      const lastPass = history.slice(-captured.length);
      const shift = (lastPass[0]?.time ?? 0) - (captured[0]?.time ?? 0);
      expect(lastPass.map((t) => t.time - shift)).toEqual(captured.map((t) => t.time));
      expect(lastPass.map((t) => [t.price, t.qty, t.isBuyerMaker])).toEqual(
        captured.map((t) => [t.price, t.qty, t.isBuyerMaker]),
      );

      // Aggregates cover the same trades without a hole, and their ids follow each other.
      const aggs = mock.aggHistory(symbol);
      expect(aggs[0]?.firstId).toBe(first.id);
      expect(aggs.at(-1)?.lastId).toBe(last.id);
      expect(aggs.every((a, i) => i === 0 || a.firstId === (aggs[i - 1]?.lastId ?? 0) + 1)).toBe(
        true,
      );
      expectConsecutive(aggs.map((a) => a.aggId));
    }
    // 3 h of an 8-minute capture of 24,356 trades: about 22.5 passes.
    expect(total).toBeGreaterThan(500_000);
    expect(mock.stats()).toMatchObject({
      prehistoryTrades: total,
      tradesEmitted: 0,
      framesSent: 0,
    });
  });

  it('serves klines equal to bars computed from its trade history', async () => {
    const history = mock.history('BTCUSDT');
    const all = await get(mock, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500');
    expect(all.status).toBe(200);
    const bars = all.body as (string | number)[][];
    // Every minute of 3 h has trades: 180 or 181 bars, together holding every trade.
    expect(bars.length).toBeGreaterThanOrEqual(180);
    expect(bars.length).toBeLessThanOrEqual(181);
    expect(bars.reduce((n, b) => n + Number(b[8]), 0)).toBe(history.length);
    const opens = bars.map((b) => Number(b[0]));
    for (const i of [0, 1, 90, bars.length - 1]) {
      expect(bars[i]).toEqual(expectedKline(history, opens[i] ?? 0, MINUTE));
    }

    const lastTime = (history.at(-1) as TapeTrade).time;
    const hourAgo = Math.floor((lastTime - HOUR) / HOUR) * HOUR;
    const hourly = await get(
      mock,
      `/fapi/v1/klines?symbol=BTCUSDT&interval=1h&startTime=${hourAgo}&limit=2`,
    );
    expect(hourly.body).toEqual([
      expectedKline(history, hourAgo, HOUR),
      expectedKline(history, hourAgo + HOUR, HOUR),
    ]);

    // startTime inside a bar starts at the next bar; endTime caps the open time.
    const from = (opens[10] ?? 0) + 1;
    const to = (opens[14] ?? 0) + 5;
    const fiveMinutes = await get(
      mock,
      `/fapi/v1/klines?symbol=BTCUSDT&interval=5m&startTime=${from}&endTime=${to}`,
    );
    const fiveStarts: number[] = [];
    for (let t = Math.ceil(from / 300_000) * 300_000; t <= to; t += 300_000) fiveStarts.push(t);
    expect(fiveMinutes.body).toEqual(fiveStarts.map((t) => expectedKline(history, t, 300_000)));

    const newest = await get(mock, `/fapi/v1/klines?symbol=ETHUSDT&interval=1d&limit=1`);
    const eth = mock.history('ETHUSDT');
    const day = Math.floor((eth.at(-1) as TapeTrade).time / 86_400_000) * 86_400_000;
    expect(newest.body).toEqual([expectedKline(eth, day, 86_400_000)]);

    const capped = await get(
      mock,
      `/fapi/v1/klines?symbol=BTCUSDT&interval=1m&endTime=${opens[5] ?? 0}&limit=3`,
    );
    expect((capped.body as unknown[][]).map((b) => b[0])).toEqual(opens.slice(3, 6));
  });

  it('answers a 1500-bar 1m request over the 3 h in well under 100 ms', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const answer = await get(mock, '/fapi/v1/klines?symbol=ETHUSDT&interval=1m&limit=1500');
      times.push(performance.now() - start);
      expect((answer.body as unknown[]).length).toBeGreaterThanOrEqual(180);
    }
    times.sort((a, b) => a - b);
    expect(times[2]).toBeLessThan(100);
  });

  it('serves aggregate trades by time window, at most an hour apart, and by id', async () => {
    const aggs = mock.aggHistory('BTCUSDT');
    const lastTime = (aggs.at(-1) as TapeAggTrade).time;
    const item = (a: TapeAggTrade) => ({
      a: a.aggId,
      p: a.price,
      q: a.qty,
      f: a.firstId,
      l: a.lastId,
      T: a.time,
      m: a.isBuyerMaker,
    });
    const inWindow = (from: number, to: number) =>
      aggs.filter((a) => a.time >= from && a.time <= to).map(item);

    const start = lastTime - 2 * HOUR;
    const window = await get(
      mock,
      `/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=${start}&endTime=${start + 2_000}&limit=1000`,
    );
    expect(window.status).toBe(200);
    expect((window.body as unknown[]).length).toBeGreaterThan(0);
    expect(window.body).toEqual(inWindow(start, start + 2_000));

    const hour = await get(
      mock,
      `/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=${start}&endTime=${start + HOUR}&limit=7`,
    );
    expect(hour.body).toEqual(inWindow(start, start + HOUR).slice(0, 7));
    const fromStart = await get(
      mock,
      `/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=${start}&limit=3`,
    );
    expect(fromStart.body).toEqual(inWindow(start, lastTime).slice(0, 3));
    const upTo = await get(mock, `/fapi/v1/aggTrades?symbol=BTCUSDT&endTime=${start}&limit=3`);
    expect(upTo.body).toEqual(inWindow(0, start).slice(-3));
    const byId = await get(
      mock,
      `/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=${aggs[100]?.aggId ?? 0}&limit=2`,
    );
    expect(byId.body).toEqual(aggs.slice(100, 102).map(item));

    const over = await get(
      mock,
      `/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=${start}&endTime=${start + HOUR + 1}`,
    );
    expect([over.status, over.body]).toEqual([
      400,
      { code: -1127, msg: 'More than 1 hours between startTime and endTime.' },
    ]);
    const both = await get(
      mock,
      `/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=${aggs[0]?.aggId ?? 0}&startTime=${start}`,
    );
    expect([both.status, both.body]).toEqual([
      400,
      { code: -1128, msg: 'Combination of optional parameters invalid.' },
    ]);
    const tooMany = await get(mock, `/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1001`);
    expect([tooMany.status, tooMany.body]).toEqual([
      400,
      { code: -1130, msg: "Data sent for parameter 'limit' is not valid (1..1000)." },
    ]);
  });

  it('streams on from the id after the prehistory, stamped live, into the open bar', async () => {
    const lastPast = new Map(
      ['BTCUSDT', 'ETHUSDT'].map((s) => [s, mock.history(s).at(-1) as TapeTrade]),
    );
    const frames: { s: string; t: number; T: number }[] = [];
    const ws = new WebSocket(`${mock.url}/market/stream?streams=btcusdt@trade/ethusdt@trade`);
    ws.on('message', (data: Buffer) => {
      const { data: trade } = JSON.parse(data.toString()) as {
        data: { s: string; t: number; T: number };
      };
      frames.push(trade);
    });
    try {
      await waitFor(
        () => ['BTCUSDT', 'ETHUSDT'].every((s) => frames.filter((f) => f.s === s).length >= 3),
        'three streamed trades of each symbol',
        20_000,
      );
      mock.pause();
    } finally {
      ws.close();
    }
    for (const [symbol, last] of lastPast) {
      const streamed = frames.filter((f) => f.s === symbol);
      expect(streamed[0]?.t).toBe(last.id + 1);
      expect(streamed[0]?.T).toBeGreaterThanOrEqual(last.time);
      expectConsecutive(streamed.map((f) => f.t));
      const history = mock.history(symbol);
      expectConsecutive(history.map((t) => t.id));
      const timeOf = new Map(history.slice(-1_000).map((t) => [t.id, t.time]));
      expect(streamed.map((f) => [f.t, timeOf.get(f.t)])).toEqual(streamed.map((f) => [f.t, f.T]));
    }

    const history = mock.history('BTCUSDT');
    const latest = history.at(-1) as TapeTrade;
    const open = Math.floor(latest.time / MINUTE) * MINUTE;
    const newest = await get(mock, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1');
    expect(newest.body).toEqual([expectedKline(history, open, MINUTE)]);
  });
});

describe('the mock exchange’s prehistory with recorded timestamps', () => {
  // A hand-made tape: 20 s, two symbols, a trade every 500 ms.
  const tape: TapeTrade[] = Array.from({ length: 40 }, (_, i) => ({
    symbol: i % 2 === 0 ? 'BTCUSDT' : 'ETHUSDT',
    id: (i % 2 === 0 ? 1_000 : 5_000) + Math.floor(i / 2),
    price: i % 2 === 0 ? `${60_000 + i}.5` : `${3_000 + i}.25`,
    qty: `0.0${(i % 9) + 1}`,
    time: 1_700_000_000_000 + i * 500,
    eventTime: 1_700_000_000_000 + i * 500 + 2,
    isBuyerMaker: i % 3 === 0,
  }));

  it('lays out whole passes ending at the start, then streams the tape once, ids and times following', async () => {
    const before = Date.now();
    const mock = await startMockExchange({
      tape: { kind: 'trades', trades: tape },
      speed: 'max',
      autoplay: false,
      prehistoryMs: 2 * MINUTE,
    });
    const after = Date.now();
    try {
      const past = new Map(['BTCUSDT', 'ETHUSDT'].map((s) => [s, mock.history(s).slice()]));
      mock.play();
      await mock.finished;
      const lastTimes = [...past.values()].map((trades) => trades.at(-1)?.time ?? 0);
      expect(Math.max(...lastTimes)).toBeGreaterThanOrEqual(before);
      expect(Math.max(...lastTimes)).toBeLessThanOrEqual(after);
      for (const [symbol, earlier] of past) {
        const last = earlier.at(-1) as TapeTrade;
        expect(last.time - (earlier[0]?.time ?? 0)).toBeLessThanOrEqual(2 * MINUTE);
        expect(last.time - (earlier[0]?.time ?? 0)).toBeGreaterThan(2 * MINUTE - 2_000);
        const history = mock.history(symbol);
        const streamed = history.slice(earlier.length);
        const own = tape.filter((t) => t.symbol === symbol);
        // Not looped: the stream is the tape once, at its pace, after the past's last id and time.
        expect(streamed).toHaveLength(own.length);
        expect(streamed[0]?.id).toBe(last.id + 1);
        expect(streamed[0]?.time).toBeGreaterThan(last.time);
        const shift = (streamed[0]?.time ?? 0) - (own[0]?.time ?? 0);
        expect(streamed.map((t) => t.time - shift)).toEqual(own.map((t) => t.time));
        expectConsecutive(history.map((t) => t.id));
      }
      expect(mock.stats().tradesEmitted).toBe(tape.length);
    } finally {
      await mock.stop();
    }
  });

  it('continues the synthetic generator after its prehistory', async () => {
    const before = Date.now();
    const mock = await startMockExchange({
      tape: { kind: 'synthetic', seed: 7, maxTrades: 200 },
      speed: 'max',
      autoplay: false,
      prehistoryMs: 10 * MINUTE,
    });
    try {
      const past = mock.history('BTCUSDT').slice();
      const last = past.at(-1) as TapeTrade;
      expect(last.time).toBeGreaterThan(before - 1_000);
      expect(last.time - (past[0]?.time ?? 0)).toBeGreaterThan(10 * MINUTE - 5_000);
      mock.play();
      await mock.finished;
      expect(mock.stats().tradesEmitted).toBe(200);
      const streamed = mock.history('BTCUSDT').slice(past.length);
      expect(streamed[0]?.id).toBe(last.id + 1);
      expect(streamed[0]?.time).toBeGreaterThanOrEqual(last.time);
    } finally {
      await mock.stop();
    }
  });
});

describe('the mock exchange’s REST weight limit and IP ban', () => {
  // One trade a second, a minute of it before the start, so the symbol has a history.
  const tape: TapeTrade[] = [
    {
      symbol: 'BTCUSDT',
      id: 1,
      price: '1.0',
      qty: '1',
      time: 1,
      eventTime: 1,
      isBuyerMaker: false,
    },
  ];
  let mock: MockExchange | undefined;
  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
  });

  it('weighs klines by limit, aggTrades 20 even when refused, and refuses intervals USD-M does not have', async () => {
    mock = await startMockExchange({
      tape: { kind: 'trades', trades: tape },
      prehistoryMs: MINUTE,
    });
    const weights: number[] = [];
    for (const limit of ['1', '99', '100', '499', '500', '1000', '1001', '1500', undefined]) {
      const before = mock.restWeightUsed();
      const query = limit === undefined ? '' : `&limit=${limit}`;
      const answer = await get(mock, `/fapi/v1/klines?symbol=BTCUSDT&interval=15m${query}`);
      expect(answer.status).toBe(200);
      expect(answer.weight).toBe(mock.restWeightUsed());
      weights.push(answer.weight - before);
    }
    expect(weights).toEqual([1, 1, 2, 2, 5, 5, 10, 10, 5]);
    const used = mock.restWeightUsed();
    const refused = await get(mock, '/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1001');
    expect([refused.status, refused.weight]).toEqual([400, used + 20]);

    const bad = [
      ['interval=1s', -1120, 'Invalid interval.'],
      ['interval=2m', -1120, 'Invalid interval.'],
      [
        'interval=',
        -1102,
        "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.",
      ],
      ['interval=1m&limit=1501', -1130, "Data sent for parameter 'limit' is not valid (1..1500)."],
      ['interval=1m&startTime=2&endTime=1', -1023, 'Start time is greater than end time.'],
    ] as const;
    for (const [query, code, msg] of bad) {
      const answer = await get(mock, `/fapi/v1/klines?symbol=BTCUSDT&${query}`);
      expect([answer.status, answer.body]).toEqual([400, { code, msg }]);
    }
  });

  it('answers 429 over the weight, then 418 to a request inside Retry-After, and during the ban', async () => {
    mock = await startMockExchange({
      tape: { kind: 'trades', trades: tape },
      prehistoryMs: MINUTE,
      restWeightPerMinute: 50,
      restBanMs: 1_500,
    });
    const path = '/fapi/v1/aggTrades?symbol=BTCUSDT';
    const first = await get(mock, path);
    const second = await get(mock, path);
    expect([first.status, first.weight, second.status, second.weight]).toEqual([200, 20, 200, 40]);

    const limited = await get(mock, path);
    expect(limited.status).toBe(429);
    expect(limited.weight).toBe(40);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(59);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.body).toEqual({
      code: -1003,
      msg: 'Too much request weight used; current limit is 50 request weight per 1 MINUTE. Please use the websocket for live updates to avoid polling the API.',
    });

    const banned = await get(mock, path);
    expect(banned.status).toBe(418);
    expect(banned.retryAfter).toBe('2');
    const { code, msg } = banned.body as { code: number; msg: string };
    expect(code).toBe(-1003);
    const until = Number(/IP banned until (\d+)\./.exec(msg)?.[1]);
    expect(until - Date.now()).toBeGreaterThan(0);
    expect(until - Date.now()).toBeLessThanOrEqual(1_500);

    const ping = await get(mock, '/fapi/v1/ping');
    expect(ping.status).toBe(418);
    expect(mock.stats()).toMatchObject({
      restRequests: 5,
      restRateLimited: 1,
      restBanned: 2,
      restWeightUsed: 40,
    });

    // Waiting out the ban's own Retry-After is enough (the ping fits in the weight left).
    await new Promise((resolve) => setTimeout(resolve, until - Date.now() + 50));
    const after = await get(mock, '/fapi/v1/ping');
    expect([after.status, after.weight]).toEqual([200, 41]);
  });

  it.each([0, Number.POSITIVE_INFINITY])(
    'never limits with restWeightPerMinute %p, and still counts the weight',
    async (restWeightPerMinute) => {
      mock = await startMockExchange({
        tape: { kind: 'trades', trades: tape },
        prehistoryMs: MINUTE,
        restWeightPerMinute,
      });
      const statuses = new Set<number>();
      let last: Answer | undefined;
      for (let i = 0; i < 150; i++) {
        last = await get(mock, '/fapi/v1/historicalTrades?symbol=BTCUSDT');
        statuses.add(last.status);
      }
      expect([...statuses]).toEqual([200]);
      expect(last?.weight).toBe(3_000);
      expect(mock.restWeightUsed()).toBe(3_000);
      expect(mock.stats()).toMatchObject({ restRateLimited: 0, restBanned: 0 });
    },
  );
});
