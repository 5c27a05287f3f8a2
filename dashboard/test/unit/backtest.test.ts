import {
  backtestCsvRequest,
  backtestInputOf,
  backtestProblemText,
  csvFileName,
  csvProblem,
  defaultBacktestForm,
  defaultSweepForm,
  equityLines,
  formatMetric,
  fromUtcInput,
  metricRows,
  sweepColor,
  sweepHeatmap,
  sweepInputOf,
  toUtcInput,
  tradeMarkers,
  type BacktestForm,
} from '../../src/data/backtest';

const T0 = Date.UTC(2024, 8, 2, 0, 0, 0);
const MIN = 60_000;
const PAIR = { x: 'BTCUSDT', y: 'ETHUSDT', interval: '1m' };
const VIEW = { window: 40, zWindow: 20, entry: 1.5, exit: 0.25, regression: 'ols' as const };

describe('the backtest form', () => {
  it('is prefilled from the pair view: its windows, bands, regression and the span on the chart', () => {
    const form = defaultBacktestForm(VIEW, { from: T0, to: T0 + 1_440 * MIN });
    expect(form).toEqual({
      entry: '1.5',
      exit: '0.25',
      stop: '',
      maxBars: '',
      window: '40',
      zWindow: '20',
      hedge: 'ols',
      fill: 'next-close',
      capital: '10000',
      feeBps: '0',
      slippageBps: '0',
      from: '2024-09-02T00:00',
      to: '2024-09-03T00:00',
    });
    expect(
      defaultBacktestForm({ ...VIEW, regression: 'kalman' }, { from: null, to: null }),
    ).toMatchObject({
      hedge: 'kalman',
      from: '',
      to: '',
    });
  });

  it('reads datetime-local values as UTC and back', () => {
    expect(fromUtcInput('2024-09-02T13:45')).toBe(Date.UTC(2024, 8, 2, 13, 45));
    expect(fromUtcInput('2024-09-02T13:45:30')).toBe(Date.UTC(2024, 8, 2, 13, 45, 30));
    expect(fromUtcInput('')).toBeNull();
    expect(fromUtcInput('yesterday')).toBeNull();
    expect(toUtcInput(Date.UTC(2024, 8, 2, 13, 45))).toBe('2024-09-02T13:45');
    expect(toUtcInput(null)).toBe('');
  });

  it('sends every parameter as a number, stop and maxBars only when given, the range as epoch ms', () => {
    const form: BacktestForm = {
      ...defaultBacktestForm(VIEW, { from: T0, to: T0 + 720 * MIN }),
      stop: '3.5',
      feeBps: '2',
      slippageBps: ' 1 ',
      capital: '25000',
      fill: 'same-close',
    };
    expect(backtestInputOf(form, PAIR)).toEqual({
      ok: true,
      value: {
        symbolX: 'BTCUSDT',
        symbolY: 'ETHUSDT',
        interval: '1m',
        from: T0,
        to: T0 + 720 * MIN,
        fill: 'same-close',
        hedge: 'ols',
        entry: 1.5,
        exit: 0.25,
        stop: 3.5,
        capital: 25_000,
        feeBps: 2,
        slippageBps: 1,
        window: 40,
        zWindow: 20,
      },
    });
    const open = backtestInputOf({ ...form, from: '', to: '', maxBars: '30' }, PAIR);
    expect(open.ok && open.value).not.toHaveProperty('from');
    expect(open.ok && open.value).not.toHaveProperty('to');
    expect(open.ok && open.value.maxBars).toBe(30);
  });

  it('refuses what cannot be sent, naming each field, and leaves the strategy rules to the API', () => {
    const form = defaultBacktestForm(VIEW, { from: T0 + MIN, to: T0 });
    const bad = backtestInputOf(
      { ...form, entry: '2x', window: '40.5', capital: '', maxBars: '3.2' },
      PAIR,
    );
    expect(bad).toEqual({
      ok: false,
      errors: [
        { field: 'entry', message: 'entry must be a number, got "2x"' },
        { field: 'maxBars', message: 'maxBars must be a whole number of bars, got 3.2' },
        { field: 'window', message: 'window must be a whole number of bars, got 40.5' },
        { field: 'capital', message: 'capital is required' },
        { field: 'to', message: 'to must be after from' },
      ],
    });
    // exit above entry is the backtester's to refuse (invalid-backtest-params, its own words).
    const api = backtestInputOf(
      { ...defaultBacktestForm(VIEW, { from: null, to: null }), exit: '3' },
      PAIR,
    );
    expect(api.ok && api.value.exit).toBe(3);
  });
});

