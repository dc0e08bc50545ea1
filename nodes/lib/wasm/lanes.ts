import { op, v, type Bytes } from './encode';

/**
 * Loads and stores of w ≤ 4 consecutive floats, for the tails of arrays whose length is not a
 * multiple of 4: exact accesses (v128.load32/64_zero, load/store lane), never past the array.
 */

/** Push a vector of the `w` floats at addr + off (lanes past w are zero); `scratch` is a v128 local (used when w = 3). */
export function loadLanes(addr: Bytes, off: number, w: number, scratch: number): Bytes {
  if (w === 4) return [...addr, ...v.load(off)];
  if (w === 2) return [...addr, ...v.load64Zero(off)];
  if (w === 1) return [...addr, ...v.load32Zero(off)];
  return [...addr, ...v.load64Zero(off), ...op.set(scratch), ...addr, ...op.get(scratch), ...v.load32Lane(2, off + 8)];
}

/** Store the first `w` lanes of local `reg` at addr + off. */
export function storeLanes(addr: Bytes, off: number, w: number, reg: number): Bytes {
  if (w === 4) return [...addr, ...op.get(reg), ...v.store(off)];
  const pair = [...addr, ...op.get(reg), ...v.store64Lane(0, off)];
  if (w === 2) return pair;
  if (w === 1) return [...addr, ...op.get(reg), ...v.store32Lane(0, off)];
  return [...pair, ...addr, ...op.get(reg), ...v.store32Lane(2, off + 8)];
}
