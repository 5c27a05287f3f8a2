import { addAlert, formatAlert, type AlertInput } from '../../src/data/alerts';
import { connectionStatus } from '../../src/data/connection-status';
import { correlationColor, toHeatmap } from '../../src/data/correlation';
import { exportLinks } from '../../src/data/csv-export';
import { buildCards } from '../../src/data/stats-cards';
import { throttle } from '../../src/data/throttle';
import { summarizePrice, toPriceSeries } from '../../src/data/candles';
import { redrawIntervalMs } from '../../src/charts/redraw-policy';

const T0 = Date.UTC(2024, 6, 19, 0, 0, 5);

function alert(i: number, extra: Partial<AlertInput> = {}): AlertInput {
  return {
    id: `zscore-entry:ETHUSDT/BTCUSDT:1m:${T0 + i}`,
    kind: 'zscore-entry',
    pair: 'ETHUSDT/BTCUSDT',
    interval: '1m',
    time: T0 + i * 1_000,
    value: 2.31,
    threshold: 2,
    message: 'Z: 2.31 > 2',
    ...extra,
  };
}

describe('the alert log', () => {
  it('prints alerts as the older dashboard did, [time] Z: x > threshold', () => {
    expect(formatAlert(alert(0))).toBe('[00:00:05] Z: 2.31 > 2');
  });

  it('keeps the newest 20, newest first, and a replayed alert once', () => {
    let log: AlertInput[] = [];
    for (let i = 0; i < 25; i++) log = addAlert(log, alert(i));
    log = addAlert(log, alert(24));
    expect(log).toHaveLength(20);
    expect(log[0]?.time).toBe(T0 + 24_000);
    expect(log[19]?.time).toBe(T0 + 5_000);
  });
});

describe('the connection indicator', () => {
  const ingest = (states: string[], state = 'running') => ({
    available: true,
    state,
    connections: states.map((s) => ({ state: s })),
  });

  it('says reconnecting while the API socket is down, whatever ingest said last', () => {
    expect(connectionStatus('reconnecting', ingest(['open'])).kind).toBe('reconnecting');
  });

  it('says live when the socket is up and an exchange connection is open', () => {
    expect(connectionStatus('connected', ingest(['open', 'reconnecting'])).kind).toBe('live');
    expect(connectionStatus('connected', null).kind).toBe('live');
  });

  it('says the exchange is unreachable when ingest has no open connection', () => {
    const status = connectionStatus('connected', ingest(['reconnecting']));
    expect(status.kind).toBe('exchange-unreachable');
    expect(status.detail).toContain('reconnecting');
  });

  it('says ingest stopped when it has failed or ended', () => {
    expect(connectionStatus('connected', ingest([], 'failed')).kind).toBe('ingest-stopped');
  });
});

describe('the correlation heatmap', () => {
  it('makes one cell per pair of symbols with text and a diverging colour', () => {
    const map = toHeatmap({
      symbols: ['A', 'B'],
      values: [
        [1, -0.5],
        [-0.5, null],
      ],
    });
    expect(map.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['1.00', '-0.50'],
      ['-0.50', '–'],
    ]);
    expect(map.rows[0]?.[1]?.color).toMatch(/^rgba\(50, 110, 220/);
    expect(map.rows[0]?.[0]?.strong).toBe(true);
    expect(correlationColor(null)).toContain('128');
  });
});

