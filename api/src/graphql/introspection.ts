import { GraphQLError, getNamedType, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Production refuses __schema and __type (and so GraphiQL's schema fetch), with a code. */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    if (
      node.name.value === '__schema' ||
      node.name.value === '__type' ||
      (type && type.name === '__Schema')
    ) {
      context.reportError(
        new GraphQLError('introspection is disabled in production mode', {
          nodes: node,
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    }
  },
});

export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection);
    },
  };
}
