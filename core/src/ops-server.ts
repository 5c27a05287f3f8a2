import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ComponentState {
  readonly state: string;
  readonly reason?: string;
}

export interface RoleHealth {
  /** False when a component is down: /health answers 503. */
  readonly healthy: boolean;
  /** healthy: all running; degraded: some slowed but working; unhealthy: some down. */
  readonly status: 'healthy' | 'degraded' | 'unhealthy';
  /** Per component: its state and, when not running, why. */
  readonly components: Readonly<Record<string, ComponentState>>;
}

/**
 * States in which a component does no work now (a processor restarting its consumer,
 * ingest without a connection, anything stopped): a load balancer or a readiness probe
 * should act. `starting`, `stalled` and `degraded` work, or will without help.
 */
const DOWN_STATES: ReadonlySet<string> = new Set(['restarting', 'down', 'stopped']);

/** The verdict of a role from its components' states, for /health. */
export function summarizeHealth(components: Readonly<Record<string, ComponentState>>): RoleHealth {
  const states = Object.values(components).map((c) => c.state);
  const down = states.some((s) => DOWN_STATES.has(s));
  const status = down ? 'unhealthy' : states.every((s) => s === 'running') ? 'healthy' : 'degraded';
  return { healthy: !down, status, components };
}

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * /metrics (Prometheus text) and /health (200 or 503 with the reasons) for a role without
 * its own HTTP server (ingest, processors). The API serves both on its own port.
 */
export async function startOpsServer(options: {
  readonly port: number;
  readonly host?: string;
  readonly registry: Registry;
  readonly health: () => RoleHealth;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      options.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.registry.contentType });
          res.end(text);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error instanceof Error ? error.message : String(error));
        },
      );
      return;
    }
    if (req.method === 'GET' && (path === '/health' || path === '/healthz')) {
      const health = options.health();
      res.writeHead(health.healthy ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(health));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found: try /metrics or /health' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
