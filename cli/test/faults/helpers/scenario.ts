import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { IngestStatus, TapeTrade } from '@tickstream/ingest';
import {
  actualCandles,
  candleDiffIsEmpty,
  diffCandles,
  diffTrades,
  expectedCandles,
  formatCandleDiff,
  formatTradeDiff,
  loadTape,
  tradeDiffIsEmpty,
  type CandleDiff,
  type TradeDiff,
} from './compare';
import {
  startChaosExchange,
  tapeSpecFromEnv,
  type ChaosExchange,
  type TradeTimes,
} from './exchange';
import { HealthWatch } from './health';
import type { RestartableKafka } from './kafka';
import {
  freePort,
  kill,
  notableLines,
  sleep,
  startClickHouse,
  startRole,
  terminate,
  waitUntil,
  type ExitStatus,
  type Role,
} from './processes';
import { baseSeed, createRng, scenarioSeed, type Rng } from './prng';
import { formatStatus, lastIngestStatus } from './status';

export const SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;
export const INTERVALS = ['1s', '1m', '5m'] as const;
const BASE_SEED = baseSeed();
/** After the tape ends, how long the roles get to store everything (FAULTS_SETTLE_MS). */
const SETTLE_MS = Number(process.env['FAULTS_SETTLE_MS'] ?? 90_000);

export type RoleName = 'ingest' | 'process' | 'api' | 'start';

export interface ScenarioContext {
  readonly rng: Rng;
  readonly exchange: ChaosExchange;
  readonly kafka: RestartableKafka | undefined;
  readonly clickhouse: Role | undefined;
  /** Wall-clock ms the tape takes to play. */
  readonly playMs: number;
  log(line: string): void;
  /** The live incarnation of a role. */
  role(name: RoleName): Role;
  /** SIGKILL a role and start it again with the same settings. */
  killAndRestart(name: RoleName, downMs?: number): Promise<void>;
  /** Resolves after `ms` of the tape's play time, measured from play(). */
  atPlayTime(ms: number): Promise<void>;
  health(name: RoleName): HealthWatch | undefined;
}

export interface ScenarioOptions {
  readonly name: string;
  readonly topology: 'kafka' | 'embedded';
  readonly timestamps: TradeTimes;
  /** The broker of the test file (kafka topology). */
  readonly kafka?: RestartableKafka;
  /** Also run an api role (kafka topology). */
  readonly api?: boolean;
  /** Drop every connection at this fraction of the tape, then silence to the end. */
  readonly silenceAt?: number;
  /** The scenario's faults, run while the tape plays. */
  readonly faults?: (ctx: ScenarioContext) => Promise<void>;
}

export interface SigtermResult {
  readonly ms: number;
  /** Still running after the grace period, then killed. */
  readonly timedOut: boolean;
  readonly status: ExitStatus | 'exited before';
}

export interface ScenarioResult {
  readonly seed: number;
  readonly durationMs: number;
  readonly candles: CandleDiff;
  readonly trades: TradeDiff;
  readonly status: IngestStatus | undefined;
  /** Per role: how long it took to exit on SIGTERM at the end, and how it exited. */
  readonly sigterm: Record<string, SigtermResult>;
  readonly health: Record<string, HealthWatch>;
  readonly report: string;
}

