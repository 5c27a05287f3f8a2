import { buildApi, type Api, type ApiOptions } from '@tickstream/api';
import {
  createMetricsRegistry,
  startOpsServer,
  stopInOrder,
  summarizeHealth,
  TickstreamError,
  type ClickHouseClient,
  type Component,
  type ComponentState,
  type EventLog,
  type Logger,
  type OpsServer,
  type Registry,
  type RoleHealth,
  type Shutdown,
} from '@tickstream/core';
import { buildIngest, type Ingest } from '@tickstream/ingest';
import { buildPipeline, PROCESSORS, type Pipeline } from '@tickstream/stream-processors';
import type { ApiRoleOptions } from './api-role';
import type { IngestRoleOptions } from './ingest-role';
import type { NodeStorage, StorageSource } from './node-storage';
import type { ProcessRoleOptions } from './process-role';

export const ROLES = ['ingest', 'process', 'api'] as const;
/** ingest: exchange → md.trades.v1; process: the stream processors; api: HTTP and GraphQL. */
export type Role = (typeof ROLES)[number];

/** Each role's own options; a role the node does not run needs none. */
export interface NodeOptions {
  readonly ingest?: IngestRoleOptions;
  readonly process?: ProcessRoleOptions;
  readonly api?: ApiRoleOptions;
  /** /metrics and /health of a node without the api role (which serves both); 0: none. */
  readonly opsPort?: number;
  /**
   * Said, with the exchange's URL, every 15 s while ingest reads the exchange and has no
   * open connection (ingest keeps retrying on its own).
   */
  readonly unreachableHint?: string;
}

export interface BuildNodeOptions {
  readonly roles: readonly Role[];
  readonly options: NodeOptions;
  readonly storage: StorageSource;
  readonly logger: Logger;
  /** The process's registry (default: a new one labelled with the node's role). */
  readonly metrics?: Registry;
  /** Stopped after the roles and before the storage closes (a demo's mock exchange). */
  readonly alsoStop?: readonly Component[];
  /** Told each step of start() as it begins, for a console that says what it waits for. */
  readonly steps?: (message: string) => void;
}

/** The running parts of a started node. */
export interface NodeParts {
  readonly eventLog: EventLog;
  readonly clickhouse?: ClickHouseClient;
  readonly ingest?: Ingest;
  readonly pipeline?: Pipeline;
  readonly api?: Api;
  /** Where the api listens. */
  readonly url?: string;
  readonly port?: number;
  readonly ops?: OpsServer;
}

/**
 * Some of tickstream's roles on one event log and one ClickHouse: the one place where the
 * program is wired together. Building has no side effects; start() opens the storage,
 * builds the roles and starts them; stop() stops them in order (stop reading, flush, close).
 */
export interface TickstreamNode extends Shutdown {
  readonly roles: readonly Role[];
  start(): Promise<NodeParts>;
  /** The started parts; throws before start(). */
  parts(): NodeParts;
  /** Every role's components and their verdict, as /health reports them. */
  health(): RoleHealth;
}

const roleLabel = (roles: readonly Role[]): string =>
  roles.length === 1 ? String(roles[0]) : 'all';

function needOptions<T>(role: Role, options: T | undefined): T {
  if (options === undefined) {
    throw new TickstreamError('NODE_OPTIONS_MISSING', `the ${role} role needs its options`);
  }
  return options;
}

function needClickHouse(storage: NodeStorage): ClickHouseClient {
  if (!storage.clickhouse) {
    throw new TickstreamError(
      'NODE_OPTIONS_MISSING',
      'the process and api roles need ClickHouse, and the storage has none',
    );
  }
  return storage.clickhouse;
}

interface Built {
  readonly storage: NodeStorage;
  readonly ingest?: Ingest;
  readonly pipeline?: Pipeline;
  readonly api?: Api;
}

/** What the roles report to /health: ingest's verdict and every processor's. */
function rolesHealth(built: Pick<Built, 'ingest' | 'pipeline'>) {
  return {
    ...(built.ingest ? { ingest: built.ingest.health() } : {}),
    ...(built.pipeline ? built.pipeline.health() : {}),
  };
}

