import type { EpochMs, EpochSeconds } from '../../model/index.ts';
import type { EngineSettings } from './EngineSettings.ts';

/** The DynamoDB TTL of an item whose newest event is at `time`: `retention` later, in epoch seconds. */
export function expiresAtFor(time: EpochMs, settings: Pick<EngineSettings, 'retentionMs'>): EpochSeconds {
  return Math.floor(time / 1000) + settings.retentionMs / 1000;
}
