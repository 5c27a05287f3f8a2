import { Argument, type Command } from 'commander';
import {
  createEventLog,
  eventLogKind,
  EventLogError,
  stopInOrder,
  TickstreamError,
  type EventLog,
  type Logger,
} from '@tickstream/core';
import { configFor, loggerFor } from '../context';
import { parseTailFrom } from '../option-parsers';
import { streamSink } from '../print/line-sink';
import { startTail, type TailStart } from '../print/tail-reader';
import { TAIL_TOPIC_NAMES, TAIL_TOPICS, type TailTopicName } from '../print/tail-topics';
import { serveUntilStopped } from '../serve';
import type { Config } from '../settings';

interface TailCommandOptions {
  readonly from?: TailStart;
  readonly follow: boolean;
  readonly json?: boolean;
}

function describeLog(config: Config): string {
  return eventLogKind(config) === 'kafka'
    ? `the Kafka event log at ${config.kafkaBrokers.join(',')}${config.namespace ? ` (namespace ${config.namespace})` : ''}`
    : `the embedded event log in ${config.dataDir}`;
}

function describeStart(start: TailStart): string {
  if (start === 'beginning') return 'from the beginning';
  if (start === 'now') return 'from now on';
  return `from ${new Date(start.since).toISOString()}`;
}

/**
 * The embedded log belongs to one process: while `tickstream start` runs on a data directory,
 * tail cannot open it, and the user needs to know what to do instead.
 */
async function openLog(config: Config, logger: Logger): Promise<EventLog> {
  try {
    return await createEventLog(config, logger);
  } catch (error) {
    if (error instanceof EventLogError && error.code === 'EMBEDDED_LOG_LOCKED') {
      throw new TickstreamError(
        error.code,
        `${error.message} tail cannot read an embedded log another process has open: to see ` +
          'its trades, run that process with --print-trades; to tail from another terminal, ' +
          'run tickstream on Kafka (KAFKA_BROKERS); or stop it and tail what it stored.',
        { cause: error },
      );
    }
    throw error;
  }
}

export function registerTailCommand(program: Command): void {
  program
    .command('tail')
    .description(
      'print the events of a topic (trades, candles, alerts, gaps) as readable lines or JSON lines, live until Ctrl-C',
    )
    .addArgument(new Argument('<topic>', 'the events to print').choices(TAIL_TOPIC_NAMES))
    .option(
      '--from <time>',
      'start at the first record the log appended at or after this: beginning, a duration back from now (10m, 2h, 1d), an ISO-8601 time (UTC unless it has an offset) or epoch ms (default: now, only new events)',
      (value: string) => parseTailFrom(value),
    )
    .option('--no-follow', 'stop at the current end of the log instead of waiting for new events')
    .option('--json', 'print each event as one line of JSON')
    .addHelpText(
      'after',
      '\nWith --symbols A,B only events about those symbols are printed (an alert when either\n' +
        'leg of its pair is listed). The log goes to stderr, the events to stdout.',
    )
    .action(async (name: TailTopicName, options: TailCommandOptions, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'tail', { stdoutIsData: true });
      // --symbols is the global SYMBOLS flag: given on the command line it filters; the
      // environment's SYMBOLS (what ingest reads) does not.
      const filtered = command.optsWithGlobals<Record<string, unknown>>()['symbols'] !== undefined;
      const start = options.from ?? 'now';
      const eventLog = await openLog(config, logger);
      const out = streamSink(process.stdout);
      const tail = startTail({
        eventLog,
        topic: TAIL_TOPICS[name],
        start,
        follow: options.follow,
        json: options.json === true,
        ...(filtered ? { symbols: config.symbols } : {}),
        out,
        logger,
        where: describeLog(config),
      });
      const shutdown = stopInOrder([
        { name: 'tail', stop: () => tail.stop() },
        { name: 'event log', stop: () => eventLog.close() },
      ]);
      try {
        await tail.ready;
      } catch (error) {
        await shutdown.stop().catch(() => undefined);
        throw error;
      }
      const topic = TAIL_TOPICS[name].definition.name;
      logger.info(
        { topic, follow: options.follow },
        `tailing ${topic} ${describeStart(start)}${options.follow ? '; Ctrl-C stops' : ''}`,
      );
      await serveUntilStopped({
        node: shutdown,
        logger,
        config,
        ended: Promise.race([
          tail.done.then((summary) =>
            logger.info({ topic, ...summary }, `end of ${topic}: ${summary.printed} printed`),
          ),
          out.closed,
        ]).catch((error: unknown) => {
          logger.error(
            { err: error, topic },
            'tail stopped: the event log failed; check that it is reachable and run tail again',
          );
          process.exitCode = 1;
        }),
      });
    });
}
