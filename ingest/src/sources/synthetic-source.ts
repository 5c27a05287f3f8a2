import { silentLogger, TickstreamError, type Logger } from '@tickstream/core';
import { SyntheticTrades, type SyntheticOptions } from '../synthetic/generator';
import { tradeFrame } from '../tape/binance-frames';
import type { IngestSource, MessageOrigin } from '../types';
import { Pacer, validSpeed, type ReplaySpeed } from './pacer';
import { QueueSource } from './queue-source';

export interface SyntheticSourceOptions extends SyntheticOptions {
  /** 1 = real time (default), N = N× faster, 'max' = as fast as possible. */
  readonly speed?: ReplaySpeed;
  /** Stop after this many trades (default: never). */
  readonly maxTrades?: number;
  /** Stamp trades with the current time instead of `startTime` onwards (default true at speed 1). */
  readonly liveTimestamps?: boolean;
  /** `Trade.exchange` (default synthetic). */
  readonly exchange?: string;
  readonly queueCapacity?: number;
  readonly logger?: Logger;
}

/**
 * Seeded synthetic trades (see synthetic/generator.ts for the model), rendered as Binance
 * frames so they take exactly the path of live data through the mapper.
 */
export function syntheticSource(options: SyntheticSourceOptions = {}): IngestSource {
  const speed = options.speed ?? 1;
  if (!validSpeed(speed))
    throw new TickstreamError(
      'INVALID_OPTIONS',
      `speed must be a positive number or 'max', got ${String(speed)}`,
    );
  const logger = (options.logger ?? silentLogger).child({ component: 'synthetic' });
  const live = options.liveTimestamps ?? speed === 1;
  const generator = new SyntheticTrades(options);
  const symbols = new Set((options.symbols ?? []).map((s) => s.symbol));
  const origin: MessageOrigin = {
    session: 1,
    cause: 'synthetic',
    connection: 'synthetic',
    exchange: options.exchange ?? 'synthetic',
    deadLetterSource: 'ingest/synthetic',
    isKnownSymbol: symbols.size === 0 ? () => true : (s) => symbols.has(s),
  };
  const abort = new AbortController();
  let running: Promise<void> | undefined;
  return new QueueSource({
    name: 'synthetic',
    capacity: options.queueCapacity ?? 10_000,
    start(queue) {
      running = (async () => {
        const pacer = new Pacer(speed);
        const max = options.maxTrades ?? Number.POSITIVE_INFINITY;
        let count = 0;
        let offset: number | undefined;
        try {
          while (count < max && !abort.signal.aborted) {
            const { value: trade, done } = generator.next();
            if (done) break;
            const wait = pacer.wait(trade.time, abort.signal);
            if (wait !== undefined) await wait;
            if (abort.signal.aborted) break;
            const now = Date.now();
            // Live stamps keep the generator's spacing but end at the wall clock.
            offset ??= live ? now - trade.time : 0;
            const frame = tradeFrame(trade, trade.eventTime + offset, trade.time + offset);
            const pending = queue.write({
              format: 'binance-ws',
              data: frame,
              receivedAt: now,
              origin,
            });
            if (pending !== undefined) await pending;
            count++;
          }
          queue.end();
        } catch (error) {
          logger.error({ err: String(error) }, 'synthetic source failed');
          queue.fail(error);
        }
      })();
    },
    halt: async () => {
      abort.abort();
      await running;
    },
  });
}
