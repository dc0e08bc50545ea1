import { defineTorchExport } from '../../src/export/torch/emitter';
import { kwargs } from '../../src/export/torch/common';

/**
 * loop/levels: a Python loop over the passes (loops.py's loop_levels), running the body's functions
 * once per pass (the generated `<loop>_body`), x threaded through; optionally Tweedie's x̂_0 at the last pass's level.
 */
export default defineTorchExport({
  type: 'loop/levels',
  helpers: ['loops'],
  emit: (node) => {
    if (!node.body) throw new Error('a loop needs its body');
    return [
      'if xT.dim() < 2 or xT.shape[0] < 1:',
      "    raise NodeError(f'xT: expected a batch [N, …] with N ≥ 1, got shape {list(xT.shape)}')",
      `denoise = ${node.params.denoise ? 'True' : 'False'}`,
      'schedule_ = locals().get("schedule")',
      `count, label, at = loop_levels(schedule_, ${kwargs(node, ['grid', 'steps', 'spacing', 'tEnd', 'sigma', 'repeat'])})`,
      'calls = predictor.calls',
      'total = count + (1 if denoise else 0)',
      'chain = Chain(xT, at(0).t, label)',
      'level = None',
      'for k in range(count):',
      '    level = at(k, ctx.seed)',
      `    nxt = ${node.body}(ctx, chain.x, level, predictor, schedule_)`,
      '    if not isinstance(nxt, torch.Tensor) or nxt.shape != xT.shape:',
      "        raise NodeError(f'the body returned {list(nxt.shape) if isinstance(nxt, torch.Tensor) else \"no tensor\"} at pass {k}; x is {list(xT.shape)}')",
      '    chain.advance(nxt, (k + 1) / total, level.t_next)',
      'if denoise and level is not None:',
      '    chain.advance(tweedie_denoise(predictor, chain.x, level.a, level.s), 1, 0)',
      "return {**chain.finish(), 'nfe': predictor.calls - calls}",
    ].join('\n');
  },
});
