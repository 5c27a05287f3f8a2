import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, eventLogKind } from '@tickstream/core';
import { loadConfig } from '../../src/settings';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.dataDir).toBe('.data');
    expect(config.apiPort).toBe(8080);
    expect(config.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(config.clickhouseUrl).toBeUndefined();
    expect(eventLogKind(config)).toBe('embedded');
  });

  it('reads and converts environment variables', () => {
    const config = loadConfig({
      env: {
        API_PORT: '9000',
        SYMBOLS: 'btcusdt, solusdt',
        KAFKA_BROKERS: '127.0.0.1:9092,kafka:9093',
        CLICKHOUSE_URL: 'http://clickhouse:8123',
      },
    });
    expect(config.apiPort).toBe(9000);
    expect(config.symbols).toEqual(['BTCUSDT', 'SOLUSDT']);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092', 'kafka:9093']);
    expect(config.clickhouseUrl).toBe('http://clickhouse:8123');
    expect(eventLogKind(config)).toBe('kafka');
  });

  it('lets flags override the environment, and the environment override the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ apiPort: 7000, dataDir: '/from/file', logLevel: 'debug' }),
    );
    const config = loadConfig({
      env: { API_PORT: '7100', LOG_LEVEL: 'warn' },
      flags: { logLevel: 'error' },
      file,
    });
    expect(config.dataDir).toBe('/from/file');
    expect(config.apiPort).toBe(7100);
    expect(config.logLevel).toBe('error');
  });

  it('names the setting, the bad value and what is allowed', () => {
    const error = configError(() => loadConfig({ env: { API_PORT: 'eighty' } }));
    expect(error.message).toBe(
      'Invalid configuration:\n  - API_PORT = "eighty": expected an integer from 0 to 65535',
    );
  });

  it('lists every invalid setting at once, naming flags as flags', () => {
    const error = configError(() =>
      loadConfig({
        env: { LOG_LEVEL: 'loud', CLICKHOUSE_URL: 'ftp://x' },
        flags: { kafkaBrokers: 'localhost' },
      }),
    );
    expect(error.problems).toEqual([
      'LOG_LEVEL = "loud": expected one of trace, debug, info, warn, error, silent',
      '--kafka-brokers = "localhost": expected a comma-separated list of host:port',
      'CLICKHOUSE_URL = "ftp://x": expected an http(s) URL, e.g. http://clickhouse:8123',
    ]);
  });

  it('never prints a secret value in an error', () => {
    const error = configError(() => loadConfig({ flags: { clickhousePassword: 42 } }));
    expect(error.message).toBe(
      'Invalid configuration:\n  - --clickhouse-password = (hidden): expected a string',
    );
  });

  it('explains that the Kafka runtime needs brokers', () => {
    const error = configError(() => loadConfig({ env: { TICKSTREAM_EVENT_LOG: 'kafka' } }));
    expect(error.problems).toEqual([
      'TICKSTREAM_EVENT_LOG = "kafka" needs KAFKA_BROKERS (--kafka-brokers), e.g. KAFKA_BROKERS=localhost:9092',
    ]);
  });

  it('rejects unknown keys and broken JSON in a config file with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-config-'));
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ apiPrt: 1 }));
    expect(configError(() => loadConfig({ file: typo })).message).toMatch(
      new RegExp(`^The config file ${typo} has unknown setting\\(s\\) apiPrt; known: dataDir, `),
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "apiPort": ');
    expect(configError(() => loadConfig({ file: broken })).message).toMatch(
      new RegExp(`^The config file ${broken} is not valid JSON: `),
    );
    const badValue = join(dir, 'bad.json');
    writeFileSync(badValue, JSON.stringify({ apiPort: 70000 }));
    expect(
      configError(() => loadConfig({ env: { TICKSTREAM_CONFIG: badValue } })).problems,
    ).toEqual([`apiPort in ${badValue} = 70000: expected an integer from 0 to 65535`]);
  });

  it('reads the alert hysteresis settings from the environment and flags, and refuses an inverted band', () => {
    const config = loadConfig({
      env: { ADF_PVALUE_EXIT: '0.2', ADF_DWELL_BARS: '5', CORRELATION_RESTORE: '0.65' },
      flags: { correlationDwellBars: 8 },
    });
    expect(config).toMatchObject({
      adfPValueLevel: 0.05,
      adfPValueExit: 0.2,
      adfDwellBars: 5,
      correlationBreak: 0.5,
      correlationRestore: 0.65,
      correlationDwellBars: 8,
    });
    expect(
      configError(() =>
        loadConfig({ env: { ADF_PVALUE_LEVEL: '0.2', CORRELATION_RESTORE: '0.4' } }),
      ).problems,
    ).toEqual([
      'ADF_PVALUE_EXIT = 0.1 must be at least ADF_PVALUE_LEVEL = 0.2',
      'CORRELATION_RESTORE = 0.4 must be at least CORRELATION_BREAK = 0.5',
    ]);
    expect(configError(() => loadConfig({ env: { ADF_DWELL_BARS: '0' } })).problems).toEqual([
      'ADF_DWELL_BARS = "0": expected an integer number of bars from 1 (at once) to 100000',
    ]);
  });

  it("lists every section's cross-field problem once each value is valid on its own", () => {
    const error = configError(() =>
      loadConfig({
        env: {
          ZSCORE_EXIT: '3',
          STATS_WINDOWS: '60x1s,10x1h',
          CANDLE_MAX_LATENESS_MS: '1000',
        },
      }),
    );
    expect(error.problems).toEqual([
      'ZSCORE_EXIT = 3 must be below ZSCORE_ENTRY = 2',
      'STATS_WINDOWS entry "10x1h" needs at least 2 bars of an interval in CANDLE_INTERVALS (1s,1m,5m)',
      'CANDLE_MAX_LATENESS_MS = 1000 is below CANDLE_ALLOWED_LATENESS_MS = 2000: it must be at least as large',
    ]);
  });
});
