import {
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseClient,
  type ClickHouseHandle,
} from '@tickstream/core';
import {
  MIGRATIONS_DIR,
  PAIR_SCREEN_FIGURES,
  pairScreenRow,
  TABLES,
  TOPICS,
  type PairScreen,
} from '@tickstream/schema';
import {
  dropDatabase,
  mulberry32,
  openTestClickHouse,
  openTestLog,
  type TestLog,
} from '@tickstream/testkit';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { buildApi, type Api } from '../../src/build-api';
import { buildSchema } from '../../src/graphql/schema';
import { fieldOperation } from '../../src/http/graphql-operation';
import type { ApiSettings } from '../../src/options';
import { waitFor } from '../helpers/live-server';

// The pair screener's API over real HTTP and a real graphql-ws socket, against screener rows
// stored in chDB: a universe of 12 symbols (66 pairs) with known figures, some null, five
// screened bars per pair (so `latest` and the sparkline matter), ranked, filtered and paged
// here independently and compared with what GraphQL, /api/v1/screener and its CSV return.

const SYMBOLS = [
  'ADAUSDT',
  'AVAXUSDT',
  'BNBUSDT',
  'BTCUSDT',
  'DOGEUSDT',
  'DOTUSDT',
  'ETHUSDT',
  'LINKUSDT',
  'LTCUSDT',
  'SOLUSDT',
  'TRXUSDT',
  'XRPUSDT',
];
const MINUTE = 60_000;
// Recent bars: pair_screen keeps 30 days (TTL), so older rows may be gone before they are read.
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
const BARS = 5;
const LATEST = T0 + (BARS - 1) * MINUTE;

type Figures = Pick<PairScreen, (typeof PAIR_SCREEN_FIGURES)[number]>;

/** Every pair of the universe, x the alphabetically first symbol. */
function universe(symbols: readonly string[]): { x: string; y: string }[] {
  const sorted = [...symbols].sort();
  return sorted.flatMap((x, i) => sorted.slice(i + 1).map((y) => ({ x, y })));
}

/** Known figures of pair k at bar b: nulls on fixed pairs, ties on p-value, all seeded. */
function figuresOf(k: number, b: number, rand: () => number): Figures {
  const r = () => Math.round(rand() * 1e6) / 1e6;
  const pValue = k % 7 === 3 ? null : k % 10 === 0 ? 0.05 : r();
  return {
    hedgeRatio: 0.5 + r(),
    intercept: r() * 10 - 5,
    kalmanHedgeRatio: k % 5 === 1 ? null : 0.5 + r(),
    correlation: k % 11 === 5 ? null : r() * 2 - 1,
    returnCorrelation: k % 6 === 2 ? null : r() * 2 - 1,
    cointStatistic: -r() * 5,
    cointPValue: pValue === null ? null : pValue * r(),
    cointStatisticReverse: -r() * 5,
    cointPValueReverse: k % 8 === 1 ? null : r(),
    pValue,
    adfStatistic: -r() * 5,
    adfPValue: k % 4 === 3 ? null : r(),
    halfLife: k % 9 === 2 ? null : r() * 100,
    hurst: k % 12 === 7 ? null : r(),
    spread: r() - 0.5,
    // Bar-dependent so the sparkline has a shape worth checking.
    zScore: k % 13 === 4 && b === BARS - 1 ? null : Math.round((r() - 0.5) * 6e6 + b) / 1e6,
  };
}

function screenEvent(
  pair: { x: string; y: string },
  time: number,
  figures: Figures,
  universeOf: { interval: PairScreen['interval']; window: number } = {
    interval: '1m',
    window: 500,
  },
): PairScreen {
  const nullReasons: Record<string, string> = {};
  for (const figure of PAIR_SCREEN_FIGURES) {
    if (figures[figure] === null) nullReasons[figure] = `no ${figure} in this test`;
  }
  return {
    type: 'pair-screen',
    pair: `${pair.y}/${pair.x}`,
    symbolX: pair.x,
    symbolY: pair.y,
    interval: universeOf.interval,
    window: universeOf.window,
    zScoreWindow: 60,
    time,
    priceX: 100 + pair.x.length,
    priceY: 200 + pair.y.length,
    ...figures,
    nullReasons,
  };
}

