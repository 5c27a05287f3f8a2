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
  /**
   * With live timestamps: first emit, as fast as they can be read, the trades of this much
   * time before now (stamped from now − prehistoryMs), then go on at `speed` with continuous
   * stamps. Lets windows of recent bars be full as soon as the source starts (default 0).
   */
  readonly prehistoryMs?: number;
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
  const prehistoryMs = options.prehistoryMs ?? 0;
  if (!Number.isFinite(prehistoryMs) || prehistoryMs < 0)
    throw new TickstreamError(
      'INVALID_OPTIONS',
      `prehistoryMs must be a non-negative number, got ${String(prehistoryMs)}`,
    );
  if (prehistoryMs > 0 && !live)
    throw new TickstreamError(
      'INVALID_OPTIONS',
      'prehistoryMs needs live timestamps: a past is only "before now" on the wall clock',
    );
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
        // Without a prehistory the first trade sets the pace; with one, the first trade not
        // yet due on the wall clock does (until then trades are the past: no waiting).
        let pacer = prehistoryMs > 0 ? undefined : new Pacer(speed);
        const max = options.maxTrades ?? Number.POSITIVE_INFINITY;
        let count = 0;
        let offset: number | undefined;
        try {
          while (count < max && !abort.signal.aborted) {
            const { value: trade, done } = generator.next();
            if (done) break;
            // Live stamps keep the generator's spacing but end at the wall clock (or start
            // prehistoryMs before it).
            offset ??= live ? Date.now() - prehistoryMs - trade.time : 0;
            if (pacer === undefined) {
              const wall = Date.now();
              // Generator time of "now": stamps stay continuous across the switch.
              if (trade.time + offset > wall)
                pacer = new Pacer(speed, { time: wall - offset, wall });
            }
            const wait = pacer?.wait(trade.time, abort.signal);
            if (wait !== undefined) await wait;
            if (abort.signal.aborted) break;
            const now = Date.now();
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
