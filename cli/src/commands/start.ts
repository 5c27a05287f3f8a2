import type { Command } from 'commander';
import { eventLogKind, type Component, type Logger } from '@tickstream/core';
import {
  DEFAULT_TAPE,
  PLANTED_MARKET_SYMBOLS,
  startMockExchange,
  type SourceSpec,
} from '@tickstream/ingest';
import { parseDuration } from '../option-parsers';
import { configFor, loggerFor } from '../context';
import { dashboardDir, liveSyntheticSource, nodeFromConfig } from '../node';
import { streamSink } from '../print/line-sink';
import { PRINT_TRADES_HELP, tradePrinter } from '../print/print-trades';
import { serveUntilStopped } from '../serve';
import type { Config } from '../settings';

/**
 * Everything in one process: ingest, processors, API and dashboard on one port. The roles
 * are the same as in the distributed topology; only the wiring is local.
 */
async function runAll(
  config: Config,
  logger: Logger,
  options: {
    alsoStop?: readonly Component[];
    printTrades?: boolean;
    alsoIngest?: SourceSpec;
  } = {},
): Promise<void> {
  logger.info(
    {},
    `starting tickstream (${eventLogKind(config)} event log, ${config.clickhouseUrl ? 'ClickHouse server' : 'chDB in-process'})`,
  );
  const node = nodeFromConfig(config, logger, ['ingest', 'process', 'api'], {
    options: { unreachableHint: 'No network? Try: npm run demo' },
    steps: (message) => logger.info({}, message),
    ...(options.alsoStop ? { alsoStop: options.alsoStop } : {}),
    ...(options.alsoIngest ? { alsoIngest: options.alsoIngest } : {}),
    ...(options.printTrades
      ? { onTradesProduced: tradePrinter(streamSink(process.stdout), logger) }
      : {}),
  });
  const { url } = await node.start();
  const dashboard = dashboardDir();
  logger.info(
    { url, dashboard: dashboard ? url : null },
    dashboard
      ? `tickstream is running: open ${url} (GraphQL at ${url}/graphql, REST at ${url}/api/)`
      : `tickstream is running: GraphQL at ${url}/graphql, REST at ${url}/api/ (dashboard not built: npm run build -w @tickstream/dashboard)`,
  );
  await serveUntilStopped({ node, logger, config });
}

interface DemoOptions {
  readonly tape: string;
  readonly speed: number;
  readonly prehistory: number;
  readonly historyTrades: number;
  readonly market: boolean;
  readonly marketPrehistory: number;
  readonly printTrades?: boolean;
}

/**
 * The demo's screener, for the planted market beside the tape: 1 s bars (the planted
 * half-lives are 2–6.5 s) over a 10-minute window, which the market's prehistory fills at
 * once, tested every 5 bars. The universe is listed (the tape's symbols and the market's):
 * with `*` the screener knows only the symbols of the first bars it reads, and a symbol
 * joining later misses the times already closed, so the prehistory would not count. Ingest
 * reads the market only once the exchange's REST history is in (seconds after the tape's
 * first bars), so the screener waits up to 30 s for a listed symbol it has not seen before
 * closing times without it (live, a quiet symbol holds the universe back as long).
 * Defaults only: the file, environment and flags still win.
 */
function demoScreener(tapeSymbols: readonly string[]): Partial<Config> {
  return {
    screenerSymbols: [...new Set([...tapeSymbols, ...PLANTED_MARKET_SYMBOLS.map((s) => s.symbol)])],
    screenerInterval: '1s',
    screenerWindow: 600,
    screenerTestEvery: 5,
    screenerMaxWait: 30_000,
  };
}

export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description(
      'run everything in one process: ingest, processors, API and dashboard (the default: npm start)',
    )
    .option('--print-trades', PRINT_TRADES_HELP)
    .action(async (options: { printTrades?: boolean }, command: Command) => {
      const config = configFor(command);
      const printTrades = options.printTrades === true;
      await runAll(config, loggerFor(config, 'start', { stdoutIsData: printTrades }), {
        printTrades,
      });
    });

  program
    .command('demo')
    .description(
      'like start, fed by the built-in mock exchange replaying a real Binance capture in a loop (no network needed)',
    )
    .option('--tape <file>', 'JSONL capture to replay', DEFAULT_TAPE)
    .option('--speed <n>', 'replay speed (N× the recorded pace)', (v) => Number(v), 1)
    .option(
      '--prehistory <duration>',
      'how long the mock exchange has been trading before the demo starts (its REST history)',
      parseDuration,
      9 * 3_600_000,
    )
    .option(
      '--history-trades <duration>',
      "the demo's HISTORY_TRADES_LOOKBACK: aggregate trades fetched for exact recent bars (short, so the demo opens within Binance's weights in seconds)",
      parseDuration,
      10 * 60_000,
    )
    .option(
      '--no-market',
      'leave out the planted synthetic market (30 symbols, ten cointegrated pairs) read beside the tape',
    )
    .option(
      '--market-prehistory <duration>',
      "how much of the planted market's past is ingested at the start (fills the screener's window of 1 s bars)",
      parseDuration,
      12 * 60_000,
    )
    .option('--print-trades', PRINT_TRADES_HELP)
    .action(async (options: DemoOptions, command: Command) => {
      // Read twice: the screener's default universe names the symbols configured for the tape.
      const base = options.market
        ? configFor(command, demoScreener(configFor(command).symbols))
        : configFor(command);
      const printTrades = options.printTrades === true;
      const logger = loggerFor(base, 'demo', { stdoutIsData: printTrades });
      const mock = await startMockExchange({
        host: '127.0.0.1',
        port: 0,
        tape: { kind: 'file', path: options.tape, loop: true },
        speed: options.speed,
        timestamps: 'live',
        prehistoryMs: options.prehistory,
        logger: logger.child({ component: 'mock-exchange' }),
      });
      logger.info(
        { url: mock.url, tape: options.tape, prehistoryMs: options.prehistory },
        'mock exchange replaying the tape in a loop, with its past over REST',
      );
      const config: Config = {
        ...base,
        ingestSource: 'binance',
        binanceWsUrl: mock.url,
        binanceRestUrl: mock.restUrl,
        historyTradesLookback: Math.max(60_000, options.historyTrades),
      };
      if (options.market)
        logger.info(
          { prehistoryMs: options.marketPrehistory, seed: config.ingestSyntheticSeed },
          'planted synthetic market (exchange synthetic) beside the tape: see the Screener tab',
        );
      await runAll(config, logger, {
        alsoStop: [{ name: 'mock exchange', stop: () => mock.stop() }],
        printTrades,
        ...(options.market
          ? {
              alsoIngest: liveSyntheticSource(
                config,
                'market',
                options.marketPrehistory,
                logger.child({ component: 'planted-market' }),
              ),
            }
          : {}),
      });
    });
}
