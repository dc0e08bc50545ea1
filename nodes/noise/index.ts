import normal from './normal';
import prior from './prior';

export default [normal, prior];
