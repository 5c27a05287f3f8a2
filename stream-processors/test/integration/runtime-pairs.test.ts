import {
  createPairRegistry,
  loadMigrations,
  migrate,
  pairConfigOf,
  publishPairConfig,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
  type EventLog,
  type PairRegistry,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import {
  MIGRATIONS_DIR,
  PAIR_DEFAULTS,
  pairId,
  TOPICS,
  type DeadLetter,
  type PairSpec,
  type Trade,
} from '@tickstream/schema';
import {
  adaptersUnderTest,
  dropDatabase,
  openTestClickHouse,
  openTestLog,
  type TestLog,
} from '@tickstream/testkit';
import { buildPipeline, type PipelineOptions } from '../../src/pipeline';
import { pairTape, produceTrades } from '../helpers/tapes';

const ETH_BTC: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolY: 'ETHUSDT',
  symbolX: 'BTCUSDT',
  interval: '1s',
  olsWindow: 120,
  corrWindow: 40,
  testEvery: 5,
};
const START = Date.UTC(2024, 7, 8, 23, 0, 0);

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rows<T>(ch: ClickHouseHandle, query: string): Promise<T[]> {
  const result = await ch.client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

async function readAll<T>(log: EventLog, topic: string, count: number): Promise<T[]> {
  const values: T[] = [];
  const consumer = await log.consume({
    groupId: `read-${topic}-${Date.now()}`,
    topics: [topic],
    start: 'earliest',
    handler: async (batch) => {
      for (const r of batch.records) values.push(JSON.parse(r.value.toString('utf8')) as T);
    },
  });
  try {
    await until(() => values.length >= count, `${count} records in ${topic}`);
  } finally {
    await consumer.stop();
  }
  return values;
}

describe.each(adaptersUnderTest())('pairs changed at run time on %s', (adapter) => {
  let t: TestLog;
  const registries: PairRegistry[] = [];

  beforeEach(async () => {
    t = await openTestLog(adapter);
    await t.log.createTopics(topicSpecs());
  });
  afterEach(async () => {
    for (const r of registries.splice(0)) await r.stop();
    await t.cleanup();
  });

  it('starts from PAIRS, follows md.pair-config.v1, and a new registry knows every past change', async () => {
    const registry = createPairRegistry({ eventLog: t.log, logger: silentLogger, base: [ETH_BTC] });
    registries.push(registry);
    await registry.start();
    expect(registry.all().map(pairId)).toEqual(['ETHUSDT/BTCUSDT@1s']);
    const changes: Array<[string, number | null]> = [];
    registry.onChange((id, spec) => changes.push([id, spec?.olsWindow ?? null]));

    const sol: PairSpec = { ...ETH_BTC, symbolY: 'SOLUSDT', interval: '1m', olsWindow: 90 };
    await publishPairConfig(t.log, pairConfigOf(sol, true, 1, 'test'));
    await until(() => registry.get('SOLUSDT/BTCUSDT@1m') !== undefined, 'the added pair');
    expect(registry.get('SOLUSDT/BTCUSDT@1m')).toEqual(sol);
    // The same settings again change nothing; a removal of a configured pair wins over PAIRS.
    await publishPairConfig(t.log, pairConfigOf(sol, true, 2, 'test'));
    await publishPairConfig(t.log, pairConfigOf(ETH_BTC, false, 3, 'test'));
    await until(() => registry.get('ETHUSDT/BTCUSDT@1s') === undefined, 'the removal');
    // Not a PairConfig, and one whose id contradicts its legs: dead letters, no change.
    await t.log.produce(TOPICS.pairConfig.name, [
      { key: 'junk', value: '{"type":"pair-config","pairId":"nope"}' },
      {
        key: 'BNBUSDT/BTCUSDT@1m',
        value: JSON.stringify({
          ...pairConfigOf(sol, true, 4, 'test'),
          pairId: 'BNBUSDT/BTCUSDT@1m',
        }),
      },
    ]);
    const letters = await readAll<DeadLetter>(t.log, TOPICS.deadLetter.name, 2);
    expect(letters.map((d) => [d.source, d.code])).toEqual([
      ['stream-processors/pair-registry', 'SCHEMA_VIOLATION'],
      ['stream-processors/pair-registry', 'INCONSISTENT'],
    ]);
    expect(changes).toEqual([
      ['SOLUSDT/BTCUSDT@1m', 90],
      ['ETHUSDT/BTCUSDT@1s', null],
    ]);

    const later = createPairRegistry({ eventLog: t.log, logger: silentLogger, base: [ETH_BTC] });
    registries.push(later);
    await later.start();
    expect(later.all()).toEqual([sol]);
  });

  describe('through the pipeline', () => {
    let reference: ClickHouseHandle;
    let live: ClickHouseHandle;
    beforeEach(async () => {
      reference = await openTestClickHouse('pairs_reference');
      live = await openTestClickHouse('pairs_runtime');
      for (const ch of [reference, live])
        await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    });
    afterEach(async () => {
      await dropDatabase(reference);
      await dropDatabase(live);
    });

    const settings = (log: EventLog, ch: ClickHouseHandle, pairs: PairSpec[]): PipelineOptions => ({
      eventLog: log,
      clickhouse: ch.client,
      logger: silentLogger,
      intervals: ['1s'],
      statsWindows: [{ interval: '1s', bars: 10 }],
      allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
      maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
      pairs,
      flushIntervalMs: 50,
    });

    async function runOnce(
      log: EventLog,
      ch: ClickHouseHandle,
      pairs: PairSpec[],
      trades: Trade[],
    ) {
      await produceTrades(log, trades);
      const pipeline = buildPipeline(settings(log, ch, pairs));
      await pipeline.start();
      await pipeline.drained();
      await pipeline.stop();
    }

    type Row = Record<string, number | string | null> & { time: number };
    const analytics = (ch: ClickHouseHandle) =>
      rows<Row>(
        ch,
        `SELECT * EXCEPT (version, time), toUnixTimestamp64Milli(time) AS time
         FROM pair_analytics FINAL WHERE pair = 'ETHUSDT/BTCUSDT' ORDER BY time`,
      );
    const alertTimes = (ch: ClickHouseHandle) =>
      rows<{ kind: string; time: number }>(
        ch,
        `SELECT kind, toUnixTimestamp64Milli(time) AS time FROM alerts FINAL
         WHERE pair = 'ETHUSDT/BTCUSDT' ORDER BY time, kind`,
      );

    it('analyses an added pair with its history at once, survives a restart and stops when removed', async () => {
      const tape = pairTape({ startMs: START, seconds: 900, seed: 8 });
      const part = (from: number, to: number) =>
        tape.filter((x) => x.tradeTime >= START + from * 1000 && x.tradeTime < START + to * 1000);

      // The reference: the pair configured from the start, in a log of its own.
      const other = await openTestLog(adapter);
      try {
        await other.log.createTopics(topicSpecs());
        await runOnce(other.log, reference, [ETH_BTC], tape);
      } finally {
        await other.cleanup();
      }
      const expected = await analytics(reference);
      expect(expected.length).toBeGreaterThan(890);

      // No pair for the first 300 s; then the API's change arrives.
      await runOnce(t.log, live, [], part(0, 300));
      expect(await analytics(live)).toEqual([]);
      let pipeline = buildPipeline(settings(t.log, live, []));
      await pipeline.start();
      await publishPairConfig(t.log, pairConfigOf(ETH_BTC, true, Date.now(), 'test'));
      const current = pipeline;
      await until(() => current.pairs.get(pairId(ETH_BTC)) !== undefined, 'the pair to be known');
      await produceTrades(t.log, part(300, 600));
      await pipeline.drained();
      await pipeline.stop();

      // A restart picks the run-time pair up from the topic and goes on without gaps or repeats.
      pipeline = buildPipeline(settings(t.log, live, []));
      await pipeline.start();
      expect(pipeline.pairs.all()).toEqual([ETH_BTC]);
      await produceTrades(t.log, part(600, 750));
      await pipeline.drained();
      await publishPairConfig(t.log, pairConfigOf(ETH_BTC, false, Date.now(), 'test'));
      const last = pipeline;
      await until(() => last.pairs.get(pairId(ETH_BTC)) === undefined, 'the removal');
      await produceTrades(t.log, part(750, 900));
      await pipeline.drained();
      await pipeline.stop();

      const got = await analytics(live);
      const lastTime = got.at(-1)?.time ?? 0;
      // Bars still open at the removal (the watermark trails by the allowed lateness) are not analysed.
      expect(lastTime).toBeGreaterThanOrEqual(START + 740_000);
      expect(lastTime).toBeLessThan(START + 750_000);
      const want = expected.filter((r) => r.time <= lastTime);
      expect(got.map((r) => r.time)).toEqual(want.map((r) => r.time));
      // History and live rows before the restart are the reference's to the bit; after it the
      // rolling figures are too, and the Kalman filter (which never forgets) to float noise.
      const restartAt = START + 597_000;
      const kalman = ['kalman_hedge_ratio', 'kalman_intercept', 'kalman_zscore'];
      for (const [i, row] of got.entries()) {
        const ref = want[i] as Row;
        if (row.time < restartAt) {
          expect(row).toEqual(ref);
          continue;
        }
        for (const [column, value] of Object.entries(row)) {
          const other = ref[column];
          if (typeof value === 'number' && typeof other === 'number' && kalman.includes(column)) {
            expect(Math.abs(value - other)).toBeLessThanOrEqual(
              1e-6 * Math.max(1, Math.abs(other)),
            );
          } else {
            expect({ column, time: row.time, value }).toEqual({
              column,
              time: row.time,
              value: other,
            });
          }
        }
      }

      // Alerts: only the reference's (none for history read back from ClickHouse at the
      // addition), and every one of them from the addition to the restart.
      const addedAt = START + 300_000;
      const key = (a: { kind: string; time: number }) => `${a.kind}@${(a.time - START) / 1000}`;
      const gotAlerts = (await alertTimes(live)).map(key);
      const refAlerts = await alertTimes(reference);
      expect(gotAlerts.filter((a) => !refAlerts.map(key).includes(a))).toEqual([]);
      const between = refAlerts.filter((a) => a.time >= addedAt && a.time < restartAt).map(key);
      expect(between.length).toBeGreaterThan(0);
      expect(between.filter((a) => !gotAlerts.includes(a))).toEqual([]);
    });
  });
});
