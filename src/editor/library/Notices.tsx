import { useEffect } from 'react';
import { undoDelete } from './manage';
import { useLibrary } from './store';

const UNDO_MS = 10_000;

/** Storage failed (private mode, quota…): the editor keeps working, and says nothing is saved. */
export function StorageBanner() {
  const banner = useLibrary((s) => s.banner);
  if (!banner) return null;
  return (
    <div className="lib-banner" data-testid="storage-banner" data-kind={banner.kind} role="alert">
      <span className="lib-banner-icon">⚠</span>
      <span>{banner.message}</span>
      <button className="icon" onClick={() => useLibrary.setState({ banner: null })} aria-label="Dismiss" title="Dismiss">
        ×
      </button>
    </div>
  );
}

/** "Deleted “X”. Undo" for ten seconds after a delete. */
export function UndoToast() {
  const undo = useLibrary((s) => s.undo);
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => useLibrary.setState((s) => (s.undo === undo ? { undo: null } : {})), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);
  if (!undo) return null;
  return (
    <div className="lib-undo toast" data-testid="undo-toast" role="status">
      <span>
        Deleted “<b>{undo.name}</b>”
      </span>
      <button data-testid="undo-delete" onClick={() => void undoDelete()}>
        Undo
      </button>
      <button className="icon lib-undo-close" onClick={() => useLibrary.setState({ undo: null })} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

/** Shown while a file is dragged over the window. */
export function DropHint() {
  const dropping = useLibrary((s) => s.dropping);
  if (!dropping) return null;
  return (
    <div className="lib-drop" data-testid="drop-hint">
      <div>
        <b>Drop a graph file</b>
        <span>It is checked and imported as a new graph; nothing is overwritten.</span>
      </div>
    </div>
  );
}
