import type { AnyNodeDef } from '../../src/engine/node';
import pretrainedClassifier from './pretrained-classifier';
import scoreMlp from './score-mlp';
import classifier from './classifier';
import vae from './vae';

const defs: AnyNodeDef[] = [scoreMlp, vae, classifier, pretrainedClassifier];
export default defs;
