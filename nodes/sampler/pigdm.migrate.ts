import { paramsMigration } from '../../src/engine/migrations';

/** Version 1 had no weighting: its guidance was Tweedie's s²/a (saved graphs keep their numbers). The page runs this too (no tfjs here). */
export default paramsMigration([{ from: 1, name: 'weighting added (tweedie: version 1’s guidance)', up: (params) => ({ weighting: 'tweedie', ...params }) }]);
