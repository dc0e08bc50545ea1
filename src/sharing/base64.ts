/** Base64 (RFC 4648 §4) and base64url (§5, no padding) of bytes, by table: fast on megabytes of weights. */

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Characters written as ASCII bytes, then decoded once: far faster than string concatenation. */
function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  const abc = Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0));
  const n = bytes.length;
  const full = n - (n % 3);
  const tail = n - full;
  const out = new Uint8Array((full / 3) * 4 + (tail === 0 ? 0 : pad ? 4 : tail + 1));
  let j = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[j++] = abc[v >> 18];
    out[j++] = abc[(v >> 12) & 63];
    out[j++] = abc[(v >> 6) & 63];
    out[j++] = abc[v & 63];
  }
  if (tail) {
    const v = (bytes[full] << 16) | (tail === 2 ? bytes[full + 1] << 8 : 0);
    out[j++] = abc[v >> 18];
    out[j++] = abc[(v >> 12) & 63];
    if (tail === 2) out[j++] = abc[(v >> 6) & 63];
    if (pad) while (j < out.length) out[j++] = 61; // '='
  }
  return new TextDecoder().decode(out);
}

function decoder(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STD_TABLE = decoder(STD);
const URL_TABLE = decoder(URL);

/** Bytes of `text` (padding optional), or null when a character is outside the alphabet or the length is impossible. */
function decode(text: string, table: Int16Array): Uint8Array | null {
  let end = text.length;
  if (end % 4 === 0 && text.endsWith('==')) end -= 2;
  else if (end % 4 === 0 && text.endsWith('=')) end -= 1;
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? table[code] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 255;
    }
  }
  return out;
}

export const bytesToBase64 = (bytes: Uint8Array): string => encode(bytes, STD, true);
export const base64ToBytes = (text: string): Uint8Array | null => decode(text, STD_TABLE);
export const bytesToBase64Url = (bytes: Uint8Array): string => encode(bytes, URL, false);
export const base64UrlToBytes = (text: string): Uint8Array | null => decode(text, URL_TABLE);
