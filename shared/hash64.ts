/**
 * The project's 64-bit key hash: two independent 32-bit lanes over UTF-16 code units (FNV-1a's and
 * murmur2's multipliers), each finished by murmur3's avalanche. Batch ids (`batchIdOf`, which inlines
 * the lanes in its per-event loop) and alert ids (`alertIdOf`) are built from it.
 */
export function hash64Hex(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${hex(fmix(a ^ text.length))}${hex(fmix(b ^ Math.imul(text.length, 0x27d4eb2d)))}`;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Eight lowercase hex digits of a 32-bit value. */
export function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
