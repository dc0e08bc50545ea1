import type { AnyNodeDef } from '../../src/engine/node';
import analytic from './analytic';
import evaluate from './evaluate';
import guidance from './guidance';
import model from './model';

const defs: AnyNodeDef[] = [analytic, model, evaluate, guidance];
export default defs;
