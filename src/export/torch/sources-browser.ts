import type { TorchEmitter } from './emitter';
import { emitterFile, type ExportSources } from './export-graph';

/**
 * Export sources in the browser: the Python helpers and the emitters bundled by Vite
 * (import.meta.glob, loaded on first export only), repository files fetched from the app's
 * public folder (public/x → /x).
 */
const helpers = import.meta.glob('./python/**/*.py', { query: '?raw', import: 'default', eager: false }) as Record<string, () => Promise<string>>;
const emitters = import.meta.glob('../../../nodes/**/*.torch.ts', { import: 'default', eager: false }) as Record<string, () => Promise<TorchEmitter>>;

export function browserExportSources(base = import.meta.env.BASE_URL): ExportSources {
  return {
    helper: async (name) => {
      const load = helpers[`./python/${name}.py`];
      if (!load) throw new Error(`no Python helper ${name}.py`);
      return load();
    },
    emitter: async (type) => emitters[`../../../nodes/${emitterFile(type)}.torch.ts`]?.(),
    asset: async (repoPath) => {
      if (!repoPath.startsWith('public/')) throw new Error(`${repoPath} is not served to the browser (only public/ is)`);
      const res = await fetch(`${base}${repoPath.slice('public/'.length)}`);
      if (!res.ok) throw new Error(`cannot fetch ${repoPath}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
