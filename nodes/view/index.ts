import type { AnyNodeDef } from '../../src/engine/node';
import denoisingReplay from './denoising-replay';
import histogram from './histogram';
import images from './images';
import latent from './latent';
import scatter from './scatter';
import schedule from './schedule';
import series from './series';
import trajectory from './trajectory';

const defs: AnyNodeDef[] = [scatter, histogram, trajectory, schedule, series, images, latent, denoisingReplay];
export default defs;
