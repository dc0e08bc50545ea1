import { exportFileName, exportGraphFile } from '../../sharing/export';
import { encodeShareLink } from '../../sharing/share-link';
import { exportWithWeights } from '../../storage/library-io';
import { registry } from '../registry';
import { getGraph } from '../store/graph';
import { showToast } from '../store/ui';
import { lib, reportStorageError } from './session';
import { useLibrary } from './store';

/** Save text as a file: a Blob behind an <a download> clicked once. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference by now; revoke later, not at once (Firefox needs the URL a moment).
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Download the open graph as a graph file, with its stored trained weights when asked. */
export async function exportCurrent(includeWeights: boolean): Promise<void> {
  const graph = getGraph();
  let text: string;
  if (includeWeights && useLibrary.getState().status === 'ready') {
    const withWeights = await exportWithWeights(lib(), graph, registry);
    if (!withWeights.ok) return reportStorageError(withWeights.error);
    text = withWeights.value;
  } else {
    if (includeWeights) showToast('The library is unavailable: exported without trained weights.', 'error');
    text = exportGraphFile(graph);
  }
  downloadText(exportFileName(graph), text);
}

export type ShareOutcome = { ok: true; url: string; copied: boolean; bytes: number } | { ok: false; message: string };

/** A link that opens the open graph as a new graph (refused above the size limit), copied when the browser lets us. */
export async function copyShareLink(): Promise<ShareOutcome> {
  const link = await encodeShareLink(getGraph());
  if (!link.ok) return { ok: false, message: `Cannot share as a link: ${link.issue.message}.` };
  const url = `${location.origin}${location.pathname}${location.search}${link.hash}`;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // No clipboard permission (an insecure origin, a headless browser): the menu shows the link to copy by hand.
  }
  return { ok: true, url, copied, bytes: link.compressedBytes };
}
