/**
 * Yield to the event loop with a macrotask, so messages (cancel, progress acks) get
 * through. setTimeout(0) is clamped to ≥ 4 ms after a few nestings in browsers; a
 * MessageChannel (or setImmediate in Node) is not.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
