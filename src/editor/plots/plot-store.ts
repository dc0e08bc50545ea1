import { create } from 'zustand';
import type { HistogramPreview, LinesPreview, Preview, ScatterPreview, TrajectoryPreview } from '../../engine/preview';

/** Previews drawn as plots with axes: a click on one opens it large (PlotView). */
export type PlotPreview = LinesPreview | HistogramPreview | ScatterPreview | TrajectoryPreview;

export const isPlot = (p: Preview): p is PlotPreview => p.kind === 'lines' || p.kind === 'histogram' || p.kind === 'scatter' || p.kind === 'trajectory';

interface PlotState {
  preview: PlotPreview | null;
  title: string;
  /** The trajectory frame shown (k − 1: the end of sampling). */
  frame: number;
}

export const usePlot = create<PlotState>()(() => ({ preview: null, title: '', frame: 0 }));

/** Open a plot large; a trajectory opens on its last frame (the samples). */
export function openPlot(preview: PlotPreview, title = ''): void {
  usePlot.setState({ preview, title, frame: preview.kind === 'trajectory' ? preview.k - 1 : 0 });
}

export function closePlot(): void {
  usePlot.setState({ preview: null });
}
