import { TOPICS, validatePairConfig, type PairConfig } from '@tickstream/schema';
import { openLiveServer, waitFor, type LiveServer } from '../helpers/live-server';
import { pairTape } from '../helpers/tape';

const T0 = Date.UTC(2024, 7, 1, 12, 0, 0);

interface Gql<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<T>(
  s: LiveServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Gql<T> }> {
  const response = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Gql<T> };
}

const ADD = `mutation ($input: PairInput!) {
  addPair(input: $input) { pair symbolX symbolY intervals analysed { interval olsWindow zScoreWindow zScoreEntry } }
}`;
const PAIRS = `{ pairs { pair intervals analysed { interval olsWindow } } }`;
const HISTORY = `query ($first: Int) {
  pairAnalyticsHistory(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1s", first: $first) {
    edges { node { time hedgeRatio zScore olsWindow } }
  }
}`;

interface PairInfo {
  pair: string;
  intervals: string[];
  analysed: { interval: string; olsWindow: number; zScoreWindow?: number; zScoreEntry?: number }[];
}

describe('pairs added and removed through the API, on a running pipeline', () => {
  let s: LiveServer;
  beforeAll(async () => {
    // No configured pair: every pair here comes from the API.
    s = await openLiveServer({ pairs: [], settings: { apiKeys: ['k1'], pairs: [] } });
    await s.produceTrades(pairTape(T0, 240));
    await s.pipeline.drained();
  });
  afterAll(() => s.cleanup());
  const key = { 'x-api-key': 'k1' };

  it('needs the key like every route', async () => {
    const { status, body } = await gql(s, ADD, {
      input: { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT' },
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const rest = await fetch(`${s.url}/api/v1/pairs`, { method: 'POST', body: '{}' });
    expect(rest.status).toBe(401);
  });

  it('analyses an added pair with its history at once, lists it, publishes the change and removes it', async () => {
    const input = {
      symbolX: 'BTCUSDT',
      symbolY: 'ETHUSDT',
      interval: '1s',
      olsWindow: 30,
      zScoreWindow: 10,
    };
    const added = await gql<{ addPair: PairInfo }>(s, ADD, { input }, key);
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data?.addPair).toEqual({
      pair: 'ETHUSDT/BTCUSDT',
      symbolX: 'BTCUSDT',
      symbolY: 'ETHUSDT',
      intervals: ['1s'],
      // Settings left out take the configured defaults.
      analysed: [{ interval: '1s', olsWindow: 30, zScoreWindow: 10, zScoreEntry: 2 }],
    });
    const listed = await gql<{ pairs: PairInfo[] }>(s, PAIRS, {}, key);
    expect(listed.body.data?.pairs).toEqual([
      { pair: 'ETHUSDT/BTCUSDT', intervals: ['1s'], analysed: [{ interval: '1s', olsWindow: 30 }] },
    ]);

    // The change is a PairConfig record on md.pair-config.v1 for every process.
    const records: PairConfig[] = [];
    const consumer = await s.log.log.consume({
      groupId: `read-pair-config-${Date.now()}`,
      topics: [TOPICS.pairConfig.name],
      start: 'earliest',
      handler: async (batch) => {
        for (const r of batch.records)
          records.push(validatePairConfig.assert(JSON.parse(r.value.toString())));
      },
    });
    await waitFor(() => records.length >= 1, 10_000, 'the pair-config record');
    await consumer.stop();
    expect(records[0]).toMatchObject({
      pairId: 'ETHUSDT/BTCUSDT@1s',
      active: true,
      olsWindow: 30,
      source: 'api',
    });

    // The bars already stored are analysed when the next bar arrives: rows from the tape's
    // start, with full windows from bar 30 + 10 on.
    await s.produceTrades(pairTape(T0 + 400_000, 5));
    type History = {
      pairAnalyticsHistory: {
        edges: {
          node: {
            time: number;
            hedgeRatio: number | null;
            zScore: number | null;
            olsWindow: number;
          };
        }[];
      };
    };
    let rows: History['pairAnalyticsHistory']['edges'] = [];
    await waitFor(
      async () => {
        rows =
          (await gql<History>(s, HISTORY, { first: 1000 }, key)).body.data?.pairAnalyticsHistory
            .edges ?? [];
        return rows.length >= 230;
      },
      30_000,
      'history rows for the added pair',
    );
    expect(rows[0]?.node.time).toBe(T0);
    expect(rows.every((e) => e.node.olsWindow === 30)).toBe(true);
    expect(
      rows.slice(45, 230).every((e) => e.node.hedgeRatio !== null && e.node.zScore !== null),
    ).toBe(true);
    // ETH = 0.053·BTC + 10 + noise on the tape: the hedge ratio finds it.
    const beta = rows[200]?.node.hedgeRatio ?? 0;
    expect(beta).toBeGreaterThan(0.03);
    expect(beta).toBeLessThan(0.08);

    // REST: DELETE removes it (stored rows stay), a second DELETE finds nothing.
    const removed = await fetch(
      `${s.url}/api/v1/pairs?symbolX=BTCUSDT&symbolY=ETHUSDT&interval=1s`,
      {
        method: 'DELETE',
        headers: key,
      },
    );
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({
      pair: 'ETHUSDT/BTCUSDT',
      symbolX: 'BTCUSDT',
      symbolY: 'ETHUSDT',
      intervals: ['1s'],
      analysed: [],
    });
    await waitFor(
      () => s.pipeline.pairs.get('ETHUSDT/BTCUSDT@1s') === undefined,
      10_000,
      'the processors to drop it',
    );
    const again = await fetch(`${s.url}/api/v1/pairs?symbolX=BTCUSDT&symbolY=ETHUSDT&interval=1s`, {
      method: 'DELETE',
      headers: key,
    });
    expect(again.status).toBe(404);
  });

  it('adds through POST /api/v1/pairs with the same answer as GraphQL', async () => {
    const response = await fetch(`${s.url}/api/v1/pairs`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: JSON.stringify({
        symbolX: 'ETHUSDT',
        symbolY: 'BTCUSDT',
        interval: '1m',
        olsWindow: 5,
        zScoreWindow: 3,
        corrWindow: 5,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PairInfo;
    expect(body.pair).toBe('BTCUSDT/ETHUSDT');
    expect(body.analysed).toEqual([
      expect.objectContaining({
        interval: '1m',
        olsWindow: 5,
        zScoreWindow: 3,
        corrWindow: 5,
        testEvery: 1,
      }),
    ]);
    await waitFor(
      () => s.pipeline.pairs.get('BTCUSDT/ETHUSDT@1m')?.olsWindow === 5,
      10_000,
      'the processors to know it',
    );
  });

  it.each([
    [{ symbolX: 'BTCUSDT', symbolY: 'BTCUSDT' }, 400, 'BAD_USER_INPUT', 'must differ'],
    [
      { symbolX: 'BTCUSDT', symbolY: 'DOGEUSDT' },
      400,
      'UNKNOWN_SYMBOL',
      'no 1m bars stored for DOGEUSDT',
    ],
    [
      { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', interval: '1h' },
      400,
      'INTERVAL_NOT_LIVE',
      'CANDLE_INTERVALS',
    ],
    [
      { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', interval: '7m' },
      400,
      'UNKNOWN_INTERVAL',
      'interval must be one of',
    ],
    [{ symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', olsWindow: 1 }, 400, 'BAD_USER_INPUT', 'olsWindow'],
    [
      { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', zScoreEntry: 1, zScoreExit: 1.5 },
      400,
      'BAD_USER_INPUT',
      'zScoreExit (1.5) must be below zScoreEntry (1)',
    ],
    [
      { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', adfPValueLevel: 0.1, adfPValueExit: 0.05 },
      400,
      'BAD_USER_INPUT',
      'adfPValueExit (0.05) must be at least adfPValueLevel (0.1)',
    ],
    [
      { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', correlationRestore: 0.4 },
      400,
      'BAD_USER_INPUT',
      'correlationRestore (0.4) must be at least correlationBreak (0.5)',
    ],
    [
      { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', adfDwellBars: 0 },
      400,
      'BAD_USER_INPUT',
      'adfDwellBars',
    ],
  ])('refuses %j with %i %s', async (input, status, code, message) => {
    const { body } = await gql(s, ADD, { input }, key);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(body.errors?.[0]?.message).toContain(message);
    const rest = await fetch(`${s.url}/api/v1/pairs`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(rest.status).toBe(status);
    expect(((await rest.json()) as { code: string }).code).toBe(code);
  });

  it('refuses a body that is not a JSON object', async () => {
    const rest = await fetch(`${s.url}/api/v1/pairs`, {
      method: 'POST',
      headers: key,
      body: '[1,2',
    });
    expect(rest.status).toBe(400);
    expect(await rest.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      error: 'the request body must be a JSON object',
    });
  });
});
