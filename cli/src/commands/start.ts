import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { apiSettingsFromConfig, buildApi } from '@tickstream/api';
import { createMetricsRegistry, eventLogKind, type Config, type Logger } from '@tickstream/core';
import { DEFAULT_TAPE, startMockExchange, type MockExchange } from '@tickstream/ingest';
import { buildPipeline } from '@tickstream/stream-processors';
import { configFor, loggerFor } from '../context';
import { openStorage } from '../open-storage';
import { serveUntilStopped } from '../serve';
import { buildIngestFromConfig } from './ingest';
import { pipelineSettings } from './process';

/** The built dashboard, when the dashboard workspace is installed and built. */
export function dashboardDir(): string | undefined {
  try {
    const dir = join(dirname(require.resolve('@tickstream/dashboard/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Everything in one process: ingest, processors, API and dashboard on one port. The roles
 * are the same as in the distributed topology; only the wiring is local.
 */
export async function runAll(
  config: Config,
  logger: Logger,
  options: { demo?: MockExchange } = {},
): Promise<void> {
  const step = (message: string) => logger.info({}, message);
  step(
    `starting tickstream (${eventLogKind(config)} event log, ${config.clickhouseUrl ? 'ClickHouse server' : 'chDB in-process'})`,
  );
  step('opening the event log and storage, preparing topics and tables');
  const storage = await openStorage(config, logger);
  const { eventLog, clickhouse } = storage;
  const metrics = createMetricsRegistry({ role: 'all' });

  const pipeline = buildPipeline({
    eventLog,
    clickhouse: clickhouse.client,
    logger,
    metrics,
    ...pipelineSettings(config),
  });
  const ingest = buildIngestFromConfig(config, logger, { eventLog, metrics });
  const dashboard = dashboardDir();
  const api = buildApi({
    eventLog,
    clickhouse: clickhouse.client,
    logger,
    metrics,
    settings: apiSettingsFromConfig(config),
    // One process, one view of the analysed pairs: the API's changes reach the processors.
    pairRegistry: pipeline.pairs,
    ...(dashboard ? { dashboardDir: dashboard } : {}),
    ingestStatus: () => ingest.status(),
    health: () => ({ ingest: ingest.health(), ...pipeline.health() }),
  });

  step('starting stream processors');
  await pipeline.start();
  const { url } = await api.listen(config.apiPort, config.apiHost);
  step('starting ingest');
  await ingest.start();
  logger.info(
    { url, dashboard: dashboard ? url : null },
    dashboard
      ? `tickstream is running: open ${url} (GraphQL at ${url}/graphql, REST at ${url}/api/)`
      : `tickstream is running: GraphQL at ${url}/graphql, REST at ${url}/api/ (dashboard not built: npm run build -w @tickstream/dashboard)`,
  );

  // Say plainly when the exchange cannot be reached; ingest keeps retrying on its own.
  const watch = setInterval(() => {
    const status = ingest.status();
    const open = status.connections.some((c) => c.state === 'open');
    if (config.ingestSource === 'binance' && !open && status.connections.length > 0) {
      logger.warn(
        { url: config.binanceWsUrl, connections: status.connections.map((c) => c.state) },
        `cannot reach the exchange at ${config.binanceWsUrl}; retrying. No network? Try: npm run demo`,
      );
    }
  }, 15_000);

  await serveUntilStopped({
    components: [
      {
        name: 'ingest',
        async stop() {
          clearInterval(watch);
          await ingest.stop();
        },
      },
      { name: 'stream processors', stop: () => pipeline.stop() },
      { name: 'API server', stop: () => api.close() },
      { name: 'mock exchange', stop: async () => options.demo?.stop() },
      { name: 'event log and ClickHouse', stop: () => storage.close() },
    ],
    logger,
    config,
  });
}

export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description(
      'run everything in one process: ingest, processors, API and dashboard (the default: npm start)',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      await runAll(config, loggerFor(config, 'start'));
    });

  program
    .command('demo')
    .description(
      'like start, fed by the built-in mock exchange replaying a real Binance capture in a loop (no network needed)',
    )
    .option('--tape <file>', 'JSONL capture to replay', DEFAULT_TAPE)
    .option('--speed <n>', 'replay speed (N× the recorded pace)', (v) => Number(v), 1)
    .action(async (options: { tape: string; speed: number }, command: Command) => {
      const base = configFor(command);
      const logger = loggerFor(base, 'demo');
      const mock = await startMockExchange({
        host: '127.0.0.1',
        port: 0,
        tape: { kind: 'file', path: options.tape, loop: true },
        speed: options.speed,
        timestamps: 'live',
        logger: logger.child({ component: 'mock-exchange' }),
      });
      logger.info(
        { url: mock.url, tape: options.tape },
        'mock exchange replaying the tape in a loop',
      );
      const config: Config = {
        ...base,
        ingestSource: 'binance',
        binanceWsUrl: mock.url,
        binanceRestUrl: mock.restUrl,
      };
      await runAll(config, logger, { demo: mock });
    });
}