describe('the statistics cards', () => {
  it('show the live price, the window statistics and the stationarity verdict', () => {
    const cards = buildCards({
      symbol: 'BTCUSDT',
      stats: {
        window: '60x1m',
        bars: 60,
        lastPrice: 64000,
        change: 120,
        changePct: 0.19,
        volume: 1234.5,
        vwap: 63950.12,
        tradeCount: 4000,
      },
      livePrice: 64010.5,
      tradeRate: 12.34,
      ingestAvailable: true,
      adf: { statistic: -3.5, pValue: 0.008, isStationary: true },
      adfReason: null,
      halfLife: 12.3,
      halfLifeReason: null,
      pair: 'ETHUSDT/BTCUSDT',
      interval: '1m',
    });
    const byId = Object.fromEntries(cards.map((c) => [c.id, c]));
    expect(byId['last-price']?.value).toBe('64,010.50');
    expect(byId['change']).toMatchObject({ value: '+0.19 %', tone: 'up' });
    expect(byId['trade-rate']?.value).toBe('12.3/s');
    expect(byId['adf']).toMatchObject({ value: '-3.500', tone: 'good' });
    expect(byId['adf']?.detail).toBe('p = 0.0080 · stationary');
    expect(byId['half-life']?.value).toBe('12.3 bars');
  });

  it('show a change that rounds to zero as zero, without a sign or a colour', () => {
    const card = buildCards({
      symbol: 'BTCUSDT',
      stats: {
        window: '60x1s',
        bars: 60,
        lastPrice: 1,
        change: -0.001,
        changePct: -0.0004,
        volume: 1,
        vwap: 1,
        tradeCount: 1,
      },
      livePrice: null,
      tradeRate: null,
      ingestAvailable: false,
      adf: null,
      adfReason: null,
      halfLife: null,
      halfLifeReason: null,
      pair: 'ETHUSDT/BTCUSDT',
      interval: '1s',
    }).find((c) => c.id === 'change');
    expect(card).toMatchObject({ value: '0.00 %', tone: 'neutral' });
  });

  it('explain why a figure is missing instead of showing a zero', () => {
    const cards = buildCards({
      symbol: 'BTCUSDT',
      stats: null,
      livePrice: null,
      tradeRate: null,
      ingestAvailable: false,
      adf: null,
      adfReason: 'the ADF test needs at least 50 bars in the window',
      halfLife: null,
      halfLifeReason: 'not analysed',
      pair: 'ETHUSDT/BTCUSDT',
      interval: '1m',
    });
    expect(cards.every((c) => c.value === '–')).toBe(true);
    expect(cards.find((c) => c.id === 'adf')?.detail).toContain('50 bars');
  });
});

describe('CSV export links', () => {
  it('ask the API for exactly the bars shown: from the first start to the end of the newest bar', () => {
    const summary = summarizePrice(
      toPriceSeries([
        {
          start: 60_000,
          end: 120_000,
          open: 1,
          high: 1,
          low: 1,
          close: 1,
          volume: 1,
          tradeCount: 1,
          final: true,
          version: 1,
        },
        {
          start: 120_000,
          end: 180_000,
          open: 1,
          high: 1,
          low: 1,
          close: 1,
          volume: 1,
          tradeCount: 1,
          final: false,
          version: 1,
        },
      ]),
    );
    const links = exportLinks(
      { symbol: 'BTCUSDT', x: 'BTCUSDT', y: 'ETHUSDT' },
      { interval: '1m', summary },
      { interval: '1m', from: 60_000, to: 120_001 },
    );
    expect(links.map((l) => l.href)).toEqual([
      '/api/v1/candles.csv?symbol=BTCUSDT&interval=1m&from=60000&to=180000',
      '/api/v1/trades.csv?symbol=BTCUSDT&from=60000&to=180000',
      '/api/v1/pair-analytics.csv?symbolX=BTCUSDT&symbolY=ETHUSDT&interval=1m&from=60000&to=120001',
    ]);
  });

  it('offer nothing for an empty chart', () => {
    const links = exportLinks(
      { symbol: 'X1', x: 'X1', y: 'Y1' },
      { interval: '1m', summary: summarizePrice(toPriceSeries([])) },
      { interval: '1m', from: null, to: null },
    );
    expect(links).toEqual([]);
  });
});

describe('the refetch throttle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs at once, then once at the end of a burst', () => {
    const fn = jest.fn();
    const t = throttle(fn, 1_000);
    t();
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1_000);
    expect(fn).toHaveBeenCalledTimes(2);
    t.cancel();
  });
});

describe('the redraw policy', () => {
  it('follows every update of a small chart and redraws a 10,000-point chart at most once a second', () => {
    expect(redrawIntervalMs(300)).toBe(30);
    expect(redrawIntervalMs(10_000)).toBe(1_000);
    expect(redrawIntervalMs(100_000)).toBe(1_000);
  });
});
