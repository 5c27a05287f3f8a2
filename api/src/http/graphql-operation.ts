import {
  astFromValue,
  getNamedType,
  print,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** A Query field as one GraphQL operation: every argument a variable, every field selected. */
export interface FieldOperation {
  readonly field: string;
  readonly text: string;
  /** The selection set the operation asks for (every field, nested objects included). */
  readonly selection: string;
  readonly args: readonly GraphQLArgument[];
  readonly type: GraphQLOutputType;
}

function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const parts: string[] = [];
  for (const f of Object.values(named.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(f.type))) parts.push(f.name);
    else if (depth > 0) {
      const inner = selection(f.type, depth - 1);
      if (inner) parts.push(`${f.name} ${inner}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

const typeText = (t: GraphQLInputType): string => t.toString();

export function fieldOperation(
  schema: GraphQLSchema,
  field: string,
  depth = 5,
  kind: 'query' | 'mutation' = 'query',
): FieldOperation {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const def = root?.getFields()[field];
  if (!def) throw new Error(`${kind} has no field ${field}`);
  const vars = def.args
    .map((a) => {
      const value = a.defaultValue === undefined ? null : astFromValue(a.defaultValue, a.type);
      return `$${a.name}: ${typeText(a.type)}${value ? ` = ${print(value)}` : ''}`;
    })
    .join(', ');
  const call = def.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const fields = selection(def.type, depth);
  const text = `${kind} ${field}${vars ? `(${vars})` : ''} { ${field}${call ? `(${call})` : ''} ${fields} }`;
  return { field, text, selection: fields, args: def.args, type: def.type };
}

function coerceOne(raw: string, type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  const name = named.name;
  if (name === 'Int' && /^-?\d+$/.test(raw)) return Number(raw);
  if (name === 'Float' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  if (name === 'Boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (name === 'Timestamp' && /^\d+$/.test(raw)) return Number(raw);
  if (isEnumType(named)) return raw.toUpperCase();
  // Anything else goes as typed: GraphQL's own variable coercion rejects what does not fit.
  return raw;
}

/** Query-string parameters into the operation's variables (lists: repeated or comma-separated). */
export function variablesFrom(search: URLSearchParams, args: readonly GraphQLArgument[]) {
  const variables: Record<string, unknown> = {};
  for (const arg of args) {
    const values = search.getAll(arg.name);
    if (values.length === 0) continue;
    const inner = isNonNullType(arg.type) ? arg.type.ofType : arg.type;
    if (isListType(inner)) {
      variables[arg.name] = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .map((v) => coerceOne(v, inner.ofType));
    } else {
      variables[arg.name] = coerceOne(values[values.length - 1] as string, arg.type);
    }
  }
  return variables;
}
