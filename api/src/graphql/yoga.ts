import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance, type YogaServerOptions } from 'graphql-yoga';
import type { Logger } from '@tickstream/core';
import type { ApiContext } from './context';
import { createMaskError } from './error-masking';

export const GRAPHQL_PATH = '/graphql';

export interface ApiYogaOptions {
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  /** GraphiQL and unmasked error details; production hides both. */
  readonly development: boolean;
  readonly context: () => ApiContext;
  readonly plugins: YogaServerOptions<Record<string, unknown>, ApiContext>['plugins'];
}

/** The API's Yoga instance: GraphQL at /graphql, Yoga's logs in tickstream's logger. */
export function createApiYoga(
  options: ApiYogaOptions,
): YogaServerInstance<Record<string, unknown>, ApiContext> {
  const { logger, development } = options;
  return createYoga<Record<string, unknown>, ApiContext>({
    schema: options.schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: development ? { subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    cors: false,
    // Yoga answers any URL ending in its health endpoint with an empty 200, /api/health
    // included; tickstream's own /health and /api/health report real component health.
    healthCheckEndpoint: '/.well-known/yoga-liveness',
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      error: (...args) => logger.error({ args }, 'yoga'),
    },
    maskedErrors: { maskError: createMaskError(logger, development) },
    context: options.context,
    plugins: options.plugins,
  });
}
