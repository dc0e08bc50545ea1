import type { AnyNodeDef } from '../../src/engine/node';
import accuracy from './accuracy';
import coordinateMoments from './coordinate-moments';
import odeConvergence from './ode-convergence';
import difference from './difference';
import consistency from './consistency';
import digits from './digits';
import mmd from './mmd';
import labelAgreement from './label-agreement';
import moments from './moments';
import psnr from './psnr';
import seriesAt from './series-at';
import slicedWasserstein from './sliced-wasserstein';

const defs: AnyNodeDef[] = [slicedWasserstein, mmd, moments, coordinateMoments, difference, seriesAt, digits, accuracy, odeConvergence, psnr, consistency, labelAgreement];
export default defs;
