import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../src/engine/backend-node';
import { summarizeOutputs } from './summary';
import { EngineService } from './engine-service';
import { slowGraph } from './testing/graphs';
import { nodeBackendInfo } from './testing/node-backend';
import { workerTestRegistry } from './testing/test-registry';

/**
 * The worker's pacer hook (EngineServiceOptions.pacer, a GpuPacer on WebGPU) as the engine
 * sees it: asked once per run, called at every checkpoint, its waits awaited there.
 */
describe('EngineService with a pacer (the WebGPU checkpoint hook)', () => {
  it('asks for a pacer once per run; checkpoints await its waits; a cancel during a wait ends the run there, leaking nothing', async () => {
    let asked = 0;
    let calls = 0;
    let holdAt = Infinity;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = new EngineService({
      registry: workerTestRegistry(),
      selectBackend: (r) => nodeBackendInfo(r, selectNodeBackend),
      summarize: (def, outputs) => summarizeOutputs(def, outputs),
      pacer: () => {
        asked++;
        // A fence point every 10th checkpoint; the one at holdAt waits until the test releases it.
        return () => (++calls % 10 ? undefined : calls === holdAt ? gate : Promise.resolve());
      },
    });
    await engine.init('wasm');
    const before = (await engine.memory()).numTensors;
    const done = await engine.run({ runId: 'short', graph: slowGraph(50) }, () => undefined);
    expect(done.status).toBe('done');
    expect(asked).toBe(1);
    expect(calls).toBe(50); // one per step of test/slow

    calls = 0;
    holdAt = 30;
    const reply = engine.run({ runId: 'long', graph: slowGraph(100_000) }, () => undefined);
    while (calls < 30) await new Promise((r) => setTimeout(r, 1));
    // The loop is parked in its 30th checkpoint: no step runs while the wait lasts.
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(30);
    await engine.cancel('long');
    release();
    const result = await reply;
    expect(result.status).toBe('cancelled');
    expect(result.nodes.slow.status).toBe('cancelled');
    // The checkpoint checked the cancel again after the wait: no further step, no further call.
    expect(calls).toBe(30);
    expect(asked).toBe(2);
    await engine.clearCache();
    expect((await engine.memory()).numTensors).toBe(before);
  });
});
