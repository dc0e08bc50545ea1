import type * as tf from '@tensorflow/tfjs';
import type { PortType } from './ports';
import type { Preview } from './preview';

/** A preview for an output that is not a preview itself (filled in once view builders exist). */
export async function autoPreview(_type: PortType, _value: unknown): Promise<Preview | undefined> {
  return undefined;
}

export type { tf };
