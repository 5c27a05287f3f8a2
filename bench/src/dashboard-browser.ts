// Debian's Chromium driven by playwright-core, as the dashboard's browser test and benchmark
// use it: headless, no sandbox (containers run as root), no background traffic, a fresh
// profile per run; and the dashboard built with Vite into a directory of the caller's choice.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
export const DASHBOARD_DIR = join(ROOT, 'dashboard');

/** Builds the dashboard (vite build) into `outDir`; throws with Vite's output when it fails. */
export function buildDashboard(outDir: string): void {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: DASHBOARD_DIR,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(`vite build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  options: { width?: number; height?: number } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run \`node dashboard/test/ensure-chromium.js\` (as root) first`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'tickstream-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: options.width ?? 1440, height: options.height ?? 960 },
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