const PAIRS = universe(SYMBOLS);
/** history[k][b]: pair k's row at bar b (the last one is the newest). */
const HISTORY: PairScreen[][] = (() => {
  const rand = mulberry32(15);
  return PAIRS.map((pair, k) =>
    Array.from({ length: BARS }, (_, b) => screenEvent(pair, T0 + b * MINUTE, figuresOf(k, b, rand))),
  );
})();
const LATEST_ROWS = HISTORY.map((h) => h[BARS - 1] as PairScreen);
// Another universe (5m, window 250) in the same tables, which a 1m/500 ranking must not see.
const OTHER = universe(['BTCUSDT', 'ETHUSDT', 'ZECUSDT']).map((pair, k) =>
  screenEvent(pair, LATEST + MINUTE, figuresOf(k, 0, mulberry32(99)), {
    interval: '5m',
    window: 250,
  }),
);

// ---------------------------------------------------------------- the ranking, independently

type Order =
  | 'P_VALUE'
  | 'COINT_P_VALUE'
  | 'COINT_P_VALUE_REVERSE'
  | 'ADF_P_VALUE'
  | 'CORRELATION'
  | 'RETURN_CORRELATION'
  | 'HALF_LIFE'
  | 'HURST'
  | 'ABS_Z_SCORE'
  | 'PAIR';

const ORDER_KEY: Record<Order, { key: (p: PairScreen) => number | string | null; desc: boolean }> =
  {
    P_VALUE: { key: (p) => p.pValue, desc: false },
    COINT_P_VALUE: { key: (p) => p.cointPValue, desc: false },
    COINT_P_VALUE_REVERSE: { key: (p) => p.cointPValueReverse, desc: false },
    ADF_P_VALUE: { key: (p) => p.adfPValue, desc: false },
    CORRELATION: { key: (p) => p.correlation, desc: true },
    RETURN_CORRELATION: { key: (p) => p.returnCorrelation, desc: true },
    HALF_LIFE: { key: (p) => p.halfLife, desc: false },
    HURST: { key: (p) => p.hurst, desc: false },
    ABS_Z_SCORE: { key: (p) => (p.zScore === null ? null : Math.abs(p.zScore)), desc: true },
    PAIR: { key: (p) => p.pair, desc: false },
  };

interface Filters {
  minCorrelation?: number;
  maxPValue?: number;
  minHalfLife?: number;
  maxHalfLife?: number;
  minAbsZScore?: number;
  symbols?: string[];
}

function passes(p: PairScreen, f: Filters): boolean {
  const atLeast = (v: number | null, min: number | undefined) =>
    min === undefined || (v !== null && v >= min);
  const atMost = (v: number | null, max: number | undefined) =>
    max === undefined || (v !== null && v <= max);
  return (
    atLeast(p.correlation, f.minCorrelation) &&
    atMost(p.pValue, f.maxPValue) &&
    atLeast(p.halfLife, f.minHalfLife) &&
    atMost(p.halfLife, f.maxHalfLife) &&
    atLeast(p.zScore === null ? null : Math.abs(p.zScore), f.minAbsZScore) &&
    (f.symbols === undefined || (f.symbols.includes(p.symbolX) && f.symbols.includes(p.symbolY)))
  );
}

/** The ranking by hand: filter, then order nulls last, ties by pair name. */
function ranked(
  rows: readonly PairScreen[],
  order: Order,
  descending = ORDER_KEY[order].desc,
  filters: Filters = {},
): PairScreen[] {
  const { key } = ORDER_KEY[order];
  const sign = descending ? -1 : 1;
  return rows
    .filter((p) => passes(p, filters))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) return ka < kb ? -sign : sign;
      return a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0;
    });
}

// ---------------------------------------------------------------- the server

const FIGURE_FIELDS = PAIR_SCREEN_FIGURES.join(' ');
const ROW_FIELDS = `rank pair symbolX symbolY interval window zScoreWindow time priceX priceY
  ${FIGURE_FIELDS} nullReasons { figure reason }`;
const RANKING = `query ($interval: String, $window: Int, $orderBy: PairScreenOrder! = P_VALUE,
    $descending: Boolean, $top: Int! = 50, $offset: Int! = 0, $filters: PairScreenFilters,
    $points: Int! = 60) {
  pairScreen(interval: $interval, window: $window, orderBy: $orderBy, descending: $descending,
      top: $top, offset: $offset, filters: $filters) {
    interval window orderBy descending time symbols pairs total
    rows { ${ROW_FIELDS} zScoreHistory(points: $points) { time zScore } }
  }
}`;

