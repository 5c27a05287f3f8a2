import type { Logger } from '@tickstream/core';
import type { SourceSpec } from '@tickstream/ingest';
import type { Config } from '../settings';
import { apiOptionsFromConfig } from './api-role';
import {
  buildNode,
  type BuildNodeOptions,
  type NodeOptions,
  type Role,
  type TickstreamNode,
} from './build-node';
import { ingestOptionsFromConfig, type IngestRoleOptions } from './ingest-role';
import { storageFromConfig } from './node-storage';
import { pipelineSettings } from './process-role';

/**
 * The options of the roles a node runs, from the validated configuration (loadConfig has run
 * every section's checks). Only those roles' sections are read.
 */
export function nodeOptionsFromConfig(
  config: Config,
  logger: Logger,
  roles: readonly Role[],
): NodeOptions {
  return {
    ...(roles.includes('ingest')
      ? { ingest: ingestOptionsFromConfig(config, logger, config.candleIntervals) }
      : {}),
    ...(roles.includes('process') ? { process: pipelineSettings(config) } : {}),
    ...(roles.includes('api') ? { api: apiOptionsFromConfig(config) } : {}),
    opsPort: config.opsPort,
  };
}

/** A node of the given roles as the configuration describes it (what each command runs). */
export function nodeFromConfig(
  config: Config,
  logger: Logger,
  roles: readonly Role[],
  extra: Pick<BuildNodeOptions, 'alsoStop' | 'steps'> & {
    readonly options?: Partial<NodeOptions>;
    /** Told about every batch of trades ingest wrote (`--print-trades`). */
    readonly onTradesProduced?: IngestRoleOptions['onTradesProduced'];
    /** A source ingest reads beside the configured one (the demo's planted market). */
    readonly alsoIngest?: SourceSpec;
  } = {},
): TickstreamNode {
  const options = { ...nodeOptionsFromConfig(config, logger, roles), ...extra.options };
  const { onTradesProduced, alsoIngest } = extra;
  const ingest = options.ingest && {
    ...options.ingest,
    ...(onTradesProduced ? { onTradesProduced } : {}),
    ...(alsoIngest
      ? { source: { kind: 'combined' as const, sources: [options.ingest.source, alsoIngest] } }
      : {}),
  };
  return buildNode({
    roles,
    options: ingest ? { ...options, ingest } : options,
    storage: storageFromConfig(config, logger),
    logger,
    ...(extra.alsoStop ? { alsoStop: extra.alsoStop } : {}),
    ...(extra.steps ? { steps: extra.steps } : {}),
  });
}
