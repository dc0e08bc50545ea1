import type { AnyNodeDef } from '../../src/engine/node';
import diffuse from './diffuse';

const defs: AnyNodeDef[] = [diffuse];
export default defs;
