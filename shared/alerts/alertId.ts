/**
 * The stable id of an alert: a 64-bit hash of its deterministic key (`page#<incident id>`,
 * `resolved#<incident id>`, `digest#<deployment id>`), so every copy of one alert carries the same id,
 * whichever invocation, retry or sweep published it. Subscribers drop repeats on it: an HTTPS or
 * Lambda subscriber reads the `alertId` message attribute (or `alertId` in the JSON), e-mail readers
 * see it in the footer. Different alerts share an id with a probability of about 2^-64.
 *
 * @example alertIdOf('page#%2Fec2%2Fnginx#i-0a1#upstream_refused#1') // 'ua-5c3e0f9b1d27a448'
 */
export function alertIdOf(key: string): string {
  // Two independent 32-bit lanes (FNV-1a's and murmur2's multipliers), each finished by murmur3's
  // avalanche step, as batch ids are built.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `ua-${hex(fmix(a ^ key.length))}${hex(fmix(b ^ Math.imul(key.length, 0x27d4eb2d)))}`;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
