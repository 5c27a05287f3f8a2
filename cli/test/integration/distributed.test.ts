import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createClickHouse } from '@tickstream/core';
import { DEFAULT_TAPE, startMockExchange, type MockExchange } from '@tickstream/ingest';
import { CHDB_HTTP_SERVER_SCRIPT, uniqueName } from '@tickstream/testkit';

// The distributed topology as separate processes: ingest, two processors and two API
// instances over a real Kafka broker and one ClickHouse. No ClickHouse server can be
// installed here, so a test-only fixture serves chDB behind ClickHouse's HTTP interface
// (@tickstream/testkit); the product itself only talks to real servers.

const root = join(__dirname, '..', '..', '..');
const CLI = join(root, 'cli', 'dist', 'main.js');
const brokers = process.env['KAFKA_BROKERS'];
if (!brokers && process.env['CI'])
  throw new Error('CI is set but KAFKA_BROKERS is not: run the tests through npm test');

interface Role {
  readonly name: string;
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startRole(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): Role {
  const child = spawn(process.execPath, [command, ...args], {
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const role: Role = {
    name,
    child,
    output: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.on('data', (d: Buffer) => (role.output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (role.output += d.toString()));
  return role;
}

async function waitForOutput(
  role: Role,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(role.output);
    if (match) return match;
    if (Date.now() > deadline)
      throw new Error(
        `${role.name} did not print ${pattern} in time:\n${role.output.slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

const FINGERPRINTS = {
  candles:
    'symbol, bar_interval, bucket_start, open, high, low, close, volume, quote_volume, buy_volume, sell_volume, trade_count, first_trade_id, last_trade_id, is_final, version',
  symbol_stats:
    'symbol, window, time, bars, last_price, open_price, high, low, volume, trade_count, mean_close, std_close',
  pair_analytics:
    'pair, bar_interval, time, price_x, price_y, hedge_ratio, intercept, spread, zscore, correlation, adf_pvalue',
  trades: 'exchange, symbol, trade_id, price, qty, side, trade_time',
} as const;

/** Row counts and order-independent hashes of the deduplicated tables. */
async function fingerprint(client: ClickHouseClient): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, columns] of Object.entries(FINGERPRINTS)) {
    // Sums of floats depend on summation order; round to 9 significant digits for the hash.
    const result = await client.query({
      query: `SELECT toString(count()) AS n, toString(sum(cityHash64(${columns}))) AS h FROM {t:Identifier} FINAL`,
      query_params: { t: table },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string; h: string }>();
    out[table] = `${row?.n}:${row?.h}`;
  }
  return out;
}

(brokers ? describe : describe.skip)('the distributed topology', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('gives the same tables as the embedded runtime for the same tape, through a processor kill and graceful stops', async () => {
    // The embedded reference: the tape replayed into an embedded log, processed to the end.
    const reference = mkdtempSync(join(tmpdir(), 'tickstream-ref-'));
    cleanups.push(() => rmSync(reference, { recursive: true, force: true }));
    const common = {
      CLICKHOUSE_URL: '',
      KAFKA_BROKERS: '',
      LOG_LEVEL: 'warn',
      TICKSTREAM_DATA_DIR: reference,
    };
    const replay = startRole('replay', CLI, ['ingest'], {
      ...common,
      INGEST_SOURCE: 'replay',
      INGEST_REPLAY_FILES: DEFAULT_TAPE,
      INGEST_REPLAY_SPEED: 'max',
      INGEST_STATUS_INTERVAL_MS: '0',
    });
    expect(await replay.exited).toEqual({ code: 0, signal: null });
    const processed = startRole('reference', CLI, ['process', '--until-caught-up'], common);
    expect(await processed.exited).toEqual({ code: 0, signal: null });
    const embedded = await createClickHouse({
      database: 'tickstream',
      chdbPath: join(reference, 'chdb'),
    });
    const expected = await fingerprint(embedded.client);
    await embedded.close();
    expect(Number(expected['candles']?.split(':')[0])).toBeGreaterThan(900);
    expect(Number(expected['pair_analytics']?.split(':')[0])).toBeGreaterThan(400);

    // ClickHouse for the distributed roles: the test fixture, as its own process.
    const chdir = mkdtempSync(join(tmpdir(), 'tickstream-chserver-'));
    cleanups.push(() => rmSync(chdir, { recursive: true, force: true }));
    const clickhouse = startRole('clickhouse', CHDB_HTTP_SERVER_SCRIPT, ['--data-dir', chdir], {});
    cleanups.push(() => void clickhouse.child.kill('SIGTERM'));
    const clickhouseUrl = (await waitForOutput(clickhouse, /CLICKHOUSE_URL=(\S+)/))[1] ?? '';

    const mock: MockExchange = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE },
      speed: 20,
      timestamps: 'recorded',
      autoplay: false,
    });
    cleanups.push(() => mock.stop());

    const database = uniqueName('dist');
    const env = {
      KAFKA_BROKERS: brokers ?? '',
      KAFKA_SESSION_TIMEOUT_MS: '8000',
      TICKSTREAM_NAMESPACE: database.replace(/_/g, '-').toLowerCase().slice(0, 40),
      CLICKHOUSE_URL: clickhouseUrl,
      CLICKHOUSE_DATABASE: database,
      BINANCE_WS_URL: mock.url,
      BINANCE_REST_URL: mock.restUrl,
      API_PORT: '0',
      TICKSTREAM_DATA_DIR: chdir,
    };
    const migrate = startRole('migrate', CLI, ['migrate'], env);
    expect((await migrate.exited).code).toBe(0);

    const roles: Role[] = [
      startRole('processor-1', CLI, ['process'], env),
      startRole('processor-2', CLI, ['process'], env),
      startRole('api-1', CLI, ['api'], env),
      startRole('api-2', CLI, ['api'], env),
    ];
    cleanups.push(() => roles.forEach((r) => r.child.kill('SIGKILL')));
    const apiUrls: string[] = [];
    for (const api of roles.slice(2))
      apiUrls.push((await waitForOutput(api, /API listening on (http:\/\/\S+?)"/))[1] ?? '');

    const ingest = startRole('ingest', CLI, ['ingest'], env);
    roles.push(ingest);
    const subscribed = Date.now() + 60_000;
    while (mock.stats().subscriptions < 2 && Date.now() < subscribed)
      await new Promise((r) => setTimeout(r, 100));
    expect(mock.stats().subscriptions).toBeGreaterThanOrEqual(2);
    mock.play();

    // Kill one processor while the tape is flowing; its partitions move to the other.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(roles[0]?.child.kill('SIGKILL')).toBe(true);

    const client = createClient({ url: clickhouseUrl, database });
    cleanups.push(() => client.close());
    const deadline = Date.now() + 180_000;
    let actual: Record<string, string> = {};
    while (Date.now() < deadline) {
      actual = await fingerprint(client);
      if (JSON.stringify(actual) === JSON.stringify(expected)) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(actual).toEqual(expected);

    // Both API instances serve the same data.
    for (const url of apiUrls) {
      const response = await fetch(`${url}/api/ohlc/BTCUSDT?interval=1m&limit=100`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { count: number };
      expect(body.count).toBeGreaterThan(5);
    }

    // Every surviving role stops gracefully on SIGTERM.
    for (const role of roles.slice(1)) {
      role.child.kill('SIGTERM');
      expect([role.name, await role.exited]).toEqual([role.name, { code: 0, signal: null }]);
    }
  }, 420_000);
});
