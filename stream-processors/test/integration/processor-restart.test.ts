import {
  EventLogError,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import { MIGRATIONS_DIR, PAIR_DEFAULTS, type PairSpec } from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';
import { buildPipeline, type Pipeline, type PipelineOptions } from '../../src/pipeline';
import { withCrashes, type CrashingLog } from '../helpers/crashing-log';
import { pairTape, produceTrades, waitFor } from '../helpers/tapes';

const TABLES = ['trades', 'candles', 'symbol_stats', 'pair_analytics', 'signals'] as const;

const pairs: PairSpec[] = [
  {
    ...PAIR_DEFAULTS,
    symbolY: 'ETHUSDT',
    symbolX: 'BTCUSDT',
    interval: '1s',
    olsWindow: 60,
    corrWindow: 30,
    testEvery: 5,
    // Paper trading too: its signals must survive the crashes like the figures they follow.
    paper: {
      enabled: true,
      hedge: 'ols',
      fill: 'next-close',
      entry: 1.5,
      exit: 0.3,
      stop: null,
      maxBars: null,
      capital: 10_000,
      feeBps: 1,
      slippageBps: 0,
    },
  },
];

const GROUPS = {
  sink: 'tickstream.trades-sink',
  candles: 'tickstream.candles',
  stats: 'tickstream.stats',
  repartition: 'tickstream.pair-repartition',
  pairs: 'tickstream.pair-analytics',
} as const;

/** Every deduplicated row of the derived tables, in a stable order (`ver` is a write stamp). */
async function contents(ch: ClickHouseHandle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const columns = await ch.client.query({
      query:
        "SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String} AND name != 'ver' ORDER BY position",
      query_params: { db: ch.database, t: table },
      format: 'JSONEachRow',
    });
    const names = (await columns.json<{ name: string }>()).map((c) => c.name);
    const result = await ch.client.query({
      query: `SELECT ${names.map((_, i) => `{c${i}:Identifier}`).join(', ')} FROM {t:Identifier} FINAL ORDER BY ALL`,
      query_params: { t: table, ...Object.fromEntries(names.map((n, i) => [`c${i}`, n])) },
      format: 'JSONEachRow',
    });
    out[table] = await result.json();
  }
  return out;
}

