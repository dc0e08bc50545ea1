import { useGraphRecord } from '../../storage/hooks';
import { getGraph } from '../store/graph';
import { lib, showRecord } from './session';
import { useLibrary } from './store';

/**
 * The open graph was saved by another tab (a newer stored version that differs from
 * this tab's): offer to load it, or to keep this tab's version (saved with the next edit).
 */
export function ExternalChange() {
  const openId = useLibrary((s) => s.openId);
  const knownAt = useLibrary((s) => s.knownAt);
  const live = useGraphRecord(openId, lib());
  const record = live.status === 'ready' ? live.value : undefined;
  if (!record || record.updatedAt <= knownAt || JSON.stringify(record.file) === JSON.stringify(getGraph())) return null;
  return (
    <div className="lib-banner lib-info" data-testid="external-change" role="alert">
      <span className="lib-banner-icon">⟳</span>
      <span>This graph was changed in another tab.</span>
      <button data-testid="external-load" onClick={() => showRecord(record)}>
        Load their version
      </button>
      <button data-testid="external-keep" onClick={() => useLibrary.setState({ knownAt: record.updatedAt })} title="Your next edit saves over theirs">
        Keep mine
      </button>
    </div>
  );
}
