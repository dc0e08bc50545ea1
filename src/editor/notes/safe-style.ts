/**
 * The style attributes a note may keep: exactly the properties KaTeX writes (its
 * `style.*` assignments in katex.mjs), with values that are lengths, colours or a few
 * keywords. Nothing positional beyond KaTeX's own `position: relative` nudges, no
 * z-index, no url(): a note cannot cover the app or fetch anything (issue 17, finding 4).
 */
const LENGTH = /^-?(\d+\.?\d*|\.\d+)(em|ex|px|pt|mu|%)?$/;
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\(\s*[\d.]+%?\s*,\s*[\d.]+%?\s*,\s*[\d.]+%?\s*(,\s*[\d.]+\s*)?\))$/i;
const BORDER_STYLE = /^(none|solid|dashed|dotted|double)$/;

const lengths = ['height', 'width', 'min-width', 'vertical-align', 'top', 'bottom', 'left', 'margin-left', 'margin-right', 'margin-top', 'padding-left', 'border-bottom-width', 'border-right-width', 'border-top-width', 'border-width'];
const RULES: Record<string, (value: string) => boolean> = {
  ...Object.fromEntries(lengths.map((p) => [p, (v: string) => LENGTH.test(v)])),
  margin: (v) => v.split(/\s+/).length <= 4 && v.split(/\s+/).every((part) => LENGTH.test(part)),
  color: (v) => COLOR.test(v),
  'background-color': (v) => COLOR.test(v),
  'border-color': (v) => COLOR.test(v),
  'border-style': (v) => BORDER_STYLE.test(v),
  'border-right-style': (v) => BORDER_STYLE.test(v),
  // KaTeX shifts a base with position: relative + top; fixed, absolute and sticky are refused.
  position: (v) => v === 'relative',
};

/** The allowed declarations of a style attribute, normalised ("prop:value;…"); '' when none is left. */
export function safeStyle(style: string): string {
  if (style.length > 2000) return '';
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim().toLowerCase().replace(/\s*!important$/, '');
    if (Object.hasOwn(RULES, property) && value.length <= 64 && RULES[property](value)) kept.push(`${property}:${value}`);
  }
  return kept.join(';');
}

/**
 * Whether a resource URL in a note (img src, svg href, …) stays on this machine:
 * data: images, blob: URLs and same-origin relative paths. Anything with another
 * scheme or a protocol-relative `//host` is dropped (finding 5: a share link must not
 * be a tracking pixel). Links (<a href>) are not resources: they open only on a click.
 */
export function isLocalResource(url: string): boolean {
  const u = url.trim().toLowerCase();
  if (u.startsWith('data:image/') || u.startsWith('blob:')) return true;
  if (u.startsWith('//') || u.startsWith('\\\\') || u.startsWith('/\\')) return false;
  // Any scheme (http:, https:, ftp:, javascript:, data: of other types…): not local.
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): drop them first.
  const squeezed = [...u].filter((c) => c.charCodeAt(0) > 0x20).join('');
  return !/^[a-z][a-z0-9+.-]*:/.test(squeezed);
}
