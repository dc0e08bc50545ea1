import { parseGraphFile } from '../engine/load';

/**
 * The example and lesson graphs in graphs/ (bundled by Vite at build time), for the
 * gallery. Opening one imports its text as a new graph (a private copy):
 * importFileToLibrary(storage, example.text, { registry }).
 */
export interface Example {
  /** Path under graphs/, e.g. 'ddpm-8gaussians.json'. */
  id: string;
  name: string;
  description: string;
  nodeCount: number;
  text: string;
}

const files = import.meta.glob('../../graphs/**/*.json', { eager: true, query: '?raw', import: 'default' }) as Record<string, string>;

/** Every example, by name. Files that do not parse are left out (graphs.test.ts keeps them valid). */
export function listExamples(): Example[] {
  return Object.entries(files)
    .flatMap(([path, text]) => {
      const { graph } = parseGraphFile(text);
      return graph ? [{ id: path.replace(/^.*\/graphs\//, ''), name: graph.name, description: graph.description, nodeCount: graph.nodes.length, text }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
