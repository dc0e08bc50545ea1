import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { ClassifierNet } from '../lib/nn/classifier-net';
import { setModelFileSource } from '../lib/model-files';
import pretrained from './pretrained-classifier';

describe('model/pretrained-classifier', () => {
  it('loads the shipped judge with its config', async () => {
    const out = (await runNode(pretrained, {}, {})) as { model: ClassifierNet; parameters: number };
    expect(out.model.config).toEqual({ kind: 'digit-classifier', size: 28, channels: [8, 16], hidden: 64, classes: 10 });
    // 3·3·8 + 8 + 3·3·8·16 + 16 + 7·7·16·64 + 64 + 64·10 + 10
    expect(out.parameters).toBe(52_138);
    expect(out.model.classes).toBe(10);
    out.model.dispose();
  });

  it('says which file could not be read', async () => {
    setModelFileSource(async (name) => {
      throw new Error(`no ${name} here`);
    });
    try {
      await expect(runNode(pretrained, {}, {})).rejects.toThrow(/no mnist-classifier here/);
    } finally {
      setModelFileSource(async (name) => (await import('../lib/model-files-node')).readModelFile(name));
    }
  });
});
