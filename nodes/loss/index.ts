import type { AnyNodeDef } from '../../src/engine/node';

const defs: AnyNodeDef[] = [];
export default defs;
