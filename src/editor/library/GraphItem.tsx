import { useState } from 'react';
import { useGraphRecord } from '../../storage/hooks';
import type { GraphSummary } from '../../storage/types';
import { GraphThumbnail } from './GraphThumbnail';
import { formatAgo } from './format';
import { deleteStored, duplicateStored, openStored, renameStored } from './manage';
import { useLibrary } from './store';

function RenameInput({ summary, done }: { summary: GraphSummary; done(): void }) {
  const [draft, setDraft] = useState(summary.name);
  const commit = () => {
    const name = draft.trim();
    if (name && name !== summary.name) void renameStored(summary.id, name);
    done();
  };
  return (
    <input
      className="lib-rename"
      data-testid="library-rename-input"
      value={draft}
      maxLength={200}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') commit();
        else if (e.key === 'Escape') done();
      }}
    />
  );
}

/** A stored graph's layout in miniature, read from the library (redrawn when the graph is saved). */
function StoredThumbnail({ id }: { id: string }) {
  const record = useGraphRecord(id);
  return record.status === 'ready' && record.value ? <GraphThumbnail graph={record.value.file} scale={0.6} /> : null;
}

/** One graph of the library: click to open; rename, duplicate and delete on hover or focus. */
export function GraphItem({ summary, open }: { summary: GraphSummary; open: boolean }) {
  const [renaming, setRenaming] = useState(false);
  const openIt = () => {
    if (renaming) return;
    void openStored(summary.id);
    useLibrary.setState({ panel: false });
  };
  const act = (e: React.MouseEvent, action: () => void) => {
    e.stopPropagation();
    action();
  };
  return (
    <li
      className={`lib-item${open ? ' open' : ''}`}
      data-testid="library-item"
      data-name={summary.name}
      data-open={open}
      tabIndex={0}
      onClick={openIt}
      onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && openIt()}
      title={summary.description || summary.name}
    >
      <StoredThumbnail id={summary.id} />
      <div className="lib-item-main">
        {renaming ? <RenameInput summary={summary} done={() => setRenaming(false)} /> : <span className="lib-item-name">{summary.name}</span>}
        <span className="lib-meta">
          {open && <span className="lib-open-badge">open</span>}
          edited {formatAgo(summary.updatedAt)} · {summary.nodeCount} node{summary.nodeCount === 1 ? '' : 's'}
        </span>
      </div>
      <div className="lib-item-actions">
        <button className="icon" data-testid="library-rename" onClick={(e) => act(e, () => setRenaming(true))} title="Rename" aria-label={`Rename ${summary.name}`}>
          ✎
        </button>
        <button className="icon" data-testid="library-duplicate" onClick={(e) => act(e, () => void duplicateStored(summary.id))} title="Duplicate" aria-label={`Duplicate ${summary.name}`}>
          ❐
        </button>
        <button className="icon danger" data-testid="library-delete" onClick={(e) => act(e, () => void deleteStored(summary.id))} title="Delete (undo for 10 s; kept in Recently deleted)" aria-label={`Delete ${summary.name}`}>
          ✕
        </button>
      </div>
    </li>
  );
}
