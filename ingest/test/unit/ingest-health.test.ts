import { ingestHealth, type IngestHealthInput } from '../../src/pipeline/ingest-health';
import type { ConnectionStatus } from '../../src/types';

const NOW = 1_000_000;

function connection(overrides: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    id: 'binance-futures#1',
    state: 'open',
    url: 'wss://fstream.binance.com/market/stream?streams=btcusdt@trade/ethusdt@trade',
    streams: 2,
    reconnects: 0,
    rotations: 0,
    messages: 10,
    ...overrides,
  };
}

function input(overrides: Partial<IngestHealthInput> = {}): IngestHealthInput {
  return {
    now: NOW,
    state: 'running',
    startedAt: NOW - 120_000,
    connections: [connection()],
    lastDataAt: NOW - 1_000,
    staleAfterMs: 30_000,
    ...overrides,
  };
}

describe('ingest health', () => {
  it('is running while connections are open and trades arrive', () => {
    expect(ingestHealth(input())).toEqual({ state: 'running' });
  });

  it('is down, naming the URL, the time and the last error, when no connection was open for longer than the limit', () => {
    const down = connection({
      state: 'reconnecting',
      downSince: NOW - 42_000,
      lastError: 'connect ECONNREFUSED 127.0.0.1:9443',
    });
    expect(ingestHealth(input({ connections: [down] }))).toEqual({
      state: 'down',
      reason:
        'no connection to wss://fstream.binance.com/market/stream open for 42 s (last error: connect ECONNREFUSED 127.0.0.1:9443)',
    });
  });

  it('stays running while a connection is down for less than the limit (a reconnect)', () => {
    const down = connection({ state: 'reconnecting', downSince: NOW - 5_000 });
    expect(ingestHealth(input({ connections: [down] })).state).toBe('running');
  });

  it('is degraded when one connection of several is down for longer than the limit', () => {
    const down = connection({
      id: 'binance-futures#2',
      state: 'reconnecting',
      downSince: NOW - 60_000,
    });
    const health = ingestHealth(input({ connections: [connection(), down] }));
    expect(health.state).toBe('degraded');
    expect(health.reason).toContain('1 of 2 connections down');
  });

  it('is degraded when connections are open but no trade arrived for longer than the limit', () => {
    expect(ingestHealth(input({ lastDataAt: NOW - 45_000 }))).toEqual({
      state: 'degraded',
      reason: 'no market data for 45 s on open connections',
    });
  });

  it('is down while writes to the event log have failed for longer than the limit', () => {
    const health = ingestHealth(
      input({ logFailingSince: NOW - 31_000, logError: 'Connection error: ECONNREFUSED' }),
    );
    expect(health.state).toBe('down');
    expect(health.reason).toContain('cannot write to the event log for 31 s');
    expect(health.reason).toContain('ECONNREFUSED');
    expect(ingestHealth(input({ logFailingSince: NOW - 2_000 })).state).toBe('running');
  });

  it('is down when ingest failed or was stopped', () => {
    expect(ingestHealth(input({ state: 'failed', error: 'boom' }))).toEqual({
      state: 'down',
      reason: 'ingest failed: boom',
    });
    expect(ingestHealth(input({ state: 'stopped' })).state).toBe('down');
  });

  it('is not down when a replay or synthetic source ended normally', () => {
    const health = ingestHealth(
      input({ state: 'finished', connections: [], lastDataAt: NOW - 600_000 }),
    );
    expect(health.state).toBe('running');
  });

  it('does not ask a file or generator source for market data freshness', () => {
    expect(ingestHealth(input({ connections: [], lastDataAt: NOW - 600_000 })).state).toBe(
      'running',
    );
  });
});
