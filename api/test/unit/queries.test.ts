import { PROCESSORS } from '@tickstream/cli';
import { computeSymbolStats, PairEngine } from '@tickstream/analytics';
import { PAIR_DEFAULTS, type Candle, type PairAnalytics } from '@tickstream/schema';
import { fieldOperation } from '../../src/http/graphql-operation';
import { V1_FIELDS } from '../../src/http/v1-routes';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import {
  alertsFor,
  barsFrom,
  insertAlerts,
  insertCandles,
  insertPairAnalytics,
  insertTrades,
  T0,
  tradesFrom,
  walk,
} from '../helpers/seed';

const N = 240;
const btc = barsFrom('BTCUSDT', '1m', walk(1, N, 64_000));
const eth = barsFrom('ETHUSDT', '1m', walk(2, N, 3_400));
const sol = barsFrom('SOLUSDT', '1m', walk(3, N, 150));
const trades = tradesFrom('BTCUSDT', walk(4, 250, 64_000));

function engineRows(
  x: readonly Candle[],
  y: readonly Candle[],
  ols = 60,
  z = 20,
  corr = 60,
): PairAnalytics[] {
  const engine = new PairEngine({
    ...PAIR_DEFAULTS,
    symbolX: 'BTCUSDT',
    symbolY: 'ETHUSDT',
    interval: '1m',
    olsWindow: ols,
    zScoreWindow: z,
    corrWindow: corr,
    testEvery: 1,
  });
  const out: PairAnalytics[] = [];
  for (const c of x) for (const o of engine.addLegBar('x', c)) out.push(o.analytics);
  for (const c of y) for (const o of engine.addLegBar('y', c)) out.push(o.analytics);
  return out;
}
const stored = engineRows(btc, eth);
const alerts = alertsFor(
  'ETHUSDT/BTCUSDT',
  [0, 1, 2, 3, 4].map((i) => T0 + i * 60_000),
);

const ingest = {
  state: 'running',
  source: 'binance',
  startedAt: T0,
  symbols: {
    BTCUSDT: {
      exchange: 'binance-futures',
      received: 10,
      produced: 9,
      duplicates: 1,
      backfilled: 0,
      ratePerSecond: 2.5,
      lastTradeId: 5,
      lastTradeTime: T0,
    },
  },
  connections: [
    {
      id: 'binance-futures#1',
      state: 'open',
      url: 'ws://x',
      streams: 2,
      reconnects: 0,
      messages: 10,
    },
  ],
  deadLetters: 0,
  gaps: { detected: 1, backfilled: 1, unrecoverable: 0, open: 0, missingTrades: 3 },
};

