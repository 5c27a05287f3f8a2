import { isStreamName, type MockClient } from './ws-client';

/** What a client's requests may change: its subscriptions. */
export interface SubscriptionTarget {
  readonly maxStreams: number;
  subscribe(client: MockClient, streams: readonly string[]): void;
  unsubscribe(client: MockClient, streams: readonly string[]): void;
}

const UNKNOWN_METHOD =
  'expected one of SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY';

/**
 * Answers one JSON request of a client as Binance does, with Binance's error codes and texts
 * (ingest's client must cope with exactly these).
 */
export function answerRequest(client: MockClient, text: string, target: SubscriptionTarget): void {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return client.answer({
      error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' },
      id: null,
    });
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return client.answer({
      error: { code: 2, msg: 'Invalid request: expected an object' },
      id: null,
    });
  }
  const { method, params, id } = request as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    return client.answer({
      error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
      id: null,
    });
  }
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      return changeSubscriptions(client, method, params, id, target);
    case 'LIST_SUBSCRIPTIONS':
      return client.answer({ result: [...client.streams], id });
    case 'SET_PROPERTY':
      return client.answer({ result: null, id });
    case 'GET_PROPERTY':
      return client.answer({ result: true, id });
    default:
      return client.answer({
        error: {
          code: 2,
          msg: `Invalid request: unknown variant ${JSON.stringify(method)}, ${UNKNOWN_METHOD}`,
        },
        id,
      });
  }
}

function changeSubscriptions(
  client: MockClient,
  method: 'SUBSCRIBE' | 'UNSUBSCRIBE',
  params: unknown,
  id: number,
  target: SubscriptionTarget,
): void {
  const list = Array.isArray(params) ? (params as unknown[]) : [];
  const bad = list.find((p) => !isStreamName(p));
  if (!Array.isArray(params) || bad !== undefined) {
    return client.answer({
      error: { code: 2, msg: `Invalid request: invalid stream name ${JSON.stringify(bad)}` },
      id,
    });
  }
  const streams = list as string[];
  if (method === 'SUBSCRIBE') {
    const after = new Set([...client.streams, ...streams]).size;
    if (after > target.maxStreams) {
      return client.answer({
        error: {
          code: 2,
          msg: `Invalid request: more than ${target.maxStreams} streams on one connection`,
        },
        id,
      });
    }
    target.subscribe(client, streams);
  } else {
    target.unsubscribe(client, streams);
  }
  return client.answer({ result: null, id });
}
