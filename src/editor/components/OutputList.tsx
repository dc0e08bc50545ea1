import { memo } from 'react';
import type { OutputSummary } from '../../engine/api';
import { formatValue } from '../draw/images';
import { PreviewCanvas } from './PreviewCanvas';

/** Each output of a node after a run: type, shape, value or text, and a larger plot. */
export const OutputList = memo(function OutputList({ id, outputs, width }: { id: string; outputs: OutputSummary[]; width: number }) {
  return (
    <div className="outputs">
      {outputs.map((o) => (
        <div className="output" key={o.port} data-testid={`output-${id}-${o.port}`}>
          <div className="output-head">
            <b>{o.port}</b>
            <span className="muted">{o.type}</span>
            {o.shape && <span className="shape">[{o.shape.join(' × ')}]</span>}
            {o.value !== undefined && <span className="value">{formatValue(o.value)}</span>}
          </div>
          {o.text && <div className="muted small">{o.text}</div>}
          {o.preview && o.preview.kind !== 'value' && <PreviewCanvas preview={o.preview} width={width} height={o.preview.kind === 'scatter' ? width * 0.85 : width * 0.6} large />}
        </div>
      ))}
    </div>
  );
});
