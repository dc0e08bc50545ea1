import type { GraphFile } from '../../engine/format';

/** README.md of an export folder: what it is and how to run it. */
export function exportReadme(graph: GraphFile, files: string[]): string {
  const extra = files.filter((f) => f !== 'graph.py');
  return [
    `# ${graph.name}`,
    '',
    graph.description ?? '',
    '',
    'Exported from Diffusion Graph Lab as a standalone PyTorch script (`graph.py`): one function per',
    "node of the graph, in dependency order, named after the node's id, with the node's equation and",
    'reference in its docstring.',
    '',
    '## Run',
    '',
    '```sh',
    'python3 graph.py --out results              # CPU',
    'python3 graph.py --out results --device cuda --seed 1',
    '```',
    '',
    'Needs Python 3 with torch ≥ 1.13 and numpy (Debian: `apt install python3-torch python3-numpy`).',
    "It writes `results/<node>.<port>.npy` (float32) and `results/summary.json` in the lab CLI's layout",
    '(`npm run graph -- graph.json --out lab-results`), so the two compare file by file. Random numbers',
    "are the lab's own (the same generator, seeded per node from the graph seed and the node's seed",
    'param), so with the same seed the numbers agree with the lab up to float32 rounding.',
    '',
    '`--steps K` runs training nodes for K steps instead of their param.',
    ...(extra.length ? ['', '## Files', '', ...extra.map((f) => `- \`${f}\``)] : []),
    '',
  ].join('\n');
}
