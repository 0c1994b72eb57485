import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { REPO_ROOT } from '../core/config';
import { buildAppSchema } from '../app';

/** Prints the schema the TypeGraphQL classes describe into ../schema.graphql (or --stdout). */
export async function printAppSchema(): Promise<string> {
  const schema = await buildAppSchema();
  return `# Generated from the TypeGraphQL classes by \`npm run codegen\`. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (require.main === module) {
  printAppSchema()
    .then((sdl) => {
      if (process.argv.includes('--stdout')) process.stdout.write(sdl);
      else writeFileSync(path.join(REPO_ROOT, 'schema.graphql'), sdl);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
