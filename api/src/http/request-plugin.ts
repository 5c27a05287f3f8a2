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

const REFUSALS: Partial<
  Record<ApiErrorCode, { readonly status: number; readonly message: string }>
> = {
  UNAUTHENTICATED: { status: 401, message: 'Invalid or missing API key' },
  FORBIDDEN_ORIGIN: { status: 403, message: 'Origin not allowed' },
  RATE_LIMITED: { status: 429, message: 'Rate limit exceeded' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body too large' },
};

/** One request on its way through the steps; `route` labels it in the metrics. */
interface RequestInFlight {
  readonly request: Request;
  readonly url: URL;
  readonly serverContext: unknown;
  readonly isGraphql: boolean;
  readonly started: number;
  route: string;
  origin?: string;
}

/** A step answers the request, or passes it on (undefined). */
type Step = (r: RequestInFlight) => Promise<Response | undefined> | Response | undefined;

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

function refusal(
  metrics: ApiMetrics,
  r: RequestInFlight,
  code: ApiErrorCode,
  headers: Record<string, string> = {},
): Response {
  metrics.rejected.inc({ code });
  const { status, message } = REFUSALS[code] ?? { status: 400, message: code };
  return r.isGraphql
    ? json({ errors: [{ message, extensions: { code } }] }, status, headers)
    : errorResponse(status, message, code, {}, headers);
}

/** CORS: a foreign origin not allowed is refused; a preflight is answered here. */
function corsStep(options: RequestPluginOptions): Step {
  return (r) => {
    const origin = r.request.headers.get('origin');
    const host = r.request.headers.get('host') ?? r.url.host;
    if (!originAllowed(origin, host, options.settings.corsOrigins)) {
      r.route = 'refused';
      return refusal(options.metrics, r, 'FORBIDDEN_ORIGIN');
    }
    if (origin !== null) r.origin = origin;
    if (r.request.method !== 'OPTIONS') return undefined;
    r.route = 'preflight';
    return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
  };
}

/** /health needs no key: load balancers and orchestrators call it. */
function healthStep(options: RequestPluginOptions): Step {
  return async (r) => {
    if (r.url.pathname !== '/health') return undefined;
    r.route = '/health';
    try {
      const h = await options.ops.health();
      return json(h, h.status === 'unhealthy' ? 503 : 200, { 'cache-control': 'no-store' });
    } catch (error) {
      return failureResponse(error, options.logger);
    }
  };
}

/** Everything outside /graphql, /api and /metrics is the dashboard's files, open to all. */
function staticStep(options: RequestPluginOptions): Step {
  return async (r) => {
    const path = r.url.pathname;
    const keyed = r.isGraphql || path === '/api' || path.startsWith('/api/') || path === '/metrics';
    if (keyed) return undefined;
    r.route = 'static';
    if ((r.request.method === 'GET' || r.request.method === 'HEAD') && options.staticFiles) {
      const file = await options.staticFiles(r.request, r.url);
      if (file) return file;
    }
    return notFound();
  };
}

/** API keys, then the rate limit per key (or per address when no key is needed). */
function accessStep(options: RequestPluginOptions): Step {
  return (r) => {
    const key = presentedKey(r.request, r.url);
    if (options.keyCheck.required && !options.keyCheck.accepts(key)) {
      r.route = 'refused';
      return refusal(options.metrics, r, 'UNAUTHENTICATED');
    }
    const identity =
      key !== null && options.keyCheck.required ? keyId(key) : clientAddress(r.serverContext);
    const taken = options.limiter.take(identity);
    if (taken.ok) return undefined;
    r.route = 'refused';
    return refusal(options.metrics, r, 'RATE_LIMITED', {
      'retry-after': String(Math.ceil(taken.retryAfterMs / 1000)),
    });
  };
}

/** /graphql: only the body size is checked here; Yoga takes it from there (undefined). */
function graphqlStep(options: RequestPluginOptions): Step {
  return (r) => {
    if (!r.isGraphql) return undefined;
    r.route = options.graphqlPath;
    const length = Number(r.request.headers.get('content-length') ?? 0);
    return length > GRAPHQL_BODY_LIMIT
      ? refusal(options.metrics, r, 'PAYLOAD_TOO_LARGE')
      : undefined;
  };
}

/** /metrics, the OpenAPI document and the REST routes. */
function restStep(options: RequestPluginOptions): Step {
  return async (r) => {
    const path = r.url.pathname;
    if (path === '/metrics') {
      r.route = '/metrics';
      return new Response(await options.registry.metrics(), {
        headers: { 'content-type': options.registry.contentType },
      });
    }
    if (path === '/api/openapi.json') {
      r.route = '/api/openapi.json';
      return json(options.openApi());
    }
    const match = matchRoute(options.routes, r.request.method, path);
    if (match === undefined) {
      r.route = 'not-found';
      return notFound();
    }
    if (match === 'method-not-allowed') {
      r.route = 'method-not-allowed';
      return errorResponse(405, 'Method not allowed', 'METHOD_NOT_ALLOWED');
    }
    r.route = match.route.name;
    try {
      return await match.route.handle({
        request: r.request,
        url: r.url,
        params: match.params,
        ops: options.ops,
        settings: options.settings,
        logger: options.logger,
      });
    } catch (error) {
      return failureResponse(error, options.logger);
    }
  };
}

/** The request's metrics, and the CORS headers on every answer to an allowed foreign origin. */
function finish(metrics: ApiMetrics, r: RequestInFlight, response: Response): Response | undefined {
  metrics.requests.inc({
    route: r.route,
    method: r.request.method,
    status: String(response.status),
  });
  metrics.duration.observe({ route: r.route }, (performance.now() - r.started) / 1000);
  if (r.origin === undefined) return undefined;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(corsHeaders(r.origin))) headers.set(k, v);
  if (r.request.method === 'OPTIONS')
    for (const [k, v] of Object.entries(PREFLIGHT_HEADERS)) headers.set(k, v);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * Everything in front of GraphQL execution, for every HTTP request, in this order: CORS,
 * /health, the dashboard files, API keys and rate limits, /graphql's body size (then Yoga),
 * and /metrics, the OpenAPI document and the REST routes. Refusals never reach an operation.
 */
export function useApiRequests(options: RequestPluginOptions): Plugin {
  const inFlight = new WeakMap<Request, RequestInFlight>();
  const steps: readonly Step[] = [
    corsStep(options),
    healthStep(options),
    staticStep(options),
    accessStep(options),
    graphqlStep(options),
  ];
  const rest = restStep(options);
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const r: RequestInFlight = {
        request,
        url,
        serverContext,
        isGraphql: url.pathname === options.graphqlPath,
        started: performance.now(),
        route: 'other',
      };
      inFlight.set(request, r);
      for (const step of steps) {
        const response = await step(r);
        if (response) return endResponse(response);
      }
      if (r.isGraphql) return; // Yoga takes it from here.
      const response = await rest(r);
      if (response) endResponse(response);
    },
    onResponse({ request, response, setResponse }) {
      const r = inFlight.get(request);
      if (!r) return;
      const decorated = finish(options.metrics, r, response);
      if (decorated) setResponse(decorated);
    },
  };
}
