// The dashboard end to end in Debian's Chromium, against the whole stack in this process:
// mock exchange → ingest (the real Binance client) → embedded log → stream processors → chDB
// → API (GraphQL over HTTP and graphql-ws, CSV routes, the built dashboard at /).

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleMessage, Page, Request } from 'playwright-core';
import { buildDashboard, launchChromium, type Browser } from '@tickstream/bench/dashboard-browser';
import { startStack, type Stack } from '@tickstream/bench/dashboard-stack';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'dashboard');

interface Problem {
  readonly at: number;
  readonly what: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the dashboard in Chromium against the whole stack', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let distDir: string;
  const consoleErrors: Problem[] = [];
  const failedRequests: Problem[] = [];
  // The deliberate API outage: failures of the socket to reach it are expected only then.
  const outage = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY };
  // The test's own navigations: Chromium aborts the old page's requests in flight
  // (net::ERR_ABORTED), which is the test leaving the page, not a request that failed.
  const navigations: { from: number; to: number }[] = [];
  const navigate = async (go: () => Promise<unknown>) => {
    const window = { from: Date.now(), to: Number.POSITIVE_INFINITY };
    navigations.push(window);
    await go();
    window.to = Date.now();
  };

  const attr = async (testId: string, name: string) =>
    (await page.locator(`[data-testid="${testId}"]`).first().getAttribute(name)) ?? '';
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** Waits until an attribute stops changing for `quietMs` (the tape is paused). */
  async function settled(testId: string, name: string, quietMs: number): Promise<string> {
    let value = await attr(testId, name);
    for (let i = 0; i < 30; i++) {
      await sleep(quietMs);
      const next = await attr(testId, name);
      if (next === value) return value;
      value = next;
    }
    throw new Error(`${testId} ${name} never settled`);
  }

  /** The settings the API says `y/x` is analysed with on `interval` now, or null. */
  async function analysedOn(x: string, y: string, interval: string): Promise<unknown> {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ pairs { symbolX symbolY analysed { interval olsWindow zScoreWindow corrWindow zScoreEntry zScoreExit } } }',
      }),
    });
    const body = (await response.json()) as {
      data: {
        pairs: { symbolX: string; symbolY: string; analysed: { interval: string }[] }[];
      };
    };
    const pair = body.data.pairs.find((p) => p.symbolX === x && p.symbolY === y);
    return pair?.analysed.find((s) => s.interval === interval) ?? null;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    distDir = mkdtempSync(join(tmpdir(), 'tickstream-dashboard-dist-'));
    buildDashboard(distDir);
    stack = await startStack({ dashboardDir: distDir, historySeconds: 240 });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') {
        consoleErrors.push({
          at: Date.now(),
          what: `${message.text()} (${message.location().url})`,
        });
      }
    });
    page.on('pageerror', (error) =>
      consoleErrors.push({ at: Date.now(), what: `page error: ${error.message}` }),
    );
    page.on('requestfailed', (request: Request) =>
      failedRequests.push({
        at: Date.now(),
        what: `${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`,
      }),
    );
    page.on('response', (response) => {
      if (response.status() >= 400)
        failedRequests.push({ at: Date.now(), what: `${response.status()} ${response.url()}` });
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  }, 60_000);

  it('loads and draws candlesticks at the prices of the tape', async () => {
    await navigate(() => page.goto(`${stack.url}/?interval=1s&symbol=BTCUSDT`));
    await page.waitForSelector('[data-testid="price-chart"]:not([data-bars="0"])', {
      timeout: 30_000,
    });
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', {
      timeout: 15_000,
    });
    const prices = stack.tapePrices.get('BTCUSDT') as ReadonlySet<number>;
    const low = Number(await attr('price-chart', 'data-low'));
    const high = Number(await attr('price-chart', 'data-high'));
    const close = Number(await attr('price-chart', 'data-last-close'));
    expect(Number(await attr('price-chart', 'data-bars'))).toBeGreaterThan(100);
    expect(prices.has(low)).toBe(true);
    expect(prices.has(high)).toBe(true);
    expect(prices.has(close)).toBe(true);
    const cardPrice = await page
      .locator('[data-testid="card-last-price"] .card-value')
      .textContent();
    expect(Number((cardPrice ?? '').replace(/,/g, ''))).toBeCloseTo(close, 2);
    await shot('price');
  });

  it('moves the live candle within a second of new trades', async () => {
    stack.mock.pause();
    const before = await settled('price-chart', 'data-version', 1_500);
    const started = Date.now();
    stack.mock.play();
    await page.waitForFunction(
      (v) =>
        document.querySelector('[data-testid="price-chart"]')?.getAttribute('data-version') !== v,
      before,
      { timeout: 5_000, polling: 'raf' },
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1_000);
  });

  it('changes the z-score chart when the window and the pair change, and keeps them in the URL', async () => {
    await page.click('[data-testid="tab-pair"]');
    await page.waitForSelector('[data-testid="zscore-chart"]:not([data-points="0"])', {
      timeout: 30_000,
    });
    await shot('pair');
    stack.mock.pause();
    const first = await settled('zscore-chart', 'data-checksum', 3_000);

    await page.locator('[data-testid="window"]').evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = '120';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(
      (c) =>
        document.querySelector('[data-testid="zscore-chart"]')?.getAttribute('data-checksum') !== c,
      first,
      { timeout: 15_000 },
    );
    expect(new URL(page.url()).searchParams.get('window')).toBe('120');
    const windowed = await settled('zscore-chart', 'data-checksum', 1_500);

    await page.click('button[aria-label="Swap the legs"]');
    await page.waitForFunction(
      (c) =>
        document.querySelector('[data-testid="zscore-chart"]')?.getAttribute('data-checksum') !== c,
      windowed,
      { timeout: 15_000 },
    );
    const url = new URL(page.url());
    expect([url.searchParams.get('x'), url.searchParams.get('y')]).toEqual(['ETHUSDT', 'BTCUSDT']);
    const swapped = await settled('zscore-chart', 'data-checksum', 1_500);

    await navigate(() => page.reload());
    await page.waitForSelector('[data-testid="zscore-chart"]:not([data-points="0"])', {
      timeout: 30_000,
    });
    expect(await page.locator('[data-testid="window"]').inputValue()).toBe('120');
    expect(await page.locator('[data-testid="pair-x"]').inputValue()).toBe('ETHUSDT');
    expect(await settled('zscore-chart', 'data-checksum', 1_500)).toBe(swapped);
    await shot('pair-swapped');
    stack.mock.play();
  });

  it('downloads as CSV exactly the candles the price chart shows', async () => {
    await page.click('[data-testid="tab-price"]');
    stack.mock.pause();
    await settled('price-chart', 'data-version', 1_500);
    const bars = Number(await attr('price-chart', 'data-bars'));
    const firstStart = Number(await attr('price-chart', 'data-first-start'));
    const lastStart = Number(await attr('price-chart', 'data-last-start'));
    const lastClose = Number(await attr('price-chart', 'data-last-close'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-candles"]'),
    ]);
    const file = await download.path();
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    const header = (lines[0] ?? '').split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const column = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(bars);
    expect(Number(rows[0]?.[column('start')])).toBe(firstStart);
    expect(Number(rows.at(-1)?.[column('start')])).toBe(lastStart);
    expect(Number(rows.at(-1)?.[column('close')])).toBe(lastClose);
    expect(new Set(rows.map((r) => r[column('symbol')]))).toEqual(new Set(['BTCUSDT']));
    stack.mock.play();
  });

  it('shows the reconnecting state when the API goes away and resumes when it is back', async () => {
    outage.from = Date.now();
    await stack.stopApi();
    await page.waitForSelector('[data-testid="connection"][data-state="reconnecting"]', {
      timeout: 10_000,
    });
    await page.waitForSelector('[data-testid="api-down"]', { timeout: 5_000 });
    await shot('reconnecting');
    const before = await attr('price-chart', 'data-version');
    await sleep(2_000);
    await stack.startApi();
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', {
      timeout: 15_000,
    });
    outage.to = Date.now();
    await page.waitForFunction(
      (v) =>
        Number(
          document.querySelector('[data-testid="price-chart"]')?.getAttribute('data-version'),
        ) >
        Number(v) + 2,
      before,
      { timeout: 10_000 },
    );
    expect(await page.locator('[data-testid="api-down"]').count()).toBe(0);
    await shot('resumed');
  });

  it('shows the rolling correlation and the heatmap of every symbol', async () => {
    await page.click('[data-testid="tab-correlation"]');
    await page.waitForSelector('[data-testid="heatmap"] td', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="correlation-chart"]:not([data-points="0"])', {
      timeout: 20_000,
    });
    expect(await page.locator('[data-testid="heatmap"] td').count()).toBe(4);
    expect(await page.locator('[data-testid="heatmap"] td').first().textContent()).toContain(
      '1.00',
    );
    await shot('correlation');
  });

  it("draws the pair from the processor's stored Kalman rows and extends it as rows arrive", async () => {
    await navigate(() => page.goto(`${stack.url}/?view=pair&interval=1s&regression=kalman`));
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="zscore-chart"]')?.getAttribute('data-points'),
        ) > 100,
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.locator('#pair-title').textContent()).toContain('Kalman');
    const before = Number(await attr('zscore-chart', 'data-version'));
    await page.waitForFunction(
      (v) =>
        Number(
          document.querySelector('[data-testid="zscore-chart"]')?.getAttribute('data-version'),
        ) > v,
      before,
      { timeout: 10_000 },
    );
    await shot('pair-kalman');
  });

  it('starts and stops the continuous analysis of the pair on screen from the pair view', async () => {
    // The stack analyses ETHUSDT/BTCUSDT on 1s only. Both legs have stored 1m bars (the
    // history alone spans four minutes) and 1m is materialized, so it can be started on 1m.
    await navigate(() =>
      page.goto(`${stack.url}/?view=pair&interval=1m&window=40&zwin=10&entry=2.5&exit=0.4`),
    );
    const control = '[data-testid="live-analysis"]';
    const status = page.locator('[data-testid="live-analysis-status"]');
    await page.waitForSelector(`${control}[data-analysed="false"]`, { timeout: 30_000 });
    expect(await status.textContent()).toContain('Not analysed continuously');

    // From the keyboard: the button is focusable, and Enter presses it.
    const start = page.getByRole('button', { name: 'Analyse live', exact: true });
    await start.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${control}[data-analysed="true"][data-busy="false"]`, {
      timeout: 60_000,
    });
    expect(await status.textContent()).toContain('Analysed live (window 40)');
    // The processors run it with the windows and bands on screen.
    expect(await analysedOn('BTCUSDT', 'ETHUSDT', '1m')).toEqual({
      interval: '1m',
      olsWindow: 40,
      zScoreWindow: 10,
      corrWindow: 40,
      zScoreEntry: 2.5,
      zScoreExit: 0.4,
    });
    // Focus stays on the button, which now offers the opposite action.
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null),
    ).toBe('live-analysis-action');
    await shot('pair-analysed-live');

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.waitForSelector(`${control}[data-analysed="false"][data-busy="false"]`, {
      timeout: 60_000,
    });
    expect(await status.textContent()).toContain('Not analysed continuously');
    expect(await analysedOn('BTCUSDT', 'ETHUSDT', '1m')).toBeNull();
    expect(await page.locator('[data-testid="live-analysis-error"]').count()).toBe(0);

    // 5m bars are not materialized by this stack: the API refuses, the page says why, in the
    // light theme too, and the status is unchanged.
    await navigate(() => page.goto(`${stack.url}/?view=pair&interval=5m`));
    await page.waitForSelector(`${control}[data-analysed="false"]`, { timeout: 30_000 });
    await page.click('[data-testid="theme"]');
    await page.getByRole('button', { name: 'Analyse live', exact: true }).click();
    await page.waitForSelector('[data-testid="live-analysis-error"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="live-analysis-error"]').textContent()).toContain(
      'The processors do not build 5m bars',
    );
    expect(await status.textContent()).toContain('Not analysed continuously');
    await shot('pair-live-analysis-error-light');
    await page.click('[data-testid="theme"]');
  });

  it('says which symbol of a shared URL is unknown, and works in the light theme on a phone', async () => {
    await navigate(() => page.goto(`${stack.url}/?symbol=NOPEUSDT&interval=1s`));
    await page.waitForSelector('[data-testid="unknown-symbol"]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="unknown-symbol"]').textContent()).toContain(
      'NOPEUSDT',
    );
    await shot('unknown-symbol');
    await page.click('[data-testid="unknown-symbol"] button');
    await page.waitForSelector('[data-testid="price-chart"]:not([data-bars="0"])', {
      timeout: 15_000,
    });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('[data-testid="theme"]');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await page.keyboard.press('Tab');
    await sleep(500);
    await shot('phone-light');
    await page.setViewportSize({ width: 1440, height: 960 });
  });

  it('logged no console error and no failed request outside the deliberate API outage', () => {
    const during = (p: Problem) => p.at >= outage.from && p.at <= outage.to + 1_000;
    // While the API is down the browser reports each refused attempt to reach /graphql: the
    // socket's retries, and a query already under way when it went. Nothing else may fail.
    const socketNoise = (p: Problem) =>
      /\/graphql/.test(p.what) && /WebSocket|ERR_CONNECTION_REFUSED|net::/.test(p.what);
    expect(consoleErrors.filter((p) => !(during(p) && socketNoise(p)))).toEqual([]);
    const leftByNavigation = (p: Problem) =>
      p.what.endsWith('net::ERR_ABORTED') &&
      navigations.some((n) => p.at >= n.from && p.at <= n.to);
    expect(
      failedRequests.filter((p) => !(during(p) && socketNoise(p)) && !leftByNavigation(p)),
    ).toEqual([]);
  });
});
