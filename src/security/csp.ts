import type { Plugin } from 'vite';

/**
 * The page's Content-Security-Policy (issue 17, finding 5): nothing a file, a link or
 * a note holds can reach the network. Images only from the app, data: and blob:; no
 * remote connect, frame or object; scripts only the app's own, plus WebAssembly
 * compilation ('wasm-unsafe-eval', which tfjs-backend-wasm and the lab's SIMD kernels
 * need); workers from the app or blob: (the threaded WASM backend's helpers). Inline
 * styles stay allowed: KaTeX positions glyphs with style attributes (the sanitiser
 * keeps only its properties, notes/safe-style.ts).
 */
export function contentSecurityPolicy(mode: 'build' | 'serve'): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // The dev server injects React Fast Refresh's inline preamble; the built app has no inline script.
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(mode === 'serve' ? ["'unsafe-inline'"] : [])],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", 'blob:', 'data:'],
    'img-src': ["'self'", 'data:', 'blob:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Puts the policy into every HTML page as its first <meta> (dev server and build alike). */
export function cspPlugin(): Plugin {
  let mode: 'build' | 'serve' = 'build';
  return {
    name: 'dgl-content-security-policy',
    configResolved(config) {
      mode = config.command;
    },
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => ({
        html,
        tags: [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(mode) }, injectTo: 'head-prepend' }],
      }),
    },
  };
}
