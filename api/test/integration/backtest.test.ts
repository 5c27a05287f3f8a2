import {
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import {
  runBacktest,
  runSweep,
  type AlignedBar,
  type BacktestParams,
  type BacktestResult,
} from '@tickstream/analytics';
import { MIGRATIONS_DIR, type Candle } from '@tickstream/schema';
import {
  dropDatabase,
  mulberry32,
  openTestClickHouse,
  openTestLog,
  type TestLog,
} from '@tickstream/testkit';
import { buildApi, type Api } from '../../src/build-api';
import type { ApiSettings } from '../../src/options';
import { barsFrom, insertCandles } from '../helpers/seed';

// The backtest over real HTTP and GraphQL, against bars stored in chDB: every surface gives
// what analytics' runBacktest gives over the same bars, aligned by hand here.

const T0 = Date.UTC(2024, 8, 2, 0, 0, 0);
const MINUTE = 60_000;
const N = 720;
// Minutes where the x leg has no bar: the aligned series carries x's last close there.
const X_GAPS = new Set([100, 101, 102, 377]);

/** A cointegrated pair: x a random walk, y = 2x + 50 + a mean-reverting spread. */
function pairCloses(): { x: number[]; y: number[] } {
  const rand = mulberry32(16);
  const x: number[] = [];
  const y: number[] = [];
  let px = 1_000;
  let s = 0;
  for (let i = 0; i < N; i++) {
    px *= 1 + (rand() - 0.5) * 0.004;
    s = 0.85 * s + (rand() - 0.5) * 6;
    x.push(Math.round(px * 100) / 100);
    y.push(Math.round((2 * px + 50 + s) * 100) / 100);
  }
  return { x, y };
}

const CLOSES = pairCloses();

/** The stored bars: x without its gaps; each leg ends with a bar still open (not final). */
function storedBars(): Candle[] {
  const x = barsFrom('BTCUSDT', '1m', CLOSES.x, T0).filter((_, i) => !X_GAPS.has(i));
  const y = barsFrom('ETHUSDT', '1m', CLOSES.y, T0);
  const open = (c: Candle): Candle => ({
    ...c,
    start: c.start + N * MINUTE,
    end: c.end + N * MINUTE,
    close: c.close * 3,
    final: false,
  });
  return [...x, ...y, open(x[x.length - 1] as Candle), open(y[y.length - 1] as Candle)];
}

/** The as-of join the pair stage makes, written out: x carries its last close over its gaps. */
function alignedByHand(from = 0, to = N): AlignedBar[] {
  const out: AlignedBar[] = [];
  let lastX: number | undefined;
  for (let i = 0; i < N; i++) {
    if (!X_GAPS.has(i)) lastX = CLOSES.x[i];
    if (i < from || i >= to || lastX === undefined) continue;
    out.push({ time: T0 + i * MINUTE, x: lastX, y: CLOSES.y[i] as number });
  }
  return out;
}

const PARAMS = {
  entry: 1.5,
  exit: 0.25,
  stop: 3.5,
  window: 40,
  zWindow: 20,
  feeBps: 2,
  slippageBps: 1,
  capital: 25_000,
} satisfies Partial<BacktestParams>;

const INPUT = {
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1m',
  from: T0,
  to: T0 + N * MINUTE,
  ...PARAMS,
};

const BACKTEST = `query ($input: BacktestInput!, $first: Int, $after: String) {
  backtest(input: $input) {
    pair symbolX symbolY interval from to bars
    params { fill hedge entry exit stop maxBars capital feeBps slippageBps window zWindow }
    metrics { totalPnl totalReturn sharpe barsPerYear maxDrawdown maxDrawdownAbs tradeCount
      hitRate avgBarsHeld exposure turnover feesPaid bars }
    trades { side beta qy qx entrySignalIndex entryIndex entryTime entryPriceY entryPriceX
      exitSignalIndex exitIndex exitTime exitPriceY exitPriceX reason fees pnl barsHeld }
    fills { index time action side reason signalIndex
      y { qty price notional fee } x { qty price notional fee } }
    equity(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { index time equity realized unrealized position drawdown } }
    }
  }
}`;

const SWEEP = `query ($input: BacktestSweepInput!) {
  backtestSweep(input: $input) {
    pair bars from to metric entries exits windows
    cells { entry exit window value tradeCount invalid }
  }
}`;

interface EquityNode {
  index: number;
  time: number;
  equity: number;
  realized: number;
  unrealized: number;
  position: string;
  drawdown: number;
}

interface EquityPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: EquityNode }[];
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
const served: Served[] = [];