describe('stream processors whose consumers crash (a broker restart)', () => {
  const tape = pairTape({ startMs: Date.UTC(2024, 7, 8, 23, 0, 0), seconds: 600, seed: 9 });
  const opened: { t: TestLog; ch: ClickHouseHandle; pipeline?: Pipeline }[] = [];

  async function open(prefix: string) {
    const t = await openTestLog('embedded');
    await t.log.createTopics(topicSpecs());
    const ch = await openTestClickHouse(prefix);
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    const entry: { t: TestLog; ch: ClickHouseHandle; pipeline?: Pipeline } = { t, ch };
    opened.push(entry);
    return entry;
  }

  const settings = (
    eventLog: PipelineOptions['eventLog'],
    ch: ClickHouseHandle,
  ): PipelineOptions => ({
    eventLog,
    clickhouse: ch.client,
    logger: silentLogger,
    intervals: ['1s', '1m'],
    statsWindows: [{ interval: '1s', bars: 30 }],
    allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
    maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
    pairs,
    flushIntervalMs: 50,
  });

  afterEach(async () => {
    for (const { t, ch, pipeline } of opened.splice(0)) {
      await pipeline?.stop();
      await t.cleanup();
      await dropDatabase(ch);
    }
  });

  it('restart each crashed stage from its committed offsets and write the same tables as an uninterrupted run', async () => {
    const reference = await open('restart_ref');
    await produceTrades(reference.t.log, tape);
    reference.pipeline = buildPipeline({
      ...settings(reference.t.log, reference.ch),
    });
    await reference.pipeline.start();
    await reference.pipeline.drained();
    await reference.pipeline.stop();
    const expected = await contents(reference.ch);
    expect(expected['trades']).toHaveLength(
      new Set(tape.map((t) => `${t.symbol}:${t.tradeId}`)).size,
    );
    expect(expected['pair_analytics']?.length).toBeGreaterThan(100);
    expect(expected['signals']?.length).toBeGreaterThan(10);

    const faulted = await open('restart_faulted');
    const log: CrashingLog = withCrashes(faulted.t.log);
    // Two stages cannot even start at first: the broker is still electing leaders.
    log.failConsumes(GROUPS.stats, 2);
    log.failConsumes(GROUPS.pairs, 1);
    const pipeline = buildPipeline({
      ...settings(log, faulted.ch),
      restartDelay: { initialMs: 20, maxMs: 200 },
    });
    faulted.pipeline = pipeline;
    await pipeline.start();
    const chunk = Math.ceil(tape.length / 6);
    const crashes: (keyof typeof GROUPS)[][] = [
      ['candles', 'sink'],
      ['repartition', 'stats'],
      ['pairs', 'candles'],
      ['sink', 'repartition', 'pairs', 'stats'],
      ['candles'],
    ];
    for (let i = 0; i < 6; i += 1) {
      await produceTrades(log, tape.slice(i * chunk, (i + 1) * chunk));
      // Mid-stream: part of this round is written, the stages hold state from the rest.
      await waitFor(
        async () => (await countTrades(faulted.ch)) > i * chunk,
        60_000,
        `trades of round ${i} to be written`,
      );
      for (const stage of crashes[i] ?? []) {
        await waitFor(() => pipeline.health()[nameOf(stage)]?.state === 'running', 60_000);
        await log.crash(GROUPS[stage]);
      }
    }
    await waitFor(
      () => Object.values(pipeline.health()).every((h) => h.state === 'running'),
      60_000,
      'every stage to run again',
    );
    await pipeline.drained();
    await pipeline.stop();

    expect(log.consumeCalls.get(GROUPS.stats)).toBe(1 + 2 + 2);
    expect(log.consumeCalls.get(GROUPS.candles)).toBe(1 + 3);
    expect(await contents(faulted.ch)).toEqual(expected);
  });

  it('say restarting, with the reason, until the stage has a consumer again', async () => {
    const { t, ch } = await open('restart_health');
    const log = withCrashes(t.log);
    const pipeline = buildPipeline({
      ...settings(log, ch),
      restartDelay: { initialMs: 1_000, maxMs: 1_000 },
    });
    opened[opened.length - 1]!.pipeline = pipeline;
    await pipeline.start();
    await produceTrades(log, tape.slice(0, 2_000));
    await waitFor(() => pipeline.health()['stats']?.state === 'running', 60_000);

    log.failConsumes(GROUPS.stats, 2);
    await log.crash(GROUPS.stats);
    const first = pipeline.health()['stats'];
    expect(first?.state).toBe('restarting');
    expect(first?.reason).toBe(
      'consumer crashed: KafkaJSNonRetriableError: Failed to find group coordinator [CONSUMER_CRASHED]; restarting in 1 s (attempt 1)',
    );
    await waitFor(
      () => /attempt 3/.test(pipeline.health()['stats']?.reason ?? ''),
      60_000,
      'the third attempt',
    );
    expect(pipeline.health()['stats']).toMatchObject({
      state: 'restarting',
      reason: expect.stringMatching(
        /^cannot start consumer: consumer group tickstream\.stats: There is no leader .* \[LEADER_NOT_AVAILABLE\]; (restarting in 1 s|restarted, joining the group) \(attempt 3\)$/,
      ),
    });
    expect(pipeline.health()['candles']?.state).toBe('running');

    await waitFor(() => pipeline.health()['stats']?.state === 'running', 60_000, 'stats to run');
    await produceTrades(log, tape.slice(2_000));
    await pipeline.drained();
    expect(pipeline.health()['stats']?.state).toBe('running');
  });

  it('say restarting while the client rejoins by itself after a broker error, running once it has', async () => {
    const { t, ch } = await open('rejoin_health');
    const log = withCrashes(t.log);
    const pipeline = buildPipeline(settings(log, ch));
    opened[opened.length - 1]!.pipeline = pipeline;
    await pipeline.start();
    await produceTrades(log, tape.slice(0, 2_000));
    await waitFor(() => pipeline.health()['pairs']?.state === 'running', 60_000);

    log.interrupt(
      GROUPS.pairs,
      new EventLogError(
        'CONNECTION_ERROR',
        'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
        {
          retriable: true,
        },
      ),
    );
    expect(pipeline.health()['pairs']).toMatchObject({
      state: 'restarting',
      reason:
        'consumer interrupted: Connection error: connect ECONNREFUSED 127.0.0.1:9092 [CONNECTION_ERROR]; the client is rejoining its group',
      since: expect.any(Number),
    });
    expect(pipeline.health()['candles']?.state).toBe('running');
    // No restart of its own: the client owns the rejoin.
    expect(log.consumeCalls.get(GROUPS.pairs)).toBe(1);

    log.recover(GROUPS.pairs);
    expect(pipeline.health()['pairs']?.state).toBe('running');
    await produceTrades(log, tape.slice(2_000));
    await pipeline.drained();
    expect(log.consumeCalls.get(GROUPS.pairs)).toBe(1);
  });
});

async function countTrades(ch: ClickHouseHandle): Promise<number> {
  const result = await ch.client.query({
    query: 'SELECT count() AS n FROM trades',
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}

function nameOf(stage: keyof typeof GROUPS): string {
  return {
    sink: 'trades-sink',
    candles: 'candles',
    stats: 'stats',
    repartition: 'pair-repartition',
    pairs: 'pairs',
  }[stage];
}
