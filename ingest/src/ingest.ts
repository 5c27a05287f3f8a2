import type { EventLog, Logger, Registry } from '@tickstream/core';
import { SETTINGS, TickstreamError, topicSpecOf } from '@tickstream/core';
import { TOPICS, type DeadLetter, type Trade, type TradeGap } from '@tickstream/schema';
import { mapMessage } from './mappers';
import { BatchingProducer } from './pipeline/batching-producer';
import { ingestHealth, type IngestHealth } from './pipeline/ingest-health';
import { IngestMetrics } from './pipeline/ingest-metrics';
import { JsonlWriter } from './pipeline/recorder';
import { readLastTradeIds } from './pipeline/last-trade-ids';
import { Sequencer } from './pipeline/sequencer';
import { TailChecker } from './pipeline/tail-checker';
import {
  formatStatusLine,
  type IngestState,
  type IngestStatus,
  type SymbolStatus,
} from './pipeline/status';
import { binanceSource, type BinanceSourceOptions } from './sources/binance-source';
import { replaySource, type ReplaySourceOptions } from './sources/replay-source';
import { syntheticSource, type SyntheticSourceOptions } from './sources/synthetic-source';
import type { IngestSource, RawMessage, Rejection } from './types';
import { RateLimitedLog } from './util/rate-limited-log';

export interface IngestTopics {
  readonly trades: string;
  readonly deadLetter: string;
  readonly tradeGaps: string;
}

/** A source to build, for callers that do not build one themselves. */
export type SourceSpec =
  | ({ readonly kind: 'binance' } & BinanceSourceOptions)
  | ({ readonly kind: 'replay' } & ReplaySourceOptions)
  | ({ readonly kind: 'synthetic' } & SyntheticSourceOptions);

export interface IngestOptions {
  readonly eventLog: EventLog;
  readonly logger: Logger;
  /** The role's registry (core's createMetricsRegistry); ingest registers its metrics there. */
  readonly metrics: Registry;
  readonly source: IngestSource | SourceSpec;
  /** Topic names (default: the schema's md.trades.v1, md.deadletter.v1, md.trade-gaps.v1). */
  readonly topics?: Partial<IngestTopics>;
  /** Create the topics at start, idempotently (default true). */
  readonly createTopics?: boolean;
  readonly batch?: {
    /** Records per produce call at most (default 2,000). */
    readonly maxRecords?: number;
    /** Longest a record waits for a batch to fill (default 5 ms). */
    readonly lingerMs?: number;
    /** Records buffered for the log above which reading pauses (default 50,000). */
    readonly maxBuffered?: number;
  };
  readonly sequencing?: {
    readonly gapGraceMs?: number;
    readonly maxHeld?: number;
    readonly maxHoldMs?: number;
  };
  /**
   * Continue after the trades already in the log (live sources with sequential ids): the
   * highest id per symbol among the last `lookbackMs` of md.trades.v1 is where a restart
   * resumes, so the trades missed while ingest was down are a gap that is backfilled.
   */
  readonly resume?: { readonly lookbackMs: number };
  /**
   * A symbol without a trade this long is asked for its newest id again, so a gap at the end
   * of a connection is found without a later trade (default INGEST_TAIL_CHECK_MS).
   */
  readonly tailCheckMs?: number;
  /** health() is down/degraded past this long without a connection, data or a writable log (default INGEST_STALE_AFTER_MS). */
  readonly staleAfterMs?: number;
  /** Status line period (default 10 s; 0 turns it off). */
  readonly statusIntervalMs?: number;
  /** At stop, how long backfills in flight may still run (default 5 s). */
  readonly stopTimeoutMs?: number;
  /** Also append every raw message to this JSONL file (.gz compresses). */
  readonly recordPath?: string;
  /** Dead-letter payloads longer than this are truncated (default 64 KiB). */
  readonly maxDeadLetterBytes?: number;
  /** Told about every batch of trades the log acknowledged (benchmarks, tests). */
  readonly onTradesProduced?: (trades: readonly Trade[], ackedAt: number) => void;
}

