// Generates dashboard/src/generated/graphql.ts (typed documents) from the API's SDL
// (schema/graphql/schema.graphql) and the dashboard's operations (src/graphql/*.graphql),
// with @graphql-codegen (typescript-operations, typed-document-node), formatted
// by prettier. Every operation is validated against the SDL first: a field the API does not
// have fails here, not in the browser.
//   node dashboard/scripts/generate-types.js           writes the file
//   node dashboard/scripts/generate-types.js --stdout  prints it (a unit test compares the two)
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SCHEMA = join(ROOT, '..', 'schema', 'graphql', 'schema.graphql');
const OPERATIONS_DIR = join(ROOT, 'src', 'graphql');
const OUTPUT = join(ROOT, 'src', 'generated', 'graphql.ts');
const HEADER =
  '// Generated from schema/graphql/schema.graphql and dashboard/src/graphql/*.graphql by\n' +
  '// @graphql-codegen. Do not edit: run `npm run codegen -w @tickstream/dashboard`.\n' +
  '/* eslint-disable */\n';

async function generate() {
  const { codegen } = require('@graphql-codegen/core');
  const typescriptOperations = require('@graphql-codegen/typescript-operations');
  const typedDocumentNode = require('@graphql-codegen/typed-document-node');
  const { buildSchema, parse, printSchema, validate } = require('graphql');
  const prettier = require('prettier');

  const schema = buildSchema(readFileSync(SCHEMA, 'utf8'));
  const documents = readdirSync(OPERATIONS_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => {
      const location = join(OPERATIONS_DIR, name);
      const document = parse(readFileSync(location, 'utf8'));
      const errors = validate(schema, document);
      if (errors.length > 0) {
        throw new Error(
          `${name} does not match the SDL:\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
        );
      }
      return { location: `src/graphql/${name}`, document };
    });

  const output = await codegen({
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    filename: OUTPUT,
    documents,
    config: {
      scalars: { Timestamp: 'number' },
      enumsAsTypes: true,
      useTypeImports: true,
      maybeValue: 'T | null',
      inputMaybeValue: 'T | null | undefined',
      avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      skipTypename: true,
      documentMode: 'documentNode',
    },
    plugins: [{ typescriptOperations: {} }, { typedDocumentNode: {} }],
    pluginMap: { typescriptOperations, typedDocumentNode },
  });
  const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
  return prettier.format(HEADER + output, { ...options, filepath: OUTPUT });
}

generate().then(
  (text) => {
    if (process.argv.includes('--stdout')) process.stdout.write(text);
    else writeFileSync(OUTPUT, text);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