async function serve(settings: Partial<ApiSettings> = {}): Promise<Served> {
  const api = buildApi({
    eventLog: log.log,
    clickhouse: ch.client,
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'api' }),
    settings: { rateLimitPerMinute: 0, candleIntervals: ['1s', '1m', '5m'], ...settings },
  });
  const { url } = await api.listen(0, '127.0.0.1');
  const s = { api, url };
  served.push(s);
  return s;
}

async function gql<T>(s: Served, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GqlBody<T> };
}

async function post(s: Served, path: string, body: unknown): Promise<Response> {
  return fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The equity points the API should give: runBacktest's, with the fall from the running peak. */
function expectedEquity(result: BacktestResult): EquityNode[] {
  let peak = result.params.capital;
  return result.equity.map((p) => {
    peak = Math.max(peak, p.equity);
    return { ...p, drawdown: (peak - p.equity) / peak };
  });
}

function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('backtests over stored bars, through GraphQL and /api/v1', () => {
  let s: Served;
  let expected: BacktestResult;

  beforeAll(async () => {
    ch = await openTestClickHouse('api_backtest');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    log = await openTestLog('embedded');
    await log.log.createTopics(topicSpecs());
    await insertCandles(ch, storedBars());
    s = await serve();
    expected = runBacktest({ interval: '1m', bars: alignedByHand() }, PARAMS);
  });

  afterAll(async () => {
    for (const x of served) await x.api.close();
    await log.cleanup();
    await dropDatabase(ch);
  });

  it('the run has trades of every kind worth checking (the fixture is not trivial)', () => {
    expect(expected.trades.length).toBeGreaterThanOrEqual(5);
    expect(new Set(expected.trades.map((t) => t.side))).toEqual(new Set(['long', 'short']));
    expect(expected.metrics.feesPaid).toBeGreaterThan(0);
    expect(expected.equity).toHaveLength(N);
  });

  it('GraphQL backtest gives runBacktest over the same aligned final bars: trade for trade, fill for fill, metric for metric', async () => {
    const { status, body } = await gql<{ backtest: Record<string, unknown> }>(s, BACKTEST, {
      input: INPUT,
      first: 5,
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const run = body.data?.backtest as Record<string, unknown>;
    expect(run['pair']).toBe('ETHUSDT/BTCUSDT');
    expect(run['bars']).toBe(N);
    expect(run['from']).toBe(T0);
    expect(run['to']).toBe(T0 + (N - 1) * MINUTE);
    expect(run['params']).toEqual({
      fill: 'next-close',
      hedge: 'ols',
      maxBars: null,
      ...PARAMS,
    });
    expect(run['trades']).toEqual(expected.trades);
    expect(run['fills']).toEqual(expected.fills);
    expect(run['metrics']).toEqual(expected.metrics);
  });

  it('pages the equity curve forward with first/after, every point once and in order', async () => {
    const want = expectedEquity(expected);
    const got: EquityNode[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { body } = await gql<{ backtest: { equity: EquityPage } }>(s, BACKTEST, {
        input: INPUT,
        first: 250,
        after,
      });
      expect(body.errors).toBeUndefined();
      const page = body.data?.backtest.equity as EquityPage;
      expect(page.totalCount).toBe(N);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      got.push(...page.edges.map((e) => e.node));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(got).toEqual(want);
    expect(Math.max(...got.map((p) => p.drawdown))).toBe(expected.metrics.maxDrawdown);
  });

  it('POST /api/v1/backtest answers the same JSON, with first/after paging the equity curve', async () => {
    const response = await post(s, '/api/v1/backtest', { ...INPUT, first: 100, after: null });
    expect(response.status).toBe(200);
    const run = (await response.json()) as Record<string, unknown> & { equity: EquityPage };
    expect(run['trades']).toEqual(expected.trades);
    expect(run['fills']).toEqual(expected.fills);
    expect(run['metrics']).toEqual(expected.metrics);
    expect(run.equity.edges.map((e) => e.node)).toEqual(expectedEquity(expected).slice(0, 100));
    const next = await post(s, '/api/v1/backtest', {
      ...INPUT,
      first: 100,
      after: run.equity.pageInfo.endCursor,
    });
    const second = (await next.json()) as { equity: EquityPage };
    expect(second.equity.edges.map((e) => e.node)).toEqual(
      expectedEquity(expected).slice(100, 200),
    );
  });

  it('reads only final bars of the range: a sub-range its bars, no range all of them, a range without bars null (404 over REST)', async () => {
    const input = { ...INPUT, from: T0 + 200 * MINUTE, to: T0 + 500 * MINUTE };
    const { body } = await gql<{ backtest: { bars: number; trades: unknown[] } }>(s, BACKTEST, {
      input,
      first: 1,
    });
    const sub = runBacktest({ interval: '1m', bars: alignedByHand(200, 500) }, PARAMS);
    expect(body.data?.backtest.bars).toBe(300);
    expect(body.data?.backtest.trades).toEqual(sub.trades);
    // Without a range: every final bar, not the legs' open ones after them.
    const { from: _from, to: _to, ...unbounded } = INPUT;
    const all = await gql<{ backtest: { bars: number; to: number; trades: unknown[] } }>(
      s,
      BACKTEST,
      { input: unbounded, first: 1 },
    );
    expect(all.body.data?.backtest.bars).toBe(N);
    expect(all.body.data?.backtest.to).toBe(T0 + (N - 1) * MINUTE);
    expect(all.body.data?.backtest.trades).toEqual(expected.trades);
    const empty = { ...INPUT, from: T0 - 100 * MINUTE, to: T0 - 10 * MINUTE };
    const none = await gql<{ backtest: null }>(s, BACKTEST, { input: empty });
    expect(none.body.errors).toBeUndefined();
    expect(none.body.data?.backtest).toBeNull();
    const rest = await post(s, '/api/v1/backtest', empty);
    expect(rest.status).toBe(404);
    expect(await rest.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports the trades as CSV, one row per trade with the engine’s numbers', async () => {
    const response = await post(s, '/api/v1/backtest/trades.csv', INPUT);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="backtest_trades_ETHUSDT_BTCUSDT_1m_\d{8}_\d{6}\.csv"$/,
    );
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual([
      'side',
      'entry_time',
      'exit_time',
      'entry_index',
      'exit_index',
      'bars_held',
      'beta',
      'qty_y',
      'qty_x',
      'entry_price_y',
      'entry_price_x',
      'exit_price_y',
      'exit_price_x',
      'reason',
      'fees',
      'pnl',
    ]);
    expect(rows).toEqual(
      expected.trades.map((t) => [
        t.side,
        new Date(t.entryTime).toISOString(),
        new Date(t.exitTime).toISOString(),
        String(t.entryIndex),
        String(t.exitIndex),
        String(t.barsHeld),
        String(t.beta),
        String(t.qy),
        String(t.qx),
        String(t.entryPriceY),
        String(t.entryPriceX),
        String(t.exitPriceY),
        String(t.exitPriceX),
        t.reason,
        String(t.fees),
        String(t.pnl),
      ]),
    );
    // The numbers read back to the engine's doubles.
    expect(rows.reduce((sum, r) => sum + Number(r[15]), 0)).toBeCloseTo(
      expected.trades.reduce((sum, t) => sum + t.pnl, 0),
      9,
    );
  });

  it('exports the whole equity curve as CSV, a row per bar', async () => {
    const response = await post(s, '/api/v1/backtest/equity.csv', INPUT);
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual([
      'timestamp',
      'time',
      'index',
      'equity',
      'realized',
      'unrealized',
      'position',
      'drawdown',
    ]);
    expect(rows).toEqual(
      expectedEquity(expected).map((p) => [
        new Date(p.time).toISOString(),
        String(p.time),
        String(p.index),
        String(p.equity),
        String(p.realized),
        String(p.unrealized),
        p.position,
        String(p.drawdown),
      ]),
    );
    expect(Number(rows[rows.length - 1]?.[3])).toBe(PARAMS.capital + expected.metrics.totalPnl);
  });

  it('sweeps a grid: every cell is runSweep’s, and equals a single run with its parameters', async () => {
    const grid = { entries: [1, 1.5, 2], exits: [0, 0.5, 1.5], windows: [30, 60] };
    const { fill, feeBps, slippageBps, capital, zWindow } = { fill: 'next-close', ...PARAMS };
    const base = { feeBps, slippageBps, capital, zWindow };
    const sweepInput = {
      symbolX: 'BTCUSDT',
      symbolY: 'ETHUSDT',
      interval: '1m',
      from: T0,
      to: T0 + N * MINUTE,
      fill,
      ...base,
      ...grid,
      metric: 'totalPnl',
    };
    const want = runSweep(
      { interval: '1m', bars: alignedByHand() },
      base,
      { entry: grid.entries, exit: grid.exits, window: grid.windows },
      'totalPnl',
    );
    const { body } = await gql<{ backtestSweep: { cells: unknown[]; bars: number } }>(s, SWEEP, {
      input: sweepInput,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.backtestSweep.bars).toBe(N);
    const cells = want.cells.map((c) => ({ ...c, invalid: c.invalid ?? null }));
    expect(body.data?.backtestSweep.cells).toEqual(cells);
    // exit 1.5 is not below entry 1 or 1.5: those cells are reported, not run.
    expect(cells.filter((c) => c.invalid !== null)).toHaveLength(2 * 2);
    const one = runBacktest(
      { interval: '1m', bars: alignedByHand() },
      { ...base, entry: 2, exit: 0.5, window: 60 },
    );
    expect(cells[(1 * 3 + 2) * 3 + 1]).toMatchObject({
      entry: 2,
      exit: 0.5,
      window: 60,
      value: one.metrics.totalPnl,
      tradeCount: one.metrics.tradeCount,
    });
    const rest = await post(s, '/api/v1/backtest/sweep', sweepInput);
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { cells: unknown[] }).cells).toEqual(cells);
  });

  it('refuses bad parameters with 400, the parameter named in field', async () => {
    const bad = { ...INPUT, exit: 2 };
    const rest = await post(s, '/api/v1/backtest', bad);
    expect(rest.status).toBe(400);
    expect(await rest.json()).toMatchObject({
      code: 'invalid-backtest-params',
      field: 'exit',
      error: 'exit must satisfy 0 ≤ exit < entry (1.5), got 2',
    });
    const { body } = await gql(s, BACKTEST, { input: bad });
    expect(body.errors?.[0]?.message).toBe('exit must satisfy 0 ≤ exit < entry (1.5), got 2');
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'invalid-backtest-params',
      field: 'exit',
    });
    const csv = await post(s, '/api/v1/backtest/trades.csv', { ...INPUT, fill: 'tomorrow' });
    expect(csv.status).toBe(400);
    expect(await csv.json()).toMatchObject({ code: 'invalid-backtest-params', field: 'fill' });
    const sweep = await post(s, '/api/v1/backtest/sweep', {
      ...INPUT,
      entry: undefined,
      exit: undefined,
      window: undefined,
      capital: -1,
      entries: [2],
      exits: [0.5],
      windows: [30],
    });
    expect(sweep.status).toBe(400);
    expect(await sweep.json()).toMatchObject({ code: 'invalid-backtest-params', field: 'capital' });
    const grid = { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', entries: [2], exits: [0.5] };
    const noWindows = await post(s, '/api/v1/backtest/sweep', { ...grid, windows: [] });
    expect(noWindows.status).toBe(400);
    expect(await noWindows.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      error: 'windows must list 1 to 50 numbers',
    });
    const metric = await post(s, '/api/v1/backtest/sweep', { ...grid, windows: [30], metric: 'x' });
    expect(metric.status).toBe(400);
    expect(((await metric.json()) as { error: string }).error).toMatch(
      /^metric must be one of totalPnl, totalReturn, sharpe,/,
    );
    for (const path of ['/api/v1/backtest', '/api/v1/backtest/equity.csv']) {
      const typo = await post(s, path, { ...INPUT, entyr: 2 });
      expect(typo.status).toBe(400);
      const refusal = (await typo.json()) as { code: string; error: string };
      expect(refusal.code).toBe('BAD_USER_INPUT');
      expect(refusal.error).toContain('entyr');
    }
    const typed = await post(s, '/api/v1/backtest/trades.csv', { ...INPUT, entry: '2' });
    expect(typed.status).toBe(400);
    expect(await typed.json()).toMatchObject({ code: 'invalid-backtest-params', field: 'entry' });
  });

  it('refuses a run over the bar limit with 422 bars-limit-exceeded, in REST, CSV and GraphQL', async () => {
    const small = await serve({ backtestMaxBars: 500 });
    const rest = await post(small, '/api/v1/backtest', INPUT);
    expect(rest.status).toBe(422);
    const refusal = (await rest.json()) as Record<string, unknown>;
    expect(refusal).toMatchObject({ code: 'bars-limit-exceeded', limit: 500 });
    expect(refusal['error']).toMatch(/over the limit of 500 bars: shorten the time range/);
    const csv = await post(small, '/api/v1/backtest/equity.csv', INPUT);
    expect(csv.status).toBe(422);
    expect(await csv.json()).toMatchObject({ code: 'bars-limit-exceeded' });
    const { body } = await gql(small, BACKTEST, { input: INPUT });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'bars-limit-exceeded', limit: 500 });
    // 400 bars fit; the same bars in a 2-cell sweep do not.
    const fits = await post(small, '/api/v1/backtest', { ...INPUT, to: T0 + 400 * MINUTE });
    expect(fits.status).toBe(200);
    const sweep = await post(small, '/api/v1/backtest/sweep', {
      symbolX: 'BTCUSDT',
      symbolY: 'ETHUSDT',
      interval: '1m',
      from: T0,
      to: T0 + 400 * MINUTE,
      entries: [1.5, 2],
      exits: [0.5],
      windows: [30],
    });
    expect(sweep.status).toBe(422);
    expect(await sweep.json()).toMatchObject({ code: 'bars-limit-exceeded', limit: 500 });
  });

  it('stops a run past its time budget with 422 time-budget-exceeded', async () => {
    // One millisecond: reading two legs from ClickHouse alone takes longer.
    const hurried = await serve({ backtestTimeBudgetMs: 1 });
    const rest = await post(hurried, '/api/v1/backtest', INPUT);
    expect(rest.status).toBe(422);
    const refusal = (await rest.json()) as Record<string, unknown>;
    expect(refusal).toMatchObject({ code: 'time-budget-exceeded', limit: 1 });
    expect(refusal['error']).toMatch(/over its time budget of 1 ms/);
    const { body } = await gql(hurried, SWEEP, {
      input: {
        symbolX: 'BTCUSDT',
        symbolY: 'ETHUSDT',
        entries: [1, 2],
        exits: [0.5],
        windows: [30, 60],
      },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'time-budget-exceeded' });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const path of [
      '/api/v1/backtest',
      '/api/v1/backtest/sweep',
      '/api/v1/backtest/trades.csv',
      '/api/v1/backtest/equity.csv',
    ]) {
      expect(Object.keys(doc.paths[path]?.['post']?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '422']),
      );
    }
  });
});
