// The Screener view in Debian's Chromium, against the whole stack in this process (as
// dashboard-e2e.test.ts). The screener's rows of a universe of 100 symbols (4,950 pairs, five
// rows of history each) are stored in chDB from a seeded generator; what the page shows is
// compared with an independent sort and filter of the same rows here.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildDashboard, launchChromium, type Browser } from '@tickstream/bench/dashboard-browser';
import { startStack, type Stack } from '@tickstream/bench/dashboard-stack';
import { pairScreenRow, TABLES, TOPICS, type PairScreen } from '@tickstream/schema';
import { mulberry32 } from '@tickstream/testkit';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'dashboard');
const MINUTE = 60_000;
// The API's defaults for the screener (SCREENER_INTERVAL, SCREENER_WINDOW, SCREENER_ZSCORE_WINDOW).
const INTERVAL = '1m' as const;
const WINDOW = 500;
const Z_WINDOW = 60;
const HISTORY = 5;
const SYMBOLS = Array.from({ length: 100 }, (_, i) => `S${String(i).padStart(2, '0')}USDT`);
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;

/** Every pair of the universe, x the alphabetically first leg, its newest row and its history. */
function universe(): { latest: PairScreen[]; history: PairScreen[] } {
  const rand = mulberry32(15);
  const latest: PairScreen[] = [];
  const history: PairScreen[] = [];
  for (let i = 0; i < SYMBOLS.length; i++) {
    for (let j = i + 1; j < SYMBOLS.length; j++) {
      const x = SYMBOLS[i] as string;
      const y = SYMBOLS[j] as string;
      // Skewed towards small p-values, where the ranking happens; full doubles, so no ties.
      const p1 = rand() ** 3;
      const p2 = rand() ** 3;
      const base = {
        type: 'pair-screen' as const,
        pair: `${y}/${x}`,
        symbolX: x,
        symbolY: y,
        interval: INTERVAL,
        window: WINDOW,
        zScoreWindow: Z_WINDOW,
        priceX: 10 + i,
        priceY: 10 + j,
        hedgeRatio: 0.5 + rand(),
        intercept: rand() * 10,
        kalmanHedgeRatio: 0.5 + rand(),
        correlation: rand() * 2 - 1,
        returnCorrelation: rand() * 2 - 1,
        cointStatistic: -1 - rand() * 4,
        cointPValue: p1,
        cointStatisticReverse: -1 - rand() * 4,
        cointPValueReverse: p2,
        pValue: Math.max(p1, p2),
        adfStatistic: -1 - rand() * 4,
        adfPValue: rand() ** 2,
        halfLife: 1 + rand() * 99,
        hurst: rand(),
        spread: rand() - 0.5,
        nullReasons: {},
      };
      const zs = Array.from({ length: HISTORY }, () => rand() * 8 - 4);
      zs.forEach((zScore, k) => {
        const row: PairScreen = { ...base, time: NOW - (HISTORY - 1 - k) * MINUTE, zScore };
        history.push(row);
        if (k === HISTORY - 1) latest.push(row);
      });
    }
  }
  return { latest, history };
}

const byPValue = (a: PairScreen, b: PairScreen) => (a.pValue as number) - (b.pValue as number);
const byCorrelationDesc = (a: PairScreen, b: PairScreen) =>
  (b.correlation as number) - (a.correlation as number);
// A filter the table shows fully under its 100 rows (checked below).
const FILTER = { minCorrelation: 0.8, maxPValue: 0.1, minAbsZ: 1 };
const passes = (p: PairScreen) =>
  (p.correlation as number) >= FILTER.minCorrelation &&
  (p.pValue as number) <= FILTER.maxPValue &&
  Math.abs(p.zScore as number) >= FILTER.minAbsZ;

