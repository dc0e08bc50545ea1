import type { AnyNodeDef } from '../../src/engine/node';
import denoising from './denoising';

const defs: AnyNodeDef[] = [denoising];
export default defs;
