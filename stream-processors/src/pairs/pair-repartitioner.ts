import type { Registry } from 'prom-client';
import type {
  ClickHouseClient,
  EventLog,
  Logger,
  LogRecord,
  RecordBatch,
  StartPosition,
} from '@tickstream/core';
import { TOPICS, validateCandle, type DeadLetter, type PairBar } from '@tickstream/schema';
import { deadLetterFor, produceDeadLetters } from '../runtime/dead-letters';
import { decodeRecord } from '../runtime/decode';
import {
  createLogProcessor,
  type LogProcessor,
  type ProcessorStage,
  type ProcessorSupervision,
} from '../runtime/log-processor';
import { PendingOffsets } from '../sinks/pending-offsets';
import { asRegistry, type PairRegistry } from './pair-registry';
import { pairId, type PairSpec } from './pair-spec';

type Routes = Map<string, Array<{ pairId: string; leg: 'x' | 'y' }>>;

/** `symbol:interval` → the pairs (and legs) a candle of it feeds. */
function routesOf(specs: readonly PairSpec[]): Routes {
  const routes: Routes = new Map();
  for (const spec of specs) {
    for (const [symbol, leg] of [
      [spec.symbolX, 'x'],
      [spec.symbolY, 'y'],
    ] as const) {
      const key = `${symbol}:${spec.interval}`;
      routes.set(key, [...(routes.get(key) ?? []), { pairId: pairId(spec), leg }]);
    }
  }
  return routes;
}

export interface PairRepartitionerOptions {
  readonly metrics?: Registry;
  /** Restart backoff and lag threshold of the runtime (defaults in log-processor). */
  readonly supervision?: ProcessorSupervision;
  readonly eventLog: EventLog;
  readonly clickhouse?: ClickHouseClient;
  readonly logger: Logger;
  /** The pairs to route for; a fixed list is taken as a registry that never changes. */
  readonly pairs: PairRegistry | readonly PairSpec[];
  readonly groupId?: string;
  readonly start?: StartPosition;
  readonly flushIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * Candles are keyed by symbol; a pair needs both legs in one place. This stage re-keys each
 * final candle by every pair it is a leg of (md.pair-bars.v1), as Kafka Streams' repartition
 * topics do, so pairs spread over processes by their own key. Stateless.
 */
export function createPairRepartitionStage(options: PairRepartitionerOptions): ProcessorStage {
  const now = options.now ?? Date.now;
  const registry = asRegistry(options.pairs);
  let routes = routesOf(registry.all());
  // A pair added at run time is routed from the next candle on; the pair stage reads the
  // legs' earlier bars from ClickHouse.
  registry.onChange(() => (routes = routesOf(registry.all())));
  let out: PairBar[] = [];
  let letters: DeadLetter[] = [];
  const pending = new PendingOffsets();

  return {
    process(records: readonly LogRecord[], batch: RecordBatch) {
      for (const record of records) {
        const decoded = decodeRecord(record, validateCandle);
        if (!decoded.ok) {
          letters.push(
            deadLetterFor(
              'stream-processors/pair-repartition',
              record,
              decoded.code,
              decoded.reason,
              now(),
            ),
          );
          pending.note(batch.topic, batch.partition, record.offset);
          continue;
        }
        const candle = decoded.value;
        if (!candle.final) continue;
        for (const route of routes.get(`${candle.symbol}:${candle.interval}`) ?? []) {
          out.push({ type: 'pair-bar', pairId: route.pairId, leg: route.leg, candle });
          pending.note(batch.topic, batch.partition, record.offset);
        }
      }
    },
    flushDue: () => out.length >= 10_000,
    hasPending: () => out.length > 0 || letters.length > 0,
    async flush() {
      await options.eventLog.produce(
        TOPICS.pairBars.name,
        out.map((bar) => ({
          key: TOPICS.pairBars.keyOf(bar),
          value: JSON.stringify(bar),
        })),
      );
      await produceDeadLetters(options.eventLog, letters);
      out = [];
      letters = [];
      pending.clear();
    },
    commitOffset: (topic, partition, _keys, lastOffset) =>
      pending.get(topic, partition) ?? lastOffset + 1,
    forget: () => undefined,
  };
}

export function buildPairRepartitioner(options: PairRepartitionerOptions): LogProcessor {
  return createLogProcessor({
    name: 'pair-repartition',
    eventLog: options.eventLog,
    groupId: options.groupId ?? 'tickstream.pair-repartition',
    topic: TOPICS.candles.name,
    stage: createPairRepartitionStage(options),
    logger: options.logger.child({ processor: 'pair-repartition' }),
    ...(options.start ? { start: options.start } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
    flushIntervalMs: options.flushIntervalMs ?? 250,
  });
}