describe('the sweep form', () => {
  it('offers a grid around the form’s bands at its window', () => {
    expect(defaultSweepForm({ entry: '1.75', exit: '0.5', window: '40' })).toEqual({
      entries: '1, 1.5, 1.75, 2, 2.5, 3',
      exits: '0, 0.25, 0.5, 1',
      window: '40',
      metric: 'sharpe',
    });
  });

  it('sends the form’s other parameters with the grid, one window, and the metric', () => {
    const form = { ...defaultBacktestForm(VIEW, { from: T0, to: T0 + 60 * MIN }), feeBps: '4' };
    const sweep = {
      entries: '1, 2 2.5',
      exits: '0,0.5',
      window: '30',
      metric: 'totalPnl' as const,
    };
    expect(sweepInputOf(form, sweep, PAIR)).toEqual({
      ok: true,
      value: {
        symbolX: 'BTCUSDT',
        symbolY: 'ETHUSDT',
        interval: '1m',
        from: T0,
        to: T0 + 60 * MIN,
        fill: 'next-close',
        hedge: 'ols',
        capital: 10_000,
        feeBps: 4,
        slippageBps: 0,
        zWindow: 20,
        entries: [1, 2, 2.5],
        exits: [0, 0.5],
        windows: [30],
        metric: 'totalPnl',
      },
    });
    expect(sweepInputOf(form, { ...sweep, exits: '0, a', window: '' }, PAIR)).toEqual({
      ok: false,
      errors: [
        { field: 'exits', message: 'exits: "a" is not a number' },
        { field: 'sweep window', message: 'sweep window is required' },
      ],
    });
  });
});

describe('the metrics table', () => {
  const metrics = {
    totalPnl: 123.456,
    totalReturn: 0.0123456,
    sharpe: -1.234,
    maxDrawdown: 0.04567,
    maxDrawdownAbs: 456.789,
    tradeCount: 7,
    hitRate: 4 / 7,
    avgBarsHeld: 12.345,
    exposure: 0.3333,
    turnover: 5.678,
    feesPaid: 9.876,
  };

  it('formats each figure with its unit and sign', () => {
    expect(metricRows(metrics).map((r) => [r.key, r.text, r.sign])).toEqual([
      ['totalPnl', '+123.46', 'positive'],
      ['totalReturn', '+1.23 %', 'positive'],
      ['sharpe', '-1.23', 'negative'],
      ['maxDrawdown', '4.57 % (456.79)', 'none'],
      ['tradeCount', '7', 'none'],
      ['hitRate', '57.1 %', 'none'],
      ['avgBarsHeld', '12.3', 'none'],
      ['exposure', '33.3 %', 'none'],
      ['turnover', '5.68×', 'none'],
      ['feesPaid', '9.88', 'none'],
    ]);
  });

  it('shows an en dash for figures that are undefined without trades', () => {
    const rows = metricRows({
      ...metrics,
      sharpe: null,
      hitRate: null,
      avgBarsHeld: null,
      tradeCount: 0,
      totalPnl: 0,
    });
    const text = Object.fromEntries(rows.map((r) => [r.key, r.text]));
    expect(text).toMatchObject({
      sharpe: '–',
      hitRate: '–',
      avgBarsHeld: '–',
      tradeCount: '0',
      totalPnl: '0.00',
    });
    expect(rows.find((r) => r.key === 'totalPnl')?.sign).toBe('none');
  });
});

describe('the sweep heatmap', () => {
  const sweep = {
    metric: 'totalPnl',
    entries: [1, 2],
    exits: [0, 1.5],
    windows: [30, 60],
    // Window-major, then entry, then exit.
    cells: [
      { entry: 1, exit: 0, window: 30, value: 10, tradeCount: 3, invalid: null },
      { entry: 1, exit: 1.5, window: 30, value: null, tradeCount: 0, invalid: 'exit ≥ entry' },
      { entry: 2, exit: 0, window: 30, value: -5, tradeCount: 1, invalid: null },
      { entry: 2, exit: 1.5, window: 30, value: 2, tradeCount: 2, invalid: null },
      { entry: 1, exit: 0, window: 60, value: 40, tradeCount: 4, invalid: null },
      { entry: 1, exit: 1.5, window: 60, value: null, tradeCount: 0, invalid: 'exit ≥ entry' },
      { entry: 2, exit: 0, window: 60, value: -20, tradeCount: 2, invalid: null },
      { entry: 2, exit: 1.5, window: 60, value: null, tradeCount: 0, invalid: null },
    ],
  };

  it('lays the chosen window’s cells out as entry rows and exit columns', () => {
    const h = sweepHeatmap(sweep, 60);
    expect(h.window).toBe(60);
    expect(h.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['40.00', '×'],
      ['-20.00', '–'],
    ]);
    expect(h.rows[0]?.[1]?.title).toBe('entry 1, exit 1.5, window 60: not run (exit ≥ entry)');
    expect(h.rows[1]?.[0]?.title).toBe('entry 2, exit 0, window 60: Total P&L -20.00, 2 trades');
    expect(sweepHeatmap(sweep, 30).rows.map((r) => r.map((c) => c.value))).toEqual([
      [10, null],
      [-5, 2],
    ]);
  });

  it('colours by sign, as strong as |value| against the grid’s largest', () => {
    const h = sweepHeatmap(sweep, 60);
    expect(h.rows[0]?.[0]?.color).toBe('rgba(38, 166, 154, 0.90)');
    expect(h.rows[1]?.[0]?.color).toBe('rgba(239, 83, 80, 0.51)');
    expect(h.rows[0]?.[0]?.strong).toBe(true);
    expect(h.rows[1]?.[0]?.strong).toBe(false);
    expect(sweepColor(null, 1)).toBe('rgba(128, 128, 128, 0.25)');
    expect(sweepColor(0, 0)).toBe('rgba(38, 166, 154, 0.12)');
  });

  it('prints percentages of fractions and counts as counts', () => {
    expect(formatMetric('totalReturn', 0.01234)).toBe('1.2');
    expect(formatMetric('tradeCount', 12)).toBe('12');
    expect(formatMetric('sharpe', 1.005)).toBe('1.00');
  });
});

