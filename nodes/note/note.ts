import { z } from 'zod';
import { LIMITS } from '../../src/engine/format';
import { defineNode } from '../../src/engine/node';

/** A passive note on the canvas: Markdown with KaTeX math, never run. */
export default defineNode({
  type: 'note',
  version: 1,
  title: 'Note',
  category: 'note',
  inputs: {},
  outputs: {},
  params: z.object({
    text: z
      .string()
      .max(LIMITS.textLength)
      .default('**Note.** Markdown with math: $x_t = \\sqrt{\\bar\\alpha_t}\\,x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\varepsilon$')
      .describe('Markdown; $…$ and $$…$$ are rendered with KaTeX'),
  }),
  passive: true,
  docs: {
    summary: 'A note on the canvas: Markdown text with KaTeX math, for explaining a graph. It is never run.',
    notes: 'Rendered with marked and KaTeX, then sanitised with DOMPurify: no script or event handler from a file ever runs.',
  },
  run: () => ({}),
});
