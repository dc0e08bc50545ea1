import type { WeightStore } from '../engine/persist';
import type { LabStorage } from './storage';

/**
 * The engine's WeightStore over the library's weights table (IndexedDB): the worker
 * hands it to its Executor, so trained models survive a reload. A storage failure reads
 * as "not stored" (the node trains) or is dropped (the result stays in memory).
 */
export function weightStoreOf(storage: LabStorage): WeightStore {
  return {
    async get(key) {
      const r = await storage.weights.get(key);
      return r.ok && r.value ? { tensors: r.value.tensors, config: r.value.config } : undefined;
    },
    async put(key, weights) {
      const r = await storage.weights.put(key, weights);
      if (!r.ok) throw r.error;
    },
  };
}