describe('trade markers on the z-score chart', () => {
  const z = [0, 1, 2, 3, 4, 5].map((i) => ({ x: T0 + i * MIN, y: i === 0 ? null : i / 2 }));

  it('puts an entry and an exit per trade at the fill bars, on the z-score line', () => {
    const m = tradeMarkers(
      [
        {
          side: 'short',
          entryTime: T0 + 2 * MIN,
          exitTime: T0 + 4 * MIN,
          reason: 'exit',
          pnl: 12.5,
        },
        { side: 'long', entryTime: T0 + 5 * MIN, exitTime: T0 + 5 * MIN, reason: 'end', pnl: -1 },
      ],
      z,
    );
    expect(m.entries).toEqual([
      { x: T0 + 2 * MIN, y: 1, label: 'Enter short' },
      { x: T0 + 5 * MIN, y: 2.5, label: 'Enter long' },
    ]);
    expect(m.exits).toEqual([
      { x: T0 + 4 * MIN, y: 2, label: 'Exit short (exit), P&L +12.50' },
      { x: T0 + 5 * MIN, y: 2.5, label: 'Exit long (end), P&L -1.00' },
    ]);
    expect(m.offChart).toBe(0);
  });

  it('counts fills the chart does not hold instead of drawing them elsewhere', () => {
    const m = tradeMarkers(
      [{ side: 'long', entryTime: T0, exitTime: T0 + 9 * MIN, reason: 'exit', pnl: 1 }],
      z,
    );
    expect(m.entries).toEqual([]);
    expect(m.exits).toEqual([]);
    expect(m.offChart).toBe(2);
  });
});

describe('equity, CSV and errors', () => {
  it('draws equity as is and drawdown as a negative percentage', () => {
    expect(
      equityLines([
        { time: T0, equity: 10_000, drawdown: 0 },
        { time: T0 + MIN, equity: 9_900, drawdown: 0.01 },
      ]),
    ).toEqual({
      equity: [
        { x: T0, y: 10_000 },
        { x: T0 + MIN, y: 9_900 },
      ],
      drawdown: [
        { x: T0, y: 0 },
        { x: T0 + MIN, y: -1 },
      ],
    });
  });

  it('posts the same input to the CSV routes and names the file as the API does', () => {
    const input = { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', interval: '1m', entry: 2 };
    expect(backtestCsvRequest('trades', input)).toEqual({
      url: '/api/v1/backtest/trades.csv',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"symbolX":"BTCUSDT","symbolY":"ETHUSDT","interval":"1m","entry":2}',
      },
    });
    expect(backtestCsvRequest('equity', input, 'http://h:1').url).toBe(
      'http://h:1/api/v1/backtest/equity.csv',
    );
    expect(csvFileName('attachment; filename="backtest_trades_A_B.csv"', 'x.csv')).toBe(
      'backtest_trades_A_B.csv',
    );
    expect(csvFileName(null, 'x.csv')).toBe('x.csv');
  });

  it('explains the API’s refusals, with its message', () => {
    const limit = backtestProblemText({
      code: 'bars-limit-exceeded',
      message: '2000 aligned bars, over the limit of 500 bars: shorten the time range',
      retriable: false,
    });
    expect(limit.title).toBe('Too many bars for one run');
    expect(limit.detail).toContain('over the limit of 500 bars');
    expect(
      backtestProblemText({ code: 'time-budget-exceeded', message: 'm', retriable: false }).title,
    ).toBe('The run took longer than the API allows');
    expect(
      backtestProblemText({
        code: 'invalid-backtest-params',
        message: 'exit must satisfy 0 ≤ exit < entry (2), got 3',
        retriable: false,
      }),
    ).toEqual({
      title: 'A parameter was refused',
      detail: 'exit must satisfy 0 ≤ exit < entry (2), got 3',
    });
    expect(
      csvProblem(422, { error: 'over the limit', code: 'bars-limit-exceeded', limit: 5 }),
    ).toEqual({
      code: 'bars-limit-exceeded',
      message: 'over the limit',
      retriable: false,
    });
    expect(csvProblem(503, 'not json')).toEqual({
      code: 'HTTP_503',
      message: 'the API answered HTTP 503',
      retriable: true,
    });
  });
});
