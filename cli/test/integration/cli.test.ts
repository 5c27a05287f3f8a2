import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'main.js');

function run(args: string[], env: Record<string, string> = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_FORMAT: 'json', CLICKHOUSE_URL: '', KAFKA_BROKERS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the built tickstream command', () => {
  it('stops with exit code 2 and names the bad setting, its value and what is allowed', () => {
    const result = run(['config'], { API_PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'Invalid configuration:\n  - API_PORT = "eighty": expected an integer from 0 to 65535\n',
    );
  });

  it('migrates an empty data directory and lists the topics it created', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-cli-'));
    const migrate = run(['migrate', '--data-dir', dataDir]);
    expect(migrate.status).toBe(0);
    const again = run(['migrate', '--data-dir', dataDir, '--log-level', 'info']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('"applied":[]');
    const topics = run(['topics', '--data-dir', dataDir]);
    expect(topics.status).toBe(0);
    expect(
      topics.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0]),
    ).toEqual([
      'md.alerts.v1',
      'md.candles.v1',
      'md.deadletter.v1',
      'md.history.v1',
      'md.pair-analytics.v1',
      'md.pair-bars.v1',
      'md.pair-config.v1',
      'md.pair-screen.v1',
      'md.signals.v1',
      'md.stats.v1',
      'md.trade-gaps.v1',
      'md.trades.v1',
    ]);
  });

  it('prints the configuration table the README holds', () => {
    const result = run(['config', '--markdown']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('| environment | flag | default | what it does |');
  });
});
