import type { AnyNodeDef } from '../../src/engine/node';
import mmd from './mmd';
import moments from './moments';
import slicedWasserstein from './sliced-wasserstein';

const defs: AnyNodeDef[] = [slicedWasserstein, mmd, moments];
export default defs;
