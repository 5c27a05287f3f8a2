import { ApiError } from '../errors';
import type { PageInfo } from '../generated/graphql';
import { parseCount } from './args';

export interface PageArgs {
  readonly first?: unknown;
  readonly after?: unknown;
  readonly last?: unknown;
  readonly before?: unknown;
}

export interface Page<T> {
  readonly edges: { cursor: string; node: T }[];
  readonly pageInfo: PageInfo;
}

export const DEFAULT_PAGE = 100;

const given = (v: unknown) => v !== undefined && v !== null;

/**
 * Relay cursor pagination over a keyset: forward (first/after) reads ascending after the
 * cursor, backward (last/before) descending before it, one extra row telling whether more
 * exist. Without first or last, the newest DEFAULT_PAGE.
 */
export async function paginate<T, C>(
  args: PageArgs,
  maxRows: number,
  decode: (cursor: unknown, name: string) => C,
  fetch: (
    order: 'ASC' | 'DESC',
    limit: number,
    bounds: { after?: C | undefined; before?: C | undefined },
  ) => Promise<T[]>,
  cursorOf: (node: T) => string,
): Promise<Page<T>> {
  if (given(args.first) && given(args.last)) {
    throw new ApiError('BAD_USER_INPUT', 'give first or last, not both', { argument: 'last' });
  }
  const after = given(args.after) ? decode(args.after, 'after') : undefined;
  const before = given(args.before) ? decode(args.before, 'before') : undefined;
  const forward =
    given(args.first) || (!given(args.last) && after !== undefined && before === undefined);
  const n = given(args.first)
    ? parseCount(args.first, 'first', { max: maxRows })
    : given(args.last)
      ? parseCount(args.last, 'last', { max: maxRows })
      : Math.min(DEFAULT_PAGE, maxRows);
  const rows = await fetch(forward ? 'ASC' : 'DESC', n + 1, { after, before });
  const more = rows.length > n;
  const page = rows.slice(0, n);
  if (!forward) page.reverse();
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: forward ? more : before !== undefined,
      hasPreviousPage: forward ? after !== undefined : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
