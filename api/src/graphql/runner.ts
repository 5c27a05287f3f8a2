import type { ExecutionResult } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { RunGraphQL } from '../http/v1-routes';
import type { ApiContext } from './context';

/**
 * Runs one GraphQL document through Yoga's envelop (the same plugins, armor and masking as
 * /graphql) without an HTTP round trip: the /api/v1 routes are GraphQL fields underneath.
 */
export function createGraphQLRunner(
  yoga: YogaServerInstance<Record<string, unknown>, ApiContext>,
): RunGraphQL {
  return async (request, text, variables) => {
    const enveloped = yoga.getEnveloped({ request, params: { query: text, variables } });
    let document;
    try {
      document = enveloped.parse(text);
    } catch (error) {
      return { errors: [error] } as ExecutionResult;
    }
    const errors = enveloped.validate(enveloped.schema, document);
    if (errors.length > 0) return { errors };
    return (await enveloped.execute({
      schema: enveloped.schema,
      document,
      variableValues: variables,
      contextValue: await enveloped.contextFactory(),
    })) as ExecutionResult;
  };
}
