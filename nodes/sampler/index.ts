import type { AnyNodeDef } from '../../src/engine/node';
import annealedLangevin from './annealed-langevin';
import ddim from './ddim';
import ddpm from './ddpm';
import dpmSolver from './dpm-solver';
import edm from './edm';
import eulerAncestral from './euler-ancestral';
import langevin from './langevin';
import pc from './pc';
import pfOde from './pf-ode';
import reverseSde from './reverse-sde';

const defs: AnyNodeDef[] = [ddpm, ddim, langevin, annealedLangevin, reverseSde, pc, pfOde, dpmSolver, eulerAncestral, edm];
export default defs;
