import { readFileSync } from 'node:fs';
import { GRAPHQL_SCHEMA_PATH } from '@tickstream/schema';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from 'graphql-yoga';
import type { ApiContext } from './context';
import { resolvers } from './resolvers';

/** The executable schema: schema/graphql/schema.graphql with this package's resolvers. */
export function buildSchema(): GraphQLSchema {
  return createSchema<ApiContext>({
    typeDefs: readFileSync(GRAPHQL_SCHEMA_PATH, 'utf8'),
    resolvers,
  });
}
