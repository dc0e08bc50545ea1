import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { snapshot, testStorage } from '../../storage/test-db';
import type { LabStorage } from '../../storage/storage';
import { defaultGraph } from '../default-graph';
import { exportGraphFile } from '../../sharing/export';
import { getGraph, replaceGraph } from '../store/graph';
import { importFile, openSharedLink } from './import';
import { setLibraryStorage, startLibrary } from './session';
import { useLibrary } from './store';

/**
 * Issue 17, findings 7 and 10 in the editor: a dropped or picked file goes through the
 * CLI's decoding and bounded parse. A UTF-16 file with a byte-order mark opens as its
 * UTF-8 twin does; invalid UTF-8 and params nested 5000 deep are refused with a JSON path
 * and store nothing (the deep file used to reach IndexedDB and fail there with "Maximum
 * call stack size exceeded").
 */
const initial = useLibrary.getState();
let storage: LabStorage;

beforeEach(async () => {
  storage = testStorage();
  setLibraryStorage(storage);
  useLibrary.setState(initial, true);
  replaceGraph(defaultGraph());
  await startLibrary({ hash: '', clearHash: () => undefined, openLink: openSharedLink });
});

/** UTF-16 LE with its byte-order mark. */
function utf16le(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(2 + 2 * text.length);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

describe('file import in the editor: bytes decoded and bounded as in the CLI', () => {
  it('opens a UTF-16 file with a byte-order mark as its UTF-8 twin', async () => {
    const text = exportGraphFile({ ...getGraph(), name: 'Wide ✓' });
    expect(await importFile(new File([utf16le(text)], 'wide.json'))).toBe(true);
    expect(getGraph().name).toBe('Wide ✓');
  });

  it('refuses invalid UTF-8 with its byte offset, and 5000-deep params at a path, storing nothing', async () => {
    const before = await snapshot(storage);
    const valid = new TextEncoder().encode(exportGraphFile(getGraph()));
    const broken = new Uint8Array([...valid.slice(0, 40), 0xc3, 0x28, ...valid.slice(40)]);
    expect(await importFile(new File([broken], 'broken.json'))).toBe(false);
    expect(useLibrary.getState().issues?.issues[0]).toMatchObject({ code: 'invalid-encoding', message: expect.stringMatching(/UTF-8.*byte 40/) });
    // Written as text: the test's own JSON.stringify could not hold 5000 levels either.
    const deep = exportGraphFile(getGraph()).replace(/"params":\s*\{/, `"params": { "x": ${'['.repeat(5000)}${']'.repeat(5000)},`);
    expect(await importFile(new File([deep], 'deep.json'))).toBe(false);
    expect(useLibrary.getState().issues?.issues[0]).toMatchObject({ code: 'too-deep' });
    expect(await snapshot(storage)).toEqual(before);
  });
});
