import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { adaptersUnderTest } from '@tickstream/testkit';
import { openLiveServer, trade, waitFor, type LiveServer } from '../helpers/live-server';

const CANDLES = `subscription { candles(symbol: "BTCUSDT", interval: "1s") { start close tradeCount final } }`;
const PAIRS = `subscription { pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1s") { time priceX priceY hedgeRatio zScore } }`;

interface Received<T> {
  readonly value: T;
  readonly at: number;
}

function wsSubscribe<T>(client: Client, query: string, into: Received<T>[]): () => void {
  return client.subscribe<Record<string, T>>(
    { query },
    {
      next: (r) => {
        const value = r.data ? Object.values(r.data)[0] : undefined;
        if (value) into.push({ value, at: Date.now() });
      },
      error: (e) => {
        throw e instanceof Error ? e : new Error(JSON.stringify(e));
      },
      complete: () => undefined,
    },
  );
}

describe.each(adaptersUnderTest())('live updates over graphql-ws (%s log)', (adapter) => {
  let server: LiveServer;
  let ws: Client;
  let apollo: ApolloClient;
  let apolloWs: Client;
  const base = Date.UTC(2024, 6, 19, 12, 0, 0);

  beforeAll(async () => {
    server = await openLiveServer({ adapter });
    ws = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    apolloWs = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    apollo = new ApolloClient({ link: new GraphQLWsLink(apolloWs), cache: new InMemoryCache() });
  });
  afterAll(async () => {
    apollo?.stop();
    await ws?.dispose();
    await apolloWs?.dispose();
    await server?.cleanup();
  });

  it('delivers a candle update and a pair analytics update within 500 ms of the trade that caused them, to graphql-ws and Apollo clients', async () => {
    const candles: Received<{
      start: number;
      close: number;
      tradeCount: number;
      final: boolean;
    }>[] = [];
    const pairs: Received<{ time: number; priceX: number; priceY: number }>[] = [];
    const apolloCandles: Received<{ start: number; close: number }>[] = [];
    const apolloPairs: Received<{ time: number }>[] = [];
    const stops = [wsSubscribe(ws, CANDLES, candles), wsSubscribe(ws, PAIRS, pairs)];
    const subs = [
      apollo
        .subscribe<{ candles: { start: number; close: number } }>({ query: gql(CANDLES) })
        .subscribe({
          next: (r) => r.data && apolloCandles.push({ value: r.data.candles, at: Date.now() }),
        }),
      apollo.subscribe<{ pairAnalytics: { time: number } }>({ query: gql(PAIRS) }).subscribe({
        next: (r) => r.data && apolloPairs.push({ value: r.data.pairAnalytics, at: Date.now() }),
      }),
    ];
    await waitFor(
      () =>
        server.api.hub.candles.subscriberCount() === 2 &&
        server.api.hub.pairAnalytics.subscriberCount() === 2,
      10_000,
      'subscriptions',
    );

    const candleLatency: number[] = [];
    const pairLatency: number[] = [];
    for (let second = 0; second < 8; second++) {
      const t = base + second * 1_000;
      const price = 64_000 + second;
      // A BTC trade in a new second: its partial bar is the update it causes.
      const sentAt = Date.now();
      await server.produceTrades([trade('BTCUSDT', t + 100, price)]);
      await waitFor(
        () =>
          candles.some((c) => c.value.start === t && c.value.close === price) &&
          apolloCandles.some((c) => c.value.start === t && c.value.close === price),
        5_000,
        `candle ${second}`,
      );
      const got = candles.find((c) => c.value.start === t && c.value.close === price);
      const gotApollo = apolloCandles.find((c) => c.value.start === t && c.value.close === price);
      candleLatency.push((got?.at ?? 0) - sentAt, (gotApollo?.at ?? 0) - sentAt);
      // The ETH trade of the same second moves both legs past the previous second: that bar
      // becomes final on both legs and is analysed.
      const ethSentAt = Date.now();
      await server.produceTrades([trade('ETHUSDT', t + 200, 3_400 + second)]);
      if (second > 0) {
        const previous = t - 1_000;
        await waitFor(
          () =>
            pairs.some((p) => p.value.time === previous) &&
            apolloPairs.some((p) => p.value.time === previous),
          5_000,
          `pair analytics ${second}`,
        );
        const p = pairs.find((x) => x.value.time === previous);
        const pa = apolloPairs.find((x) => x.value.time === previous);
        pairLatency.push((p?.at ?? 0) - ethSentAt, (pa?.at ?? 0) - ethSentAt);
        expect(p?.value).toMatchObject({ priceX: 64_000 + second - 1, priceY: 3_400 + second - 1 });
      }
    }
    console.log(
      `[${adapter}] trade → candle update ms: ${candleLatency.join(', ')}; trade → pair analytics ms: ${pairLatency.join(', ')}`,
    );
    expect(Math.max(...candleLatency)).toBeLessThan(500);
    expect(Math.max(...pairLatency)).toBeLessThan(500);
    // Finals arrive too, after partials of the same bar.
    expect(candles.some((c) => c.value.final)).toBe(true);
    stops.forEach((stop) => stop());
    subs.forEach((s) => s.unsubscribe());
    await waitFor(() => server.api.hub.candles.subscriberCount() === 0, 5_000, 'unsubscribe');
  });
});
