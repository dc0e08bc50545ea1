import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** src/sharing imports no React and no storage code; src/storage imports React only in hooks.ts. */
const src = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sources = (dir: string) => readdirSync(path.join(src, dir)).filter((f) => f.endsWith('.ts')).map((f) => ({ file: `${dir}/${f}`, text: readFileSync(path.join(src, dir, f), 'utf8') }));
const imports = (text: string) => [...text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);

describe('module boundaries', () => {
  it('src/sharing: no React, no DOM framework, storage only as types', () => {
    for (const { file, text } of sources('sharing')) {
      expect(imports(text).filter((m) => /^react|@xyflow|dexie/.test(m)), file).toEqual([]);
      const storageImports = [...text.matchAll(/^import (type )?[^'"]*['"](\.\.\/storage\/[^'"]+)['"]/gm)].filter((m) => !m[1] && !file.endsWith('.test.ts'));
      expect(storageImports.map((m) => m[2]), file).toEqual([]);
    }
  });

  it('src/storage: React only in hooks.ts', () => {
    for (const { file, text } of sources('storage')) {
      if (file === 'storage/hooks.ts') continue;
      expect(imports(text).filter((m) => /^react|dexie-react-hooks/.test(m)), file).toEqual([]);
    }
  });
});