interface Row {
  rank: number;
  pair: string;
  symbolX: string;
  symbolY: string;
  time: number;
  zScoreHistory: { time: number; zScore: number | null }[];
  nullReasons: { figure: string; reason: string }[];
  [figure: string]: unknown;
}

interface Ranking {
  interval: string;
  window: number;
  orderBy: string;
  descending: boolean;
  time: number | null;
  symbols: string[];
  pairs: number;
  total: number;
  rows: Row[];
}

interface GqlBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface Served {
  readonly api: Api;
  readonly url: string;
}

let ch: ClickHouseHandle;
let log: TestLog;
let historyReads = 0;
const served: Served[] = [];

/** The client, counting the sparkline reads (pair_screen, not pair_screen_latest). */
function countingClient(client: ClickHouseClient): ClickHouseClient {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return (params: Parameters<ClickHouseClient['query']>[0]) => {
          if (params.query.includes(`FROM ${TABLES.pairScreen} FINAL`)) historyReads += 1;
          return target.query(params);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function serve(settings: Partial<ApiSettings> = {}): Promise<Served> {
  const api = buildApi({
    eventLog: log.log,
    clickhouse: countingClient(ch.client),
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'api' }),
    settings: { rateLimitPerMinute: 0, cacheTtlMs: 0, ...settings },
  });
  const { url } = await api.listen(0, '127.0.0.1');
  const s = { api, url };
  served.push(s);
  return s;
}

async function gql<T>(s: Served, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GqlBody<T> };
}

async function ranking(s: Served, variables: Record<string, unknown> = {}): Promise<Ranking> {
  const { status, body } = await gql<{ pairScreen: Ranking }>(s, RANKING, variables);
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  return body.data?.pairScreen as Ranking;
}

async function insertScreenRows(rows: readonly PairScreen[]): Promise<void> {
  for (const table of [TABLES.pairScreen, TABLES.pairScreenLatest]) {
    await ch.client.insert({
      table,
      values: rows.map(pairScreenRow),
      format: 'JSONEachRow',
      clickhouse_settings: { precise_float_parsing: 1 } as Record<string, number>,
    });
  }
}

/** A row as the API shows it: the event but `type`, reasons as a sorted list. */
function shown(p: PairScreen, rank: number): Omit<Row, 'zScoreHistory'> {
  const { type: _type, nullReasons, ...rest } = p;
  return {
    rank,
    ...rest,
    nullReasons: Object.keys(nullReasons)
      .sort()
      .map((figure) => ({ figure, reason: nullReasons[figure] as string })),
  };
}

const withoutHistory = ({ zScoreHistory: _h, ...row }: Row) => row;

