import type { AnyNodeDef } from '../../src/engine/node';
import pretrainedClassifier from './pretrained-classifier';
import scoreMlp from './score-mlp';
import classifier from './classifier';
import unet from './unet';
import pretrained from './pretrained';
import vae from './vae';

const defs: AnyNodeDef[] = [scoreMlp, unet, pretrained, vae, classifier, pretrainedClassifier];
export default defs;
