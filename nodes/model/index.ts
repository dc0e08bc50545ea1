import type { AnyNodeDef } from '../../src/engine/node';
import predictor from './predictor';
import scoreMlp from './score-mlp';

const defs: AnyNodeDef[] = [scoreMlp, predictor];
export default defs;
