export { ROLES, buildNode } from './build-node';
export type { BuildNodeOptions, NodeOptions, NodeParts, Role, TickstreamNode } from './build-node';
export { apiOptionsFromConfig, dashboardDir } from './api-role';
export type { ApiRoleOptions } from './api-role';
export { ingestOptionsFromConfig, liveSyntheticSource, sourceFromConfig } from './ingest-role';
export type { IngestRoleOptions } from './ingest-role';
export { nodeFromConfig, nodeOptionsFromConfig } from './node-options';
export { sharedStorage, storageFromConfig } from './node-storage';
export type { NodeStorage, StorageSource } from './node-storage';
export { pipelineSettings } from './process-role';
export type { ProcessRoleOptions } from './process-role';
// The processors' table, for those who watch their lag without running the pipeline.
export { PROCESSORS } from '@tickstream/stream-processors';
