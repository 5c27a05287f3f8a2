import type { Logger } from '@tickstream/core';
import type { IngestMetrics } from '../pipeline/ingest-metrics';
import type { IngestSource } from '../types';
import { combineSources } from './combine';
import { binanceSource, type BinanceSourceOptions } from './binance-source';
import { replaySource, type ReplaySourceOptions } from './replay-source';
import { syntheticSource, type SyntheticSourceOptions } from './synthetic-source';

/** A source to build, for callers that do not build one themselves. */
export type SourceSpec =
  | ({ readonly kind: 'binance' } & BinanceSourceOptions)
  | ({ readonly kind: 'replay' } & ReplaySourceOptions)
  | ({ readonly kind: 'synthetic' } & SyntheticSourceOptions)
  /** Read together (see combine.ts), e.g. an exchange beside a synthetic market. */
  | { readonly kind: 'combined'; readonly sources: readonly (IngestSource | SourceSpec)[] };

/** The source a spec names (a built source is used as it is). Opens nothing: reading starts it. */
export function buildSource(
  spec: IngestSource | SourceSpec,
  logger: Logger,
  metrics: IngestMetrics,
): IngestSource {
  if (!('kind' in spec)) return spec;
  switch (spec.kind) {
    case 'binance':
      return binanceSource({
        logger,
        ...spec,
        onExchangeError: (connection, text) => {
          metrics.exchangeErrors.inc({ connection });
          spec.onExchangeError?.(connection, text);
        },
      });
    case 'replay':
      return replaySource({ logger, ...spec });
    case 'synthetic':
      return syntheticSource({ logger, ...spec });
    case 'combined':
      return combineSources(...spec.sources.map((s) => buildSource(s, logger, metrics)));
  }
}
