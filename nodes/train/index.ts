import type { AnyNodeDef } from '../../src/engine/node';
import classifier from './classifier';
import denoising from './denoising';
import vae from './vae';

const defs: AnyNodeDef[] = [denoising, vae, classifier];
export default defs;
