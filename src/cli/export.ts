import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRegistry } from '../../nodes';
import { LIMITS } from '../engine/format';
import { ExportError, exportGraph } from '../export/torch/export-graph';
import { nodeExportSources } from '../export/torch/sources-node';
import { readRegularFile } from './files';

/**
 * `npm run export -- <graph.json> --out <dir>`: writes <dir>/graph.py (a standalone PyTorch
 * script of the graph), <dir>/README.md and the emitters' files (weights/, data). Exit 0 when
 * written, 1 when a node cannot export (each named with why), 2 on a bad argument or file.
 */
export async function runExportCli(argv: string[], log: { out: (l: string) => void; err: (l: string) => void }): Promise<number> {
  const usage = 'usage: npm run export -- <graph.json> --out <dir>';
  const outAt = argv.indexOf('--out');
  const dir = outAt >= 0 ? argv[outAt + 1] : undefined;
  const rest = argv.filter((_, i) => i !== outAt && i !== outAt + 1);
  if (!dir || rest.length !== 1 || rest[0].startsWith('-')) {
    log.err(usage);
    return 2;
  }
  const read = readRegularFile(rest[0], LIMITS.fileBytes);
  if (!read.ok) {
    log.err(read.error);
    return 2;
  }
  let files;
  try {
    files = await exportGraph(new TextDecoder().decode(read.value), createRegistry(), nodeExportSources());
  } catch (e) {
    if (e instanceof ExportError) {
      log.err(`cannot export ${rest[0]}:\n${e.message}`);
      return 1;
    }
    log.err(`cannot export ${rest[0]}: ${(e as Error).message}`);
    return 2;
  }
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  log.out(`wrote ${Object.keys(files).map((f) => path.join(dir, f)).join(', ')}`);
  log.out(`run it: python3 ${path.join(dir, 'graph.py')} --out ${path.join(dir, 'results')}`);
  return 0;
}
