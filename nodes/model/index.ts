import type { AnyNodeDef } from '../../src/engine/node';
import predictor from './predictor';
import scoreMlp from './score-mlp';
import vae from './vae';

const defs: AnyNodeDef[] = [scoreMlp, predictor, vae];
export default defs;
