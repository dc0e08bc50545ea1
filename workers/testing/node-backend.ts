import type { BackendInfo, BackendRequest } from '../../src/engine/api';
import type { BackendChoice, NodeBackend } from '../../src/engine/backend-node';

/** Backend choice in Node: WASM or CPU only; a request for a browser backend falls back to WASM and says so. */
export async function nodeBackendInfo(request: BackendRequest, select: (wanted: NodeBackend) => Promise<BackendChoice>): Promise<BackendInfo> {
  const wanted: NodeBackend = request === 'cpu' ? 'cpu' : 'wasm';
  const choice = await select(wanted);
  const prefix = request === 'auto' || request === wanted ? '' : `${request} is not available in Node; `;
  return { backend: choice.backend, requested: request, reason: `${prefix}${choice.reason}`, available: ['wasm', 'cpu'] };
}
