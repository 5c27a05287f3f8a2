import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/settings';
import { buildProgram } from '../../src/program';

const root = join(__dirname, '..', '..', '..');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, unknown>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number | string };
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const tickstreamServices = Object.entries(compose.services).filter(
  ([, s]) => s.image === 'tickstream:local',
);

describe('docker-compose.yml', () => {
  it('has Kafka, ClickHouse, a one-shot init, ingest, processors, the screener, API and dashboard, each with a health check or a completion gate', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'clickhouse', 'dashboard', 'ingest', 'init', 'kafka', 'processor', 'screener'].sort(),
    );
    for (const name of ['kafka', 'clickhouse', 'ingest', 'processor', 'screener', 'api']) {
      expect(compose.services[name]?.healthcheck?.test.length).toBeGreaterThan(1);
    }
    for (const [name, service] of tickstreamServices) {
      if (name !== 'init')
        expect(service.depends_on?.['init']?.condition).toBe('service_completed_successfully');
    }
    expect(Object.keys(compose.volumes).sort()).toEqual(['clickhouse-data', 'kafka-data']);
  });

  it('runs only tickstream commands that exist', () => {
    const commands = new Set(buildProgram().commands.map((c) => c.name()));
    expect(tickstreamServices.map(([name, s]) => [name, s.command?.[0]])).toEqual([
      ['init', 'migrate'],
      ['ingest', 'ingest'],
      ['processor', 'process'],
      ['screener', 'process'],
      ['api', 'api'],
    ]);
    for (const [, service] of tickstreamServices)
      expect(commands.has(service.command?.[0] ?? '')).toBe(true);
  });

  it('sets only environment variables tickstream reads', () => {
    const known = new Set(Object.values(SETTINGS).map((s) => s.env));
    for (const [name, service] of tickstreamServices) {
      const unknown = Object.keys(service.environment ?? {}).filter((key) => !known.has(key));
      expect([name, unknown]).toEqual([name, []]);
    }
  });

  it('runs the screener in one process only: its universe needs every symbol in one place', () => {
    expect(compose.services['processor']?.environment?.['SCREENER_SYMBOLS']).toBe('none');
    expect(compose.services['screener']?.deploy?.replicas).toBe(1);
    expect(compose.services['screener']?.environment?.['SCREENER_SYMBOLS']).toBe(
      '${SCREENER_SYMBOLS:-*}',
    );
  });

  it('checks health on the ports the roles listen on', () => {
    for (const name of ['ingest', 'processor', 'screener']) {
      const service = compose.services[name]!;
      expect(String(service.environment?.['OPS_PORT'])).toBe('9464');
      expect(service.healthcheck?.test.join(' ')).toContain('localhost:9464/health');
    }
    expect(String(compose.services['api']?.environment?.['API_PORT'])).toBe('8080');
    expect(compose.services['api']?.healthcheck?.test.join(' ')).toContain('localhost:8080/health');
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('installs every workspace from its package.json before copying the sources', () => {
    const workspaces = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
    ).workspaces;
    const copied = [...dockerfile.matchAll(/^COPY (\S+)\/package\.json /gm)].map((m) => m[1]);
    expect(copied.sort()).toEqual([...workspaces].sort());
    for (const ws of workspaces) expect(existsSync(join(root, ws, 'package.json'))).toBe(true);
  });

  it('runs the CLI entry as an unprivileged user in the runtime stage', () => {
    const runtime = dockerfile.split('AS runtime')[1]?.split('AS dashboard')[0] ?? '';
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('ENTRYPOINT ["node", "cli/dist/main.js"]');
    const bin = (
      JSON.parse(readFileSync(join(root, 'cli', 'package.json'), 'utf8')) as {
        bin: Record<string, string>;
      }
    ).bin;
    expect(bin['tickstream']).toBe('dist/main.js');
  });
});
