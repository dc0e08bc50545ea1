import type { AnyNodeDef } from '../../src/engine/node';
import levels from './levels';

const defs: AnyNodeDef[] = [levels];
export default defs;
