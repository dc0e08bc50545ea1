import type { AnyNodeDef } from '../../src/engine/node';
import accuracy from './accuracy';
import coordinateMoments from './coordinate-moments';
import odeConvergence from './ode-convergence';
import difference from './difference';
import digits from './digits';
import mmd from './mmd';
import moments from './moments';
import seriesAt from './series-at';
import slicedWasserstein from './sliced-wasserstein';

const defs: AnyNodeDef[] = [slicedWasserstein, mmd, moments, coordinateMoments, difference, seriesAt, digits, accuracy, odeConvergence];
export default defs;
