import type { AnyNodeDef } from '../../src/engine/node';
import corrector from './corrector';
import ddim from './ddim';
import ddpm from './ddpm';
import edm from './edm';
import eulerAncestral from './euler-ancestral';
import eulerMaruyama from './euler-maruyama';
import langevin from './langevin';
import pfEuler from './pf-euler';
import pfHeun from './pf-heun';

const defs: AnyNodeDef[] = [langevin, ddpm, ddim, eulerMaruyama, pfEuler, pfHeun, corrector, eulerAncestral, edm];
export default defs;
