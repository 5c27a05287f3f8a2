import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_TAPE, startMockExchange, type MockExchange } from '@tickstream/ingest';
import { INTERVAL_MS } from '@tickstream/schema';
import {
  actualCandles,
  diffCandles,
  expectedCandles,
  formatCandleDiff,
  loadTape,
  type CandleValues,
} from '../faults/helpers/compare';
import {
  freePort,
  kill,
  startClickHouse,
  startRole,
  terminate,
  waitUntil,
  type Role,
} from '../faults/helpers/processes';

// `tickstream start` killed with SIGKILL in the middle of its history, then started again: the
// history continues where its progress records say (no page asked twice but the one in
// flight), and the tables end the same as the exchange's trades say, without a row twice.

jest.retryTimes(0);

const HOUR = 3_600_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const INTERVALS = ['1s', '1m', '5m'] as const;

interface History {
  state: string;
  aggTrades: number;
  series: { symbol: string; series: string; from: number }[];
}

interface HistoryAnswer {
  data?: { ingestStatus?: { history?: History | null } };
}

async function historyOf(apiPort: string): Promise<History | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ ingestStatus { history { state aggTrades series { symbol series from } } } }',
      }),
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await response.json()) as HistoryAnswer;
    return body.data?.ingestStatus?.history ?? null;
  } catch {
    return null;
  }
}

const historyCalls = (calls: readonly string[]) =>
  calls.filter((c) => c.startsWith('/fapi/v1/klines') || c.startsWith('/fapi/v1/aggTrades'));

describe('history through a SIGKILL', () => {
  let mock: MockExchange;
  let workDir: string;
  const roles: Role[] = [];
  let client: ClickHouseClient | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'tickstream-history-kill-'));
    // The tape does not play on: the final tables are the history alone.
    mock = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
      prehistoryMs: 2 * HOUR,
      restWeightPerMinute: 0,
      autoplay: false,
    });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    for (const role of roles) await kill(role);
    await mock.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('continues after the kill without asking a page twice and ends with the exchange’s bars', async () => {
    const apiPort = String(await freePort());
    const env = (weight: number) => ({
      TICKSTREAM_DATA_DIR: join(workDir, 'data'),
      TICKSTREAM_EVENT_LOG: 'embedded',
      BINANCE_WS_URL: mock.url,
      BINANCE_REST_URL: mock.restUrl,
      SYMBOLS: SYMBOLS.join(','),
      API_PORT: apiPort,
      HISTORY_LOOKBACK: '3h',
      HISTORY_TRADES_LOOKBACK: '1h',
      CANDLE_INTERVALS: INTERVALS.join(','),
      BINANCE_REST_WEIGHT_PER_MINUTE: String(weight),
    });
    // The first start spends a minute's budget at once, then one page every 3 s: killed there.
    const first = startRole('start-1', 'start', env(1_200));
    roles.push(first);
    await waitUntil(
      'the first start to be part way through the aggregate trades',
      () =>
        historyCalls(mock.restLog()).filter((c) => c.startsWith('/fapi/v1/aggTrades')).length >= 64,
      120_000,
    );
    await kill(first);
    const firstCalls = historyCalls([...mock.restLog()]);

    const second = startRole('start-2', 'start', env(1_000_000));
    roles.push(second);
    let history: History | null = null;
    await waitUntil(
      'the history to finish after the restart',
      async () => (history = await historyOf(apiPort))?.state === 'done',
      180_000,
    );
    // Where the first start put the trade history (the restart continues it, from the same
    // bar boundary of both symbols unless a boundary passed in between: the earliest is taken).
    const tradesFrom = Math.min(
      ...((history as History | null)?.series ?? [])
        .filter((x) => x.series === 'trades')
        .map((x) => Number(x.from)),
    );
    const secondCalls = historyCalls(mock.restLog()).slice(firstCalls.length);
    expect(secondCalls.length).toBeGreaterThan(0);
    // Only the page in flight at the kill may be asked again.
    expect(secondCalls.filter((c) => firstCalls.includes(c)).length).toBeLessThanOrEqual(1);
    // Let the processors store everything, then read chDB on the same directory.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const stopped = await terminate(second, 30_000);
    expect(stopped.timedOut).toBe(false);
    const ch = await startClickHouse(join(workDir, 'data', 'chdb'));
    roles.push(ch.role);
    client = createClient({ url: ch.url, database: 'tickstream' });

    const executed = SYMBOLS.flatMap((s) => [...mock.history(s)]);
    await loadTape(client, executed);
    const lastTrade = Math.min(...SYMBOLS.map((s) => mock.history(s).at(-1)?.time ?? 0));
    const pick = async (map: ReadonlyMap<string, CandleValues>) => {
      const sources = await sourcesOf(client as ClickHouseClient);
      return new Map(
        [...map].flatMap(([key, value]): [string, CandleValues][] => {
          const [, interval = '', iso = ''] = key.split(' ');
          const start = Date.parse(iso);
          const size = INTERVAL_MS[interval as (typeof INTERVALS)[number]];
          // Closed bars only; 1s bars inside the trade lookback.
          if (start + size > lastTrade || (interval === '1s' && start < tradesFrom)) return [];
          return sources.get(key) === 'klines'
            ? [[key, { ...value, first_trade_id: 0, last_trade_id: 0 }]]
            : [[key, value]];
        }),
      );
    };
    const diff = diffCandles(
      await pick(await expectedCandles(client, INTERVALS)),
      await pick(await actualCandles(client, INTERVALS)),
    );
    expect(formatCandleDiff(diff)).toBe(`candles: all ${diff.matched} equal`);
    expect(diff.matched).toBeGreaterThan(2 * 2 * 60);
    // No row twice: every stored aggregate trade once, after the table's merges.
    const counts = await (
      await client.query({
        query: `SELECT count() AS rows, uniqExact(symbol, trade_id) AS ids FROM trades FINAL`,
        format: 'JSONEachRow',
      })
    ).json<{ rows: string; ids: string }>();
    expect(Number(counts[0]?.rows)).toBe(Number(counts[0]?.ids));
  }, 420_000);
});

async function sourcesOf(client: ClickHouseClient): Promise<Map<string, string>> {
  const rows = await (
    await client.query({
      query: `SELECT symbol, bar_interval, toString(toUnixTimestamp64Milli(bucket_start)) AS start,
                     toString(source) AS source FROM candles FINAL`,
      format: 'JSONEachRow',
    })
  ).json<{ symbol: string; bar_interval: string; start: string; source: string }>();
  return new Map(
    rows.map((r) => [
      `${r.symbol} ${r.bar_interval} ${new Date(Number(r.start)).toISOString()}`,
      r.source,
    ]),
  );
}