function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('the pair screener over GraphQL, /api/v1/screener and graphql-ws', () => {
  let s: Served;

  beforeAll(async () => {
    ch = await openTestClickHouse('api_screen');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    log = await openTestLog('embedded');
    await log.log.createTopics(topicSpecs());
    // Newest bars first: pair_screen_latest must keep the newest by time, not the last insert.
    await insertScreenRows([...HISTORY.flatMap((h) => [...h].reverse()), ...OTHER]);
    s = await serve();
  });

  afterAll(async () => {
    for (const x of served) await x.api.close();
    await log.cleanup();
    await dropDatabase(ch);
  });

  it('has a fixture worth ranking: nulls in every filtered figure, ties on the p-value', () => {
    expect(PAIRS).toHaveLength(66);
    for (const figure of ['pValue', 'correlation', 'halfLife', 'zScore'] as const) {
      expect(LATEST_ROWS.filter((p) => p[figure] === null).length).toBeGreaterThan(0);
    }
    expect(LATEST_ROWS.filter((p) => p.pValue === 0.05).length).toBeGreaterThan(3);
  });

  it('ranks the newest row of every pair by p-value by default: ascending, nulls last, ties by pair name', async () => {
    const got = await ranking(s, { top: 10_000 });
    expect(got).toMatchObject({
      interval: '1m',
      window: 500,
      orderBy: 'P_VALUE',
      descending: false,
      time: LATEST,
      symbols: SYMBOLS,
      pairs: 66,
      total: 66,
    });
    const want = ranked(LATEST_ROWS, 'P_VALUE');
    expect(got.rows.map(withoutHistory)).toEqual(want.map((p, i) => shown(p, i + 1)));
    const nulls = LATEST_ROWS.filter((p) => p.pValue === null).length;
    expect(got.rows.slice(-nulls).every((r) => r['pValue'] === null)).toBe(true);
    expect(got.rows.slice(0, -nulls).every((r) => r['pValue'] !== null)).toBe(true);
  });

  it.each<[Order, boolean | undefined]>([
    ['COINT_P_VALUE', undefined],
    ['COINT_P_VALUE_REVERSE', undefined],
    ['ADF_P_VALUE', undefined],
    ['CORRELATION', undefined],
    ['RETURN_CORRELATION', undefined],
    ['HALF_LIFE', undefined],
    ['HURST', undefined],
    ['ABS_Z_SCORE', undefined],
    ['PAIR', undefined],
    ['P_VALUE', true],
    ['CORRELATION', false],
    ['ABS_Z_SCORE', false],
    ['PAIR', true],
  ])('orders by %s (descending: %s) as sorted here, nulls last either way', async (order, desc) => {
    const got = await ranking(s, {
      orderBy: order,
      top: 10_000,
      ...(desc === undefined ? {} : { descending: desc }),
    });
    const want = ranked(LATEST_ROWS, order, desc);
    expect(got.descending).toBe(desc ?? ORDER_KEY[order].desc);
    expect(got.rows.map((r) => r.pair)).toEqual(want.map((p) => p.pair));
    expect(got.rows.map((r) => r.rank)).toEqual(want.map((_, i) => i + 1));
    const key = ORDER_KEY[order].key;
    const firstNull = want.findIndex((p) => key(p) === null);
    if (firstNull >= 0) expect(want.slice(firstNull).every((p) => key(p) === null)).toBe(true);
  });

  it.each<[string, Filters]>([
    ['minCorrelation', { minCorrelation: 0.2 }],
    ['maxPValue', { maxPValue: 0.05 }],
    ['minHalfLife', { minHalfLife: 30 }],
    ['maxHalfLife', { maxHalfLife: 40 }],
    ['a half-life band', { minHalfLife: 10, maxHalfLife: 60 }],
    ['minAbsZScore', { minAbsZScore: 1.5 }],
    ['symbols', { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'] }],
    [
      'all of them',
      { minCorrelation: -0.5, maxPValue: 0.8, maxHalfLife: 90, minAbsZScore: 0.2 },
    ],
  ])('filters by %s: a null figure fails its filter, total counts what passes', async (_n, f) => {
    const want = ranked(LATEST_ROWS, 'P_VALUE', false, f);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(66);
    const got = await ranking(s, { filters: f, top: 10_000 });
    expect(got.rows.map(withoutHistory)).toEqual(want.map((p, i) => shown(p, i + 1)));
    expect(got.total).toBe(want.length);
    expect(got.pairs).toBe(66);
    expect(got.symbols).toEqual(SYMBOLS);
  });

  it('pages with top and offset: ranks continue across pages, total stays', async () => {
    const filters = { minCorrelation: -0.6 };
    const want = ranked(LATEST_ROWS, 'HALF_LIFE', false, filters);
    const page = await ranking(s, { orderBy: 'HALF_LIFE', filters, top: 7, offset: 10 });
    expect(page.rows.map((r) => [r.rank, r.pair])).toEqual(
      want.slice(10, 17).map((p, i) => [11 + i, p.pair]),
    );
    expect(page.total).toBe(want.length);
    expect(page.pairs).toBe(66);
    const pages: string[] = [];
    for (let offset = 0; offset < want.length; offset += 20) {
      const next = await ranking(s, { orderBy: 'HALF_LIFE', filters, top: 20, offset });
      pages.push(...next.rows.map((r) => r.pair));
    }
    expect(pages).toEqual(want.map((p) => p.pair));
    const past = await ranking(s, { top: 5, offset: 66 });
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(66);
  });

  it('reads another universe by interval and window, and none where nothing was screened', async () => {
    const other = await ranking(s, { interval: '5m', window: 250, orderBy: 'PAIR' });
    expect(other.rows.map((r) => r.pair)).toEqual(OTHER.map((p) => p.pair).sort());
    expect(other.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'ZECUSDT']);
    expect(other.time).toBe(LATEST + MINUTE);
    const none = await ranking(s, { interval: '1h', window: 500 });
    expect(none).toMatchObject({ time: null, symbols: [], pairs: 0, total: 0, rows: [] });
  });

  it('gives each row its last `points` z-scores oldest first, one read for the whole page', async () => {
    const before = historyReads;
    const three = await ranking(s, { orderBy: 'PAIR', top: 30, points: 3 });
    expect(historyReads - before).toBe(1);
    const byPair = new Map(HISTORY.map((h) => [(h[0] as PairScreen).pair, h]));
    for (const row of three.rows) {
      const h = byPair.get(row.pair) as PairScreen[];
      expect(row.zScoreHistory).toEqual(
        h.slice(-3).map((p) => ({ time: p.time, zScore: p.zScore })),
      );
    }
    const all = await ranking(s, { orderBy: 'PAIR', top: 66 });
    expect(historyReads - before).toBe(2);
    for (const row of all.rows) {
      const h = byPair.get(row.pair) as PairScreen[];
      expect(row.zScoreHistory).toEqual(h.map((p) => ({ time: p.time, zScore: p.zScore })));
    }
  });

  it('GET /api/v1/screener returns exactly what the GraphQL field returns', async () => {
    const op = fieldOperation(buildSchema(), 'pairScreen');
    const query = `query ($f: PairScreenFilters) { pairScreen(orderBy: CORRELATION, top: 12, offset: 3, filters: $f) ${op.selection} }`;
    const filters = { maxHalfLife: 80, symbols: SYMBOLS.slice(0, 9) };
    const graph = await gql<{ pairScreen: Ranking }>(s, query, { f: filters });
    expect(graph.body.errors).toBeUndefined();
    const rest = await fetch(
      `${s.url}/api/v1/screener?orderBy=correlation&top=12&offset=3&maxHalfLife=80&symbols=${SYMBOLS.slice(0, 9).join(',')}`,
    );
    expect(rest.status).toBe(200);
    const body = (await rest.json()) as Ranking;
    expect(body).toEqual(graph.body.data?.pairScreen);
    expect(body.rows).toHaveLength(12);
    expect(body.rows[0]?.zScoreHistory).toHaveLength(BARS);
    expect(body.rows.map((r) => r.pair)).toEqual(
      ranked(LATEST_ROWS, 'CORRELATION', true, filters)
        .slice(3, 15)
        .map((p) => p.pair),
    );
    const descendingPair = (await (
      await fetch(`${s.url}/api/v1/screener?orderBy=Pair&descending=true&top=3`)
    ).json()) as Ranking;
    expect(descendingPair.rows.map((r) => r.pair)).toEqual(
      ranked(LATEST_ROWS, 'PAIR', true)
        .slice(0, 3)
        .map((p) => p.pair),
    );
  });

  it('GET /api/v1/screener.csv has the JSON rows, row for row, figure for figure', async () => {
    const query = 'orderBy=abs_z_score&top=40&minCorrelation=-0.9';
    const json = (await (await fetch(`${s.url}/api/v1/screener?${query}`)).json()) as Ranking;
    const response = await fetch(`${s.url}/api/v1/screener.csv?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="screener_1m_500_\d{8}_\d{6}\.csv"$/,
    );
    const [header, ...lines] = parseCsv(await response.text());
    const columns = ['rank', 'pair', 'symbolX', 'symbolY', 'time', ...PAIR_SCREEN_FIGURES];
    expect(header).toEqual(columns);
    expect(lines).toHaveLength(json.rows.length);
    expect(json.rows.length).toBe(40);
    lines.forEach((line, i) => {
      const row = json.rows[i] as Row;
      const parsed = Object.fromEntries(
        columns.map((c, j) => {
          const field = line[j] as string;
          if (c === 'pair' || c === 'symbolX' || c === 'symbolY') return [c, field];
          return [c, field === '' ? null : Number(field)];
        }),
      );
      expect(parsed).toEqual(Object.fromEntries(columns.map((c) => [c, row[c]])));
    });
  });

  it('refuses bad arguments with their codes and messages saying what is allowed', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ top: 0 }, 'LIMIT_OUT_OF_RANGE', /top must be between 1 and 10000/],
      [{ top: 10_001 }, 'LIMIT_OUT_OF_RANGE', /top must be between 1 and 10000/],
      [{ offset: -1 }, 'LIMIT_OUT_OF_RANGE', /offset must be between 0/],
      [{ points: 501 }, 'LIMIT_OUT_OF_RANGE', /points must be between 1 and 500/],
      [{ interval: '2m' }, 'UNKNOWN_INTERVAL', /interval must be one of 1s, 1m/],
      [{ window: 1 }, 'LIMIT_OUT_OF_RANGE', /window must be between 2 and 5000/],
      [
        { filters: { minHalfLife: 50, maxHalfLife: 10 } },
        'BAD_USER_INPUT',
        /minHalfLife must not exceed maxHalfLife/,
      ],
      [{ filters: { symbols: ['BTC-USDT'] } }, 'BAD_USER_INPUT', /symbols must be 2 to 30/],
    ];
    for (const [variables, code, message] of cases) {
      const { body } = await gql(s, RANKING, variables);
      expect(body.errors?.[0]?.extensions?.['code']).toBe(code);
      expect(body.errors?.[0]?.message).toMatch(message);
    }
    const enumError = await gql(s, RANKING, { orderBy: 'SHARPE' });
    expect(enumError.body.errors?.[0]?.message).toMatch(/PairScreenOrder/);

    const rest: [string, number, string, RegExp][] = [
      ['top=0', 400, 'LIMIT_OUT_OF_RANGE', /top must be between 1 and 10000/],
      ['top=20000', 400, 'LIMIT_OUT_OF_RANGE', /top must be between 1 and 10000/],
      ['offset=-3', 400, 'LIMIT_OUT_OF_RANGE', /offset must be between 0/],
      [
        'orderBy=sharpe',
        400,
        'BAD_USER_INPUT',
        /orderBy must be one of p_value, coint_p_value, .*abs_z_score, pair/,
      ],
      ['interval=7m', 400, 'UNKNOWN_INTERVAL', /interval must be one of/],
    ];
    for (const path of ['/api/v1/screener', '/api/v1/screener.csv']) {
      for (const [query, status, code, message] of rest) {
        const response = await fetch(`${s.url}${path}?${query}`);
        expect(response.status).toBe(status);
        const body = (await response.json()) as { error: string; code: string };
        expect(body.code).toBe(code);
        expect(body.error).toMatch(message);
      }
    }
  });

  it('without a screener (SCREENER_SYMBOLS=none) needs interval and window, and says so', async () => {
    const off = await serve({ screener: null });
    const { body } = await gql(off, RANKING, {});
    expect(body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(
      /screener is off .*SCREENER_SYMBOLS=none.*give interval and window/,
    );
    const windowOnly = await gql(off, RANKING, { interval: '1m' });
    expect(windowOnly.body.errors?.[0]?.message).toMatch(/so window has no default/);
    const given = await ranking(off, { interval: '1m', window: 500, top: 3 });
    expect(given.rows.map((r) => r.pair)).toEqual(
      ranked(LATEST_ROWS, 'P_VALUE')
        .slice(0, 3)
        .map((p) => p.pair),
    );
    const rest = await fetch(`${off.url}/api/v1/screener`);
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as { code: string }).code).toBe('BAD_USER_INPUT');
  });

  describe('the subscription over graphql-ws', () => {
    let client: Client;
    beforeAll(() => {
      client = createClient({
        url: `${s.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
      });
    });
    afterAll(async () => {
      await client.dispose();
    });

    function subscribe(query: string) {
      const received: { at: number; ranking: Ranking }[] = [];
      const errors: { message: string; extensions?: Record<string, unknown> }[] = [];
      let completed = false;
      const stop = client.subscribe<{ pairScreen: Ranking }>(
        { query },
        {
          next: (r) => {
            if (r.errors) errors.push(...(r.errors as typeof errors));
            if (r.data) received.push({ at: Date.now(), ranking: r.data.pairScreen });
          },
          error: (e) => errors.push(...(Array.isArray(e) ? e : [{ message: String(e) }])),
          complete: () => {
            completed = true;
          },
        },
      );
      return { received, errors, stop, completed: () => completed };
    }

    async function publish(events: readonly PairScreen[]) {
      await log.log.produce(
        TOPICS.pairScreen.name,
        events.map((e) => ({ key: TOPICS.pairScreen.keyOf(e), value: JSON.stringify(e) })),
      );
    }

    it('sends the ranking at once, then the new ranking after the screener writes new rows', async () => {
      const sub = subscribe(
        `subscription { pairScreen(top: 5, everyMs: 1000) { time total rows { rank pair pValue zScoreHistory(points: 2) { time zScore } } } }`,
      );
      await waitFor(
        () => sub.received.length === 1 || sub.errors.length > 0,
        10_000,
        'the initial ranking',
      );
      expect(sub.errors).toEqual([]);
      const initial = (sub.received[0] as { ranking: Ranking }).ranking;
      expect(initial.time).toBe(LATEST);
      expect(initial.rows.map((r) => r.pair)).toEqual(
        ranked(LATEST_ROWS, 'P_VALUE')
          .slice(0, 5)
          .map((p) => p.pair),
      );
      await waitFor(
        () => served[0]?.api.hub.pairScreen.subscriberCount() === 1,
        5_000,
        'the subscriber',
      );

      // Another universe's rows change nothing here: no update comes for them.
      await publish(OTHER.map((p) => ({ ...p, time: p.time + MINUTE })));

      // The stage's next bar: three pairs from the bottom become the most cointegrated.
      const bar = LATEST + MINUTE;
      const risers = ranked(LATEST_ROWS, 'P_VALUE').slice(-3);
      const next = risers.map((p, i) => ({ ...p, time: bar, pValue: 1e-6 * (3 - i) }));
      await insertScreenRows(next);
      await publish(next);
      await waitFor(() => sub.received.length >= 2, 10_000, 'the ranking after the new rows');
      const updated = (sub.received[1] as { ranking: Ranking }).ranking;
      const newest = LATEST_ROWS.map((p) => next.find((n) => n.pair === p.pair) ?? p);
      expect(updated.time).toBe(bar);
      expect(updated.rows.map((r) => r.pair)).toEqual(
        ranked(newest, 'P_VALUE')
          .slice(0, 5)
          .map((p) => p.pair),
      );
      expect(updated.rows.slice(0, 3).map((r) => r.pair)).toEqual(
        [...risers].reverse().map((p) => p.pair),
      );
      expect(updated.rows[0]?.zScoreHistory).toEqual([
        { time: LATEST, zScore: (risers[2] as PairScreen).zScore },
        { time: bar, zScore: (risers[2] as PairScreen).zScore },
      ]);

      // A burst right after: answered once, no sooner than everyMs after the last update.
      const later = next.map((p) => ({ ...p, time: bar + MINUTE, pValue: 0.99 }));
      await insertScreenRows(later);
      await publish(later.slice(0, 1));
      await publish(later.slice(1));
      await waitFor(() => sub.received.length >= 3, 10_000, 'the ranking after the burst');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(sub.received).toHaveLength(3);
      const [, second, third] = sub.received as { at: number; ranking: Ranking }[];
      expect((third as { at: number }).at - (second as { at: number }).at).toBeGreaterThanOrEqual(
        900,
      );
      expect(third?.ranking.rows.map((r) => r.pair)).toEqual(initial.rows.map((r) => r.pair));
      expect(sub.errors).toEqual([]);
      sub.stop();
      await waitFor(
        () => served[0]?.api.hub.pairScreen.subscriberCount() === 0,
        5_000,
        'the unsubscribe',
      );
    });

    it('refuses a bad everyMs, top or orderBy when subscribing', async () => {
      const cases: [string, string, RegExp][] = [
        ['everyMs: 100', 'LIMIT_OUT_OF_RANGE', /everyMs must be between 250 and 60000/],
        ['everyMs: 60001', 'LIMIT_OUT_OF_RANGE', /everyMs must be between 250 and 60000/],
        ['top: 0', 'LIMIT_OUT_OF_RANGE', /top must be between 1 and 10000/],
        ['interval: "3m"', 'UNKNOWN_INTERVAL', /interval must be one of/],
      ];
      for (const [args, code, message] of cases) {
        const sub = subscribe(`subscription { pairScreen(${args}) { total } }`);
        await waitFor(() => sub.errors.length > 0, 5_000, `the error for ${args}`);
        expect(sub.errors[0]?.extensions?.['code']).toBe(code);
        expect(sub.errors[0]?.message).toMatch(message);
        expect(sub.received).toEqual([]);
      }
      const badEnum = subscribe(`subscription { pairScreen(orderBy: SHARPE) { total } }`);
      await waitFor(() => badEnum.errors.length > 0, 5_000, 'the enum error');
      expect(badEnum.errors[0]?.message).toMatch(/PairScreenOrder/);
    });
  });
});
