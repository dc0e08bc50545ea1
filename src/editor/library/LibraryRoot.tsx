import { useEffect } from 'react';
import { isShareLink } from '../../sharing/share-link';
import { showToast } from '../store/ui';
import { useLibraryAutosave } from './autosave';
import { openSharedLink } from './import';
import { ExternalChange } from './ExternalChange';
import { IssuesDialog } from './IssuesDialog';
import { LibraryPanel } from './LibraryPanel';
import { DropHint, StorageBanner, UndoToast } from './Notices';
import { startLibrary } from './session';
import { useLibrary } from './store';
import { useFileDrop } from './useFileDrop';
import './library.css';
import './panel.css';

/** Take the share link out of the address bar: a reload must not import it again. */
function clearHash(): void {
  history.replaceState(history.state, '', location.pathname + location.search);
}

let started = false;

/**
 * The library's part of the app, mounted once in App: startup (storage, last graph,
 * share link), autosave, file drops, and the library's panel, dialogs and notices.
 */
export function LibraryRoot() {
  useEffect(() => {
    if (started) return;
    started = true;
    void startLibrary({ hash: location.hash, clearHash, openLink: openSharedLink });
  }, []);
  useEffect(() => {
    // A link pasted into the address bar of an open tab changes only the fragment: no reload.
    const onHash = () => isShareLink(location.hash) && void openSharedLink(location.hash).finally(clearHash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    // Ctrl+S would save the web page: say instead that there is nothing to do.
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      if (useLibrary.getState().status === 'memory') showToast('Not saved: the library is unavailable here. Use Share → Export .json to keep this graph.', 'error');
      else showToast('Every edit is saved in this browser automatically. Share → Export .json makes a file.');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useLibraryAutosave();
  useFileDrop();
  return (
    <>
      <LibraryPanel />
      <div className="lib-notices">
        <StorageBanner />
        <ExternalChange />
        <UndoToast />
      </div>
      <IssuesDialog />
      <DropHint />
    </>
  );
}
