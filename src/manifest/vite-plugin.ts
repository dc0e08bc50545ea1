import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plugin } from 'vite';
import { manifestModuleSource } from './module-source';

/** The module the page imports the manifest from (declared in src/manifest/virtual.d.ts). */
export const MANIFEST_MODULE = 'virtual:node-manifest';
const RESOLVED = `\0${MANIFEST_MODULE}`;

/**
 * Builds the node manifest from the registry when the app is built, served or tested:
 * a child Node process (tsx) loads nodes/ — tfjs and the WASM kernels with it — and
 * writes the manifest as JSON, which becomes the virtual module's default export. The
 * page never bundles a node implementation. In the dev server an edit under nodes/
 * rebuilds it and reloads the page.
 */
export function nodeManifestPlugin(): Plugin {
  let root = process.cwd();
  let json: string | undefined;
  return {
    name: 'diffusion-graph-lab:node-manifest',
    configResolved(config) {
      root = config.root;
    },
    resolveId(source) {
      return source === MANIFEST_MODULE ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      json ??= writeManifest(root);
      return manifestModuleSource(json, root);
    },
    configureServer(server) {
      const nodesDir = path.join(root, 'nodes') + path.sep;
      const rebuild = (file: string) => {
        if (!file.startsWith(nodesDir) || file.endsWith('.test.ts')) return;
        // (a .migrate.ts file is imported by the virtual module: Vite follows its edits itself)
        json = undefined;
        const mod = server.moduleGraph.getModuleById(RESOLVED);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', rebuild);
      server.watcher.on('add', rebuild);
      server.watcher.on('unlink', rebuild);
    },
  };
}

/** Run scripts/write-node-manifest.ts in Node and read what it wrote. */
export function writeManifest(root: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'node-manifest-'));
  const out = path.join(dir, 'manifest.json');
  try {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'write-node-manifest.ts'), out], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(out, 'utf8');
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not build the node manifest from nodes/: ${stderr.trim() || (e as Error).message}`, { cause: e });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