export interface Ingest {
  /** Creates topics and starts reading; resolves once running. */
  start(): Promise<void>;
  /** Stops reading, writes everything received, closes sockets. Idempotent. */
  stop(): Promise<void>;
  status(): IngestStatus;
  /** Whether ingest does its job now, and if not, why (for /health). */
  health(): IngestHealth;
  /** Settles when ingest ends by itself (a replay ran out) or fails; stop() settles it too. */
  readonly done: Promise<void>;
  subscribe(symbols: readonly string[]): Promise<void>;
  unsubscribe(symbols: readonly string[]): Promise<void>;
}

function buildSource(
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
  }
}

function health(
  status: IngestStatus,
  producers: readonly BatchingProducer<unknown>[],
  lastDataAt: number | undefined,
  staleAfterMs: number,
): IngestHealth {
  const waiting = producers
    .map((p) => p.waiting)
    .filter((w) => w !== undefined)
    .sort((a, b) => a.since - b.since)[0];
  return ingestHealth({
    now: Date.now(),
    state: status.state,
    connections: status.connections,
    staleAfterMs,
    ...(status.startedAt !== undefined ? { startedAt: status.startedAt } : {}),
    ...(status.error !== undefined ? { error: status.error } : {}),
    ...(lastDataAt !== undefined ? { lastDataAt } : {}),
    ...(waiting !== undefined ? { logFailingSince: waiting.since } : {}),
    ...(waiting?.error !== undefined ? { logError: waiting.error } : {}),
  });
}

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

