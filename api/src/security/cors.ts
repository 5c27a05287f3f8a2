/**
 * Whether a browser origin may call the API: the API's own origin always, `*` any, else
 * only the listed ones. Requests without an Origin header are not browser cross-origin calls.
 */
export function originAllowed(
  origin: string | null,
  ownHost: string | null,
  allowList: readonly string[],
): boolean {
  if (origin === null) return true;
  if (allowList.includes('*') || allowList.includes(origin)) return true;
  try {
    return ownHost !== null && new URL(origin).host === ownHost;
  } catch {
    return false;
  }
}

export function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'content-disposition, retry-after, x-request-id',
    vary: 'Origin',
  };
}

export const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, x-api-key, authorization, accept',
  'access-control-max-age': '600',
};
