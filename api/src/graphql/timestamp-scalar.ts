import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isApiError } from '../errors';
import { parseTimestamp } from '../operations/args';

function parse(value: unknown): number {
  try {
    return parseTimestamp(value, 'Timestamp');
  } catch (error) {
    if (isApiError(error)) {
      throw new GraphQLError(error.message, { extensions: { code: error.code } });
    }
    throw error;
  }
}

/** Epoch ms out; epoch ms or an ISO-8601 string in. */
export const TimestampScalar = new GraphQLScalarType({
  name: 'Timestamp',
  serialize: (value) => {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw new GraphQLError('Timestamp must be epoch milliseconds');
  },
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parse(Number(ast.value));
    if (ast.kind === Kind.STRING) return parse(ast.value);
    throw new GraphQLError('Timestamp must be a number or an ISO-8601 string', {
      nodes: ast,
      extensions: { code: 'INVALID_TIMESTAMP' },
    });
  },
});
