import type { AnyNodeDef } from '../../src/engine/node';
import blur from './blur';
import denoise from './denoise';
import downsample from './downsample';
import inpaint from './inpaint';
import linear from './linear';

const defs: AnyNodeDef[] = [linear, inpaint, blur, downsample, denoise];
export default defs;
