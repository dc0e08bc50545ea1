import type { AnyNodeDef } from '../../src/engine/node';
import denoising from './denoising';
import vae from './vae';

const defs: AnyNodeDef[] = [denoising, vae];
export default defs;
