import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { backendReady } from '../actions/backend';
import { reportInterruptedRun } from '../actions/run-guards';
import { useLibrary } from '../library/store';
import { useShortcuts } from '../hooks/useShortcuts';
import { LibraryRoot } from '../library/LibraryRoot';
import { ComparePanel } from '../lessons/compare/ComparePanel';
import { LessonsPanel } from '../lessons/LessonsPanel';
import { watchStaleness } from '../store/stale';
import { Canvas } from './Canvas';
import { ErrorBoundary } from './ErrorBoundary';
import { HelpOverlay } from './HelpOverlay';
import { ImageLightbox } from '../images/ImageLightbox';
import { LazyPlotView } from '../plots/LazyPlotView';
import { Inspector } from './Inspector';
import { Palette } from './Palette';
import { ResultsPanel } from './ResultsPanel';
import { SearchBox } from './SearchBox';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';

function Shell() {
  useShortcuts();
  useEffect(() => watchStaleness(), []);
  // Once the library has opened the stored graph (which resets run state), say whether a reload cut a run short.
  const libraryReady = useLibrary((s) => s.status !== 'starting');
  useEffect(() => {
    if (libraryReady) reportInterruptedRun();
  }, [libraryReady]);
  useEffect(() => {
    backendReady().catch(() => undefined);
  }, []);
  return (
    <div className="app">
      <ErrorBoundary area="The toolbar">
        <Toolbar />
      </ErrorBoundary>
      <div className="workspace">
        <Palette />
        <main className="stage">
          <ErrorBoundary area="The canvas">
            <Canvas />
          </ErrorBoundary>
          <ErrorBoundary area="The results panel">
            <ResultsPanel />
          </ErrorBoundary>
          <ErrorBoundary area="The lessons panel">
            <LessonsPanel />
          </ErrorBoundary>
          <ErrorBoundary area="The compare view">
            <ComparePanel />
          </ErrorBoundary>
        </main>
        <ErrorBoundary area="The inspector">
          <Inspector />
        </ErrorBoundary>
      </div>
      <SearchBox />
      <HelpOverlay />
      <ImageLightbox />
      <LazyPlotView />
      <Toasts />
      <LibraryRoot />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Shell />
    </ReactFlowProvider>
  );
}
