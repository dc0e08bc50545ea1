import { useEffect, useState } from 'react';
import { formatT } from './CompareCell';
import type { TimeAxis } from './scrub';
import { useCompare } from './store';

const STEPS = 1000;

/** Play: the slider walks from where it is to the end in about four seconds. */
function usePlay(): [boolean, (on: boolean) => void] {
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const u = useCompare.getState().u;
      if (u >= 1) setPlaying(false);
      else useCompare.setState({ u: Math.min(1, u + 0.0125) });
    }, 50);
    return () => clearInterval(timer);
  }, [playing]);
  return [playing, setPlaying];
}

/** The time slider over every compared trajectory, with the field and axes options. */
export function ScrubBar({ axis, t, labels }: { axis?: TimeAxis; t?: number; labels: string[] }) {
  const { u, scrub, field, bounds } = useCompare();
  const [playing, setPlaying] = usePlay();
  if (!axis || t === undefined) return <div className="compare-scrub muted">No compared sampler has a trajectory view that ran: connect a view/trajectory to a sampler’s trajectory and run.</div>;
  const toggle = (on: boolean, text: string, set: () => void, testId: string, title: string) => (
    <button className={`cmp-chip${on ? ' on' : ''}`} aria-pressed={on} onClick={set} data-testid={testId} title={title}>
      {text}
    </button>
  );
  return (
    <div className="compare-scrub" data-testid="scrub-bar">
      <button className="icon" onClick={() => (u >= 1 ? (useCompare.setState({ u: 0 }), setPlaying(true)) : setPlaying(!playing))} aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause' : 'Play from here to the end'}>
        {playing ? '❚❚' : '▶'}
      </button>
      <span className="compare-scrub-end muted">
        {axis.label}={formatT(axis.start, axis.label)}
        <br />
        noise
      </span>
      <input
        type="range"
        min={0}
        max={STEPS}
        step={1}
        value={Math.round(u * STEPS)}
        data-testid="scrub-slider"
        aria-label={`Time ${axis.label}`}
        onChange={(e) => {
          setPlaying(false);
          useCompare.setState({ u: Number(e.target.value) / STEPS });
        }}
      />
      <span className="compare-scrub-end muted">
        {axis.label}={formatT(axis.end, axis.label)}
        <br />
        samples
      </span>
      <output className="compare-scrub-t" data-testid="scrub-t" data-t={formatT(t, axis.label)}>
        {axis.label} = {formatT(t, axis.label)}
      </output>
      {labels.length > 1 && (
        <select value={axis.label} onChange={(e) => useCompare.setState({ axis: e.target.value })} title="Trajectories on other time axes cannot be put at the same time" data-testid="scrub-axis">
          {labels.map((l) => (
            <option key={l} value={l}>
              time: {l}
            </option>
          ))}
        </select>
      )}
      <div className="compare-toggles">
        {toggle(field, 'Score field', () => useCompare.setState({ field: !field }), 'toggle-field', 'Arrows of ∇log p_t at this time, computed by the engine with each sampler’s predictor and schedule')}
        {toggle(scrub === 'interpolate', 'Interpolate', () => useCompare.setState({ scrub: scrub === 'interpolate' ? 'snap' : 'interpolate' }), 'toggle-interpolate', 'On: every view at exactly this t, on the straight line between its two snapshots around t. Off: each view shows its first snapshot at or after t.')}
        {toggle(bounds === 'follow', 'Axes follow t', () => useCompare.setState({ bounds: bounds === 'follow' ? 'fixed' : 'follow' }), 'toggle-bounds', 'On: the shared axes hold every point at this t. Off: fixed to the samples.')}
      </div>
      {axis.disjoint && <span className="warn small">The trajectories cover different times: some views stop at their ends.</span>}
    </div>
  );
}
