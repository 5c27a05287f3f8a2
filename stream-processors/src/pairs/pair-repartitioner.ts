import { asRegistry, type PairRegistry } from '@tickstream/core';
import { pairId, TOPICS, validateCandle, type PairBar, type PairSpec } from '@tickstream/schema';
import { defineProcessor, type ProcessorRuntimeOptions } from '../runtime/define-processor';
import { publish } from '../runtime/publish';
import { PendingOffsets } from '../runtime/pending-offsets';

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
  /** The pairs to route for; a fixed list is taken as a registry that never changes. */
  readonly pairs: PairRegistry | readonly PairSpec[];
}

/**
 * Candles are keyed by symbol; a pair needs both legs in one place. This processor re-keys
 * each final candle by every pair it is a leg of (md.pair-bars.v1), as Kafka Streams'
 * repartition topics do, so pairs spread over processes by their own key. Stateless.
 */
export const pairRepartitioner = defineProcessor({
  name: 'pair-repartition',
  group: 'tickstream.pair-repartition',
  input: TOPICS.candles,
  validate: validateCandle,
  counters: () => ({}),
  stage(options: ProcessorRuntimeOptions & PairRepartitionerOptions) {
    const registry = asRegistry(options.pairs);
    let routes = routesOf(registry.all());
    // A pair added at run time is routed from the next candle on; the pair stage reads the
    // legs' earlier bars from ClickHouse.
    registry.onChange(() => (routes = routesOf(registry.all())));
    let out: PairBar[] = [];
    const pending = new PendingOffsets();

    return {
      process(candle, record) {
        if (!candle.final) return;
        for (const route of routes.get(`${candle.symbol}:${candle.interval}`) ?? []) {
          out.push({ type: 'pair-bar', pairId: route.pairId, leg: route.leg, candle });
          pending.note(record.topic, record.partition, record.offset);
        }
      },
      flushDue: () => out.length >= 10_000,
      hasPending: () => out.length > 0,
      async flush() {
        await publish(options.eventLog, TOPICS.pairBars, out);
        out = [];
        pending.clear();
      },
      neededFrom: (topic, partition) => pending.get(topic, partition),
    };
  },
});
