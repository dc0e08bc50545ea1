import type { AnyNodeDef } from '../../src/engine/node';
import decode from './decode';
import encode from './encode';
import latentView from './latent-view';

const defs: AnyNodeDef[] = [encode, decode, latentView];
export default defs;
