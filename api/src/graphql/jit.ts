import {
  getOperationAST,
  GraphQLError,
  Kind,
  locatedError,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

/**
 * Queries run compiled by graphql-jit: 86,400 candles through the general executor cost a
 * field resolution and completion per value (about half of the request); compiled, a loop.
 * Results are serialized by JSON.stringify as before, so their bytes are the same. Mutations
 * and subscriptions keep the general executor.
 */
export function useCompiledQueries(): Plugin {
  // Yoga parses each distinct document once and hands the same object back, so compiled
  // queries live as long as its document cache keeps the document.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  function compiledFor(args: ExecutionArgs): CompiledQuery | null {
    const name = args.operationName ?? '';
    let byName = compiled.get(args.document);
    if (!byName) compiled.set(args.document, (byName = new Map()));
    let query = byName.get(name);
    if (query === undefined) {
      const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
      query = isCompiledQuery(result) ? result : null;
      byName.set(name, query);
    }
    return query;
  }

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      const general = executeFn as (a: ExecutionArgs) => unknown;
      setExecuteFn((async (a: ExecutionArgs) => {
        const query = compiledFor(a);
        if (query === null) return general(a);
        const result = (await query.query(
          a.rootValue,
          a.contextValue,
          withDefaults(a, a.variableValues ?? {}),
        )) as ExecutionResult;
        if (!result.errors?.length) return result;
        // Errors without a path are the request's (its variables), raised before any
        // resolver ran: the general executor words them, and running it has no effect.
        if (result.errors.some((e) => e.path === undefined)) return general(a);
        return asGeneralErrors(a, result);
      }) as typeof executeFn);
    },
  };
}

/**
 * The variables with the operation's defaults filled in: graphql-jit refuses a missing
 * non-null variable even when the operation gives it a default (the /api/v1 routes do).
 */
function withDefaults(
  args: ExecutionArgs,
  variables: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...variables };
  for (const v of getOperationAST(args.document, args.operationName)?.variableDefinitions ?? []) {
    const name = v.variable.name.value;
    if (filled[name] === undefined && v.defaultValue) {
      filled[name] = valueFromASTUntyped(v.defaultValue);
    }
  }
  return filled;
}

/**
 * graphql-jit's errors in the general executor's form, which is the contract: `errors`
 * before `data`, and the locations of the failing field in the document.
 */
function asGeneralErrors(args: ExecutionArgs, result: ExecutionResult): ExecutionResult {
  // As the general executor does: a resolver's error located at its field, with the
  // original error's extensions; the executor's own errors (null in a non-null field) new.
  const errors = (result.errors ?? []).map((e) => {
    const nodes = fieldNodesAt(args, e.path ?? []);
    return e.originalError
      ? locatedError(e.originalError, nodes, e.path)
      : new GraphQLError(e.message, { nodes, path: e.path, extensions: e.extensions });
  });
  return { errors, data: result.data };
}

/** Every field node of the document answering `path` (its response keys, list indices skipped). */
function fieldNodesAt(args: ExecutionArgs, path: readonly (string | number)[]): FieldNode[] {
  const operation = getOperationAST(args.document, args.operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of args.document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const matching = (selections: readonly SelectionNode[], key: string, out: FieldNode[]) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        if ((s.alias?.value ?? s.name.value) === key) out.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        matching(s.selectionSet.selections, key, out);
      } else {
        const fragment = fragments.get(s.name.value);
        if (fragment) matching(fragment.selectionSet.selections, key, out);
      }
    }
    return out;
  };
  let nodes: FieldNode[] = [];
  let selections: readonly SelectionNode[] = operation?.selectionSet.selections ?? [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    nodes = matching(selections, key, []);
    selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
  }
  return nodes;
}
