import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NodeManifest } from './types';

/**
 * Where a node type's param migrations live when the page must run them too: next to
 * its definition, `nodes/<category>/<name>.migrate.ts`, default-exporting the function
 * the definition uses as `migrate`. That file must stay free of tfjs (pure data steps).
 */
export function migrationFile(root: string, type: string): string {
  return path.join(root, 'nodes', `${type}.migrate.ts`);
}

/**
 * The source of `virtual:node-manifest`: the manifest as its default export, and
 * `migrations` (node type → migrate) imported from each migrating type's migration file,
 * so the page upgrades older saved params exactly as the worker does.
 */
export function manifestModuleSource(json: string, root: string): string {
  const manifest = JSON.parse(json) as NodeManifest;
  const migrating = manifest.nodes.filter((n) => n.migrates);
  const imports = migrating.map((n, i) => {
    const file = migrationFile(root, n.type);
    if (!existsSync(file)) throw new Error(`node type '${n.type}' migrates its params, but ${path.relative(root, file)} does not exist: put its migrate function there (default export, no tfjs) and use it in the definition, so the page can upgrade saved graphs too`);
    return `import migrate${i} from ${JSON.stringify(file.split(path.sep).join('/'))};`;
  });
  const table = migrating.map((n, i) => `  ${JSON.stringify(n.type)}: migrate${i},`);
  return [
    ...imports,
    `export const migrations = {\n${table.join('\n')}\n};`,
    // JSON.parse of a string literal parses faster than the same object as a JS literal.
    `export default JSON.parse(${JSON.stringify(json)});`,
  ].join('\n');
}
