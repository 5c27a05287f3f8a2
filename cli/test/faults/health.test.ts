import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockExchange, type MockExchange } from '@tickstream/ingest';
import {
  freePort,
  getHealth,
  kill,
  startRole,
  waitUntil,
  type HealthAnswer,
  type Role,
} from './helpers/processes';

// /health must tell a load balancer the truth: while the exchange cannot be reached, ingest
// (and `start`, which contains it) answers 503 with the reason. The exchange here goes away
// for good: its server is stopped, so every reconnect is refused.

/** Non-empty reasons of the components in a /health body (ops servers: a map; the API: a list). */
function reasonsIn(body: string): string[] {
  const parsed = JSON.parse(body) as { components?: unknown };
  const components =
    typeof parsed.components === 'object' && parsed.components !== null
      ? Object.values(parsed.components as Record<string, { reason?: unknown }>)
      : [];
  return components
    .map((c) => (typeof c.reason === 'string' ? c.reason : ''))
    .filter((r) => r.length > 0);
}

describe('health while the exchange is unreachable', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers 503 with the reason on /health of ingest and of start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-faults-health-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const mock: MockExchange = await startMockExchange({
      tape: { kind: 'synthetic', seed: 7 },
      ratePerSecond: 20,
      timestamps: 'live',
    });
    cleanups.push(() => mock.stop());
    const common = {
      BINANCE_WS_URL: mock.url,
      BINANCE_REST_URL: mock.restUrl,
      INGEST_SOURCE: 'binance',
      SYMBOLS: 'BTCUSDT,ETHUSDT',
      KAFKA_BROKERS: '',
      CLICKHOUSE_URL: '',
    };
    const opsPort = await freePort();
    const apiPort = await freePort();
    const roles: Role[] = [
      startRole('ingest', 'ingest', {
        ...common,
        TICKSTREAM_DATA_DIR: join(dir, 'ingest'),
        OPS_PORT: String(opsPort),
      }),
      startRole('start', 'start', {
        ...common,
        TICKSTREAM_DATA_DIR: join(dir, 'start'),
        API_PORT: String(apiPort),
      }),
    ];
    cleanups.push(async () => {
      for (const role of roles) await kill(role);
    });
    const urls = {
      ingest: `http://127.0.0.1:${opsPort}/health`,
      start: `http://127.0.0.1:${apiPort}/health`,
    };
    // Both healthy while trades flow.
    for (const url of Object.values(urls))
      await waitUntil(
        `${url} to answer 200`,
        async () => (await getHealth(url))?.status === 200,
        120_000,
        500,
      );

    const stoppedAt = Date.now();
    await mock.stop();
    const last: Record<string, HealthAnswer | undefined> = {};
    await Promise.all(
      Object.entries(urls).map(async ([name, url]) => {
        await waitUntil(
          `${name} /health to answer 503`,
          async () => {
            last[name] = await getHealth(url);
            return last[name]?.status === 503;
          },
          150_000,
          1_000,
        ).catch(() => undefined);
        process.stderr.write(
          `[faults health] ${name} answered ${last[name]?.status} ${Math.round((Date.now() - stoppedAt) / 1000)} s after the exchange went away: ${last[name]?.body.slice(0, 500)}\n`,
        );
      }),
    );
    expect([last['ingest']?.status, last['start']?.status]).toEqual([503, 503]);
    // The body names the reason: some component not running, and why.
    for (const name of Object.keys(urls))
      expect([name, reasonsIn(last[name]?.body ?? '{}')]).toEqual([
        name,
        expect.arrayContaining([expect.any(String)]),
      ]);
  }, 420_000);
});
