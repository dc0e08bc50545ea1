import { memo } from 'react';
import type { OutputSummary } from '../../engine/api';
import type { Category } from '../../engine/node';
import type { Preview } from '../../engine/preview';
import { valueRows } from '../checks/value-notes';
import { formatValue } from '../draw/images';
import { useRun } from '../store/run';
import { PreviewCanvas } from './PreviewCanvas';

const EMPTY: OutputSummary[] = [];

/** The preview a node shows: its progress preview while running, else its first output's. */
export function nodePreview(outputs: OutputSummary[] | undefined): Preview | undefined {
  return outputs?.find((o) => o.preview && o.preview.kind !== 'value')?.preview;
}

/** Categories whose nodes draw their result inline; the others show it in the inspector. */
export const INLINE: ReadonlySet<Category> = new Set(['view', 'sampler', 'loop', 'train', 'metric', 'vae']);

/** Inline results on a node: scalar outputs as numbers, one plot (progress previews always). */
export const NodePreview = memo(function NodePreview({ id, width, category, type, params }: { id: string; width: number; category: Category; type?: string; params?: Record<string, unknown> }) {
  const live = useRun((s) => s.nodes[id]?.preview);
  const outputs = useRun((s) => s.outputs[id] ?? EMPTY);
  const stale = useRun((s) => s.nodes[id] === undefined && s.outputs[id] !== undefined);
  const preview = live ?? (INLINE.has(category) ? nodePreview(outputs) : undefined);
  const values = valueRows(type ?? '', outputs, params);
  if (!preview && !values.length) return null;
  return (
    <div className={`node-results${stale ? ' stale' : ''}`}>
      {values.map((o) => (
        <div className="node-value" key={o.port} data-testid={`node-value-${id}-${o.port}`} data-value={o.value} title={o.note}>
          <span className="node-value-port">{o.port}</span>
          <span className="node-value-number">{formatValue(o.value)}</span>
          {o.nearZero && <span className="value-note-mark">≈ 0 ⓘ</span>}
          {o.floor !== undefined && (
            <span className="value-floor" data-testid={`node-floor-${id}`} data-value={o.floor}>
              floor {formatValue(o.floor)}
            </span>
          )}
        </div>
      ))}
      {preview && <PreviewCanvas preview={preview} width={width} height={preview.kind === 'scatter' ? width * 0.8 : width * 0.6} testId={`preview-${id}`} />}
      {preview?.kind === 'lines' && preview.samples && <PreviewCanvas preview={preview.samples} width={width} height={width / 2} testId={`preview-samples-${id}`} />}
    </div>
  );
});