/** Builds the roles asked for on the opened storage; nothing starts here. */
function buildRoles(
  build: BuildNodeOptions,
  storage: NodeStorage,
  metrics: Registry,
  processorGroups: ApiOptions['processorGroups'],
): Built {
  const { roles, options, logger } = build;
  const { eventLog } = storage;
  const pipeline = roles.includes('process')
    ? buildPipeline({
        eventLog,
        clickhouse: needClickHouse(storage),
        logger,
        metrics,
        ...needOptions('process', options.process),
      })
    : undefined;
  const ingest = roles.includes('ingest')
    ? buildIngest({ eventLog, logger, metrics, ...needOptions('ingest', options.ingest) })
    : undefined;
  if (!roles.includes('api')) return { storage, ingest, pipeline };
  const { port: _port, host: _host, ...apiOptions } = needOptions('api', options.api);
  const api = buildApi({
    eventLog,
    clickhouse: needClickHouse(storage),
    logger,
    metrics,
    // The pipeline's table is the one source of the processors' groups and topics.
    processorGroups: processorGroups ?? PROCESSORS,
    // One process, one view of the analysed pairs: the API's changes reach the processors.
    ...(pipeline ? { pairRegistry: pipeline.pairs } : {}),
    ...(ingest ? { ingestStatus: () => ingest.status() } : {}),
    ...(ingest || pipeline ? { health: () => rolesHealth({ ingest, pipeline }) } : {}),
    ...apiOptions,
  });
  return { storage, ingest, pipeline, api };
}

/** Warns while ingest reads the exchange without an open connection. */
function watchExchange(ingest: Ingest, options: NodeOptions, logger: Logger): () => void {
  const source = options.ingest?.source;
  const hint = options.unreachableHint;
  if (hint === undefined || !source || !('kind' in source) || source.kind !== 'binance') {
    return () => {};
  }
  const url = source.wsUrl;
  const watch = setInterval(() => {
    const status = ingest.status();
    const open = status.connections.some((c) => c.state === 'open');
    if (!open && status.connections.length > 0) {
      logger.warn(
        { url, connections: status.connections.map((c) => c.state) },
        `cannot reach the exchange at ${url}; retrying. ${hint}`,
      );
    }
  }, 15_000);
  return () => clearInterval(watch);
}

export function buildNode(build: BuildNodeOptions): TickstreamNode {
  const { roles, options, logger } = build;
  const metrics = build.metrics ?? createMetricsRegistry({ role: roleLabel(roles) });
  let built: Built | undefined;
  let started: NodeParts | undefined;
  let stopped = false;
  let ops: OpsServer | undefined;
  let unwatch = () => {};

  const components: Component[] = [
    {
      name: 'ingest',
      stop: async () => {
        unwatch();
        await built?.ingest?.stop();
      },
    },
    { name: 'stream processors', stop: async () => built?.pipeline?.stop() },
    { name: 'API server', stop: async () => built?.api?.close() },
    { name: 'ops server', stop: async () => ops?.close() },
    ...(build.alsoStop ?? []),
    { name: 'event log and ClickHouse', stop: async () => built?.storage.close() },
  ];
  const shutdown = stopInOrder(components);

  async function startRoles(): Promise<NodeParts> {
    const step = build.steps ?? (() => {});
    step('opening the event log and storage, preparing topics and tables');
    const needsClickHouse = roles.includes('process') || roles.includes('api');
    const storage = await build.storage({ clickhouse: needsClickHouse });
    built = buildRoles(build, storage, metrics, options.api?.processorGroups);
    const { ingest, pipeline, api } = built;
    if (pipeline) {
      step('starting stream processors');
      await pipeline.start();
    }
    const where = api ? await api.listen(options.api?.port ?? 0, options.api?.host) : undefined;
    if (!api && (options.opsPort ?? 0) > 0) {
      ops = await startOpsServer({
        port: options.opsPort ?? 0,
        registry: metrics,
        health: () => summarizeHealth(rolesHealth({ ingest, pipeline })),
      });
    }
    if (ingest) {
      step('starting ingest');
      await ingest.start();
      unwatch = watchExchange(ingest, options, logger);
    }
    return {
      eventLog: storage.eventLog,
      ...(storage.clickhouse ? { clickhouse: storage.clickhouse } : {}),
      ...(ingest ? { ingest } : {}),
      ...(pipeline ? { pipeline } : {}),
      ...(api && where ? { api, url: where.url, port: where.port } : {}),
      ...(ops ? { ops } : {}),
    };
  }

  return {
    roles,
    async start() {
      if (started) return started;
      try {
        started = await startRoles();
      } catch (error) {
        // What did start is stopped again: a failed start leaves nothing running.
        await shutdown.stop().catch(() => undefined);
        throw error;
      }
      return started;
    },
    stop: async () => {
      stopped = true;
      await shutdown.stop();
    },
    unfinished: () => shutdown.unfinished(),
    parts() {
      if (!started) throw new TickstreamError('NODE_NOT_STARTED', 'the node has not started');
      return started;
    },
    health() {
      const states: Record<string, ComponentState> = {};
      for (const role of roles) {
        if (role === 'process' && built?.pipeline) Object.assign(states, built.pipeline.health());
        else if (role === 'ingest' && built?.ingest) states['ingest'] = built.ingest.health();
        else {
          states[role] = { state: stopped ? 'stopped' : started ? 'running' : 'starting' };
        }
      }
      return summarizeHealth(states);
    },
  };
}
