// Dashboard benchmark in Debian's Chromium against the whole stack in this process:
//   1. initial load: navigation start to the first chart drawn with data (300 and 10,000 bars);
//   2. frame time while the mock exchange streams 50 trades/s into charts holding 10,000 points
//      each: the price view (candles + volume) and the pair view (z-score, spread, both legs,
//      hedge ratio: four line charts, Kalman rows patched in as they arrive).
// Frame time is the gap between requestAnimationFrame callbacks (Performance API clock), with
// long animation frames and long tasks from PerformanceObserver.
// Usage: npx tsc -b bench && node bench/dist/dashboard-bench.js [--json] [--seconds N] [--bars N]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildDashboard, launchChromium } from './dashboard-browser';
import { startStack } from './dashboard-stack';

interface FrameStats {
  readonly frames: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Frames longer than 2 × 16.7 ms: at least one frame dropped. */
  readonly over33Ms: number;
  readonly longAnimationFrames: number;
  readonly longTasks: number;
  /** Chart updates seen (the page's data-version counter) during the measurement. */
  readonly updates: number;
}

interface LoadStats {
  readonly bars: number;
  /** Navigation start to the first chart drawn with data, in a fresh browser. */
  readonly coldMs: number;
  /** The same on a reload (assets cached, API warm). */
  readonly warmMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loadTime(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(selector, { timeout: 120_000, state: 'attached' });
  // performance.now() counts from the navigation's start.
  return page.evaluate(() => performance.now());
}

async function measureFrames(page: Page, seconds: number, versionOf: string): Promise<FrameStats> {
  return page.evaluate(
    async ({ seconds, versionOf }) => {
      const deltas: number[] = [];
      let loaf = 0;
      let longTasks = 0;
      const observers: PerformanceObserver[] = [];
      for (const [type, count] of [
        ['long-animation-frame', () => loaf++],
        ['longtask', () => longTasks++],
      ] as const) {
        try {
          const o = new PerformanceObserver((list) => list.getEntries().forEach(() => count()));
          o.observe({ type, buffered: false });
          observers.push(o);
        } catch {
          // An entry type this Chromium does not know stays at zero.
        }
      }
      const version = () =>
        Number(document.querySelector(versionOf)?.getAttribute('data-version') ?? 0);
      const startVersion = version();
      await new Promise<void>((resolve) => {
        const end = performance.now() + seconds * 1_000;
        let last = performance.now();
        const tick = (now: number) => {
          deltas.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      observers.forEach((o) => o.disconnect());
      const sorted = [...deltas.slice(1)].sort((a, b) => a - b);
      const q = (p: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
      const round = (v: number) => Math.round(v * 100) / 100;
      return {
        frames: sorted.length,
        p50Ms: round(q(0.5)),
        p95Ms: round(q(0.95)),
        p99Ms: round(q(0.99)),
        maxMs: round(sorted[sorted.length - 1] ?? 0),
        over33Ms: sorted.filter((d) => d > 33.4).length,
        longAnimationFrames: loaf,
        longTasks,
        updates: version() - startVersion,
      };
    },
    { seconds, versionOf },
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '20' },
      bars: { type: 'string', default: '10000' },
    },
  });
  const seconds = Number(values.seconds);
  const bars = Number(values.bars);
  const log = (line: string) => {
    if (!values.json) console.error(line);
  };

  const dist = mkdtempSync(join(tmpdir(), 'tickstream-dashboard-bench-'));
  log('building the dashboard ...');
  buildDashboard(dist);
  log(`producing ${Math.round(bars * 1.05) + 200} s of history and processing it ...`);
  const started = Date.now();
  const stack = await startStack({
    dashboardDir: dist,
    historySeconds: Math.round(bars * 1.05) + 200,
    historyRate: 12,
    liveRate: 50,
  });
  log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${stack.url}`);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));

    // The first load is cold (browser cache empty, API caches empty, JIT cold); the next two
    // are what a reload or a second visitor sees.
    const load: LoadStats[] = [];
    for (const n of [300, bars]) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        runs.push(
          Math.round(
            await loadTime(
              page,
              `${stack.url}/?interval=1s&bars=${n}`,
              '[data-testid="price-chart"]:not([data-bars="0"])',
            ),
          ),
        );
        await sleep(1_000);
      }
      const warm = runs.slice(1).sort((a, b) => a - b)[0] ?? 0;
      load.push({ bars: n, coldMs: runs[0] ?? 0, warmMs: warm });
      log(`first chart with ${n} bars: cold ${runs[0]} ms, warm ${warm} ms`);
    }

    // The price view: 10,000 candles and 10,000 volume bars, the open bar patched per update.
    await page.goto(`${stack.url}/?interval=1s&bars=${bars}`);
    await page.waitForSelector('[data-testid="price-chart"]:not([data-bars="0"])', {
      timeout: 120_000,
    });
    await sleep(3_000);
    const candles = Number(
      await page.locator('[data-testid="price-chart"]').getAttribute('data-bars'),
    );
    log(`price view holds ${candles} candles`);
    const price = await measureFrames(page, seconds, '[data-testid="price-chart"]');
    log(`price view: ${JSON.stringify(price)}`);

    // The pair view: four line charts of 10,000 stored Kalman rows, one row patched in per bar.
    await page.goto(`${stack.url}/?view=pair&interval=1s&regression=kalman&bars=${bars}`);
    await page.waitForSelector('[data-testid="zscore-chart"]:not([data-points="0"])', {
      timeout: 120_000,
    });
    await sleep(3_000);
    const points = Number(
      await page.locator('[data-testid="zscore-chart"]').getAttribute('data-points'),
    );
    const pair = await measureFrames(page, seconds, '[data-testid="zscore-chart"]');
    log(`pair view (${points} points per chart): ${JSON.stringify(pair)}`);

    const result = {
      tradesPerSecond: 50,
      measuredSeconds: seconds,
      load,
      priceView: { charts: 1, pointsPerChart: candles, ...price },
      pairView: { charts: 4, pointsPerChart: points, ...pair },
      consoleErrors: errors,
    };
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log('dashboard benchmark (Chromium, 50 trades/s streaming)');
      for (const l of load) {
        console.log(
          `  load to first chart, ${l.bars} bars: cold ${l.coldMs} ms, reload ${l.warmMs} ms`,
        );
      }
      for (const [name, s] of [
        ['price view, 1 candlestick chart', price],
        [`pair view, 4 line charts`, pair],
      ] as const) {
        console.log(
          `  ${name} × ${name.startsWith('price') ? candles : points} points: frame p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms; ` +
            `${s.over33Ms}/${s.frames} frames > 33 ms, ${s.longAnimationFrames} long animation frames, ${s.longTasks} long tasks, ${s.updates} chart updates`,
        );
      }
      if (errors.length > 0) console.log(`  console errors: ${errors.join(' | ')}`);
    }
  } finally {
    await browser.close();
    await stack.close();
    rmSync(dist, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
