import type { AnyNodeDef } from '../../src/engine/node';
import annealedLangevin from './annealed-langevin';
import ddim from './ddim';
import ddpm from './ddpm';
import ddrm from './ddrm';
import dpmSolver from './dpm-solver';
import dps from './dps';
import edm from './edm';
import eulerAncestral from './euler-ancestral';
import langevin from './langevin';
import pc from './pc';
import pfOde from './pf-ode';
import pigdm from './pigdm';
import repaint from './repaint';
import reverseSde from './reverse-sde';

const defs: AnyNodeDef[] = [ddpm, ddim, langevin, annealedLangevin, reverseSde, pc, pfOde, dpmSolver, eulerAncestral, edm, dps, pigdm, ddrm, repaint];
export default defs;
