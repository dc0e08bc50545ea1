export { linearSchedule, cosineSchedule, scaledLinearSchedule } from './betas';
export { vpSchedule } from './vp';
export { veSchedule } from './ve';
export { karrasSchedule } from './karras';
export { discreteVpSchedule } from './discrete';
export { flowSchedule } from './flow';
