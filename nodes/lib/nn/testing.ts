import * as tf from '@tensorflow/tfjs';

/** max |a − b| / max(1, max |b|), read back in one go (test helper). */
export async function relErr(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const t = tf.tidy(() => tf.stack([tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))]));
  const [d, m] = await t.data();
  t.dispose();
  return d / Math.max(1, m);
}

/** The values of the tensor `f` builds (inside tf.tidy), read back and released. */
export async function readValues(f: () => tf.Tensor): Promise<number[]> {
  const t = tf.tidy(f);
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}