/** Builds the ingest role: source → mapper → sequencer → batched producer. Nothing runs until start(). */
export function buildIngest(options: IngestOptions): Ingest {
  const logger = options.logger.child({ role: 'ingest' });
  const metrics = new IngestMetrics(options.metrics);
  const source = buildSource(options.source, logger, metrics);
  const topics: IngestTopics = {
    trades: options.topics?.trades ?? TOPICS.trades.name,
    deadLetter: options.topics?.deadLetter ?? TOPICS.deadLetter.name,
    tradeGaps: options.topics?.tradeGaps ?? TOPICS.tradeGaps.name,
  };
  const deadLetterLog = new RateLimitedLog(logger);
  const maxRaw = options.maxDeadLetterBytes ?? 65_536;
  const symbols = new Map<string, SymbolCounters>();
  const deadLettersByCode = new Map<string, number>();
  let deadLetterCount = 0;
  let state: IngestState = 'idle';
  let startedAt: number | undefined;
  let failure: unknown;
  let statusTimer: NodeJS.Timeout | undefined;
  let sampleTimer: NodeJS.Timeout | undefined;
  let lastTick = Date.now();
  let lastDataAt: number | undefined;
  let run: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const seenConnections = new Map<string, { reconnects: number; rotations: number }>();
  const recorder =
    options.recordPath === undefined ? undefined : new JsonlWriter(options.recordPath);

  let settleDone: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settleDone = { resolve, reject };
  });
  // A caller that never awaits `done` must not get an unhandled rejection.
  done.catch(() => undefined);

  const counters = (trade: Trade): SymbolCounters => {
    let c = symbols.get(trade.symbol);
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
      symbols.set(trade.symbol, c);
    }
    return c;
  };

  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    state = 'failed';
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'ingest failed');
    void source.return();
  };

  const trades = new BatchingProducer<Trade>({
    eventLog: options.eventLog,
    topic: topics.trades,
    logger,
    toRecord: (t) => ({
      key: TOPICS.trades.keyOf(t),
      value: JSON.stringify(t),
    }),
    ...(options.batch?.maxRecords !== undefined
      ? { maxBatchRecords: options.batch.maxRecords }
      : {}),
    ...(options.batch?.lingerMs !== undefined ? { lingerMs: options.batch.lingerMs } : {}),
    ...(options.batch?.maxBuffered !== undefined ? { maxBuffered: options.batch.maxBuffered } : {}),
    onFlushed: (batch, startedAtMs, ackedAt) => {
      metrics.batchSize.observe({ topic: topics.trades }, batch.length);
      metrics.produceLatency.observe({ topic: topics.trades }, (ackedAt - startedAtMs) / 1000);
      let symbol: string | undefined;
      let run = 0;
      for (const t of batch) {
        metrics.ingestToLog.observe((ackedAt - t.ingestTime) / 1000);
        const c = counters(t);
        c.produced++;
        c.lastTradeId = t.tradeId;
        c.lastTradeTime = t.tradeTime;
        if (t.symbol !== symbol) {
          if (symbol !== undefined) metrics.produced.inc({ symbol }, run);
          symbol = t.symbol;
          run = 0;
        }
        run++;
      }
      if (symbol !== undefined) metrics.produced.inc({ symbol }, run);
      options.onTradesProduced?.(batch, ackedAt);
    },
    onFatal: fail,
  });
  const deadLetters = new BatchingProducer<DeadLetter>({
    eventLog: options.eventLog,
    topic: topics.deadLetter,
    logger,
    lingerMs: 20,
    toRecord: (d) => ({
      key: TOPICS.deadLetter.keyOf(d),
      value: JSON.stringify(d),
    }),
    onFatal: fail,
  });
  const gaps = new BatchingProducer<TradeGap>({
    eventLog: options.eventLog,
    topic: topics.tradeGaps,
    logger,
    lingerMs: 0,
    toRecord: (g) => ({
      key: TOPICS.tradeGaps.keyOf(g),
      value: JSON.stringify(g),
    }),
    onFatal: fail,
  });

  const deadLetter = (raw: string, rejection: Rejection, sourceName: string) => {
    const time = Date.now();
    const letter: DeadLetter = {
      type: 'dead-letter',
      source: sourceName,
      code: rejection.code,
      reason:
        raw.length > maxRaw
          ? `${rejection.reason} (payload truncated from ${raw.length} characters)`
          : rejection.reason,
      raw: raw.length > maxRaw ? raw.slice(0, maxRaw) : raw,
      time,
      topic: topics.trades,
    };
    deadLetterCount++;
    deadLettersByCode.set(rejection.code, (deadLettersByCode.get(rejection.code) ?? 0) + 1);
    metrics.deadLetters.inc({ code: rejection.code, source: sourceName });
    deadLetterLog.warn(
      rejection.code,
      {
        code: rejection.code,
        reason: rejection.reason,
        source: sourceName,
        raw: raw.slice(0, 200),
      },
      'input rejected to the dead-letter topic',
    );
    deadLetters.add(letter);
  };

  const sequencer = new Sequencer({
    logger,
    emitTrade: (t) => trades.add(t),
    emitGap: (g) => {
      metrics.gaps.inc({ symbol: g.symbol, status: g.status });
      if (g.status === 'unrecoverable')
        metrics.missingTrades.inc({ symbol: g.symbol }, g.toTradeId - g.fromTradeId + 1);
      gaps.add(g);
    },
    emitRejected: deadLetter,
    onDuplicate: (t) => {
      counters(t).duplicates++;
      metrics.duplicates.inc({ symbol: t.symbol });
    },
    onBackfilled: (t) => {
      counters(t).backfilled++;
      metrics.backfilled.inc({ symbol: t.symbol });
    },
    waitForCapacity: () => trades.waitForCapacity(),
    ...(options.sequencing?.gapGraceMs !== undefined
      ? { gapGraceMs: options.sequencing.gapGraceMs }
      : {}),
    ...(options.sequencing?.maxHeld !== undefined ? { maxHeld: options.sequencing.maxHeld } : {}),
    ...(options.sequencing?.maxHoldMs !== undefined
      ? { maxHoldMs: options.sequencing.maxHoldMs }
      : {}),
  });

  const tails = new TailChecker({
    sequencer,
    logger,
    intervalMs: options.tailCheckMs ?? SETTINGS.ingestTailCheckMs.default,
  });
  source.onSubscribed?.((list, origin) => tails.subscribed(list, origin));

  const receivedChildren = new Map<string, { inc(): void }>();
  const handle = (message: RawMessage): void => {
    let result;
    try {
      result = mapMessage(message);
    } catch (error) {
      // Mappers are pure and total; this guards the promise that input never stops ingest.
      result = {
        kind: 'reject' as const,
        code: 'SCHEMA_VIOLATION' as const,
        reason: `mapper error: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (result.kind === 'trade') {
      const trade = result.trade;
      const c = counters(trade);
      c.received++;
      let child = receivedChildren.get(trade.symbol);
      if (child === undefined) {
        child = metrics.received.labels({ symbol: trade.symbol });
        receivedChildren.set(trade.symbol, child);
      }
      child.inc();
      lastDataAt = message.receivedAt;
      tails.observe(trade, message.origin, message.receivedAt);
      sequencer.push(trade, message.origin);
    } else if (result.kind === 'reject') {
      deadLetter(message.data, result, message.origin.deadLetterSource);
    }
  };

  const loop = async (): Promise<void> => {
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        const message = next.value;
        if (recorder !== undefined) {
          const slow = recorder.write(message.data);
          if (slow !== undefined) await slow;
        }
        handle(message);
        const wait = trades.waitForCapacity() ?? deadLetters.waitForCapacity();
        if (wait !== undefined) await wait;
      }
      tails.stop();
      await sequencer.flush(options.stopTimeoutMs ?? 5_000);
      await Promise.all([trades.flush(), gaps.flush(), deadLetters.flush()]);
      await recorder?.close();
    } catch (error) {
      tails.stop();
      fail(error);
    }
  };

  const sample = () => {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - lastTick) / 1000);
    lastTick = now;
    for (const c of symbols.values()) {
      c.rate = (c.produced - c.producedAtLastTick) / seconds;
      c.producedAtLastTick = c.produced;
    }
  };

  const sampleConnections = () => {
    const byState = { connecting: 0, open: 0, reconnecting: 0, closed: 0 };
    for (const connection of source.connections()) {
      byState[connection.state]++;
      const seen = seenConnections.get(connection.id) ?? { reconnects: 0, rotations: 0 };
      if (connection.reconnects > seen.reconnects)
        metrics.reconnects.inc(
          { connection: connection.id },
          connection.reconnects - seen.reconnects,
        );
      if (connection.rotations > seen.rotations)
        metrics.rotations.inc({ connection: connection.id }, connection.rotations - seen.rotations);
      seenConnections.set(connection.id, {
        reconnects: connection.reconnects,
        rotations: connection.rotations,
      });
    }
    for (const [name, count] of Object.entries(byState))
      metrics.connections.set({ state: name }, count);
    metrics.queued.set(source.buffered ?? 0);
  };

  const status = (): IngestStatus => {
    const connections = source.connections();
    const bySymbol: Record<string, SymbolStatus> = {};
    for (const [symbol, c] of symbols) {
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
    const s = sequencer.stats;
    return {
      state,
      source: source.name,
      ...(startedAt !== undefined ? { startedAt } : {}),
      symbols: bySymbol,
      connections,
      reconnects: connections.reduce((n, c) => n + c.reconnects, 0),
      rotations: connections.reduce((n, c) => n + c.rotations, 0),
      queued: source.buffered ?? 0,
      pendingProduce: trades.pending,
      produced: trades.producedCount,
      deadLetters: deadLetterCount,
      deadLettersByCode: Object.fromEntries(deadLettersByCode),
      gaps: {
        detected: s.gapsDetected,
        backfilled: s.gapsBackfilled,
        unrecoverable: s.gapsUnrecoverable,
        open: sequencer.activeGaps(),
        missingTrades: sequencer.missingNow(),
      },
      duplicates: s.duplicates,
      ...(failure !== undefined
        ? { error: failure instanceof Error ? failure.message : String(failure) }
        : {}),
    };
  };

  const stopTimers = () => {
    clearInterval(statusTimer);
    clearInterval(sampleTimer);
  };

  const start = async (): Promise<void> => {
    if (state !== 'idle') throw new TickstreamError('INGEST_ALREADY_STARTED', `ingest is ${state}`);
    state = 'starting';
    startedAt = Date.now();
    if (options.createTopics !== false) {
      // The schema's topics under the names this ingest writes (tests use their own).
      await options.eventLog.createTopics([
        { ...topicSpecOf(TOPICS.trades), name: topics.trades },
        { ...topicSpecOf(TOPICS.deadLetter), name: topics.deadLetter },
        { ...topicSpecOf(TOPICS.tradeGaps), name: topics.tradeGaps },
      ]);
    }
    if (options.resume !== undefined && options.resume.lookbackMs > 0) {
      const last = await readLastTradeIds({
        eventLog: options.eventLog,
        topic: topics.trades,
        sinceMs: Date.now() - options.resume.lookbackMs,
        logger,
      });
      sequencer.resume(last);
      if (last.length > 0)
        logger.info(
          { symbols: Object.fromEntries(last.map((l) => [l.symbol, l.lastId])) },
          'resuming after the last trade ids in the log',
        );
    }
    if (state !== 'starting') return; // stopped while the topics were being created
    state = 'running';
    lastTick = Date.now();
    tails.start();
    sampleTimer = setInterval(() => {
      sample();
      sampleConnections();
    }, 1_000);
    sampleTimer.unref();
    const every = options.statusIntervalMs ?? 10_000;
    if (every > 0) {
      statusTimer = setInterval(
        () => logger.info({ status: status() }, formatStatusLine(status())),
        every,
      );
      statusTimer.unref();
    }
    logger.info({ source: source.name, topics }, 'ingest started');
    run = loop().then(() => {
      stopTimers();
      sample();
      sampleConnections();
      if (failure !== undefined) {
        settleDone?.reject(failure);
        return;
      }
      if (state === 'running') state = 'finished';
      logger.info({ status: status() }, `${formatStatusLine(status())} (ingest ended)`);
      settleDone?.resolve();
    });
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (state === 'idle' || state === 'starting') {
        state = 'stopped';
        tails.stop();
        await source.return();
        await recorder?.close();
        settleDone?.resolve();
        return;
      }
      if (state === 'running') state = 'stopping';
      logger.info({}, 'stopping ingest: closing the source, then writing everything received');
      await source.stop();
      await run;
      if (state === 'stopping' || state === 'finished') state = 'stopped';
      if (failure !== undefined) throw failure;
    })();
    return stopping;
  };

  return {
    start,
    stop,
    status,
    health: () =>
      health(
        status(),
        [trades, deadLetters, gaps] as BatchingProducer<unknown>[],
        lastDataAt,
        options.staleAfterMs ?? SETTINGS.ingestStaleAfterMs.default,
      ),
    done,
    subscribe: async (list) => {
      if (source.subscribe === undefined)
        throw new TickstreamError(
          'UNSUPPORTED',
          `the ${source.name} source cannot subscribe at run time`,
        );
      await source.subscribe(list);
    },
    unsubscribe: async (list) => {
      if (source.unsubscribe === undefined)
        throw new TickstreamError(
          'UNSUPPORTED',
          `the ${source.name} source cannot unsubscribe at run time`,
        );
      await source.unsubscribe(list);
      tails.forget(list);
    },
  };
}
