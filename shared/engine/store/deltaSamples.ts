import type { IncidentDelta } from '../../model/index.ts';
import { addSample, MAX_SAMPLES } from './boundedSets.ts';
import { maskSample } from './maskSample.ts';

/** Masked samples by candidate list: a delta and its fleet copy share the list, so they mask once. */
const MASKED = new WeakMap<readonly string[], readonly string[]>();

/**
 * A delta's samples: its candidate lines masked, in order, until `MAX_SAMPLES` distinct ones are
 * found. Computed on first use (masking is the dearest part of aggregation) and remembered.
 */
export function deltaSamples(delta: Pick<IncidentDelta, 'sampleLines'>): readonly string[] {
  const known = MASKED.get(delta.sampleLines);
  if (known) return known;
  // Into an empty list, `addDeltaSamples` masks the whole list and remembers it.
  const samples: string[] = [];
  addDeltaSamples(samples, delta);
  return samples;
}

/**
 * Adds a delta's samples to `samples` (an incident's, with room) as `addSample` of each of
 * `deltaSamples(delta)` in turn would, masking candidates only until `samples` is full.
 */
export function addDeltaSamples(samples: string[], delta: Pick<IncidentDelta, 'sampleLines'>): void {
  const known = MASKED.get(delta.sampleLines);
  if (known) {
    for (const s of known) addSample(samples, s);
    return;
  }
  const out: string[] = [];
  const lines = delta.sampleLines;
  let i = 0;
  for (; i < lines.length && out.length < MAX_SAMPLES; i++) {
    if (samples.length >= MAX_SAMPLES) break;
    const before = out.length;
    addSample(out, maskSample(lines[i]!));
    if (out.length > before) addSample(samples, out[before]!);
  }
  // Only a complete list is remembered (the fleet copy of the delta may need all of it).
  if (out.length >= MAX_SAMPLES || i === lines.length) MASKED.set(lines, out);
}
