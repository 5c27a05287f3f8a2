import { Command, InvalidArgumentError } from 'commander';
import {
  createEventLog,
  createMetricsRegistry,
  startOpsServer,
  stopOnSignals,
  summarizeHealth,
  topicSpecs,
  type Config,
  type Logger,
} from '@tickstream/core';
import {
  binanceSource,
  buildIngest,
  DEFAULT_TAPE,
  recordSession,
  startMockExchange,
  type Ingest,
  type MockTape,
  type ReplaySpeed,
  type SourceSpec,
} from '@tickstream/ingest';
import { configFor, loggerFor } from '../context';
import { retryWhileUnavailable } from '../open-storage';
import { serveUntilStopped } from '../serve';

/** The source the configuration selects: the exchange (or the mock), synthetic, or files. */
export function sourceFromConfig(config: Config, logger: Logger): SourceSpec {
  switch (config.ingestSource) {
    case 'synthetic':
      return {
        kind: 'synthetic',
        seed: config.ingestSyntheticSeed,
        speed: config.ingestReplaySpeed,
        liveTimestamps: true,
        logger,
      };
    case 'replay':
      return {
        kind: 'replay',
        files: config.ingestReplayFiles,
        speed: config.ingestReplaySpeed,
        exchange: config.exchangeName,
        logger,
      };
    case 'binance':
      return {
        kind: 'binance',
        symbols: config.symbols,
        wsUrl: config.binanceWsUrl,
        streamPath: config.binanceStreamPath,
        restUrl: config.binanceRestUrl,
        stream: config.binanceStream,
        exchange: config.exchangeName,
        backfill: config.ingestBackfill,
        ...(config.binanceApiKey ? { apiKey: config.binanceApiKey } : {}),
        logger,
      };
  }
}

export function buildIngestFromConfig(
  config: Config,
  logger: Logger,
  deps: Pick<Parameters<typeof buildIngest>[0], 'eventLog' | 'metrics'>,
): Ingest {
  return buildIngest({
    ...deps,
    logger,
    source: sourceFromConfig(config, logger),
    batch: { maxRecords: config.ingestBatchSize, lingerMs: config.ingestLingerMs },
    statusIntervalMs: config.ingestStatusIntervalMs,
    // Only the exchange has sequential ids to continue; files and the generator start over.
    ...(config.ingestSource === 'binance'
      ? { resume: { lookbackMs: config.ingestResumeLookbackMs } }
      : {}),
    ...(config.ingestRecordPath ? { recordPath: config.ingestRecordPath } : {}),
  });
}

function parseSpeed(value: string): ReplaySpeed {
  if (value === 'max') return value;
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('expected max or a positive number');
  return n;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description(
      'read trades (exchange, mock exchange, synthetic or files; INGEST_SOURCE) into md.trades.v1',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'ingest');
      const eventLog = await retryWhileUnavailable(
        'the event log',
        () => createEventLog(config, logger),
        logger,
      );
      await retryWhileUnavailable(
        'creating topics',
        () => eventLog.createTopics(topicSpecs()),
        logger,
      );
      const metrics = createMetricsRegistry({ role: 'ingest' });
      const ingest = buildIngestFromConfig(config, logger, { eventLog, metrics });
      const ops =
        config.opsPort > 0
          ? await startOpsServer({
              port: config.opsPort,
              registry: metrics,
              health: () => summarizeHealth({ ingest: ingest.health() }),
            })
          : undefined;
      await ingest.start();
      await serveUntilStopped({
        components: [
          { name: 'ingest', stop: () => ingest.stop() },
          { name: 'ops server', stop: async () => ops?.close() },
          { name: 'event log', stop: () => eventLog.close() },
        ],
        logger,
        config,
        ended: ingest.done.catch((error: unknown) => {
          logger.error({ err: error }, 'ingest failed');
          process.exitCode = 1;
        }),
      });
    });

  program
    .command('mock-exchange')
    .description(
      "a local WebSocket server speaking Binance's combined-stream protocol and REST trades endpoint, serving a tape",
    )
    .option('--tape <file>', 'JSONL capture of @trade frames (plain or .gz)', DEFAULT_TAPE)
    .option('--synthetic', 'serve the seeded synthetic generator instead of a file')
    .option('--seed <n>', 'seed of the synthetic tape', parsePositiveInt, 42)
    .option('--no-loop', 'stop at the end of the tape instead of starting again')
    .option('--speed <speed>', 'max, or N× the recorded pace', parseSpeed, 1)
    .option('--rate <n>', 'trades per second whatever the tape timing', parsePositiveInt)
    .option(
      '--timestamps <mode>',
      'recorded: tape times; live: the time each trade is sent',
      'live',
    )
    .option('--extra-fields', 'add the keys 2026 frames carry (st, nq)')
    .option('--port <port>', 'port to listen on (0 picks one)', (v) => Number(v))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(
      async (
        options: {
          tape: string;
          synthetic?: boolean;
          seed: number;
          loop: boolean;
          speed: ReplaySpeed;
          rate?: number;
          timestamps: string;
          extraFields?: boolean;
          port?: number;
          host: string;
        },
        command: Command,
      ) => {
        const config = configFor(command);
        const logger = loggerFor(config, 'mock-exchange');
        if (options.timestamps !== 'live' && options.timestamps !== 'recorded') {
          throw new InvalidArgumentError('--timestamps must be live or recorded');
        }
        const tape: MockTape = options.synthetic
          ? { kind: 'synthetic', seed: options.seed }
          : { kind: 'file', path: options.tape, loop: options.loop };
        const mock = await startMockExchange({
          host: options.host,
          port: options.port ?? config.mockExchangePort,
          tape,
          speed: options.speed,
          ...(options.rate ? { ratePerSecond: options.rate } : {}),
          timestamps: options.timestamps,
          extraFields: options.extraFields ?? false,
          logger,
        });
        logger.info({ url: mock.url, restUrl: mock.restUrl }, 'mock exchange listening');
        process.stdout.write(`BINANCE_WS_URL=${mock.url}\nBINANCE_REST_URL=${mock.restUrl}\n`);
        await stopOnSignals(mock, logger);
      },
    );

  program
    .command('record')
    .description(
      'write the raw messages of a live (or mock) exchange session to JSONL for later replay',
    )
    .requiredOption('--out <file>', 'JSONL file to write (.gz compresses)')
    .option('--duration <seconds>', 'stop after this many seconds', parsePositiveInt)
    .option('--max-messages <n>', 'stop after this many messages', parsePositiveInt)
    .action(
      async (
        options: { out: string; duration?: number; maxMessages?: number },
        command: Command,
      ) => {
        const config = configFor(command);
        const logger = loggerFor(config, 'record');
        const session = recordSession({
          source: binanceSource({
            symbols: config.symbols,
            wsUrl: config.binanceWsUrl,
            streamPath: config.binanceStreamPath,
            stream: config.binanceStream,
            exchange: config.exchangeName,
            backfill: false,
            logger,
          }),
          path: options.out,
          ...(options.duration ? { durationMs: options.duration * 1000 } : {}),
          ...(options.maxMessages ? { maxMessages: options.maxMessages } : {}),
          logger,
        });
        await Promise.race([
          stopOnSignals({ stop: async () => void (await session.stop()) }, logger),
          session.done,
        ]);
        await session.stop();
        logger.info({ ...session.status() }, 'recording finished');
      },
    );
}
