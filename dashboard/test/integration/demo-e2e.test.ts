// `tickstream demo` (what `npm run demo` runs) as a user meets it: the command in its own
// process, its URL opened in Debian's Chromium. The mock exchange has been trading for hours
// before the demo starts, so the dashboard must open full: hours of 1m candles, a pair view
// with its whole z-score chart, a correlation heatmap with values. How long that takes after
// the URL is printed is reported here and measured in bench/ (the history benchmark), not
// asserted: these machines are shared. Beside the tape the demo ingests the planted synthetic
// market, its last 12 minutes at once: the Screener tab must rank one of its ten cointegrated
// pairs first, over a universe of the tape's symbols and the market's thirty.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  buildDashboard,
  DASHBOARD_DIR,
  launchChromium,
  type Browser,
} from '@tickstream/bench/dashboard-browser';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'cli', 'dist', 'main.js');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'demo');

// The planted market (ingest/src/synthetic/planted-market.ts): PLANTED_PAIRS, PLTiiUSDT
// cointegrated with IND(2i)USDT, written out because the dashboard's tests do not depend on
// @tickstream/ingest (the dashboard talks GraphQL only).
const PLANTED_PAIRS = Array.from({ length: 10 }, (_, i) => ({
  y: `PLT${String(i).padStart(2, '0')}USDT`,
  x: `IND${String(2 * i).padStart(2, '0')}USDT`,
}));
const MARKET_SYMBOLS = [
  ...Array.from({ length: 20 }, (_, i) => `IND${String(i).padStart(2, '0')}USDT`),
  ...PLANTED_PAIRS.map((p) => p.y),
];
const UNIVERSE = ['BTCUSDT', 'ETHUSDT', ...MARKET_SYMBOLS];
/** Both legs of a pair name as the screener writes it (x the alphabetically first). */
const legsOf = (pair: string) => pair.match(/[A-Z0-9]+?USDT/g) ?? [];

