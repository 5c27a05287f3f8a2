import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry per process role (never prom-client's global one), so tests and the
 * embedded runtime can hold several roles' metrics side by side.
 */
export function createMetricsRegistry(labels: { readonly role: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role: labels.role });
  collectDefaultMetrics({ register: registry, prefix: 'tickstream_' });
  return registry;
}

export type { Registry } from 'prom-client';