/** "ok", or the diff: assertions on these strings print the whole difference on failure. */
export function verdicts(result: ScenarioResult): {
  candles: string;
  trades: string;
  gaps: string;
  roles: string;
} {
  const gaps = result.status?.gaps;
  const died = Object.entries(result.sigterm)
    .filter(([, t]) => t.status === 'exited before')
    .map(([name]) => name);
  return {
    // A role that ended on its own (not killed by the scenario) did not survive the fault.
    roles: died.length === 0 ? 'ok' : `exited before the end: ${died.join(', ')}`,
    candles: candleDiffIsEmpty(result.candles) ? 'ok' : formatCandleDiff(result.candles),
    trades: tradeDiffIsEmpty(result.trades) ? 'ok' : formatTradeDiff(result.trades),
    gaps:
      gaps !== undefined && gaps.missingTrades === 0 && gaps.open === 0
        ? 'ok'
        : formatStatus(result.status),
  };
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const seed = scenarioSeed(BASE_SEED, options.name);
  const rng = createRng(seed);
  const tag = `[faults ${options.name}]`;
  const lines: string[] = [];
  const log = (line: string) => {
    const text = `${tag} +${((Date.now() - started) / 1000).toFixed(1)}s ${line}`;
    lines.push(text);
    // Plain stderr: console.error inside jest adds a stack trace to every line.
    process.stderr.write(`${text}\n`);
  };
  const tape = tapeSpecFromEnv();
  log(
    `seed ${seed} (FAULTS_SEED=${BASE_SEED}); ${options.topology}, ${options.timestamps} trade times, ${tape.seconds} s of tape at ${tape.speed}×`,
  );

  const cleanups: Array<() => Promise<void> | void> = [];
  const roles = new Map<RoleName, Role>();
  const incarnations: Role[] = [];
  const watches: Record<string, HealthWatch> = {};
  const sigterm: Record<string, SigtermResult> = {};
  let clickhouse: Role | undefined;
  let client: ClickHouseClient | undefined;
  try {
    const workDir = mkdtempSync(join(tmpdir(), 'tickstream-faults-'));
    cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
    const exchange = await startChaosExchange({ rng, tape, timestamps: options.timestamps, log });
    cleanups.push(() => exchange.stop());

    const database = `faults_${options.name.replace(/[^a-z0-9]/gi, '_')}_${Date.now().toString(36)}`;
    const common: Record<string, string> = {
      BINANCE_WS_URL: exchange.mock.url,
      BINANCE_REST_URL: exchange.mock.restUrl,
      INGEST_SOURCE: 'binance',
      SYMBOLS: SYMBOLS.join(','),
      CANDLE_INTERVALS: INTERVALS.join(','),
      INGEST_STATUS_INTERVAL_MS: '1000',
      // A killed processor's partitions wait out its session; the shortest allowed keeps the
      // scenario short (recovery time is measured by the benchmarks, not here).
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    };
    const envOf = new Map<RoleName, Record<string, string>>();
    if (options.topology === 'kafka') {
      if (options.kafka === undefined) throw new Error('a kafka scenario needs the broker');
      const ch = await startClickHouse(join(workDir, 'clickhouse'));
      clickhouse = ch.role;
      cleanups.push(() => kill(ch.role));
      Object.assign(common, {
        KAFKA_BROKERS: options.kafka.brokers,
        TICKSTREAM_NAMESPACE: database.replace(/_/g, '-').toLowerCase().slice(0, 40),
        CLICKHOUSE_URL: ch.url,
        CLICKHOUSE_DATABASE: database,
        TICKSTREAM_DATA_DIR: join(workDir, 'data'),
      });
      const migrate = startRole('migrate', 'migrate', common);
      const migrated = await migrate.exited;
      if (migrated.code !== 0) throw new Error(`migrate failed: ${migrate.output.slice(-2000)}`);
      envOf.set('process', { ...common, OPS_PORT: String(await freePort()) });
      envOf.set('ingest', { ...common, OPS_PORT: String(await freePort()) });
      if (options.api) envOf.set('api', { ...common, API_PORT: String(await freePort()) });
      client = createClient({ url: ch.url, database });
    } else {
      envOf.set('start', {
        ...common,
        KAFKA_BROKERS: '',
        CLICKHOUSE_URL: '',
        TICKSTREAM_DATA_DIR: join(workDir, 'embedded'),
        API_PORT: String(await freePort()),
      });
    }

    const launch = (name: RoleName) => {
      const env = envOf.get(name);
      if (env === undefined) throw new Error(`no role ${name} in this topology`);
      const role = startRole(
        `${name}#${incarnations.filter((r) => r.name.startsWith(name)).length + 1}`,
        name,
        env,
      );
      roles.set(name, role);
      incarnations.push(role);
      return role;
    };
    cleanups.push(async () => {
      for (const role of incarnations) await kill(role);
    });
    for (const name of envOf.keys()) launch(name);
    for (const [name, env] of envOf) {
      const url =
        env['OPS_PORT'] !== undefined
          ? `http://127.0.0.1:${env['OPS_PORT']}/health`
          : env['API_PORT'] !== undefined
            ? `http://127.0.0.1:${env['API_PORT']}/health`
            : undefined;
      if (url !== undefined) watches[name] = new HealthWatch(name, url);
    }
    cleanups.push(() => Object.values(watches).forEach((w) => w.stop()));

    await waitUntil(
      'ingest to subscribe both symbols',
      () => exchange.mock.stats().subscriptions >= SYMBOLS.length,
      120_000,
    );
    // Processors joined and assigned before the first trade, so a slow join is not a fault.
    if (options.topology === 'kafka') await sleep(3_000);
    const playStarted = Date.now();
    exchange.mock.play();
    log(`playing ${exchange.trades.length} trades over ${(exchange.playMs / 1000).toFixed(0)} s`);

    const ctx: ScenarioContext = {
      rng,
      exchange,
      kafka: options.kafka,
      clickhouse,
      playMs: exchange.playMs,
      log,
      role: (name) => {
        const role = roles.get(name);
        if (role === undefined) throw new Error(`no role ${name}`);
        return role;
      },
      killAndRestart: async (name, downMs = 0) => {
        const role = ctx.role(name);
        await kill(role);
        log(`SIGKILL ${role.name}`);
        if (downMs > 0) await sleep(downMs);
        const next = launch(name);
        log(`started ${next.name}`);
      },
      atPlayTime: (ms) => sleep(Math.max(0, playStarted + ms - Date.now())),
      health: (name) => watches[name],
    };
    if (options.silenceAt !== undefined) {
      const at = options.silenceAt;
      void ctx.atPlayTime(exchange.playMs * at).then(() => exchange.dropThenSilence());
    }
    const faults = options.faults?.(ctx) ?? Promise.resolve();
    await Promise.race([
      exchange.mock.finished,
      sleep(exchange.playMs * 3 + 120_000).then(() => {
        throw new Error(`the tape did not finish: ${JSON.stringify(exchange.mock.stats())}`);
      }),
    ]);
    exchange.stopChaos();
    await faults;
    log(
      `tape finished; chaos: ${exchange.log.drops} drops (${exchange.log.connectionsCut} connections cut), ${exchange.log.malformed} malformed frames ${JSON.stringify(exchange.log.malformedKinds)}`,
    );

    const played: TapeTrade[] = SYMBOLS.flatMap((s) => [...exchange.mock.history(s)]);
    if (played.length !== exchange.trades.length)
      throw new Error(
        `the exchange history holds ${played.length} trades, the tape ${exchange.trades.length}`,
      );

    let candles: CandleDiff;
    let trades: TradeDiff;
    if (client !== undefined) {
      await loadTape(client, played);
      const expected = await expectedCandles(client, INTERVALS);
      const deadline = Date.now() + SETTLE_MS;
      for (;;) {
        candles = diffCandles(expected, await actualCandles(client, INTERVALS));
        trades = await diffTrades(client);
        if ((candleDiffIsEmpty(candles) && tradeDiffIsEmpty(trades)) || Date.now() > deadline)
          break;
        await sleep(3_000);
      }
      log(`settled after ${((Date.now() - (deadline - SETTLE_MS)) / 1000).toFixed(0)} s`);
    } else {
      const start = ctx.role('start');
      const apiPort = envOf.get('start')?.['API_PORT'] ?? '';
      await settleEmbedded(apiPort, played, SETTLE_MS).catch((error: unknown) =>
        log(String(error)),
      );
      // Graceful stop, then the embedded chDB read by the fixture on the same directory.
      sigterm[start.name] = await terminate(start, 30_000);
      const dataDir = envOf.get('start')?.['TICKSTREAM_DATA_DIR'] ?? '';
      const ch = await startClickHouse(join(dataDir, 'chdb'));
      clickhouse = ch.role;
      cleanups.push(() => kill(ch.role));
      client = createClient({ url: ch.url, database: 'tickstream' });
      await loadTape(client, played);
      candles = diffCandles(
        await expectedCandles(client, INTERVALS),
        await actualCandles(client, INTERVALS),
      );
      trades = await diffTrades(client);
    }
    const ingestRole = roles.get('ingest') ?? roles.get('start');
    const status = ingestRole !== undefined ? lastIngestStatus(ingestRole.output) : undefined;

    for (const role of roles.values()) {
      if (sigterm[role.name] !== undefined) continue;
      sigterm[role.name] =
        role.exitStatus !== undefined
          ? { ms: 0, timedOut: false, status: 'exited before' }
          : await terminate(role, 30_000);
    }

    log(formatCandleDiff(candles));
    log(formatTradeDiff(trades));
    log(formatStatus(status));
    log(
      `SIGTERM to exit: ${Object.entries(sigterm)
        .map(
          ([n, t]) =>
            `${n} ${t.timedOut ? `still running after ${t.ms} ms: killed` : `${t.ms} ms ${JSON.stringify(t.status)}`}`,
        )
        .join(', ')}`,
    );
    for (const w of Object.values(watches)) {
      w.stop();
      log(w.format());
    }
    for (const role of incarnations) {
      const notable = notableLines(role);
      if (notable.length > 0) log(`${role.name} notable log lines:\n    ${notable.join('\n    ')}`);
    }
    const durationMs = Date.now() - started;
    log(`duration ${(durationMs / 1000).toFixed(0)} s`);
    return {
      seed,
      durationMs,
      candles,
      trades,
      status,
      sigterm,
      health: watches,
      report: lines.join('\n'),
    };
  } finally {
    await client?.close();
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`${tag} cleanup: ${String(error)}`);
      }
    }
  }
}

/** Waits until the embedded API's 1m candles count every trade of the tape, per symbol. */
async function settleEmbedded(
  apiPort: string,
  played: readonly TapeTrade[],
  timeoutMs: number,
): Promise<void> {
  const want = new Map<string, number>();
  for (const t of played) want.set(t.symbol, (want.get(t.symbol) ?? 0) + 1);
  const counted = async (): Promise<boolean> => {
    for (const [symbol, count] of want) {
      const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'query ($s: String!) { candles(symbol: $s, interval: "1m", last: 1000) { tradeCount } }',
          variables: { s: symbol },
        }),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      if (response === undefined || !response.ok) return false;
      const body = (await response.json()) as { data?: { candles?: { tradeCount: number }[] } };
      const sum = (body.data?.candles ?? []).reduce((n, c) => n + c.tradeCount, 0);
      if (sum !== count) return false;
    }
    return true;
  };
  await waitUntil('the embedded candles to count every trade', counted, timeoutMs, 2_000);
  // The trades sink writes on its own schedule; give it a few flush intervals.
  await sleep(3_000);
}