describe('the Screener view in Chromium over 100 symbols', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let distDir: string;
  const pageErrors: string[] = [];
  const { latest, history } = universe();

  const testId = (id: string) => page.locator(`[data-testid="${id}"]`);
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  /** The table's rows: pair and the raw figures the cells carry. */
  const tableRows = () =>
    page.locator('[data-testid="screener-table"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        pair: tr.getAttribute('data-pair') ?? '',
        rank: Number(tr.getAttribute('data-rank')),
        pValue: Number(tr.querySelector('[data-key="pValue"]')?.getAttribute('data-value')),
        correlation: Number(
          tr.querySelector('[data-key="correlation"]')?.getAttribute('data-value'),
        ),
      })),
    );
  const firstPairIs = (pair: string) =>
    page.waitForSelector(
      `[data-testid="screener-table"] tbody tr:first-child[data-pair="${pair}"]`,
      {
        timeout: 30_000,
      },
    );

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    distDir = mkdtempSync(join(tmpdir(), 'tickstream-dashboard-dist-'));
    buildDashboard(distDir);
    stack = await startStack({ dashboardDir: distDir, historySeconds: 60 });
    const insert = async (table: string, rows: PairScreen[]) => {
      for (let i = 0; i < rows.length; i += 5_000) {
        await stack.clickhouse.client.insert({
          table,
          values: rows.slice(i, i + 5_000).map(pairScreenRow),
          format: 'JSONEachRow',
          clickhouse_settings: { precise_float_parsing: 1 } as Record<string, number>,
        });
      }
    };
    await insert(TABLES.pairScreenLatest, latest);
    await insert(TABLES.pairScreen, history);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  }, 60_000);

  it('ranks the pairs by p-value, with both Engle–Granger p-values and a sparkline per row', async () => {
    const started = Date.now();
    await page.goto(`${stack.url}/?view=screener`);
    await page.waitForSelector('[data-testid="screener-table"] tbody tr:nth-child(100)', {
      timeout: 60_000,
    });
    console.log(`screener: first 100 rows with sparklines on screen in ${Date.now() - started} ms`);
    // The API's share of it: the same page over HTTP.
    const asked = Date.now();
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ pairScreen(top: 100) { total rows { pair pValue zScoreHistory(points: 60) { zScore } } } }',
      }),
    });
    expect(response.status).toBe(200);
    await response.json();
    console.log(`screener: the same page over HTTP alone in ${Date.now() - asked} ms`);
    const expected = [...latest].sort(byPValue).slice(0, 100);
    const rows = await tableRows();
    expect(rows.map((r) => r.pair)).toEqual(expected.map((p) => p.pair));
    expect(rows.map((r) => r.rank)).toEqual(expected.map((_, i) => i + 1));
    expect(rows.map((r) => r.pValue)).toEqual(expected.map((p) => p.pValue));
    expect(await testId('view-screener').getAttribute('data-total')).toBe('4950');

    const first = expected[0] as PairScreen;
    const firstRow = page.locator('[data-testid="screener-table"] tbody tr').first();
    const title = (await firstRow.locator('[data-key="pValue"]').getAttribute('title')) ?? '';
    expect(title).toContain(`EG ${first.symbolY} on ${first.symbolX}`);
    expect(title).toContain(`EG ${first.symbolX} on ${first.symbolY}`);
    expect(await firstRow.locator('[data-testid="sparkline"]').getAttribute('data-points')).toBe(
      String(HISTORY),
    );
    expect(await page.locator('[data-testid="sparkline"]').count()).toBe(100);
    await shot('screener');
  });

  it('draws the universe as 100 × 100 cells, and switches it to p-values', async () => {
    const heatmap = page.locator('[data-testid="screener-heatmap"][data-size="100"]');
    await heatmap.waitFor({ timeout: 30_000 });
    console.log(`screener: heatmap drawn in ${await heatmap.getAttribute('data-draw-ms')} ms`);
    const cell = Number(await heatmap.getAttribute('data-cell'));
    // Row S07USDT, column S42USDT: the pair S42USDT/S07USDT.
    const [row, column] = [7, 42];
    const known = latest.find((p) => p.pair === 'S42USDT/S07USDT') as PairScreen;
    const point = { x: column * cell + cell / 2, y: row * cell + cell / 2 };
    const pixel = () =>
      heatmap.evaluate((canvas, at) => {
        const c = canvas as HTMLCanvasElement;
        const ratio = c.width / c.getBoundingClientRect().width;
        const data = c
          .getContext('2d')
          ?.getImageData(Math.floor(at.x * ratio), Math.floor(at.y * ratio), 1, 1).data;
        return data ? [...data].join(',') : '';
      }, point);
    const readout = testId('heatmap-readout');

    await heatmap.hover({ position: point });
    expect(await readout.getAttribute('data-row')).toBe('S07USDT');
    expect(await readout.getAttribute('data-column')).toBe('S42USDT');
    expect(Number(await readout.getAttribute('data-value'))).toBe(known.correlation);
    const correlationPixel = await pixel();

    await testId('heatmap-metric-pvalue').click();
    await page.waitForSelector('[data-testid="screener-heatmap"][data-metric="pvalue"]');
    await heatmap.hover({ position: point });
    expect(Number(await readout.getAttribute('data-value'))).toBe(known.pValue);
    expect(await pixel()).not.toBe(correlationPixel);
    expect(page.url()).toContain('shm=pvalue');
    console.log(
      `screener: heatmap redrawn as p-values in ${await heatmap.getAttribute('data-draw-ms')} ms`,
    );
    await shot('screener-pvalue');
  });

  it('re-sorts on the server when a header is clicked, and filters', async () => {
    const expected = [...latest].sort(byCorrelationDesc).slice(0, 100);
    const started = Date.now();
    await testId('sort-CORRELATION').click();
    await firstPairIs((expected[0] as PairScreen).pair);
    console.log(`screener: re-sorted by correlation in ${Date.now() - started} ms`);
    const rows = await tableRows();
    expect(rows.map((r) => r.pair)).toEqual(expected.map((p) => p.pair));
    expect(rows.map((r) => r.correlation)).toEqual(expected.map((p) => p.correlation));
    expect(page.url()).toContain('sort=correlation');

    const passing = latest.filter(passes).sort(byCorrelationDesc);
    expect(passing.length).toBeGreaterThan(1);
    expect(passing.length).toBeLessThan(100);
    for (const [key, value] of [
      ['minCorrelation', FILTER.minCorrelation],
      ['maxPValue', FILTER.maxPValue],
      ['minAbsZ', FILTER.minAbsZ],
    ] as const) {
      await testId(`filter-${key}`).fill(String(value));
      await testId(`filter-${key}`).press('Enter');
    }
    await page.waitForSelector(`[data-testid="view-screener"][data-total="${passing.length}"]`, {
      timeout: 30_000,
    });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="screener-table"] tbody tr').length === n,
      passing.length,
    );
    expect((await tableRows()).map((r) => r.pair)).toEqual(passing.map((p) => p.pair));
    await shot('screener-filtered');
  });

  it('moves a pair in the live table when the screener writes it, without a reload', async () => {
    // A pair that fails the filter now, screened again with the highest correlation of all.
    const before = latest.find((p) => !passes(p) && (p.correlation as number) < 0) as PairScreen;
    const moved: PairScreen = {
      ...before,
      time: NOW + MINUTE,
      correlation: 0.9999,
      pValue: 0.001,
      cointPValue: 0.001,
      cointPValueReverse: 0.0005,
      zScore: 2.5,
    };
    for (const table of [TABLES.pairScreenLatest, TABLES.pairScreen]) {
      await stack.clickhouse.client.insert({
        table,
        values: [pairScreenRow(moved)],
        format: 'JSONEachRow',
        clickhouse_settings: { precise_float_parsing: 1 } as Record<string, number>,
      });
    }
    await page.evaluate(() => document.body.setAttribute('data-screener-mark', 'before-live'));
    const deadline = Date.now() + 30_000;
    // Published again until it shows: the page's subscription may still be opening.
    for (;;) {
      await stack.eventLog.produce(TOPICS.pairScreen.name, [
        { key: TOPICS.pairScreen.keyOf(moved), value: JSON.stringify(moved) },
      ]);
      const shown = await firstPairIs(moved.pair)
        .then(() => true)
        .catch(() => false);
      if (shown) break;
      if (Date.now() > deadline) throw new Error('the live screener row never showed on the page');
    }
    expect(await page.locator('body').getAttribute('data-screener-mark')).toBe('before-live');
    const rows = await tableRows();
    expect(rows[0]).toMatchObject({ pair: moved.pair, correlation: 0.9999, pValue: 0.001 });
    expect(rows.length).toBe(latest.filter(passes).length + 1);
  });

  it('opens the pair view of a clicked row, at the screener’s interval', async () => {
    await testId('filters-clear').click();
    await page.waitForSelector('[data-testid="view-screener"][data-total="4950"]');
    await page.waitForSelector('[data-testid="screener-table"] tbody tr:nth-child(100)');
    expect(page.url()).not.toContain('mincorr');
    const started = Date.now();
    await testId('screener-top').selectOption('1000');
    await page.waitForSelector('[data-testid="screener-table"] tbody tr:nth-child(1000)', {
      timeout: 60_000,
    });
    console.log(`screener: 1,000 rows with sparklines on screen in ${Date.now() - started} ms`);
    expect(await page.locator('[data-testid="sparkline"]').count()).toBe(1000);
    const row = page.locator('[data-testid="screener-table"] tbody tr').nth(1);
    const pair = (await row.getAttribute('data-pair')) ?? '';
    const [y, x] = pair.split('/');
    await row.click();
    await testId('view-pair').waitFor({ state: 'visible', timeout: 15_000 });
    const url = new URL(page.url());
    expect(url.searchParams.get('view')).toBe('pair');
    expect(url.searchParams.get('x')).toBe(x);
    expect(url.searchParams.get('y')).toBe(y);
    expect(await page.locator('#pair-title').textContent()).toContain(`${y}/${x} · ${INTERVAL}`);
    // The pair view's own control offers to analyse it live (addPair).
    await testId('view-pair').locator('.live-analysis').waitFor({ timeout: 15_000 });
    await shot('screener-pair');
    expect(pageErrors).toEqual([]);
  });
});
