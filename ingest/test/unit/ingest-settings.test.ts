import { loadSettings } from '@tickstream/core';
import { INGEST_SECTION } from '../../src/settings';

describe('the ingest settings', () => {
  it('default to live Binance USD-M trades on the 2026 market path', () => {
    const config = loadSettings(INGEST_SECTION, { env: {} });
    expect(config).toMatchObject({
      exchangeName: 'binance-futures',
      binanceWsUrl: 'wss://fstream.binance.com',
      binanceStreamPath: '/market/stream',
      binanceRestUrl: 'https://fapi.binance.com',
      binanceStream: 'trade',
      ingestBackfill: true,
      ingestSource: 'binance',
      ingestReplaySpeed: 1,
    });
  });

  it('read the mock exchange, aggTrade and a replay pace from the environment', () => {
    const config = loadSettings(INGEST_SECTION, {
      env: {
        BINANCE_WS_URL: 'ws://127.0.0.1:9443',
        BINANCE_REST_URL: 'http://127.0.0.1:9443',
        BINANCE_STREAM: 'aggTrade',
        INGEST_SOURCE: 'replay',
        INGEST_REPLAY_FILES: 'a.jsonl.gz, b.csv',
        INGEST_REPLAY_SPEED: '2.5',
        INGEST_BACKFILL: 'false',
      },
    });
    expect(config).toMatchObject({
      binanceWsUrl: 'ws://127.0.0.1:9443',
      binanceStream: 'aggTrade',
      ingestSource: 'replay',
      ingestReplayFiles: ['a.jsonl.gz', 'b.csv'],
      ingestReplaySpeed: 2.5,
      ingestBackfill: false,
    });
  });

  it('refuse values that cannot work, naming the variable', () => {
    expect(() =>
      loadSettings(INGEST_SECTION, {
        env: { BINANCE_WS_URL: 'http://x', BINANCE_STREAM: 'depth', INGEST_REPLAY_SPEED: '-1' },
      }),
    ).toThrow(/BINANCE_WS_URL[\s\S]*BINANCE_STREAM[\s\S]*INGEST_REPLAY_SPEED/);
  });
});
