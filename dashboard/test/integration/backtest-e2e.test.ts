// The Backtest panel of the pair view in Debian's Chromium, against the whole stack in this
// process (as dashboard-e2e.test.ts), over a day of 1m bars of two seeded legs: a cointegrated
// synthetic pair stored in chDB, so the strategy trades. The numbers on the page are compared
// with what the API answers over HTTP for the same input.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildDashboard, launchChromium, type Browser } from '@tickstream/bench/dashboard-browser';
import { startStack, type Stack } from '@tickstream/bench/dashboard-stack';
import { candleRow, signalRow, TOPICS, type Candle, type Signal } from '@tickstream/schema';
import { mulberry32 } from '@tickstream/testkit';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'dashboard');
const MINUTE = 60_000;
const BARS = 1_440;
const X = 'BTXUSDT';
const Y = 'ETXUSDT';
// The day ends at the last whole minute, so the pair view's "last day" holds all of it.
const END = Math.floor(Date.now() / MINUTE) * MINUTE;
const DAY0 = END - BARS * MINUTE;
const utcInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** x a random walk, y = 2x + 50 + a mean-reverting spread: the z-score crosses its bands. */
function legs(): { x: Candle[]; y: Candle[] } {
  const rand = mulberry32(6);
  const bar = (symbol: string, i: number, close: number, open: number): Candle => ({
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval: '1m',
    start: DAY0 + i * MINUTE,
    end: DAY0 + (i + 1) * MINUTE,
    open,
    high: Math.max(open, close) + 0.5,
    low: Math.min(open, close) - 0.5,
    close,
    volume: 2,
    quoteVolume: 2 * close,
    buyVolume: 1,
    sellVolume: 1,
    tradeCount: 4,
    vwap: close,
    firstTradeId: i * 10,
    lastTradeId: i * 10 + 9,
    version: 1,
    final: true,
  });
  const x: Candle[] = [];
  const y: Candle[] = [];
  let px = 1_000;
  let s = 0;
  for (let i = 0; i < BARS; i++) {
    px *= 1 + (rand() - 0.5) * 0.004;
    s = 0.85 * s + (rand() - 0.5) * 6;
    const cx = Math.round(px * 100) / 100;
    const cy = Math.round((2 * px + 50 + s) * 100) / 100;
    x.push(bar(X, i, cx, x[i - 1]?.close ?? cx));
    y.push(bar(Y, i, cy, y[i - 1]?.close ?? cy));
  }
  return { x, y };
}

// What the panel is set to (beside the view's window 40, z window 20, bands 1.5 / 0.25).
const INPUT = {
  symbolX: X,
  symbolY: Y,
  interval: '1m',
  from: DAY0,
  to: END,
  fill: 'next-close',
  hedge: 'ols',
  entry: 1.5,
  exit: 0.25,
  stop: 3.5,
  capital: 25_000,
  feeBps: 2,
  slippageBps: 1,
  window: 40,
  zWindow: 20,
};

