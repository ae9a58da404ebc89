import type { EngineBatch } from './EngineEvent.ts';

/**
 * A batch's identity: a hash of its log group, stream and sorted event ids, so a redelivered batch
 * has the same id whatever order its events come in. Two 32-bit FNV-1a lanes give 64 bits.
 */
export function batchIdOf(batch: EngineBatch): string {
  const ids = batch.events.map((e) => e.eventId).sort();
  const text = `${batch.logGroup}\u0000${batch.logStream}\u0000${ids.join('\u0000')}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `b-${hex(a)}${hex(b)}-${ids.length}`;
}
