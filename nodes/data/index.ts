import type { AnyNodeDef } from '../../src/engine/node';
import component from './component';
import gaussianMixture from './gaussian-mixture';
import grid from './grid';
import mnist from './mnist';
import posterior from './posterior';
import sample from './sample';
import tensor from './tensor';
import toy2d from './toy2d';

const defs: AnyNodeDef[] = [toy2d, gaussianMixture, sample, tensor, grid, mnist, posterior, component];
export default defs;
