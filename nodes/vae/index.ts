import type { AnyNodeDef } from '../../src/engine/node';
import decode from './decode';
import encode from './encode';

const defs: AnyNodeDef[] = [encode, decode];
export default defs;
