/**
 * Writes the node manifest (src/manifest/types.ts) of every registered node type to the
 * file named by the first argument. Run in Node by the Vite plugin
 * (src/manifest/vite-plugin.ts): the implementations, tfjs with them, load here, not in the page.
 */
import { writeFileSync } from 'node:fs';
import { allNodeDefs } from '../nodes';
import { canExpand } from '../nodes/loop/expand';
import { buildManifest } from '../src/manifest/build';

const out = process.argv[2];
if (!out) {
  console.error('usage: write-node-manifest <out.json>');
  process.exit(2);
}
writeFileSync(out, JSON.stringify(buildManifest(allNodeDefs, { expands: canExpand })));
