import { Command, InvalidArgumentError } from 'commander';
import { stopOnSignals } from '@tickstream/core';
import {
  DEFAULT_TAPE,
  startMockExchange,
  type MockTape,
  type ReplaySpeed,
} from '@tickstream/ingest';
import { configFor, loggerFor } from '../context';
import {
  parseDuration,
  parseNonNegativeInt,
  parsePositiveInt,
  parseSpeed,
} from '../option-parsers';

export function registerMockExchangeCommand(program: Command): void {
  program
    .command('mock-exchange')
    .description(
      "a local exchange speaking Binance USD-M's combined-stream protocol and REST market data (historicalTrades, aggTrades by id or time, trades, klines 1m to 1d, with request weights, 429 and 418 bans), serving a tape",
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
    .option(
      '--prehistory <duration>',
      'trade this long before starting (e.g. 3h, 90m): the tape, looped to fill it, ends now; served by REST (trades, aggTrades, klines), never streamed; the stream continues its ids',
      parseDuration,
      0,
    )
    .option(
      '--rest-weight <n>',
      'REST request weight per minute before 429 (asking again inside Retry-After gets a 418 ban); 0 turns the limit off',
      parseNonNegativeInt,
      2400,
    )
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
          prehistory: number;
          restWeight: number;
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
          prehistoryMs: options.prehistory,
          restWeightPerMinute: options.restWeight,
          logger,
        });
        logger.info({ url: mock.url, restUrl: mock.restUrl }, 'mock exchange listening');
        process.stdout.write(`BINANCE_WS_URL=${mock.url}\nBINANCE_REST_URL=${mock.restUrl}\n`);
        await stopOnSignals(mock, logger);
      },
    );
}
