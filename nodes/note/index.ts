import type { AnyNodeDef } from '../../src/engine/node';
import note from './note';

const defs: AnyNodeDef[] = [note];
export default defs;
