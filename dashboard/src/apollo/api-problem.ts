import {
  CombinedGraphQLErrors,
  CombinedProtocolErrors,
  ServerError,
  ServerParseError,
} from '@apollo/client/errors';

/** An error from the API as the page shows it: the API's own code, or how the call failed. */
export interface ApiProblem {
  /** `extensions.code` of the first GraphQL error (UNKNOWN_SYMBOL, ...), or API_UNREACHABLE / HTTP_<status>. */
  readonly code: string;
  readonly message: string;
  /** Whether trying again later may work (the API down, a rate limit) rather than the request being wrong. */
  readonly retriable: boolean;
}

const RETRIABLE_CODES = new Set([
  'RATE_LIMITED',
  'STORAGE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'SLOW_CONSUMER',
]);

/** Classifies by error class and `extensions.code`, never by message text. */
export function toApiProblem(error: unknown): ApiProblem {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const raw = first?.extensions?.['code'];
    const code = typeof raw === 'string' ? raw : 'GRAPHQL_ERROR';
    return { code, message: first?.message ?? error.message, retriable: RETRIABLE_CODES.has(code) };
  }
  if (CombinedProtocolErrors.is(error)) {
    return { code: 'PROTOCOL_ERROR', message: error.message, retriable: true };
  }
  if (ServerError.is(error)) {
    return {
      code: `HTTP_${error.statusCode}`,
      message: `the API answered HTTP ${error.statusCode}`,
      retriable: error.statusCode >= 500 || error.statusCode === 429,
    };
  }
  if (ServerParseError.is(error)) {
    return {
      code: 'BAD_RESPONSE',
      message: 'the API sent a response that is not GraphQL',
      retriable: true,
    };
  }
  // fetch() rejects with a TypeError when nothing answers; a closed socket surfaces as an event.
  return {
    code: 'API_UNREACHABLE',
    message: 'the API cannot be reached',
    retriable: true,
  };
}

/** Codes that mean a symbol in the view (often from the URL) does not exist. */
export const isUnknownSymbol = (problem: ApiProblem | null): boolean =>
  problem?.code === 'UNKNOWN_SYMBOL';
