import type { AnyNodeDef } from '../../src/engine/node';
import analytic from './analytic';
import evaluate from './evaluate';

const defs: AnyNodeDef[] = [analytic, evaluate];
export default defs;
