import type { AnyNodeDef } from '../../src/engine/node';
import analytic from './analytic';
import evaluate from './evaluate';
import model from './model';

const defs: AnyNodeDef[] = [analytic, model, evaluate];
export default defs;
