/**
 * Bounds on the math of one note (issue 17, finding 3: 40 notes × 1100 formulas froze
 * the tab for 28 s). Past them the TeX stays as its source text, with a word why.
 * KaTeX's own maxExpand bounds each formula's macro expansion.
 */
export const MATH_LIMITS = {
  /** Formulas rendered per note. */
  formulasPerNote: 300,
  /** Characters of TeX per note, and per formula. */
  texCharsPerNote: 30_000,
  texCharsPerFormula: 2_000,
  /** Formulas rendered per page from files and links (all notes of all open graphs). */
  formulasPerPage: 5_000,
} as const;

/** A per-note counter: `take(tex)` says whether this formula may still be rendered. */
export class MathBudget {
  formulas = 0;
  chars = 0;
  refused = 0;

  take(tex: string): boolean {
    if (tex.length > MATH_LIMITS.texCharsPerFormula || this.formulas >= MATH_LIMITS.formulasPerNote || this.chars + tex.length > MATH_LIMITS.texCharsPerNote) {
      this.refused++;
      return false;
    }
    this.formulas++;
    this.chars += tex.length;
    return true;
  }
}