describe('npm run demo in Chromium', () => {
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let output = '';

  beforeAll(() => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The demo serves dashboard/dist, as npm start does: build what this checkout holds.
    buildDashboard(join(DASHBOARD_DIR, 'dist'));
  }, 180_000);

  /**
   * Stops the demo and browser of an attempt and removes its data: the integration setup
   * retries a failed test once, and a retry must not start a second demo beside the first
   * over the same data directory.
   */
  async function stopDemo(): Promise<void> {
    await browser?.close();
    browser = undefined;
    const running = demo;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    demo = undefined;
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  }

  afterAll(stopDemo, 60_000);

  async function printedUrl(): Promise<{ url: string; at: number }> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const match = /tickstream is running: open (http:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) return { url: match[1], at: Date.now() };
      if (demo?.exitCode !== null || Date.now() > deadline)
        throw new Error(`the demo printed no URL:\n${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const attr = async (page: Page, testId: string, name: string) =>
    Number((await page.locator(`[data-testid="${testId}"]`).first().getAttribute(name)) ?? '0');

  it('opens full: hours of candles, a whole z-score chart, a heatmap with values, and a screener ranking a planted pair first', async () => {
    await stopDemo();
    output = '';
    dataDir = mkdtempSync(join(tmpdir(), 'tickstream-demo-'));
    demo = spawn(process.execPath, [CLI, 'demo'], {
      cwd: ROOT,
      // The embedded runtime in a data directory of its own, whatever the test run's Kafka.
      env: {
        ...process.env,
        TICKSTREAM_DATA_DIR: dataDir,
        TICKSTREAM_EVENT_LOG: 'embedded',
        API_PORT: '0',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const { url, at } = await printedUrl();
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(url);
    const timings: Record<string, number> = {};

    // 9 h of 1m candles from the exchange's history (the chart shows the last 600 bars).
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="price-chart"]')?.getAttribute('data-bars') ?? 0,
        ) >= 500,
      undefined,
      { timeout: 60_000 },
    );
    timings['price chart with 500 bars'] = Date.now() - at;
    expect(await attr(page, 'price-chart', 'data-bars')).toBeGreaterThanOrEqual(500);
    await page.screenshot({ path: join(ARTIFACTS, 'price.png'), fullPage: true });

    // The pair view: the z-score over the whole history (600 bars less the 60-bar warm-up).
    await page.click('[data-testid="tab-pair"]');
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-testid="zscore-chart"]')?.getAttribute('data-points') ?? 0,
        ) >= 450,
      undefined,
      { timeout: 60_000 },
    );
    timings['full z-score chart'] = Date.now() - at;
    await page.screenshot({ path: join(ARTIFACTS, 'pair.png'), fullPage: true });

    await page.click('[data-testid="tab-correlation"]');
    await page
      .waitForSelector('[data-testid="heatmap"] td', { timeout: 60_000 })
      .catch(async (error: unknown) => {
        // What the view shows instead (an error note, a loading note) says why.
        await page.screenshot({ path: join(ARTIFACTS, 'correlation-failed.png'), fullPage: true });
        throw error;
      });
    const cells = await page.locator('[data-testid="heatmap"] td').allTextContents();
    const values = cells.map((c) => Number(c.trim())).filter((v) => Number.isFinite(v));
    timings['heatmap with values'] = Date.now() - at;
    expect(values.length).toBeGreaterThanOrEqual(4);
    expect(values.every((v) => v >= -1 && v <= 1)).toBe(true);
    // Each symbol against itself.
    expect(values.filter((v) => v === 1).length).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, 'correlation.png'), fullPage: true });

    // The alert log opens with the alerts raised over the history (stored, never sent live).
    await page.waitForSelector('[data-testid="alerts"] li', { timeout: 60_000 });
    timings['alert log'] = Date.now() - at;
    expect(await page.locator('[data-testid="alerts"] li').count()).toBeGreaterThanOrEqual(1);

    // The Screener: every pair of the 32 symbols (496) ranked by p-value, with all rows shown.
    // The market's prehistory fills the 600-bar window at once; the stage then tests each pair
    // within 5 bars. Polled generously: the rows come after the screener stage has started.
    await page.click('[data-testid="tab-screener"]');
    await page.selectOption('[data-testid="screener-top"]', '500');
    const pairCount = (UNIVERSE.length * (UNIVERSE.length - 1)) / 2;
    await page.waitForSelector('[data-testid="screener-table"] tbody tr', { timeout: 240_000 });
    timings['screener first rows'] = Date.now() - at;
    // Every pair tested: each row carries its p-value (the window is full from the prehistory).
    await page.waitForFunction(
      (n) => {
        const rows = [...document.querySelectorAll('[data-testid="screener-table"] tbody tr')];
        const tested = rows.filter(
          (tr) =>
            (tr.querySelector('[data-key="pValue"]')?.getAttribute('data-value') ?? '') !== '',
        );
        const size = document
          .querySelector('[data-testid="screener-heatmap"]')
          ?.getAttribute('data-size');
        return tested.length >= n && Number(size ?? 0) >= 32;
      },
      pairCount,
      { timeout: 240_000 },
    );
    timings['screener every pair'] = Date.now() - at;
    const rows = await page.locator('[data-testid="screener-table"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        pair: tr.getAttribute('data-pair') ?? '',
        rank: Number(tr.getAttribute('data-rank')),
        // An untested figure is an empty attribute: NaN, not 0.
        pValue: Number(
          tr.querySelector('[data-key="pValue"]')?.getAttribute('data-value') || Number.NaN,
        ),
      })),
    );
    console.log(
      `demo: screener top ${rows
        .slice(0, 12)
        .map((r) => `${r.pair} p=${r.pValue.toPrecision(2)}`)
        .join(', ')}`,
    );
    expect(rows).toHaveLength(pairCount);
    const universe = new Set(rows.flatMap((r) => legsOf(r.pair)));
    expect([...universe].sort()).toEqual([...UNIVERSE].sort());
    expect(await attr(page, 'screener-heatmap', 'data-size')).toBe(UNIVERSE.length);
    const top = rows[0]!;
    expect(top.rank).toBe(1);
    expect(PLANTED_PAIRS.map((p) => [p.x, p.y].sort().join(' '))).toContain(
      legsOf(top.pair).sort().join(' '),
    );
    // Engle–Granger on a 600-bar window with half-lives of seconds rejects far below 1 %.
    expect(top.pValue).toBeLessThan(0.01);
    const tested = rows.map((r) => r.pValue).filter((p) => Number.isFinite(p));
    expect(tested).toEqual([...tested].sort((a, b) => a - b));
    await page.screenshot({ path: join(ARTIFACTS, 'screener.png'), fullPage: true });
    console.log(`demo: after the URL was printed (ms): ${JSON.stringify(timings)}`);
  }, 600_000);
});
