import { GraphFileSchema, type GraphFile } from '../../src/engine/format';

/**
 * The U-Net graphs of the browser benchmark (issue 15), in the shape of the Node case
 * (bench/cases/unet.ts) but through the engine as a user runs them: model/unet's default shape
 * (28×28, [32, 64, 64], one block per level) trained by train/denoising on MNIST digits, and the
 * shipped U-Net (model/pretrained) sampled with DDIM.
 */

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });
const graph = (name: string, nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[]): GraphFile =>
  GraphFileSchema.parse({ format: 'diffusion-graph-lab/graph', version: 1, name, seed: 0, nodes, edges });

export const UNET_TRAIN = 'train';
export const UNET_SAMPLER = 'sampler';

/**
 * `steps` Adam steps (2e-3, EMA 0.995, no warm-up) of batch `batch` on 1024 digits: ε-target DSM,
 * linear β. `seed` is the training node's: a run with a seed used before in the same browser profile
 * would restore its trained net from IndexedDB instead of training.
 */
export function unetTrainGraph(batch: number, steps: number, seed: number): GraphFile {
  return graph(
    `bench: U-Net training, ${steps} steps of batch ${batch}`,
    [
      node('digits', 'data/mnist', { n: 1024, size: 28 }),
      node('schedule', 'schedule/linear'),
      node('unet', 'model/unet', { height: 28, width: 28 }),
      node(UNET_TRAIN, 'train/denoising', { steps, batch, lr: 2e-3, ema: 0.995, warmup: 0, seed }),
    ],
    [edge('unet', 'model', UNET_TRAIN, 'model'), edge('digits', 'dist', UNET_TRAIN, 'data'), edge('schedule', 'schedule', UNET_TRAIN, 'schedule')],
  );
}

/** DDIM (η = 0) with `steps` network calls for n digits of the shipped U-Net. */
export function unetDdimGraph(n: number, steps: number): GraphFile {
  return graph(
    `bench: DDIM ${steps} steps, ${n} digits`,
    [
      node('unet', 'model/pretrained', { name: 'mnist-unet' }),
      node('schedule', 'schedule/linear'),
      node('xT', 'noise/normal', { n, shape: [28, 28, 1], seed: 1 }),
      node(UNET_SAMPLER, 'sampler/ddim', { steps, eta: 0 }),
    ],
    [edge('unet', 'predictor', UNET_SAMPLER, 'predictor'), edge('schedule', 'schedule', UNET_SAMPLER, 'schedule'), edge('xT', 'x', UNET_SAMPLER, 'xT')],
  );
}
