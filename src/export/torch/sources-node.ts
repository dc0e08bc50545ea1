import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TorchEmitter } from './emitter';
import { emitterFile, type ExportSources } from './export-graph';

/** The repository root (this file is src/export/torch/sources-node.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where a node type's emitter lives: nodes/<category>/<name>.torch.ts (a type without a category, `note`, in nodes/note/note.torch.ts). */
export function emitterPath(type: string, root = REPO_ROOT): string {
  return path.join(root, 'nodes', `${emitterFile(type)}.torch.ts`);
}

/** Export sources from the file system (CLI, tests): helpers, emitters by path, repository files. */
export function nodeExportSources(root = REPO_ROOT): ExportSources {
  return {
    helper: (name) => readFile(path.join(root, 'src/export/torch/python', `${name}.py`), 'utf8'),
    emitter: async (type) => {
      const file = emitterPath(type, root);
      if (!existsSync(file)) return undefined;
      return ((await import(pathToFileURL(file).href)) as { default: TorchEmitter }).default;
    },
    asset: async (repoPath) => new Uint8Array(await readFile(path.join(root, repoPath))),
  };
}
