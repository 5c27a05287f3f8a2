import { StorageError, type Logger } from '@tickstream/core';
import { GraphQLError } from 'graphql';
import { ApiError } from '../errors';

export function apiGraphQLError(error: ApiError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...(error.details ?? {}) },
  });
}

function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * Yoga's maskError: domain errors keep their message and code, storage trouble becomes
 * STORAGE_UNAVAILABLE, anything else is logged and masked as INTERNAL_SERVER_ERROR.
 */
export function createMaskError(logger: Logger, development: boolean) {
  return (error: unknown, message: string): Error => {
    const original = originalOf(error);
    if (original instanceof ApiError) {
      const masked = apiGraphQLError(original);
      return error instanceof GraphQLError
        ? new GraphQLError(masked.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: masked.extensions,
          })
        : masked;
    }
    if (original instanceof GraphQLError) return original;
    const path = error instanceof GraphQLError ? error.path : undefined;
    if (original instanceof StorageError) {
      logger.warn({ err: original, path }, 'storage error in a GraphQL operation');
      return new GraphQLError('storage is unavailable, try again', {
        path,
        extensions: { code: 'STORAGE_UNAVAILABLE' },
      });
    }
    logger.error({ err: original, path }, 'unexpected error in a GraphQL operation');
    return new GraphQLError(development && original instanceof Error ? original.message : message, {
      path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}
