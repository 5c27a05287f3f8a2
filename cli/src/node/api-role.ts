import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { apiSettingsFromConfig, type ApiConfig, type ApiOptions } from '@tickstream/api';

/**
 * What the api role needs besides the storage, logger and metrics the node gives it, and
 * where it listens. In a node that also runs ingest or the processors, the node fills in
 * the ingest status, the roles' health and the shared pair registry unless given here.
 */
export interface ApiRoleOptions extends Partial<
  Omit<ApiOptions, 'eventLog' | 'clickhouse' | 'logger' | 'metrics'>
> {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
}

/** The built dashboard, when the dashboard workspace is installed and built. */
export function dashboardDir(): string | undefined {
  try {
    const dir = join(dirname(require.resolve('@tickstream/dashboard/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The api role's options from its section's and the market section's values. */
export function apiOptionsFromConfig(config: ApiConfig): ApiRoleOptions {
  const dashboard = dashboardDir();
  return {
    port: config.apiPort,
    host: config.apiHost,
    settings: apiSettingsFromConfig(config),
    ...(dashboard ? { dashboardDir: dashboard } : {}),
  };
}
