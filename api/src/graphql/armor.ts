import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import type { ApiErrorCode } from '../errors';
import type { ApiSettings } from '../options';

// graphql-armor reports its rejections without a code; each is re-thrown here with one, so
// clients branch on extensions.code rather than on the message.
const reject =
  (code: ApiErrorCode) =>
  (_context: unknown, error: GraphQLError): void => {
    throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
      extensions: { code, http: { status: 400 } },
    });
  };

export function armorPlugins(settings: ApiSettings) {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxTokensPlugin({ ...common, n: settings.maxTokens, onReject: [reject('TOO_MANY_TOKENS')] }),
    maxDepthPlugin({
      ...common,
      n: settings.maxDepth,
      flattenFragments: true,
      onReject: [reject('QUERY_TOO_DEEP')],
    }),
    costLimitPlugin({
      ...common,
      maxCost: settings.maxCost,
      onReject: [reject('QUERY_TOO_COSTLY')],
    }),
    maxAliasesPlugin({ ...common, n: settings.maxAliases, onReject: [reject('TOO_MANY_ALIASES')] }),
    maxDirectivesPlugin({
      ...common,
      n: settings.maxDirectives,
      onReject: [reject('TOO_MANY_DIRECTIVES')],
    }),
    ...(settings.mode === 'production' ? [blockFieldSuggestionsPlugin()] : []),
  ];
}
