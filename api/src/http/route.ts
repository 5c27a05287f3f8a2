import type { Logger } from '@tickstream/core';
import type { Operations } from '../operations';
import type { ApiSettings } from '../options';

export interface RouteContext {
  readonly request: Request;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly ops: Operations;
  readonly settings: ApiSettings;
  readonly logger: Logger;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path with `{name}` segments. */
  readonly path: string;
  /** Label for metrics (the path template, never the raw path). */
  readonly name: string;
  readonly handle: (context: RouteContext) => Promise<Response>;
}

export interface CompiledRoute extends Route {
  readonly pattern: RegExp;
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => ({
    ...route,
    pattern: new RegExp(
      `^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`,
    ),
  }));
}

/** The route for a path: the match, a 405 when only the method differs, or undefined. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | 'method-not-allowed' | undefined {
  let other = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) {
      other = true;
      continue;
    }
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(match.groups ?? {})) {
      try {
        params[k] = decodeURIComponent(v);
      } catch {
        params[k] = v;
      }
    }
    return { route, params };
  }
  return other ? 'method-not-allowed' : undefined;
}
