import type { PipelineOptions } from '@tickstream/stream-processors';

/** What the process role needs besides the storage, logger and metrics the node gives it. */
export type ProcessRoleOptions = Omit<
  PipelineOptions,
  'eventLog' | 'clickhouse' | 'logger' | 'metrics'
>;

// The process and market sections' values become the pipeline's settings in the role itself.
export { pipelineSettings } from '@tickstream/stream-processors';
