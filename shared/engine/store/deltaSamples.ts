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
  let samples = MASKED.get(delta.sampleLines);
  if (!samples) {
    const out: string[] = [];
    for (const line of delta.sampleLines) {
      if (out.length >= MAX_SAMPLES) break;
      addSample(out, maskSample(line));
    }
    samples = out;
    MASKED.set(delta.sampleLines, samples);
  }
  return samples;
}