// Paper trading of the pair (md.signals.v1 / the signals table): a short trade, ordered at
// bar 10 and filled at 11, its close ordered at 12 (stored), filled at 13 (published live).
const RUN = 'ols,next-close,entry=1.5,exit=0.25';
// The cast: a spread of a Partial may hold undefined where Signal does not; none is passed.
function paperSignal(bar: number, over: Partial<Signal>): Signal {
  return {
    type: 'signal',
    pair: `${Y}/${X}`,
    symbolX: X,
    symbolY: Y,
    interval: '1m',
    run: RUN,
    time: DAY0 + bar * MINUTE,
    kind: 'order',
    action: 'open',
    side: 'short',
    reason: 'entry',
    signalTime: DAY0 + bar * MINUTE,
    z: 1.8,
    beta: 2,
    priceY: 2_050.5,
    priceX: 1_000.25,
    qtyY: null,
    qtyX: null,
    fees: null,
    position: 'flat',
    positionQtyY: 0,
    positionQtyX: 0,
    entryTime: null,
    barsHeld: null,
    pnl: null,
    realized: 0,
    equity: 25_000,
    version: 1,
    ...over,
  } as Signal;
}
const STORED: Signal[] = [
  paperSignal(10, {}),
  paperSignal(11, {
    kind: 'fill',
    signalTime: DAY0 + 10 * MINUTE,
    priceY: 2_051.25,
    priceX: 1_000.5,
    qtyY: -12.1875,
    qtyX: 24.375,
    fees: 9.875,
    position: 'short',
    positionQtyY: -12.1875,
    positionQtyX: 24.375,
    realized: -9.875,
    equity: 24_990.125,
  }),
  paperSignal(12, {
    action: 'close',
    reason: 'exit',
    z: 0.2,
    priceY: 2_049,
    priceX: 1_000.75,
    position: 'short',
    positionQtyY: -12.1875,
    positionQtyX: 24.375,
    realized: -9.875,
    equity: 25_023.5,
  }),
];
const LIVE = paperSignal(13, {
  kind: 'fill',
  action: 'close',
  reason: 'exit',
  signalTime: DAY0 + 12 * MINUTE,
  z: 0.1,
  priceY: 2_048.75,
  priceX: 1_001,
  qtyY: 12.1875,
  qtyX: -24.375,
  fees: 9.875,
  entryTime: DAY0 + 11 * MINUTE,
  barsHeld: 2,
  pnl: 14.25,
  realized: 14.25,
  equity: 25_014.25,
});
const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

interface Metrics {
  totalPnl: number;
  totalReturn: number;
  sharpe: number | null;
  maxDrawdown: number;
  maxDrawdownAbs: number;
  tradeCount: number;
  hitRate: number | null;
  avgBarsHeld: number | null;
  exposure: number;
  turnover: number;
  feesPaid: number;
}

interface SweepCell {
  entry: number;
  exit: number;
  window: number;
  value: number | null;
  tradeCount: number;
  invalid: string | null;
}

