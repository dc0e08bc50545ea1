import { memo } from 'react';
import type { OutputSummary } from '../../engine/api';
import { valueRows } from '../checks/value-notes';
import { formatValue } from '../draw/images';
import { PreviewCanvas } from './PreviewCanvas';

/** A card's padding and border, left and right together (overlays.css .result-card). */
const CARD_INSET = 22;
/** Room a card keeps above its picture for its title (two lines) and margins. */
const HEAD_ROOM = 66;

interface Props {
  id: string;
  type: string;
  params: Record<string, unknown>;
  title: string;
  outputs: OutputSummary[];
  stale: boolean;
  focus: (id: string) => void;
  /** The card's width and the height it may take (the results strip's layout). */
  width: number;
  height: number;
}

/** One view or metric node's outputs in the results strip: its values (with a metric's floor) and its picture, sized to the strip. */
export const ResultCard = memo(function ResultCard({ id, type, params, title, outputs, stale, focus, width, height }: Props) {
  const preview = outputs.find((o) => o.preview && o.preview.kind !== 'value')?.preview;
  const rows = valueRows(type, outputs, params);
  // A picture fills the card's width, as tall as the strip leaves below the title (and any values).
  const plotWidth = width - CARD_INSET;
  const room = height - HEAD_ROOM - rows.length * 28;
  const plotHeight = Math.max(90, Math.min(preview?.kind === 'scatter' ? plotWidth : 130, room));
  return (
    <div
      className={`result-card${stale ? ' stale' : ''}`}
      style={{ width, maxHeight: height }}
      data-testid={`result-${id}`}
      data-stale={stale}
      onClick={() => focus(id)}
      title={stale ? 'Stale: this node or what feeds it was edited after this run. Run again to update.' : 'Show this node on the canvas (its outputs open large in the inspector)'}
    >
      <div className="result-head">
        <b>{title}</b> <span className="muted">{id}</span>
        {stale && <span className="result-stale">stale</span>}
      </div>
      {rows.map((o) => (
        <div className="result-value" key={o.port} data-testid={`result-value-${id}-${o.port}`} title={o.note}>
          <span className="muted">{o.port}</span> {formatValue(o.value)}
          {o.nearZero && <span className="value-note-mark">≈ 0 ⓘ</span>}
          {o.floor !== undefined && (
            <span className="value-floor" data-testid={`result-floor-${id}`}>
              floor {formatValue(o.floor)}
              {o.port === 'value' && type === 'metric/sliced-wasserstein' && o.floor > 0 ? ` · ${(o.value / o.floor).toFixed(1)}×` : ''}
            </span>
          )}
          {o.floor !== undefined && <div className="value-meaning muted small">{o.note}</div>}
        </div>
      ))}
      {preview && <PreviewCanvas preview={preview} width={plotWidth} height={plotHeight} large title={title} testId={`result-plot-${id}`} />}
    </div>
  );
});
