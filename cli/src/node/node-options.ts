import type { Logger } from '@tickstream/core';
import type { Config } from '../settings';
import { apiOptionsFromConfig } from './api-role';
import {
  buildNode,
  type BuildNodeOptions,
  type NodeOptions,
  type Role,
  type TickstreamNode,
} from './build-node';
import { ingestOptionsFromConfig } from './ingest-role';
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
  } = {},
): TickstreamNode {
  return buildNode({
    roles,
    options: { ...nodeOptionsFromConfig(config, logger, roles), ...extra.options },
    storage: storageFromConfig(config, logger),
    logger,
    ...(extra.alsoStop ? { alsoStop: extra.alsoStop } : {}),
    ...(extra.steps ? { steps: extra.steps } : {}),
  });
}
