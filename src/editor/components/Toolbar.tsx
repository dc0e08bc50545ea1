import { useReactFlow } from '@xyflow/react';
import type { BackendRequest } from '../../engine/api';
import { initBackend } from '../actions/backend';
import { redo, undo } from '../actions/history';
import { runGraph, stopRun } from '../actions/run';
import { graphHistory, useGraph } from '../store/graph';
import { useRun } from '../store/run';
import { useUi } from '../store/ui';
import { useSingleSelection } from '../store/view';
import { useStore } from 'zustand';
import { setGraphName } from '../actions/rename';
import { LibraryControls } from '../library/LibraryControls';
import { LessonsControls } from '../lessons/LessonsControls';
import { formatSeconds } from './StatusBadge';
import { TextCommit } from './TextCommit';
import { fitVisible } from './fit-visible';
import { arrangeGraph } from '../actions/arrange';

const BACKENDS: BackendRequest[] = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'];

/** A duration in few characters: 8.35 s, or m:ss from a minute on. */
function shortSeconds(s: number): string {
  if (s < 60) return formatSeconds(s);
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function RunStatus() {
  const running = useRun((s) => s.runId !== null);
  const last = useRun((s) => s.last);
  let text = '';
  let cls = '';
  if (running) [text, cls] = ['Running…', 'running'];
  else if (last) [text, cls] = [last.status === 'done' ? `Done in ${formatSeconds(last.seconds)}` : last.status === 'cancelled' ? (last.message ?? 'Stopped') : `Error: ${last.message ?? 'failed'}`, last.status];
  // The status gets what room the toolbar leaves (a few characters at 1440 px): a finished run says "✓ 8.35 s" or "✓ 3:36", the tooltip says the rest.
  const shown = !running && last?.status === 'done' ? `✓ ${shortSeconds(last.seconds)}` : text;
  return (
    <span className={`run-status ${cls}`} data-testid="run-status" data-status={running ? 'running' : (last?.status ?? 'idle')} title={text}>
      {shown}
    </span>
  );
}

function BackendPicker() {
  const request = useRun((s) => s.backendRequest);
  const info = useRun((s) => s.backend);
  const error = useRun((s) => s.backendError);
  const detail = info ? [info.reason, info.simd !== undefined && `SIMD ${info.simd ? 'on' : 'off'}`, info.threads !== undefined && `threads ${info.threads ? 'on' : 'off'}`].filter(Boolean).join(' · ') : (error ?? 'starting…');
  return (
    <div className="backend" title={detail}>
      <select data-testid="backend-select" value={request} onChange={(e) => initBackend(e.target.value as BackendRequest).catch(() => undefined)}>
        {BACKENDS.map((b) => (
          <option key={b} value={b} disabled={b !== 'auto' && info?.available !== undefined && !info.available.includes(b as never)}>
            {b}
          </option>
        ))}
      </select>
      <span className={`backend-info${error ? ' error' : ''}`} data-testid="backend-info" data-backend={info?.backend ?? ''}>
        <b>{info?.backend ?? (error ? 'no engine' : '…')}</b>
        <span className="backend-reason">{detail}</span>
      </span>
    </div>
  );
}

export function Toolbar() {
  const name = useGraph((s) => s.graph.name);
  const running = useRun((s) => s.runId !== null);
  const selected = useSingleSelection();
  const canUndo = useStore(graphHistory, (h) => h.pastStates.length > 0);
  const canRedo = useStore(graphHistory, (h) => h.futureStates.length > 0);
  const rf = useReactFlow();
  return (
    <header className="toolbar">
      <div className="brand">
        <span className="logo">◈</span>
        <span className="brand-name"> Diffusion Graph Lab</span>
      </div>
      <TextCommit className="graph-name" testId="graph-name" value={name} onCommit={setGraphName} />
      <LibraryControls />
      <LessonsControls />
      <div className="toolbar-group run-group">
        <button className="primary" data-testid="run-all" disabled={running} onClick={() => runGraph()} title="Run all (Ctrl+Enter)">
          ▶ Run
        </button>
        <button data-testid="run-selected" disabled={running || !selected} onClick={() => selected && runGraph([selected])} title="Run up to the selected node (Shift+Enter)">
          ▶| To selected
        </button>
        <button data-testid="stop" disabled={!running} onClick={() => stopRun()} title="Stop (Esc)">
          ■ Stop
        </button>
        <RunStatus />
      </div>
      <div className="toolbar-group">
        <button className="icon" data-testid="undo" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)" aria-label="Undo">
          ↶
        </button>
        <button className="icon" data-testid="redo" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
          ↷
        </button>
        <button
          className="icon"
          data-testid="arrange"
          onClick={() => void arrangeGraph().then(() => requestAnimationFrame(() => fitVisible(rf, { duration: 300 })))}
          title="Arrange: lay the nodes out in layers, left to right (undo restores)"
          aria-label="Arrange"
        >
          ⊞
        </button>
        <button className="icon" onClick={() => fitVisible(rf, { duration: 300 })} title="Fit view (F)" aria-label="Fit view">
          ⤢
        </button>
        <button className="icon" data-testid="toggle-results" onClick={() => useUi.setState((s) => ({ results: !s.results }))} title="Results panel (R)" aria-label="Results panel">
          ▤
        </button>
        <button className="icon" data-testid="help" onClick={() => useUi.setState({ help: true })} title="Shortcuts (?)" aria-label="Shortcuts">
          ?
        </button>
      </div>
      <BackendPicker />
    </header>
  );
}
