import { defineTorchExport, pyParams } from '../../src/export/torch/emitter';

/** model/score-mlp: the lab's MLP (models/score_mlp.py) with the lab's initial weights from the node's seed. */
export default defineTorchExport({
  type: 'model/score-mlp',
  helpers: ['models/model_file', 'models/score_predictor'],
  emit: (node) => [`net = ScoreMLP(score_net_config(${pyParams(node)}, ctx.seed))`, 'net.init_lab(ctx.seed)', "return {'model': net.to(ctx.device)}"].join('\n'),
});
