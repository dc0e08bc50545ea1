/**
 * Port types: the small union every port is drawn from. A connection is allowed only
 * when the source's type is one the target port accepts.
 */
export const PORT_TYPES = [
  'tensor', // tf.Tensor: points [N, D] (noise, samples) or images [N, H, W, C]; nodes check which (port-values.ts)
  'distribution', // Distribution: samples, and for mixtures the exact (noised) score
  'schedule', // Schedule: a forward path x_t = a(t)·x_0 + s(t)·ε
  'predictor', // Predictor: one function of (x, a, s) read as score, ε̂ or x̂_0
  'score-net', // ScoreNetwork: a noise-conditional network (model/score-mlp, model/unet)
  'vae', // VaeNetwork: a variational autoencoder (model/vae)
  'classifier', // Classifier: an image classifier, class logits of images
  'number', // a scalar
  'series', // a named curve {x[], y[]}: loss against step, a against t
  'trajectory', // snapshots of a sampler's state along time
  'images', // a batch of images [N, H, W, C] (NHWC) in [-1, 1]
  'preview', // a small plot payload for the editor
  'level', // one pass of a loop: the noise level(s) a step node moves between, and its noise seed
  'operator', // Operator: a linear measurement y = A x + σ_y n (inverse problems)
] as const;

export type PortType = (typeof PORT_TYPES)[number];

/**
 * A port: its type (or the types it accepts, for inputs), whether it may be left unconnected.
 * The value `run` gets on an input is typed from this (node.ts, InputValues): PortValues[type
 * or an accepted type], `| undefined` when optional.
 */
export interface PortSpec<T extends PortType = PortType, A extends PortType = PortType> {
  type: T;
  /** Further types an input accepts (e.g. a training set given as a distribution or a tensor). */
  accepts?: readonly A[];
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
  'score-net': '#9f7aea',
  vae: '#805ad5',
  classifier: '#b794f4',
  number: '#a0aec0',
  series: '#ed8936',
  trajectory: '#48bb78',
  images: '#ed64a6',
  preview: '#718096',
  level: '#f6e05e',
  operator: '#2c7a7b',
};
