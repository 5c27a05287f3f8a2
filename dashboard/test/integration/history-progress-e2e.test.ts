// While ingest fetches the exchange's history, the dashboard says so: a progress bar with the
// percent, and empty states that say "backfilling, N %" instead of "no data". The demo runs
// with a small REST weight budget and an hour of aggregate trades, so its history takes
// minutes and the page can be looked at meanwhile.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildDashboard,
  DASHBOARD_DIR,
  launchChromium,
  type Browser,
} from '@tickstream/bench/dashboard-browser';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'cli', 'dist', 'main.js');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'demo');

describe('the dashboard while history is fetched', () => {
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string;
  let output = '';

  beforeAll(() => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (!existsSync(join(DASHBOARD_DIR, 'dist', 'index.html')))
      buildDashboard(join(DASHBOARD_DIR, 'dist'));
    dataDir = mkdtempSync(join(tmpdir(), 'tickstream-demo-progress-'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      demo.kill('SIGTERM');
      await new Promise((resolve) => demo?.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a progress bar with the percent, moving on while history runs', async () => {
    demo = spawn(process.execPath, [CLI, 'demo', '--history-trades', '1h'], {
      cwd: ROOT,
      env: {
        ...process.env,
        TICKSTREAM_DATA_DIR: dataDir,
        TICKSTREAM_EVENT_LOG: 'embedded',
        API_PORT: '0',
        LOG_FORMAT: 'json',
        // ~2,500 weight of aggregate trades at 300 a minute: history takes minutes.
        BINANCE_REST_WEIGHT_PER_MINUTE: '300',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 120_000;
    let url: string | undefined;
    while (url === undefined) {
      url = /tickstream is running: open (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (url === undefined && (demo.exitCode !== null || Date.now() > deadline))
        throw new Error(`the demo printed no URL:\n${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    browser = await launchChromium();
    const page = await browser.context.newPage();
    // The pair view, whose analytics wait for the aggregate trades of the last hour.
    await page.goto(`${url}/?view=pair`);
    const note = page.locator('[data-testid="history-progress"]');
    await note.waitFor({ timeout: 60_000 });
    expect(await note.textContent()).toMatch(/History: backfilling, \d+ %/);
    const bar = page.locator('[data-testid="history-progress"] progress');
    const value = Number(await bar.getAttribute('value'));
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(100);
    expect(await bar.getAttribute('max')).toBe('100');
    await page.screenshot({ path: join(ARTIFACTS, 'history-progress.png'), fullPage: true });
    // The percent moves on while the page is open.
    await page.waitForFunction(
      (first) =>
        Number(
          document
            .querySelector('[data-testid="history-progress"] progress')
            ?.getAttribute('value') ?? first,
        ) > first,
      value,
      { timeout: 90_000 },
    );
  }, 300_000);
});