describe('the Backtest panel in Chromium over a day of 1m bars', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let distDir: string;
  const pageErrors: string[] = [];

  async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  const testId = (id: string) => page.locator(`[data-testid="${id}"]`);
  const attr = async (id: string, name: string) =>
    (await testId(id).first().getAttribute(name)) ?? '';
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    distDir = mkdtempSync(join(tmpdir(), 'tickstream-dashboard-dist-'));
    buildDashboard(distDir);
    stack = await startStack({ dashboardDir: distDir, historySeconds: 60 });
    const { x, y } = legs();
    await stack.clickhouse.client.insert({
      table: 'candles',
      values: [...x, ...y].map((c) => candleRow(c)),
      format: 'JSONEachRow',
    });
    // The API's catalog is cached for a while: wait until it lists the seeded legs.
    for (let i = 0; ; i++) {
      const { symbols } = await gql<{ symbols: { symbol: string }[] }>(
        '{ symbols { symbol } }',
        {},
      );
      const names = symbols.map((s) => s.symbol);
      if (names.includes(X) && names.includes(Y)) break;
      if (i > 120) throw new Error(`the API never listed ${X} and ${Y}: ${names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  }, 60_000);

  it('opens from the keyboard, prefilled with the view’s windows, bands and the day on the chart', async () => {
    await page.goto(
      `${stack.url}/?view=pair&x=${X}&y=${Y}&interval=1m&range=1d&window=40&zwin=20&entry=1.5&exit=0.25`,
    );
    await page.waitForSelector(`[data-testid="zscore-chart"][data-points="${BARS}"]`, {
      timeout: 30_000,
    });
    const toggle = testId('backtest-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="backtest-panel"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const values = async (ids: string[]) => Promise.all(ids.map((id) => testId(id).inputValue()));
    expect(
      await values(['bt-entry', 'bt-exit', 'bt-window', 'bt-zwindow', 'bt-from', 'bt-to']),
    ).toEqual(['1.5', '0.25', '40', '20', utcInput(DAY0), utcInput(END)]);
    expect(await testId('bt-hedge').inputValue()).toBe('ols');
    expect(await testId('bt-fill').inputValue()).toBe('next-close');
    // No signal stored yet: the paper block beside it says so, and how to turn it on.
    const off = testId('paper-off');
    await off.waitFor({ timeout: 15_000 });
    expect(await off.textContent()).toContain(`${Y}/${X} is not paper-traded on 1m`);
    expect(await off.textContent()).toContain('PAPER_TRADING=true');
  });

  it('runs the backtest and shows the API’s metrics, its whole equity curve and a marker per fill', async () => {
    await testId('bt-stop').fill('3.5');
    await testId('bt-capital').fill('25000');
    await testId('bt-fee').fill('2');
    await testId('bt-slippage').fill('1');
    await testId('bt-run').click();
    await page.waitForSelector('[data-testid="backtest-metrics"]', { timeout: 30_000 });

    const { backtest } = await gql<{
      backtest: { bars: number; metrics: Metrics; equity: { totalCount: number } };
    }>(
      `query ($input: BacktestInput!) { backtest(input: $input) { bars
        metrics { totalPnl totalReturn sharpe maxDrawdown maxDrawdownAbs tradeCount hitRate
          avgBarsHeld exposure turnover feesPaid }
        equity(first: 1) { totalCount } } }`,
      { input: INPUT },
    );
    const m = backtest.metrics;
    expect(backtest.bars).toBe(BARS);
    // The fixture trades, with fees, both ways: the comparisons below are not of zeros.
    expect(m.tradeCount).toBeGreaterThanOrEqual(5);
    expect(m.feesPaid).toBeGreaterThan(0);

    const shown = async (key: string) =>
      (await page
        .locator(`[data-testid="backtest-metrics"] tr[data-key="${key}"] td`)
        .textContent()) ?? '';
    const number = (text: string) => Number(/[-+]?\d+(\.\d+)?/.exec(text)?.[0]);
    /** The rendered number is the API's, rounded to the digits shown. */
    const expectShown = async (key: string, api: number, scale: number, digits: number) => {
      const text = await shown(key);
      expect(Math.abs(number(text) - api * scale)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
      const decimals = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
      expect(decimals).toBe(digits);
    };
    await expectShown('totalPnl', m.totalPnl, 1, 2);
    await expectShown('totalReturn', m.totalReturn, 100, 2);
    await expectShown('sharpe', m.sharpe as number, 1, 2);
    await expectShown('maxDrawdown', m.maxDrawdown, 100, 2);
    expect(await shown('maxDrawdown')).toContain(`(${m.maxDrawdownAbs.toFixed(2)})`);
    expect(await shown('tradeCount')).toBe(String(m.tradeCount));
    await expectShown('hitRate', m.hitRate as number, 100, 1);
    await expectShown('avgBarsHeld', m.avgBarsHeld as number, 1, 1);
    await expectShown('exposure', m.exposure, 100, 1);
    await expectShown('turnover', m.turnover, 1, 2);
    await expectShown('feesPaid', m.feesPaid, 1, 2);

    // The equity chart holds every point of the curve (paged in), the drawdown chart too.
    expect(backtest.equity.totalCount).toBe(BARS);
    await page.waitForSelector(`[data-testid="equity-chart"][data-points="${BARS}"]`);
    expect(await attr('drawdown-chart', 'data-points')).toBe(String(BARS));
    // Every trade is an entry and an exit marker on the z-score chart of the same day.
    expect(await attr('zscore-chart', 'data-markers')).toBe(String(2 * m.tradeCount));
    expect(await testId('backtest-marked').textContent()).toContain(
      `${2 * m.tradeCount} fills marked`,
    );
    await shot('backtest');
  });

  it('downloads the trades and the equity curve through the API’s CSV routes', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      testId('bt-csv-trades').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^backtest_trades_ETXUSDT_BTXUSDT_1m_/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    const direct = await fetch(`${stack.url}/api/v1/backtest/trades.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(INPUT),
    });
    expect(lines.join('\n')).toBe((await direct.text()).trim());
    const [equity] = await Promise.all([
      page.waitForEvent('download'),
      testId('bt-csv-equity').click(),
    ]);
    const curve = readFileSync(await equity.path(), 'utf8')
      .trim()
      .split('\n');
    expect(curve[0]).toBe('timestamp,time,index,equity,realized,unrealized,position,drawdown');
    expect(curve).toHaveLength(BARS + 1);
    expect(curve[1]?.split(',')[1]).toBe(String(DAY0));
    expect(lines.length - 1).toBe(
      Number(await page.locator('tr[data-key="tradeCount"] td').textContent()),
    );
  });

  it('sweeps entry × exit at one window and renders every cell the API returns', async () => {
    await testId('sweep-entries').fill('1, 1.5, 2');
    await testId('sweep-exits').fill('0, 0.25, 0.5, 1.5');
    await testId('sweep-window').fill('40');
    await testId('sweep-metric').selectOption('totalPnl');
    await testId('sweep-run').click();
    await page.waitForSelector('[data-testid="sweep-heatmap"] td', { timeout: 30_000 });

    const { backtestSweep } = await gql<{ backtestSweep: { cells: SweepCell[] } }>(
      `query ($input: BacktestSweepInput!) { backtestSweep(input: $input) {
        cells { entry exit window value tradeCount invalid } } }`,
      {
        input: {
          ...INPUT,
          entry: undefined,
          exit: undefined,
          window: undefined,
          entries: [1, 1.5, 2],
          exits: [0, 0.25, 0.5, 1.5],
          windows: [40],
          metric: 'totalPnl',
        },
      },
    );
    const cells = page.locator('[data-testid="sweep-heatmap"] td');
    expect(await cells.count()).toBe(12);
    expect(await attr('sweep-heatmap', 'data-metric')).toBe('totalPnl');
    const rendered = await cells.evaluateAll((tds) =>
      tds.map((td) => ({
        value: td.getAttribute('data-value'),
        invalid: td.getAttribute('data-invalid'),
        text: td.textContent?.trim() ?? '',
      })),
    );
    // Row-major, entry then exit: the API's order for one window.
    expect(rendered.map((c) => (c.value === '' ? null : Number(c.value)))).toEqual(
      backtestSweep.cells.map((c) => c.value),
    );
    expect(rendered.map((c) => c.invalid === 'true')).toEqual(
      backtestSweep.cells.map((c) => c.invalid !== null),
    );
    // exit 1.5 is not below entry 1 or 1.5: two cells not run, shown as such.
    expect(rendered.filter((c) => c.text === '×')).toHaveLength(2);
    const valued = backtestSweep.cells.filter((c) => c.value !== null);
    expect(valued.length).toBeGreaterThan(0);
    expect(rendered.filter((c) => c.value !== '').map((c) => c.text)).toEqual(
      valued.map((c) => (c.value as number).toFixed(2)),
    );
    await shot('backtest-sweep');
  });

  it('shows the API’s refusal of a parameter under the form, in the light theme too', async () => {
    await testId('theme').click();
    await testId('bt-exit').fill('2');
    await testId('bt-run').click();
    const error = testId('backtest-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('A parameter was refused');
    expect(await error.textContent()).toContain('exit must satisfy 0 ≤ exit < entry (1.5), got 2');
    // The refused run leaves nothing of the earlier one on screen to be mistaken for it.
    expect(await testId('backtest-result').count()).toBe(0);
    expect(await attr('zscore-chart', 'data-markers')).toBe('0');
    // Not a number at all: refused before it is sent, naming the field.
    await testId('bt-window').fill('forty');
    await testId('bt-run').click();
    expect(await testId('backtest-form-error').textContent()).toContain(
      'window must be a number, got "forty"',
    );
    // The API's earlier refusal was about other parameters: it is not left beside it.
    expect(await testId('backtest-error').count()).toBe(0);
    await shot('backtest-error-light');
    await testId('theme').click();
    expect(pageErrors).toEqual([]);
  });

  it('shows the stored paper position and signals beside the panel, then a live one without reload', async () => {
    await stack.clickhouse.client.insert({
      table: 'signals',
      values: STORED.map(signalRow),
      format: 'JSONEachRow',
      clickhouse_settings: { precise_float_parsing: 1 } as Record<string, number>,
    });
    await page.goto(`${stack.url}/?view=pair&x=${X}&y=${Y}&interval=1m&range=1d`);
    const position = testId('paper-position');
    await position.waitFor({ timeout: 30_000 });
    const field = async (key: string) =>
      ((await position.locator(`[data-key="${key}"] dd`).textContent()) ?? '').trim();
    const fields = async () =>
      position
        .locator('div')
        .evaluateAll((divs) =>
          divs.map(
            (d) => `${d.getAttribute('data-key')}=${d.querySelector('dd')?.textContent?.trim()}`,
          ),
        );
    // The latest stored signal (the close order at bar 12): still short, entered at the fill.
    expect(await position.getAttribute('data-position')).toBe('short');
    expect(await fields()).toEqual([
      'position=short',
      'qtyY=-12.1875',
      'qtyX=+24.375',
      `entryTime=${utcText(DAY0 + 11 * MINUTE)}`,
      'realized=-9.88',
      'equity=25023.50',
      `asOf=${utcText(DAY0 + 12 * MINUTE)}`,
    ]);
    const rows = () =>
      page
        .locator('[data-testid="paper-signals"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
        );
    expect(await rows()).toEqual([
      [utcText(DAY0 + 12 * MINUTE), 'order close', 'short', 'exit', '2049.00', '1000.75', '—', ''],
      [
        utcText(DAY0 + 11 * MINUTE),
        'fill open',
        'short',
        'entry',
        '2051.25',
        '1000.50',
        '-12.1875 / +24.375',
        '',
      ],
      [utcText(DAY0 + 10 * MINUTE), 'order open', 'short', 'entry', '2050.50', '1000.25', '—', ''],
    ]);
    // Keyboard-reachable: the signals table scrolls from the keyboard.
    expect(await page.locator('.paper-scroll').getAttribute('tabindex')).toBe('0');

    // The close fill, published on md.signals.v1 once the page's subscription is open. The
    // count may still hold the page before this navigation for a moment, so it is published again
    // until it shows: the same event twice is one row (the panel drops replays).
    const flat = '[data-testid="paper-position"][data-position="flat"]';
    // A mark on this document: still there after, so the page was not loaded again.
    await page.evaluate(() => document.body.setAttribute('data-paper-mark', 'before-live'));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (stack.api().hub.signals.subscriberCount() >= 1) {
        await stack.eventLog.produce(TOPICS.signals.name, [
          { key: TOPICS.signals.keyOf(LIVE), value: JSON.stringify(LIVE) },
        ]);
        const shown = await page
          .waitForSelector(flat, { timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
        if (shown) break;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (Date.now() > deadline) throw new Error('the live signal never showed on the page');
    }
    expect(await page.locator('body').getAttribute('data-paper-mark')).toBe('before-live');
    expect(await field('realized')).toBe('+14.25');
    expect(await fields()).toEqual([
      'position=flat',
      'qtyY=0',
      'qtyX=0',
      `entryTime=${utcText(DAY0 + 11 * MINUTE)}`,
      'barsHeld=2 bars',
      'lastPnl=+14.25',
      'realized=+14.25',
      'equity=25014.25',
      `asOf=${utcText(DAY0 + 13 * MINUTE)}`,
    ]);
    const live = await rows();
    expect(live).toHaveLength(4);
    expect(live[0]).toEqual([
      utcText(DAY0 + 13 * MINUTE),
      'fill close',
      'short',
      'exit',
      '2048.75',
      '1001.00',
      '+12.1875 / -24.375',
      '+14.25',
    ]);
    await shot('paper-trading');
    expect(pageErrors).toEqual([]);
  });
});
