/**
 * Preview payloads: small, plain data (typed arrays) that cross from the worker to the
 * editor as transferables. Views and progress callbacks produce them; the editor draws them.
 * Keep them small: a few thousand points or a small image grid.
 */
export interface ScatterPreview {
  kind: 'scatter';
  /** Interleaved x, y pairs. */
  points: Float32Array;
  /** Optional group per point (e.g. a digit label), drawn as colours. */
  groups?: Int32Array;
  /** Optional second set drawn behind (e.g. reference data). */
  reference?: Float32Array;
  /** [xMin, yMin, xMax, yMax] */
  bounds?: [number, number, number, number];
  title?: string;
}

export interface HistogramPreview {
  kind: 'histogram';
  /** Bin edges (length bins + 1) and counts (length bins), normalised to a density. */
  edges: Float32Array;
  density: Float32Array;
  title?: string;
}

export interface LinesPreview {
  kind: 'lines';
  series: { name: string; x: Float32Array; y: Float32Array }[];
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  logX?: boolean;
  title?: string;
  /** A grid of samples drawn beside the curve (a training node's samples every K steps). */
  samples?: ImagesPreview;
}

export interface TrajectoryPreview {
  kind: 'trajectory';
  /** [k, n, 2] flattened: frame-major, interleaved x, y. */
  frames: Float32Array;
  k: number;
  n: number;
  times: Float32Array;
  timeLabel: string;
  bounds?: [number, number, number, number];
  title?: string;
}

export interface ImagesPreview {
  kind: 'images';
  /** n images of h×w, grey levels 0…255, row-major. */
  pixels: Uint8Array;
  n: number;
  height: number;
  width: number;
  /** Images per row of the grid (default: about √n). */
  cols?: number;
  title?: string;
}

/**
 * A denoising replay: for n chosen samples, the state x_t and the predicted x̂₀ (Tweedie) at k
 * times along a sampler's trajectory, as grey images; the editor scrubs through the frames.
 */
export interface ReplayPreview {
  kind: 'replay';
  /** [k, n, h, w] grey levels 0…255 of x_t and of x̂₀, frame-major. */
  xt: Uint8Array;
  x0: Uint8Array;
  k: number;
  n: number;
  height: number;
  width: number;
  times: Float32Array;
  timeLabel: string;
  title?: string;
}

export interface ValuePreview {
  kind: 'value';
  value: number;
  label: string;
}

export type Preview = ScatterPreview | HistogramPreview | LinesPreview | TrajectoryPreview | ImagesPreview | ReplayPreview | ValuePreview;

/** The transferable buffers of a preview (for Comlink.transfer). */
export function previewBuffers(p: Preview): ArrayBuffer[] {
  const arrays: (ArrayBufferView | undefined)[] = [];
  switch (p.kind) {
    case 'scatter':
      arrays.push(p.points, p.groups, p.reference);
      break;
    case 'histogram':
      arrays.push(p.edges, p.density);
      break;
    case 'lines':
      for (const s of p.series) arrays.push(s.x, s.y);
      arrays.push(p.samples?.pixels);
      break;
    case 'trajectory':
      arrays.push(p.frames, p.times);
      break;
    case 'images':
      arrays.push(p.pixels);
      break;
    case 'replay':
      arrays.push(p.xt, p.x0, p.times);
      break;
    case 'value':
      break;
  }
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}
