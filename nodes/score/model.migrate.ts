import { paramsMigration } from '../../src/engine/migrations';

/** Version 1's class was a number, 0–9 or 10 for none; version 2 names it ('none', '0'…'9', 'each'). The page runs this too (no tfjs here). */
export default paramsMigration([
  {
    from: 1,
    name: 'class named: 10 → none, a digit d → "d"; "each" added',
    up: ({ class: c, ...rest }) => (c === undefined ? rest : { ...rest, class: c === 10 ? 'none' : String(c) }),
  },
]);
