/**
 * Typed arrays sent to the main thread are transferred (not copied by postMessage).
 * They are first copied out of whatever owns them: on the CPU backend `await t.data()`
 * returns the tensor's own backing store, and transferring that would detach a live
 * (cached) tensor. The copy is cheap, since previews are small by contract.
 */
export function detachTypedArrays<T>(value: T): { value: T; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = [];
  const copy = (v: unknown, depth: number): unknown => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const fresh = (v as unknown as { slice(): ArrayBufferView }).slice();
      buffers.push(fresh.buffer as ArrayBuffer);
      return fresh;
    }
    if (!v || typeof v !== 'object' || depth > 10) return v;
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copy(x, depth + 1);
    return out;
  };
  return { value: copy(value, 0) as T, buffers };
}
