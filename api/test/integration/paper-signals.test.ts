import { PaperTrader } from '@tickstream/analytics';
import { PAIR_DEFAULTS, signalRow, TOPICS, type PairSpec, type Signal } from '@tickstream/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { waitFor } from '../helpers/live-server';

// Paper trading over the API: the signals the pair stage writes (here made by the same
// PaperTrader, on figures with known crossings) come out of the `signals` subscription over a
// real graphql-ws socket and out of the `signals` query, as the event says.

const spec: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1m',
  paper: {
    enabled: true,
    hedge: 'ols',
    fill: 'next-close',
    entry: 2,
    exit: 0.5,
    stop: null,
    maxBars: null,
    capital: 10_000,
    feeBps: 2,
    slippageBps: 0,
  },
};
const T0 = Date.UTC(2024, 6, 19, 12, 0);
const MINUTE = 60_000;
// Short the spread at 2.5 (filled a bar later), out at 0.2; long at −2.6, out at 0.1.
const Z = [0, 2.5, 1, 0.2, -2.6, -1, 0.1, 0];

function paperSignals(pair: PairSpec): Signal[] {
  const trader = PaperTrader.of(pair);
  if (trader === undefined) throw new Error('paper trading must be on for the test pair');
  return Z.flatMap((z, i) =>
    trader.step({
      time: T0 + i * MINUTE,
      priceX: 60_000 + 10 * i,
      priceY: 3_000 + i,
      beta: 0.05,
      z,
      kalmanBeta: null,
      kalmanZ: null,
    }),
  );
}

const FIELDS = `pair interval run time kind action side reason signalTime z beta priceY priceX
  qtyY qtyX fees position positionQtyY positionQtyX entryTime barsHeld pnl realized equity`;

/** The event as the GraphQL type shows it: every field but `type`, `symbolX/Y` and `version`. */
function shown(s: Signal) {
  const { type: _type, symbolX: _x, symbolY: _y, version: _v, ...rest } = s;
  return rest;
}

describe('paper-trading signals over GraphQL', () => {
  let h: ApiHarness;
  let client: Client;
  const signals = paperSignals(spec);
  const other = paperSignals({ ...spec, symbolY: 'SOLUSDT' });

  beforeAll(async () => {
    h = await openApiHarness();
    const url = `${(await h.api.listen(0)).url.replace('http', 'ws')}/graphql`;
    client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await h.cleanup();
  });

  it('has signals with known fills to serve', () => {
    expect(signals.map((s) => `${(s.time - T0) / MINUTE}:${s.kind}:${s.action}:${s.side}`)).toEqual(
      [
        '1:order:open:short',
        '2:fill:open:short',
        '3:order:close:short',
        '4:fill:close:short',
        '4:order:open:long',
        '5:fill:open:long',
        '6:order:close:long',
        '7:fill:close:long',
      ],
    );
    // Short the spread: sell y for the capital, buy β·|q_y| of x; 2 bps on each leg.
    const open = signals[1];
    expect(open?.qtyY).toBe(-10_000 / 3_002);
    expect(open?.qtyX).toBe(0.05 * (10_000 / 3_002));
    // 2 bps of 10,000 on y, of 0.05·10,000/3,002 · 60,020 on x (hand-computed: 2 + 1.99933…).
    expect(open?.fees).toBeCloseTo(2 + (0.05 * 10_000 * 60_020 * 2e-4) / 3_002, 12);
  });

  it('delivers the signals of one pair over a graphql-ws subscription', async () => {
    const received: Record<string, unknown>[] = [];
    const errors: unknown[] = [];
    client.subscribe<{ signals: Record<string, unknown> }>(
      { query: `subscription { signals(pair: "ETHUSDT/BTCUSDT") { ${FIELDS} } }` },
      {
        next: (r) => {
          if (r.errors) errors.push(...r.errors);
          if (r.data) received.push(r.data.signals);
        },
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    await waitFor(() => h.api.hub.signals.subscriberCount() === 1, 5_000, 'the subscription');
    await h.log.log.produce(
      TOPICS.signals.name,
      [...other, ...signals].map((s) => ({
        key: TOPICS.signals.keyOf(s),
        value: JSON.stringify(s),
      })),
    );
    await waitFor(() => received.length >= signals.length, 5_000, 'every signal of the pair');
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toEqual([]);
    expect(received).toEqual(signals.map(shown));
  });

  it('answers the query of stored signals, newest `last` in time order', async () => {
    await h.ch.client.insert({
      table: 'signals',
      values: [...signals, ...other].map(signalRow),
      format: 'JSONEachRow',
      clickhouse_settings: { precise_float_parsing: 1 } as Record<string, number>,
    });
    const all = await h.gql<{ signals: unknown[] }>(
      `{ signals(pair: "ETHUSDT/BTCUSDT", interval: "1m") { ${FIELDS} } }`,
    );
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data?.signals).toEqual(signals.map(shown));

    const lastThree = await h.gql<{ signals: unknown[] }>(
      `{ signals(pair: "ETHUSDT/BTCUSDT", interval: "1m", last: 3) { time kind } }`,
    );
    expect(lastThree.body.data?.signals).toEqual(
      signals.slice(-3).map((s) => ({ time: s.time, kind: s.kind })),
    );
    const otherRun = await h.gql<{ signals: unknown[] }>(
      `{ signals(pair: "ETHUSDT/BTCUSDT", interval: "1m", run: "kalman") { time } }`,
    );
    expect(otherRun.body.data?.signals).toEqual([]);
    const bad = await h.gql<{ signals: unknown[] }>(`{ signals(pair: "ETHUSDT") { time } }`);
    expect(bad.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
