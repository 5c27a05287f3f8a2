import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trade } from '@tickstream/schema';
import { startMockExchange, type MockExchange } from '../../src';
import { testEventLog, type TestEventLog } from '../helpers/event-log';
import { idsBySymbol } from '../helpers/ingest-harness';
import { uniqueName, waitFor } from '../helpers/wait';

const root = join(__dirname, '..', '..', '..');

describe('ingest stopped by SIGTERM during heavy flow', () => {
  let mock: MockExchange | undefined;
  let log: TestEventLog | undefined;
  let dataDir: string | undefined;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    // The child runs the built code, as `tickstream ingest` does.
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'ingest'], {
      cwd: root,
      stdio: 'inherit',
    });
  }, 180_000);

  afterEach(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await mock?.stop();
    await log?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes every trade it received before the signal, once, and exits 0', async () => {
    mock = await startMockExchange({
      speed: 'max',
      tape: {
        kind: 'file',
        path: join(
          root,
          'ingest',
          'tapes',
          'binance',
          'usdm_trade_btcusdt_ethusdt_20240718-19.jsonl.gz',
        ),
        loop: true,
      },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'ingest-sigterm-'));
    const suffix = uniqueName('sigterm');
    const topics = {
      trades: `md.trades.v1.${suffix}`,
      deadLetter: `md.deadletter.v1.${suffix}`,
      tradeGaps: `md.trade-gaps.v1.${suffix}`,
    };
    child = spawn(
      process.execPath,
      [
        join(__dirname, '..', 'fixtures', 'sigterm-child.js'),
        mock.url,
        mock.restUrl,
        dataDir,
        JSON.stringify(topics),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) =>
      child?.on('exit', (code) => resolve(code)),
    );
    await waitFor(
      () => output.includes('READY'),
      () => `the child to reach heavy flow (its stderr: ${errors || 'empty'})`,
      60_000,
    );
    const sentBefore = mock.stats().framesSent;
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`the child exited with ${code}; its stderr: ${errors}`);
    expect(mock.stats().framesSent).toBeGreaterThan(sentBefore); // the flow was still running at the signal

    const final = JSON.parse(
      output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1) ?? '{}',
    ) as {
      state: string;
      produced: number;
      duplicates: number;
      symbols: Record<string, { received: number }>;
    };
    expect(final.state).toBe('stopped');
    const received = Object.values(final.symbols).reduce((n, s) => n + s.received, 0);
    expect(received).toBeGreaterThan(5_000);
    expect(final.produced).toBe(received - final.duplicates);

    log = await testEventLog('sigterm-reader', { dataDir });
    const trades = await log.read<Trade>(topics.trades, (t) => t.length >= final.produced);
    expect(trades).toHaveLength(final.produced);
    for (const [symbol, ids] of idsBySymbol(trades)) {
      expect({ symbol, received: ids.length }).toEqual({
        symbol,
        received: final.symbols[symbol]?.received,
      });
      expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1)).toBe(true);
    }
  });
});
