import type { ComponentHealth, Health, IngestStatus, ProcessorLag } from '../generated/graphql';
import { selectRows } from '../storage/rows';
import type { IngestStatusSnapshot } from '../options';
import { cacheKey, type OperationsDeps } from './context';

async function lagOf(deps: OperationsDeps): Promise<ProcessorLag[]> {
  return Promise.all(
    deps.processorGroups.map(async (g): Promise<ProcessorLag> => {
      try {
        const [end, committed] = await Promise.all([
          deps.eventLog.endOffsets(g.topic),
          deps.eventLog.committedOffsets(g.groupId, g.topic),
        ]);
        if (committed.size === 0) return { ...g, lag: null };
        let lag = 0;
        for (const [partition, next] of end)
          lag += Math.max(0, next - (committed.get(partition) ?? 0));
        return { ...g, lag };
      } catch {
        return { ...g, lag: null };
      }
    }),
  );
}

function historyOf(s: IngestStatusSnapshot): IngestStatus['history'] {
  const h = s.history;
  if (h === undefined) return null;
  return {
    state: h.state,
    percent: h.percent,
    bars: h.bars,
    aggTrades: h.aggTrades,
    requests: h.requests,
    series: Object.entries(h.symbols).flatMap(([symbol, list]) =>
      list.map((x) => ({ symbol, ...x })),
    ),
    error: h.error ?? null,
  };
}

/** Ingest status: the provider's counters, gaps seen on md.trade-gaps.v1, processor lag. */
export async function ingestStatus(deps: OperationsDeps): Promise<IngestStatus> {
  const processors = await deps.cache.get(cacheKey('processor-lag', {}), [], () => lagOf(deps));
  const s = deps.ingestStatus?.();
  const recentGaps = deps.live.recentGaps.map((g) => ({
    exchange: g.exchange,
    symbol: g.symbol,
    fromTradeId: g.fromTradeId,
    toTradeId: g.toTradeId,
    detectedAt: g.detectedAt,
    status: g.status,
    reason: g.reason,
  }));
  if (!s) {
    return {
      available: false,
      history: null,
      state: null,
      source: null,
      startedAt: null,
      connections: [],
      symbols: [],
      gaps: null,
      recentGaps,
      deadLetters: null,
      processors,
      time: Date.now(),
    };
  }
  return {
    available: true,
    history: historyOf(s),
    state: s.state,
    source: s.source,
    startedAt: s.startedAt ?? null,
    connections: s.connections.map((c) => ({
      id: c.id,
      state: c.state,
      url: c.url,
      streams: c.streams,
      reconnects: c.reconnects,
      connectedAt: c.connectedAt ?? null,
      lastMessageAt: c.lastMessageAt ?? null,
      messages: c.messages,
    })),
    symbols: Object.entries(s.symbols).map(([symbol, v]) => ({
      symbol,
      exchange: v.exchange,
      received: v.received,
      produced: v.produced,
      duplicates: v.duplicates,
      backfilled: v.backfilled,
      ratePerSecond: v.ratePerSecond,
      lastTradeId: v.lastTradeId ?? null,
      lastTradeTime: v.lastTradeTime ?? null,
    })),
    gaps: { ...s.gaps },
    recentGaps,
    deadLetters: s.deadLetters,
    processors,
    time: Date.now(),
  };
}

const STATE_STATUS = {
  running: 'ok',
  starting: 'degraded',
  degraded: 'degraded',
  stalled: 'degraded',
  restarting: 'down',
  down: 'down',
  stopped: 'down',
} as const;

async function storageHealth(deps: OperationsDeps): Promise<ComponentHealth> {
  return deps.cache
    .get(cacheKey('storage-ping', {}), [], async () => {
      await selectRows(deps.clickhouse, 'SELECT 1 AS ok', {}, 'checking ClickHouse');
      return null;
    })
    .then(
      (): ComponentHealth => ({ name: 'clickhouse', status: 'ok', reason: null }),
      (error: unknown): ComponentHealth => ({
        name: 'clickhouse',
        status: 'down',
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
}

function feedHealth(deps: OperationsDeps): ComponentHealth {
  const feed = deps.feed()?.state();
  return {
    name: 'live-feed',
    status:
      feed === undefined || feed.status === 'stopped'
        ? 'down'
        : feed.status === 'running'
          ? 'ok'
          : feed.status === 'starting'
            ? 'degraded'
            : 'down',
    reason: feed?.reason ?? (feed === undefined ? 'not started' : null),
  };
}

/**
 * Storage reachability, the live feed, and every role the health provider reports. One
 * component down (storage unreachable, a processor restarting, ingest unable to reach the
 * exchange) makes the whole `unhealthy`, which /health answers with 503.
 */
export async function health(deps: OperationsDeps): Promise<Health> {
  const components: ComponentHealth[] = [await storageHealth(deps), feedHealth(deps)];
  for (const [name, role] of Object.entries(deps.health?.() ?? {})) {
    components.push({ name, status: STATE_STATUS[role.state], reason: role.reason ?? null });
  }
  const status = components.some((c) => c.status === 'down')
    ? 'unhealthy'
    : components.every((c) => c.status === 'ok')
      ? 'healthy'
      : 'degraded';
  return { status, time: Date.now(), components };
}
