import type { AnyNodeDef } from '../../src/engine/node';
import cosine from './cosine';
import flow from './flow';
import karras from './karras';
import linear from './linear';
import scaledLinear from './scaled-linear';
import sigmoid from './sigmoid';
import ve from './ve';
import vp from './vp';

const defs: AnyNodeDef[] = [linear, cosine, scaledLinear, vp, ve, karras, flow, sigmoid];
export default defs;
