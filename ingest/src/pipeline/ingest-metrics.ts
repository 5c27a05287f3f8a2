import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Ingest's Prometheus metrics, registered on the role's own registry (never the global one). */
export class IngestMetrics {
  readonly received: Counter<'symbol'>;
  readonly produced: Counter<'symbol'>;
  readonly duplicates: Counter<'symbol'>;
  readonly backfilled: Counter<'symbol'>;
  readonly deadLetters: Counter<'code' | 'source'>;
  readonly gaps: Counter<'symbol' | 'status'>;
  readonly missingTrades: Counter<'symbol'>;
  readonly reconnects: Counter<'connection'>;
  readonly rotations: Counter<'connection'>;
  readonly exchangeErrors: Counter<'connection'>;
  readonly connections: Gauge<'state'>;
  readonly batchSize: Histogram<'topic'>;
  readonly produceLatency: Histogram<'topic'>;
  readonly ingestToLog: Histogram;
  readonly queued: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.received = new Counter({
      name: 'tickstream_ingest_trades_received_total',
      help: 'Trades received from the source (before de-duplication)',
      labelNames: ['symbol'],
      registers,
    });
    this.produced = new Counter({
      name: 'tickstream_ingest_trades_produced_total',
      help: 'Trades written to the trades topic (acknowledged by the event log)',
      labelNames: ['symbol'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'tickstream_ingest_duplicate_trades_total',
      help: 'Trades dropped because their id was already written (rotation overlap, backfill races)',
      labelNames: ['symbol'],
      registers,
    });
    this.backfilled = new Counter({
      name: 'tickstream_ingest_backfilled_trades_total',
      help: 'Missing trades recovered through the exchange REST history',
      labelNames: ['symbol'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'tickstream_ingest_dead_letters_total',
      help: 'Input rejected to the dead-letter topic, by reason code',
      labelNames: ['code', 'source'],
      registers,
    });
    this.gaps = new Counter({
      name: 'tickstream_ingest_trade_gaps_total',
      help: 'Trade id gaps, by status: detected, backfilled, unrecoverable',
      labelNames: ['symbol', 'status'],
      registers,
    });
    this.missingTrades = new Counter({
      name: 'tickstream_ingest_missing_trades_total',
      help: 'Trade ids that could not be recovered',
      labelNames: ['symbol'],
      registers,
    });
    this.reconnects = new Counter({
      name: 'tickstream_ingest_reconnects_total',
      help: 'Unplanned reconnections',
      labelNames: ['connection'],
      registers,
    });
    this.rotations = new Counter({
      name: 'tickstream_ingest_rotations_total',
      help: 'Planned connection rotations before the exchange maximum age',
      labelNames: ['connection'],
      registers,
    });
    this.exchangeErrors = new Counter({
      name: 'tickstream_ingest_exchange_errors_total',
      help: 'Error answers from the exchange to client requests',
      labelNames: ['connection'],
      registers,
    });
    this.connections = new Gauge({
      name: 'tickstream_ingest_connections',
      help: 'Exchange connections by state',
      labelNames: ['state'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'tickstream_ingest_produce_batch_records',
      help: 'Records per produce call',
      labelNames: ['topic'],
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
      registers,
    });
    this.produceLatency = new Histogram({
      name: 'tickstream_ingest_produce_seconds',
      help: 'Duration of produce calls until acknowledged',
      labelNames: ['topic'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.ingestToLog = new Histogram({
      name: 'tickstream_ingest_to_log_seconds',
      help: 'From local receive of a trade to its acknowledgement by the event log',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.queued = new Gauge({
      name: 'tickstream_ingest_queued_messages',
      help: 'Messages received and waiting to be mapped',
      registers,
    });
  }
}
