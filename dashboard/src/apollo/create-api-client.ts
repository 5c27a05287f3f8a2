import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { SocketState } from '../data/connection-status';

export interface ApiClientOptions {
  /** Absolute URL of /graphql over HTTP. */
  readonly httpUrl: string;
  /** The same path over ws:// or wss://. */
  readonly wsUrl: string;
  /** Sent as the `apiKey` connection parameter and x-api-key header when the API needs keys. */
  readonly apiKey?: string;
  /** Told of every change of the socket's state. */
  readonly onSocketState: (state: SocketState) => void;
  /** Told once the socket is back after it was lost: data missed in between must be fetched. */
  readonly onReconnected: () => void;
}

export interface ApiClient {
  readonly apollo: ApolloClient;
  readonly ws: Client;
  dispose(): Promise<void>;
}

/** Backoff 0.5 s, 1 s, 2 s, capped at 4 s, with jitter so many tabs do not retry in step. */
export async function retryWait(retries: number): Promise<void> {
  const base = Math.min(4_000, 500 * 2 ** retries);
  await new Promise((resolve) => setTimeout(resolve, base * (0.8 + Math.random() * 0.4)));
}

/**
 * The page's one Apollo client: queries over HTTP, subscriptions over graphql-ws on the same
 * path (one split link). The socket is opened at once and kept (not lazy) so the connection
 * indicator is true even when no subscription runs, and it retries forever: the dashboard is
 * left open for days and the API may restart under it.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  let everConnected = false;
  let lost = false;
  const headers: Record<string, string> = options.apiKey ? { 'x-api-key': options.apiKey } : {};
  const ws = createClient({
    url: options.wsUrl,
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait,
    keepAlive: 10_000,
    connectionParams: options.apiKey ? { apiKey: options.apiKey } : {},
    // With infinite retries this is only reached on a fatal close (e.g. a rejected key).
    onNonLazyError: () => options.onSocketState('reconnecting'),
    on: {
      connecting: () => options.onSocketState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        options.onSocketState('connected');
        if (everConnected && lost) options.onReconnected();
        everConnected = true;
        lost = false;
      },
      closed: () => {
        if (everConnected) {
          lost = true;
          options.onSocketState('reconnecting');
        }
      },
    },
  });

  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return (
        definition.kind === 'OperationDefinition' &&
        definition.operation === OperationTypeNode.SUBSCRIPTION
      );
    },
    new GraphQLWsLink(ws),
    new HttpLink({ uri: options.httpUrl, headers }),
  );

  const apollo = new ApolloClient({
    link,
    // Charts keep their own arrays and patch them; normalizing thousands of bars in a cache
    // they never read back would only cost time, so every operation bypasses it.
    cache: new InMemoryCache(),
    defaultOptions: {
      query: { fetchPolicy: 'no-cache' },
      watchQuery: { fetchPolicy: 'no-cache' },
    },
    devtools: { enabled: false },
  });

  return {
    apollo,
    ws,
    async dispose() {
      apollo.stop();
      await ws.dispose();
    },
  };
}

/** /graphql URLs for the page's own origin (the API serves the dashboard, or Vite proxies it). */
export function apiUrlsFor(location: Pick<Location, 'protocol' | 'host'>): {
  httpUrl: string;
  wsUrl: string;
} {
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    httpUrl: `${location.protocol}//${location.host}/graphql`,
    wsUrl: `${wsProtocol}//${location.host}/graphql`,
  };
}
