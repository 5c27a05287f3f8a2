import type { Logger, Registry } from '@tickstream/core';
import type { Plugin } from 'graphql-yoga';
import type { ApiErrorCode } from '../errors';
import type { Operations } from '../operations';
import type { ApiSettings } from '../options';
import { keyId, presentedKey, type KeyCheck } from '../security/api-keys';
import { corsHeaders, originAllowed, PREFLIGHT_HEADERS } from '../security/cors';
import type { RateLimiter } from '../security/rate-limit';
import type { ApiMetrics } from './api-metrics';
import { errorResponse, failureResponse, json, notFound } from './responses';
import { matchRoute, type CompiledRoute } from './route';

export interface RequestPluginOptions {
  readonly routes: readonly CompiledRoute[];
  readonly graphqlPath: string;
  readonly keyCheck: KeyCheck;
  readonly limiter: RateLimiter;
  readonly settings: ApiSettings;
  readonly ops: Operations;
  readonly logger: Logger;
  readonly metrics: ApiMetrics;
  readonly registry: Registry;
  readonly openApi: () => unknown;
  readonly staticFiles?: (request: Request, url: URL) => Promise<Response | undefined>;
}

const GRAPHQL_BODY_LIMIT = 1024 * 1024;

const MESSAGES: Partial<Record<ApiErrorCode, string>> = {
  UNAUTHENTICATED: 'Invalid or missing API key',
  FORBIDDEN_ORIGIN: 'Origin not allowed',
  RATE_LIMITED: 'Rate limit exceeded',
  PAYLOAD_TOO_LARGE: 'Request body too large',
};

interface RequestState {
  readonly started: number;
  route: string;
  origin?: string;
}

/** The client's address from the Node request Yoga was handed, for per-address rate limits. */
function clientAddress(serverContext: unknown): string {
  if (typeof serverContext === 'object' && serverContext !== null && 'req' in serverContext) {
    const req: unknown = serverContext.req;
    if (typeof req === 'object' && req !== null && 'socket' in req) {
      const socket: unknown = req.socket;
      if (typeof socket === 'object' && socket !== null && 'remoteAddress' in socket) {
        const address: unknown = socket.remoteAddress;
        if (typeof address === 'string') return `ip:${address}`;
      }
    }
  }
  return 'ip:local';
}

/**
 * Everything in front of GraphQL execution, for every HTTP request: CORS, API keys, rate
 * limits, body size; then the REST routes, /metrics, /health, the OpenAPI document and the
 * dashboard files, or Yoga's own /graphql handling. Refusals never reach an operation.
 */
export function useApiRequests(options: RequestPluginOptions): Plugin {
  const { settings, metrics, logger } = options;
  const state = new WeakMap<Request, RequestState>();

  const refuse = (code: ApiErrorCode, graphql: boolean, headers: Record<string, string> = {}) => {
    metrics.rejected.inc({ code });
    const status =
      code === 'UNAUTHENTICATED'
        ? 401
        : code === 'FORBIDDEN_ORIGIN'
          ? 403
          : code === 'RATE_LIMITED'
            ? 429
            : 413;
    const message = MESSAGES[code] ?? code;
    return graphql
      ? json({ errors: [{ message, extensions: { code } }] }, status, headers)
      : errorResponse(status, message, code, {}, headers);
  };

  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const st: RequestState = { started: performance.now(), route: 'other' };
      state.set(request, st);
      const path = url.pathname;
      const isGraphql = path === options.graphqlPath;
      const isApi = path === '/api' || path.startsWith('/api/');

      const origin = request.headers.get('origin');
      if (!originAllowed(origin, request.headers.get('host') ?? url.host, settings.corsOrigins)) {
        st.route = 'refused';
        return endResponse(refuse('FORBIDDEN_ORIGIN', isGraphql));
      }
      if (origin !== null) st.origin = origin;
      if (request.method === 'OPTIONS') {
        st.route = 'preflight';
        return endResponse(new Response(null, { status: 204, headers: PREFLIGHT_HEADERS }));
      }

      if (path === '/health') {
        st.route = '/health';
        try {
          const h = await options.ops.health();
          return endResponse(
            json(h, h.status === 'unhealthy' ? 503 : 200, { 'cache-control': 'no-store' }),
          );
        } catch (error) {
          return endResponse(failureResponse(error, logger));
        }
      }

      const keyed = isGraphql || isApi || path === '/metrics';
      if (!keyed) {
        st.route = 'static';
        if ((request.method === 'GET' || request.method === 'HEAD') && options.staticFiles) {
          const file = await options.staticFiles(request, url);
          if (file) return endResponse(file);
        }
        return endResponse(notFound());
      }

      const key = presentedKey(request, url);
      if (options.keyCheck.required && !options.keyCheck.accepts(key)) {
        st.route = 'refused';
        return endResponse(refuse('UNAUTHENTICATED', isGraphql));
      }
      const identity =
        key !== null && options.keyCheck.required ? keyId(key) : clientAddress(serverContext);
      const taken = options.limiter.take(identity);
      if (!taken.ok) {
        st.route = 'refused';
        return endResponse(
          refuse('RATE_LIMITED', isGraphql, {
            'retry-after': String(Math.ceil(taken.retryAfterMs / 1000)),
          }),
        );
      }

      if (isGraphql) {
        st.route = options.graphqlPath;
        const length = Number(request.headers.get('content-length') ?? 0);
        if (length > GRAPHQL_BODY_LIMIT) return endResponse(refuse('PAYLOAD_TOO_LARGE', true));
        return; // Yoga takes it from here.
      }
      if (path === '/metrics') {
        st.route = '/metrics';
        const registry = options.registry;
        return endResponse(
          new Response(await registry.metrics(), {
            headers: { 'content-type': registry.contentType },
          }),
        );
      }
      if (path === '/api/openapi.json') {
        st.route = '/api/openapi.json';
        return endResponse(json(options.openApi()));
      }
      const match = matchRoute(options.routes, request.method, path);
      if (match === undefined) {
        st.route = 'not-found';
        return endResponse(notFound());
      }
      if (match === 'method-not-allowed') {
        st.route = 'method-not-allowed';
        return endResponse(errorResponse(405, 'Method not allowed', 'METHOD_NOT_ALLOWED'));
      }
      st.route = match.route.name;
      try {
        const response = await match.route.handle({
          request,
          url,
          params: match.params,
          ops: options.ops,
          settings,
          logger,
        });
        return endResponse(response);
      } catch (error) {
        return endResponse(failureResponse(error, logger));
      }
    },
    onResponse({ request, response, setResponse }) {
      const st = state.get(request);
      if (!st) return;
      metrics.requests.inc({
        route: st.route,
        method: request.method,
        status: String(response.status),
      });
      metrics.duration.observe({ route: st.route }, (performance.now() - st.started) / 1000);
      if (st.origin === undefined) return;
      const headers = new Headers(response.headers);
      for (const [k, v] of Object.entries(corsHeaders(st.origin))) headers.set(k, v);
      if (request.method === 'OPTIONS')
        for (const [k, v] of Object.entries(PREFLIGHT_HEADERS)) headers.set(k, v);
      setResponse(
        new Response(response.body, {
          status: response.status,
          statusText: response.statusText,
          headers,
        }),
      );
    },
  };
}
