import { useState } from 'react';
import { ShareMenu } from './ShareMenu';
import { toggleLibrary, useLibrary } from './store';

const LABELS = { idle: 'Saved', saved: 'Saved', pending: 'Saving…', error: 'Not saved', memory: 'Not saved' } as const;

/** Saved / saving / not saved, next to the graph's name. */
function SaveIndicator() {
  const status = useLibrary((s) => s.status);
  const save = useLibrary((s) => s.save);
  const state = status === 'starting' ? 'starting' : save.state;
  const title =
    state === 'starting'
      ? 'Opening the library…'
      : state === 'memory'
        ? 'The library is unavailable: this graph lives in this tab only. Export it to keep it.'
        : state === 'error'
          ? (save.error?.message ?? 'Saving failed')
          : state === 'pending'
            ? 'Saving to this browser…'
            : `Every edit is saved in this browser${save.at ? ` (last at ${new Date(save.at).toLocaleTimeString()})` : ''}.`;
  return (
    <span className={`lib-save ${state}`} data-testid="save-status" data-state={state} title={title} role="status">
      <span className="lib-save-dot" />
      {state === 'starting' ? '' : LABELS[state]}
    </span>
  );
}

/** The library's toolbar part: save state, the Library drawer, and the Share menu. */
export function LibraryControls() {
  const panel = useLibrary((s) => s.panel);
  const [share, setShare] = useState(false);
  return (
    <div className="toolbar-group lib-controls">
      <SaveIndicator />
      <button className={panel ? 'active' : ''} data-testid="library-toggle" aria-pressed={panel} onClick={() => toggleLibrary()} title="Your graphs and the examples">
        ☰ Library
      </button>
      <div className="lib-share-anchor">
        <button className={share ? 'active' : ''} data-testid="share-toggle" aria-expanded={share} onClick={() => setShare(!share)} title="Export, import, share link">
          ⇪ Share
        </button>
        {share && <ShareMenu close={() => setShare(false)} />}
      </div>
    </div>
  );
}
