import type { Trade, TradeGap } from '@tickstream/schema';
import type { IngestSource } from '../types';
import type { IngestMetrics } from './ingest-metrics';
import type { SymbolStatus } from './status';

interface SymbolCounters {
  exchange: string;
  received: number;
  produced: number;
  duplicates: number;
  backfilled: number;
  lastTradeId: number | undefined;
  lastTradeTime: number | undefined;
  producedAtLastTick: number;
  rate: number;
}

/**
 * What ingest counts per symbol and per connection, kept twice on purpose: as plain numbers for
 * status() and as the role's Prometheus metrics.
 */
export class IngestCounters {
  private readonly symbols = new Map<string, SymbolCounters>();
  // Label lookups cost more than the increment on the hot path: one child per symbol, kept.
  private readonly receivedChildren = new Map<string, { inc(): void }>();
  private readonly seenConnections = new Map<string, { reconnects: number; rotations: number }>();
  private lastTick = Date.now();
  /** When the source last delivered a trade (health's "no data" clock). */
  lastDataAt: number | undefined;

  constructor(
    private readonly metrics: IngestMetrics,
    private readonly tradesTopic: string,
  ) {}

  private of(trade: Trade): SymbolCounters {
    let c = this.symbols.get(trade.symbol);
    if (c === undefined) {
      c = {
        exchange: trade.exchange,
        received: 0,
        produced: 0,
        duplicates: 0,
        backfilled: 0,
        lastTradeId: undefined,
        lastTradeTime: undefined,
        producedAtLastTick: 0,
        rate: 0,
      };
      this.symbols.set(trade.symbol, c);
    }
    return c;
  }

  received(trade: Trade, receivedAt: number): void {
    this.of(trade).received++;
    let child = this.receivedChildren.get(trade.symbol);
    if (child === undefined) {
      child = this.metrics.received.labels({ symbol: trade.symbol });
      this.receivedChildren.set(trade.symbol, child);
    }
    child.inc();
    this.lastDataAt = receivedAt;
  }

  /** A batch of trades the log acknowledged. */
  produced(batch: readonly Trade[], startedAtMs: number, ackedAt: number): void {
    const metrics = this.metrics;
    metrics.batchSize.observe({ topic: this.tradesTopic }, batch.length);
    metrics.produceLatency.observe({ topic: this.tradesTopic }, (ackedAt - startedAtMs) / 1000);
    let symbol: string | undefined;
    let run = 0;
    for (const t of batch) {
      metrics.ingestToLog.observe((ackedAt - t.ingestTime) / 1000);
      const c = this.of(t);
      c.produced++;
      c.lastTradeId = t.tradeId;
      c.lastTradeTime = t.tradeTime;
      // Batches are mostly runs of one symbol: one labelled increment per run.
      if (t.symbol !== symbol) {
        if (symbol !== undefined) metrics.produced.inc({ symbol }, run);
        symbol = t.symbol;
        run = 0;
      }
      run++;
    }
    if (symbol !== undefined) metrics.produced.inc({ symbol }, run);
  }

  duplicate(trade: Trade): void {
    this.of(trade).duplicates++;
    this.metrics.duplicates.inc({ symbol: trade.symbol });
  }

  backfilled(trade: Trade): void {
    this.of(trade).backfilled++;
    this.metrics.backfilled.inc({ symbol: trade.symbol });
  }

  gap(gap: TradeGap): void {
    this.metrics.gaps.inc({ symbol: gap.symbol, status: gap.status });
    if (gap.status === 'unrecoverable')
      this.metrics.missingTrades.inc({ symbol: gap.symbol }, gap.toTradeId - gap.fromTradeId + 1);
  }

  /** Rates are measured from now on (the time before start is not a period of zero trades). */
  restartRates(): void {
    this.lastTick = Date.now();
  }

  /** Updates the per-symbol rates and the connection metrics (once a second, and at the end). */
  sample(source: IngestSource): void {
    this.sampleRates();
    this.sampleConnections(source);
  }

  private sampleRates(): void {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.lastTick) / 1000);
    this.lastTick = now;
    for (const c of this.symbols.values()) {
      c.rate = (c.produced - c.producedAtLastTick) / seconds;
      c.producedAtLastTick = c.produced;
    }
  }

  private sampleConnections(source: IngestSource): void {
    const metrics = this.metrics;
    const byState = { connecting: 0, open: 0, reconnecting: 0, closed: 0 };
    for (const connection of source.connections()) {
      byState[connection.state]++;
      const seen = this.seenConnections.get(connection.id) ?? { reconnects: 0, rotations: 0 };
      if (connection.reconnects > seen.reconnects)
        metrics.reconnects.inc(
          { connection: connection.id },
          connection.reconnects - seen.reconnects,
        );
      if (connection.rotations > seen.rotations)
        metrics.rotations.inc({ connection: connection.id }, connection.rotations - seen.rotations);
      this.seenConnections.set(connection.id, {
        reconnects: connection.reconnects,
        rotations: connection.rotations,
      });
    }
    for (const [name, count] of Object.entries(byState))
      metrics.connections.set({ state: name }, count);
    metrics.queued.set(source.buffered ?? 0);
  }

  symbolStatuses(): Record<string, SymbolStatus> {
    const bySymbol: Record<string, SymbolStatus> = {};
    for (const [symbol, c] of this.symbols) {
      bySymbol[symbol] = {
        exchange: c.exchange,
        received: c.received,
        produced: c.produced,
        duplicates: c.duplicates,
        backfilled: c.backfilled,
        ratePerSecond: c.rate,
        ...(c.lastTradeId !== undefined ? { lastTradeId: c.lastTradeId } : {}),
        ...(c.lastTradeTime !== undefined ? { lastTradeTime: c.lastTradeTime } : {}),
      };
    }
    return bySymbol;
  }
}
