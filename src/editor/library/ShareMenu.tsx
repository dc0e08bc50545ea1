import { useEffect, useRef, useState } from 'react';
import { exportTorchZip } from '../actions/export-torch';
import { copyShareLink, exportCurrent, type ShareOutcome } from './export';
import { ImportButton } from './GraphsTab';
import { showLibrary } from './store';

/** Export (.json, optionally with trained weights), import, and the share link. */
export function ShareMenu({ close }: { close(): void }) {
  const [weights, setWeights] = useState(false);
  const [link, setLink] = useState<ShareOutcome | 'working' | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      const t = e.target as Element;
      if (!box.current?.contains(t) && !t.closest?.('[data-testid="share-toggle"]')) close();
    };
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('pointerdown', away);
    window.addEventListener('keydown', esc);
    return () => {
      window.removeEventListener('pointerdown', away);
      window.removeEventListener('keydown', esc);
    };
  }, [close]);

  return (
    <div className="lib-menu" data-testid="share-menu" ref={box}>
      <section>
        <h4>Export</h4>
        <p className="lib-note">The graph as a .json file (positions included), to keep or send.</p>
        <label className="lib-check">
          <input type="checkbox" data-testid="export-weights" checked={weights} onChange={(e) => setWeights(e.target.checked)} />
          include trained weights
        </label>
        <button className="primary" data-testid="export-json" onClick={() => void exportCurrent(weights)}>
          ⤓ Export .json
        </button>
        <button data-testid="export-torch" title="graph.py (PyTorch, one function per node), README and data, as a .zip" onClick={() => void exportTorchZip()}>
          ⤓ PyTorch script (.zip)
        </button>
      </section>
      <section>
        <h4>Share link</h4>
        <p className="lib-note">The whole graph in the address (no trained weights); it opens as a new graph. Small graphs only.</p>
        <button
          data-testid="share-link"
          disabled={link === 'working'}
          onClick={() => {
            setLink('working');
            void copyShareLink().then(setLink);
          }}
        >
          Copy share link
        </button>
        {link && link !== 'working' && (link.ok ? (
          <div className="lib-link">
            <input readOnly data-testid="share-link-url" value={link.url} onFocus={(e) => e.currentTarget.select()} />
            <span className="lib-note">{link.copied ? `Copied (${link.url.length} characters).` : 'Select and copy the link above.'}</span>
          </div>
        ) : (
          <p className="lib-note lib-warn" data-testid="share-link-error">
            {link.message}
          </p>
        ))}
      </section>
      <section className="lib-menu-row">
        <ImportButton label="⤒ Import…" />
        <button
          data-testid="open-examples"
          onClick={() => {
            showLibrary('examples');
            close();
          }}
        >
          Examples…
        </button>
      </section>
    </div>
  );
}
