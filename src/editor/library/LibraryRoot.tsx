import { useEffect } from 'react';
import { isShareLink } from '../../sharing/share-link';
import { useLibraryAutosave } from './autosave';
import { openSharedLink } from './import';
import { ExternalChange } from './ExternalChange';
import { IssuesDialog } from './IssuesDialog';
import { LibraryPanel } from './LibraryPanel';
import { DropHint, StorageBanner, UndoToast } from './Notices';
import { startLibrary } from './session';
import { useFileDrop } from './useFileDrop';
import './library.css';

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
  useLibraryAutosave();
  useFileDrop();
  return (
    <>
      <LibraryPanel />
      <div className="lib-notices">
        <StorageBanner />
        <ExternalChange />
      </div>
      <IssuesDialog />
      <UndoToast />
      <DropHint />
    </>
  );
}
