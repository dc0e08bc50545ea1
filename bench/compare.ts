import type { CaseResult } from './cases/types';
import type { PeerRun, PeerTimes } from './peer';
import { median } from './harness';

/** Derived tables: WASM against CPU per step, and tfjs against the PyTorch peer. */
export interface BackendComparison {
  case: string;
  variant: string;
  wasmMsPerStep: number;
  cpuMsPerStep: number;
  /** cpu / wasm, per step, on CPU time. */
  ratio: number;
  wasmSteps: number;
  cpuSteps: number;
}

export interface PeerComparison {
  id: string;
  title: string;
  torch: { cpu: number; wall: number; runs: number };
  /** tfjs variant key → its medians and the ratio tfjs / torch on CPU and wall time. */
  tfjs: Record<string, { cpu: number; wall: number; ratio: { cpu: number; wall: number } }>;
  extra: Record<string, unknown>;
}

const caseName = (id: string) => id.split('/')[1];

export function compareBackends(cases: CaseResult[]): BackendComparison[] {
  const out: BackendComparison[] = [];
  for (const cpuCase of cases.filter((c) => c.group === 'backend' && !c.error)) {
    const wasmCase = cases.find((c) => c.group === 'overhead' && caseName(c.id) === caseName(cpuCase.id) && c.backend === 'wasm' && !c.error);
    if (!wasmCase) continue;
    for (const [key, v] of Object.entries(cpuCase.variants)) {
      const w = wasmCase.variants[key];
      if (!w) continue;
      out.push({ case: caseName(cpuCase.id), variant: key, wasmMsPerStep: w.cpuPerUnitMs, cpuMsPerStep: v.cpuPerUnitMs, ratio: v.cpuPerUnitMs / w.cpuPerUnitMs, wasmSteps: wasmCase.units, cpuSteps: cpuCase.units });
    }
  }
  return out;
}

function compareOne(id: string, title: string, peer: PeerTimes | undefined, tfjsCase: CaseResult | undefined): PeerComparison | null {
  if (!peer || !tfjsCase || tfjsCase.error) return null;
  const torch = { cpu: median(peer.cpu), wall: median(peer.wall), runs: peer.cpu.length };
  const tfjs: PeerComparison['tfjs'] = {};
  for (const [key, v] of Object.entries(tfjsCase.variants)) {
    const cpu = v.cpuSeconds.median;
    const wall = v.seconds.median;
    tfjs[key] = { cpu, wall, ratio: { cpu: cpu / torch.cpu, wall: wall / torch.wall } };
  }
  const { wall: _w, cpu: _c, ...extra } = peer;
  return { id, title, torch, tfjs, extra };
}

export function comparePeer(run: PeerRun, cases: CaseResult[]): PeerComparison[] {
  const find = (id: string) => cases.find((c) => c.id === id);
  return [
    compareOne('peer/ddpm', 'DDPM sampling (exact 8-Gaussians score)', run.cases.ddpm, find('overhead/ddpm/wasm')),
    compareOne('peer/dsm', 'DSM training of the score MLP', run.cases.dsm, find('overhead/dsm/wasm')),
    compareOne('peer/unet-train', 'U-Net training steps (batch 64)', run.cases['unet-train'], find('training/unet-train/wasm')),
    compareOne('peer/unet-ddim', 'U-Net DDIM sampling (64 images)', run.cases['unet-ddim'], find('training/unet-ddim/wasm')),
  ].filter((c): c is PeerComparison => c !== null);
}
