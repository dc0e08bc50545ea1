/**
 * Port types: the small union every port is drawn from. A connection is allowed only
 * when the source's type is one the target port accepts.
 */
export const PORT_TYPES = [
  'tensor', // tf.Tensor2D [n, d]: points, noise, samples
  'distribution', // Distribution: samples, and for mixtures the exact (noised) score
  'schedule', // Schedule: a forward path x_t = a(t)·x_0 + s(t)·ε
  'predictor', // Predictor: one function of (x, a, s) read as score, ε̂ or x̂_0
  'model', // a trainable network (weights as tf.Variables)
  'number', // a scalar
  'series', // a named curve {x[], y[]}: loss against step, a against t
  'trajectory', // snapshots of a sampler's state along time
  'images', // a batch of images [n, h, w] in [-1, 1]
  'preview', // a small plot payload for the editor
  'level', // one pass of a loop: the noise level(s) a step node moves between, and its noise seed
] as const;

export type PortType = (typeof PORT_TYPES)[number];

/** A port: its type (or the types it accepts, for inputs), whether it may be left unconnected. */
export interface PortSpec {
  type: PortType;
  /** Further types an input accepts (e.g. a training set given as a distribution or a tensor). */
  accepts?: readonly PortType[];
  optional?: boolean;
  doc?: string;
}

export type PortDecl = PortType | PortSpec;

export function portSpec(decl: PortDecl): PortSpec {
  return typeof decl === 'string' ? { type: decl } : decl;
}

/** The types an input port accepts. */
export function acceptedTypes(decl: PortDecl): readonly PortType[] {
  const spec = portSpec(decl);
  return [spec.type, ...(spec.accepts ?? [])];
}

/** Colours by port type, shared by the editor's handles and edges. */
export const PORT_COLORS: Record<PortType, string> = {
  tensor: '#4f8cff',
  distribution: '#38b2ac',
  schedule: '#d69e2e',
  predictor: '#e53e3e',
  model: '#9f7aea',
  number: '#a0aec0',
  series: '#ed8936',
  trajectory: '#48bb78',
  images: '#ed64a6',
  preview: '#718096',
  level: '#f6e05e',
};
