import type { AnyNodeDef } from '../../src/engine/node';
import predictor from './predictor';
import scoreMlp from './score-mlp';
import classifier from './classifier';
import vae from './vae';

const defs: AnyNodeDef[] = [scoreMlp, predictor, vae, classifier];
export default defs;
