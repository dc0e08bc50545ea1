import { exportFileName, exportGraphFile } from '../../sharing/export';
import { registry } from '../registry';
import { getGraph } from '../store/graph';
import { showToast } from '../store/ui';

/**
 * Share → "PyTorch script": the open graph exported as a standalone PyTorch script (issue 20,
 * src/export/torch/) and downloaded as `<graph>.zip` holding `<graph>/graph.py`, README.md and the
 * emitters' files. The exporter, its Python sources and fflate load on first use only. A node that
 * cannot export yet is named in a toast, with why.
 */
export async function exportTorchZip(): Promise<void> {
  const graph = getGraph();
  const [{ exportGraph, ExportError }, { browserExportSources }, { strToU8, zipSync }] = await Promise.all([
    import('../../export/torch/export-graph'),
    import('../../export/torch/sources-browser'),
    import('fflate'),
  ]);
  let files;
  try {
    files = await exportGraph(exportGraphFile(graph), registry, browserExportSources());
  } catch (e) {
    const what = e instanceof ExportError ? e.problems.map((p) => `${p.node}: ${p.message}`).join('; ') : (e as Error).message;
    showToast(`Cannot export as a PyTorch script: ${what}`, 'error', undefined, 10_000);
    return;
  }
  const folder = exportFileName(graph).replace(/\.json$/, '');
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [`${folder}/${name}`, typeof content === 'string' ? strToU8(content) : content])));
  const url = URL.createObjectURL(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${folder}-pytorch.zip`;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  showToast(`Downloaded ${a.download}: unzip it and run python3 ${folder}/graph.py --out results`);
}
