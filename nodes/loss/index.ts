import type { AnyNodeDef } from '../../src/engine/node';
import scoreMatching from './score-matching';

const defs: AnyNodeDef[] = [scoreMatching];
export default defs;