describe('GraphQL queries and /api/v1 over stored data', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness({
      extra: {
        ingestStatus: () => ingest,
        health: () => ({ candles: { state: 'running' } }),
        processorGroups: PROCESSORS,
      },
    });
    await insertCandles(h.ch, [...btc, ...eth, ...sol]);
    await insertTrades(h.ch, trades);
    await insertPairAnalytics(h.ch, stored);
    await insertAlerts(h.ch, alerts);
  });
  afterAll(() => h.cleanup());

  it('lists symbols with their last price, intervals and ingest counters', async () => {
    const { body } = await h.gql<{
      symbols: {
        symbol: string;
        lastPrice: number;
        intervals: string[];
        ingest: { produced: number } | null;
      }[];
    }>('{ symbols { symbol lastPrice intervals ingest { produced } } }');
    const bySymbol = new Map(body.data?.symbols.map((s) => [s.symbol, s]));
    expect(bySymbol.get('BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      lastPrice: btc[N - 1]?.close,
      intervals: ['1m'],
      ingest: { produced: 9 },
    });
    expect(bySymbol.get('ETHUSDT')?.ingest).toBeNull();
  });

  it('returns the latest N candles in ascending time, and a range as [from, to)', async () => {
    const { body } = await h.gql<{
      last: { start: number; close: number }[];
      range: { start: number }[];
    }>(
      `query($from: Timestamp, $to: Timestamp) {
         last: candles(symbol: "BTCUSDT", last: 3) { start close }
         range: candles(symbol: "BTCUSDT", from: $from, to: $to) { start }
       }`,
      { from: new Date(T0 + 60_000).toISOString(), to: T0 + 4 * 60_000 },
    );
    expect(body.data?.last).toEqual(btc.slice(-3).map((c) => ({ start: c.start, close: c.close })));
    expect(body.data?.range.map((c) => c.start)).toEqual([1, 2, 3].map((i) => T0 + i * 60_000));
  });

  it('rolls a coarser interval up in ClickHouse from the stored bars', async () => {
    const { body } = await h.gql<{ candles: Record<string, number | boolean>[] }>(
      '{ candles(symbol: "BTCUSDT", interval: "1h", last: 4) { start end open high low close volume tradeCount final } }',
    );
    const expected = [0, 1, 2, 3].map((hour) => {
      const bars = btc.filter((c) => Math.floor((c.start - T0) / 3_600_000) === hour);
      return {
        start: T0 + hour * 3_600_000,
        end: T0 + (hour + 1) * 3_600_000,
        open: bars[0]?.open,
        high: Math.max(...bars.map((b) => b.high)),
        low: Math.min(...bars.map((b) => b.low)),
        close: bars[bars.length - 1]?.close,
        tradeCount: bars.reduce((s, b) => s + b.tradeCount, 0),
        final: true,
      };
    });
    const got = body.data?.candles ?? [];
    expect(got.map(({ volume: _v, ...rest }) => rest)).toEqual(expected);
    got.forEach((c, i) => {
      const bars = btc.filter((b) => Math.floor((b.start - T0) / 3_600_000) === i);
      expect(c['volume']).toBeCloseTo(
        bars.reduce((s, b) => s + b.volume, 0),
        9,
      );
    });
  });

  it('pages trades forward and backward with Relay cursors, without gaps or overlaps', async () => {
    const q = `query($first: Int, $after: String, $last: Int, $before: String) {
      trades(symbol: "BTCUSDT", first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { tradeId price side tradeTime } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    type Page = {
      trades: {
        edges: { cursor: string; node: { tradeId: number } }[];
        pageInfo: {
          hasNextPage: boolean;
          hasPreviousPage: boolean;
          endCursor: string;
          startCursor: string;
        };
      };
    };
    const ids: number[] = [];
    let after: string | undefined;
    for (;;) {
      const { body } = await h.gql<Page>(q, { first: 100, after });
      const page = body.data?.trades;
      if (!page) throw new Error(JSON.stringify(body.errors));
      ids.push(...page.edges.map((e) => e.node.tradeId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(trades.map((t) => t.tradeId));
    const { body: newest } = await h.gql<Page>(q, {});
    expect(newest.data?.trades.edges.map((e) => e.node.tradeId)).toEqual(
      trades.slice(-100).map((t) => t.tradeId),
    );
    expect(newest.data?.trades.pageInfo.hasPreviousPage).toBe(true);
    const { body: back } = await h.gql<Page>(q, {
      last: 50,
      before: newest.data?.trades.pageInfo.startCursor,
    });
    expect(back.data?.trades.edges.map((e) => e.node.tradeId)).toEqual(
      trades.slice(-150, -100).map((t) => t.tradeId),
    );
  });

  it('computes stats exactly as the stats processor does, and the legacy route shows the same numbers', async () => {
    type Stats = {
      closeStats: {
        mean: number;
        std: number;
        min: number;
        max: number;
        current: number;
        changePct: number;
      };
      volumeStats: { mean: number; std: number; total: number };
    };
    const { body } = await h.gql<{ stats: Record<string, unknown> & Stats }>(
      '{ stats(symbol: "BTCUSDT", window: 60) { window bars meanClose stdClose realizedVolatility change changePct vwap closeStats { mean std min max current changePct } volumeStats { mean std total } } }',
    );
    const expected = computeSymbolStats(btc.slice(-60), { interval: '1m', bars: 60 });
    const s = body.data?.stats;
    expect(s).toMatchObject({
      window: '60x1m',
      bars: 60,
      meanClose: expected.meanClose,
      stdClose: expected.stdClose,
      realizedVolatility: expected.realizedVolatility,
      change: expected.change,
      changePct: expected.changePct,
      vwap: expected.vwap,
    });
    const legacy = (await (await h.fetch('/api/stats/BTCUSDT?window=60')).json()) as Record<
      string,
      Record<string, number>
    >;
    expect(legacy['price_stats']).toMatchObject({
      mean: s?.closeStats.mean,
      std: s?.closeStats.std,
      min: s?.closeStats.min,
      max: s?.closeStats.max,
      current: s?.closeStats.current,
      change_pct: s?.closeStats.changePct,
      window_size: 60,
    });
    expect(legacy['volume_stats']).toMatchObject({
      mean_volume: s?.volumeStats.mean,
      std_volume: s?.volumeStats.std,
      total_volume: s?.volumeStats.total,
    });
    const closes = btc.slice(-60).map((c) => c.close);
    expect(s?.closeStats.changePct).toBeCloseTo(
      (((closes[59] as number) - (closes[0] as number)) / (closes[0] as number)) * 100,
      10,
    );
  });

  it('analyses a pair with the pair processor’s engine, and /api/pairs shows the same numbers', async () => {
    const { body } = await h.gql<{
      pairAnalysis: {
        regression: Record<string, number>;
        latestSpread: number;
        latestZScore: number;
        correlation: { current: number };
        stationarity: { adf: { pValue: number } } | null;
        series: { spread: number | null }[];
      };
    }>(
      '{ pairAnalysis(symbolX: "BTCUSDT", symbolY: "ETHUSDT") { regression { hedgeRatio intercept rSquared stdError hedgeRatioStdError } latestSpread latestZScore correlation { current } stationarity { adf { pValue } } series { spread } } }',
    );
    const a = body.data?.pairAnalysis;
    const last = stored[stored.length - 1] as PairAnalytics;
    expect(a?.regression).toMatchObject({
      hedgeRatio: last.hedgeRatio,
      intercept: last.intercept,
      rSquared: last.rSquared,
      stdError: last.stdError,
    });
    expect(a?.latestSpread).toBe(last.spread);
    expect(a?.latestZScore).toBe(last.zScore);
    expect(a?.correlation.current).toBe(last.correlation);
    expect(a?.stationarity?.adf.pValue).toBe(last.adf?.pValue);
    expect(a?.series.map((p) => p.spread)).toEqual(stored.slice(-100).map((r) => r.spread));
    const legacy = (await (
      await h.fetch('/api/pairs?symbol_x=BTCUSDT&symbol_y=ETHUSDT')
    ).json()) as Record<string, Record<string, unknown>>;
    expect(legacy['regression']).toMatchObject({
      hedge_ratio: last.hedgeRatio,
      intercept: last.intercept,
      r_squared: last.rSquared,
      std_error: a?.regression['hedgeRatioStdError'],
    });
    expect(legacy['spread']?.['values']).toEqual(a?.series.map((p) => p.spread));
    expect(legacy['stationarity']?.['p_value']).toBe(last.adf?.pValue);
  });

  it('reads the latest stored pair analytics and pages their history', async () => {
    const { body } = await h.gql<{
      pairAnalytics: { time: number; zScore: number | null; nullReasons: unknown[] };
      pairAnalyticsHistory: {
        edges: { node: { time: number } }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(
      '{ pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT") { time zScore nullReasons { figure reason } } pairAnalyticsHistory(symbolX: "BTCUSDT", symbolY: "ETHUSDT", first: 10) { edges { node { time } } pageInfo { hasNextPage } } }',
    );
    const last = stored[stored.length - 1] as PairAnalytics;
    expect(body.data?.pairAnalytics).toMatchObject({ time: last.time, zScore: last.zScore });
    expect(body.data?.pairAnalyticsHistory.edges.map((e) => e.node.time)).toEqual(
      stored.slice(0, 10).map((r) => r.time),
    );
    expect(body.data?.pairAnalyticsHistory.pageInfo.hasNextPage).toBe(true);
  });

  it('builds a symmetric correlation matrix with ones on the diagonal', async () => {
    const { body } = await h.gql<{
      correlationMatrix: { symbols: string[]; values: (number | null)[][]; observations: number };
    }>(
      '{ correlationMatrix(symbols: ["BTCUSDT", "ETHUSDT", "SOLUSDT"], window: 60) { symbols values observations } }',
    );
    const m = body.data?.correlationMatrix;
    expect(m?.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    for (let i = 0; i < 3; i++) {
      expect(m?.values[i]?.[i]).toBe(1);
      for (let j = 0; j < 3; j++) expect(m?.values[i]?.[j]).toBe(m?.values[j]?.[i]);
    }
    const pair = engineRows(btc.slice(-60), eth.slice(-60), 3, 2, 60);
    expect(m?.values[0]?.[1]).toBeCloseTo(pair[pair.length - 1]?.correlation as number, 12);
    expect(m?.observations).toBe(60);
  });

  it('pages alerts and filters them by pair and kind', async () => {
    const { body } = await h.gql<{
      all: { edges: { node: { id: string } }[] };
      entries: { edges: { node: { kind: string } }[] };
      other: { edges: unknown[] };
    }>(
      `{ all: alerts(first: 10) { edges { node { id } } }
         entries: alerts(pair: "ETHUSDT/BTCUSDT", kind: "zscore-entry", first: 10) { edges { node { kind } } }
         other: alerts(pair: "SOLUSDT/BTCUSDT") { edges { node { id } } } }`,
    );
    expect(body.data?.all.edges.map((e) => e.node.id)).toEqual(alerts.map((a) => a.id));
    expect(body.data?.entries.edges.map((e) => e.node.kind)).toEqual([
      'zscore-entry',
      'zscore-entry',
      'zscore-entry',
    ]);
    expect(body.data?.other.edges).toEqual([]);
  });

  it('gives each alert the state it leaves and the state it enters, over GraphQL and /api/v1/alerts', async () => {
    const { body } = await h.gql<{
      alerts: { edges: { node: { kind: string; fromState: string; toState: string } }[] };
    }>(
      '{ alerts(pair: "ETHUSDT/BTCUSDT", first: 3) { edges { node { kind fromState toState } } } }',
    );
    expect(body.data?.alerts.edges.map((e) => e.node)).toEqual([
      { kind: 'zscore-entry', fromState: 'inside', toState: 'above' },
      { kind: 'zscore-exit', fromState: 'above', toState: 'inside' },
      { kind: 'zscore-entry', fromState: 'inside', toState: 'above' },
    ]);
    const rest = await h.fetch('/api/v1/alerts?pair=ETHUSDT/BTCUSDT&first=2');
    expect(rest.status).toBe(200);
    const page = (await rest.json()) as { edges: { node: Record<string, unknown> }[] };
    expect(page.edges.map((e) => [e.node['fromState'], e.node['toState']])).toEqual([
      ['inside', 'above'],
      ['above', 'inside'],
    ]);
    // A row stored before migration 0008 has no states: null, not a made-up state.
    const legacyPair = 'LEGACYUSDT/BTCUSDT';
    await h.ch.client.insert({
      table: 'alerts',
      values: [
        {
          id: `correlation-break:${legacyPair}:1m:${T0}`,
          kind: 'correlation-break',
          pair: legacyPair,
          bar_interval: '1m',
          time: T0,
          value: 0.3,
          threshold: 0.5,
          message: 'correlation 0.3 < 0.5',
        },
      ],
      format: 'JSONEachRow',
    });
    try {
      const legacy = await h.gql<{
        alerts: { edges: { node: { fromState: string | null; toState: string | null } }[] };
      }>(`{ alerts(pair: "${legacyPair}") { edges { node { fromState toState } } } }`);
      expect(legacy.body.data?.alerts.edges.map((e) => e.node)).toEqual([
        { fromState: null, toState: null },
      ]);
    } finally {
      await h.ch.client.command({
        query: 'ALTER TABLE alerts DELETE WHERE pair = {pair:String} SETTINGS mutations_sync = 2',
        query_params: { pair: legacyPair },
      });
    }
  });

  it('reports ingest status from the provider and health of every component', async () => {
    const { body } = await h.gql<{
      ingestStatus: Record<string, unknown>;
      health: { status: string; components: { name: string }[] };
    }>(
      '{ ingestStatus { available state symbols { symbol ratePerSecond } gaps { detected } processors { name lag } } health { status components { name status } } }',
    );
    expect(body.data?.ingestStatus).toMatchObject({
      available: true,
      state: 'running',
      symbols: [{ symbol: 'BTCUSDT', ratePerSecond: 2.5 }],
      gaps: { detected: 1 },
    });
    expect(
      (body.data?.ingestStatus['processors'] as { name: string }[]).map((p) => p.name),
    ).toContain('candles');
    expect(body.data?.health.status).toBe('healthy');
    expect(body.data?.health.components.map((c) => c.name)).toEqual([
      'clickhouse',
      'live-feed',
      'candles',
    ]);
  });

  it.each(V1_FIELDS.map((f) => [f.path, f.field]))(
    'serves %s with exactly what GraphQL %s returns',
    async (path, field) => {
      const args: Record<string, string> = {
        trades: 'symbol: "BTCUSDT", first: 5',
        candles: 'symbol: "BTCUSDT", last: 5',
        stats: 'symbol: "BTCUSDT"',
        pairAnalysis: 'symbolX: "BTCUSDT", symbolY: "ETHUSDT", points: 5',
        pairAnalytics: 'symbolX: "BTCUSDT", symbolY: "ETHUSDT"',
        pairAnalyticsHistory: 'symbolX: "BTCUSDT", symbolY: "ETHUSDT", first: 3',
        correlationMatrix: 'symbols: ["BTCUSDT", "ETHUSDT"]',
        alerts: 'first: 3',
      };
      const query: Record<string, string> = {
        trades: 'symbol=BTCUSDT&first=5',
        candles: 'symbol=BTCUSDT&last=5',
        stats: 'symbol=BTCUSDT',
        pairAnalysis: 'symbolX=BTCUSDT&symbolY=ETHUSDT&points=5',
        pairAnalytics: 'symbolX=BTCUSDT&symbolY=ETHUSDT',
        pairAnalyticsHistory: 'symbolX=BTCUSDT&symbolY=ETHUSDT&first=3',
        correlationMatrix: 'symbols=BTCUSDT,ETHUSDT',
        alerts: 'first=3',
      };
      const op = fieldOperation(h.api.yoga.getEnveloped({}).schema, field);
      const text = `{ ${field}${args[field] ? `(${args[field]})` : ''} ${op.selection} }`;
      const { body } = await h.gql<Record<string, unknown>>(text);
      expect(body.errors).toBeUndefined();
      const rest = await h.fetch(`${path}${query[field] ? `?${query[field]}` : ''}`);
      expect(rest.status).toBe(200);
      const restBody = (await rest.json()) as unknown;
      const strip = (v: unknown): unknown =>
        JSON.parse(
          JSON.stringify(v, (k, x) => (k === 'time' || k === 'last_update' ? undefined : x)),
        );
      expect(field === 'ingestStatus' || field === 'health' ? strip(restBody) : restBody).toEqual(
        field === 'ingestStatus' || field === 'health'
          ? strip(body.data?.[field])
          : body.data?.[field],
      );
    },
  );
});
