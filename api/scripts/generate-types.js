// Generates api/src/generated/graphql.ts from schema/graphql/schema.graphql with
// @graphql-codegen (typescript + typescript-resolvers), formatted by prettier.
//   node api/scripts/generate-types.js           writes the file
//   node api/scripts/generate-types.js --stdout  prints it (the unit test compares the two)
// A plain Node script rather than a jest helper: codegen's dependencies are ES modules,
// which Node 20 requires natively and jest's module loader does not.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const SCHEMA = join(__dirname, '..', '..', 'schema', 'graphql', 'schema.graphql');
const OUTPUT = join(__dirname, '..', 'src', 'generated', 'graphql.ts');
const HEADER =
  '// Generated from schema/graphql/schema.graphql by @graphql-codegen (typescript,\n' +
  '// typescript-resolvers). Do not edit: run `node api/scripts/generate-types.js`.\n' +
  '/* eslint-disable */\n';

async function generate() {
  const { codegen } = require('@graphql-codegen/core');
  const typescript = require('@graphql-codegen/typescript');
  const typescriptResolvers = require('@graphql-codegen/typescript-resolvers');
  const { buildSchema, parse, printSchema } = require('graphql');
  const prettier = require('prettier');
  const schema = buildSchema(readFileSync(SCHEMA, 'utf8'));
  const output = await codegen({
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    filename: OUTPUT,
    documents: [],
    config: {
      scalars: { Timestamp: 'number' },
      contextType: '../graphql/context#ApiContext',
      enumsAsTypes: true,
      useTypeImports: true,
      maybeValue: 'T | null',
      inputMaybeValue: 'T | null | undefined',
      // The equity curve is paged by its own resolver from the whole run; a screened pair's
      // sparkline is read for the whole page at once.
      mappers: {
        Backtest: '../operations/backtest#BacktestRun',
        ScreenedPair: '../operations/pair-screen#ScreenedPairRow',
      },
    },
    plugins: [{ typescript: {} }, { typescriptResolvers: {} }],
    pluginMap: { typescript, typescriptResolvers },
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
    console.error(error);
    process.exit(1);
  },
);
