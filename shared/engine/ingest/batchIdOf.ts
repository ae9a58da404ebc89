import { fmix, hex } from '../../hash64.ts';
import type { EngineBatch } from './EngineEvent.ts';

/**
 * A batch's identity, the same whatever order its events come in: a hash of its log group and
 * stream, and a multiset hash of its event ids (the SUM of per-id hashes, which no order changes),
 * in two independent 32-bit lanes, plus the number of events. No sort and no joined string: one pass
 * over each id's characters.
 *
 * Collisions: each id is hashed in two lanes with different seeds and multipliers (FNV-1a's prime,
 * and murmur2's constant with a shift), each finished by murmur3's avalanche step, so ids that differ
 * in one digit get unrelated hashes in both. Two different batches of the same stream with the same
 * count then share an id with a probability of about 2^-64: for a stream that logs 10 000 batches a
 * day, a collision within the retention is far less likely than a hardware fault. Ids are unique
 * within a batch (CloudWatch ids, `file:line`), and a duplicate would still change the sums, unlike
 * an XOR.
 *
 * @example batchIdOf({ logGroup: 'nginx', logStream: 'i-1', events }) // 'b-3f0c9a1e77d2b410-87'
 */
export function batchIdOf(batch: EngineBatch): string {
  const hasher = new BatchIdHasher();
  for (const event of batch.events) hasher.add(event.eventId);
  return hasher.idOf(batch.logGroup, batch.logStream);
}

/** {@link batchIdOf} fed one event id at a time (in any order), for a caller that keeps no event list. */
export class BatchIdHasher {
  private sumA = 0;
  private sumB = 0;
  private count = 0;

  add(id: string): void {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.sumA = (this.sumA + fmix(a ^ id.length)) | 0;
    this.sumB = (this.sumB + fmix(b ^ Math.imul(id.length, 0x27d4eb2d))) | 0;
    this.count++;
  }

  /** The id of the batch of `logGroup` and `logStream` that holds the ids added. */
  idOf(logGroup: string, logStream: string): string {
    const stream = `${logGroup}\u0000${logStream}`;
    const a = fmix(hashOf(stream, 0x811c9dc5) ^ this.sumA);
    const b = fmix(hashOf(stream, 0x9747b28c) ^ Math.imul(this.sumB, 0x9e3779b1));
    // Joined, not concatenated: a flat string (a template literal makes a tree of string pieces),
    // and batch ids are kept as keys by the thousand.
    return ['b-', hex(a), hex(b), '-', this.count].join('');
  }
}

/** FNV-1a over UTF-16 code units from `seed`, finished by murmur3's avalanche. */
function hashOf(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix(h ^ text.length);
}
