import type { EpochMs, EpochSeconds } from '../../model/index.ts';
import type { EngineConfig } from './EngineConfig.ts';

/** The DynamoDB TTL of an item whose newest event is at `time`: `retention` seconds later. */
export function expiresAtFor(time: EpochMs, config: Pick<EngineConfig, 'retention'>): EpochSeconds {
  return Math.floor(time / 1000) + config.retention;
}
