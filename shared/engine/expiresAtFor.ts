import type { EngineConfig } from './EngineConfig.ts';
import type { EpochMs, EpochSeconds } from './ports.ts';

/** The DynamoDB TTL of an item whose newest event is at `time`: `retention` seconds later. */
export function expiresAtFor(time: EpochMs, config: Pick<EngineConfig, 'retention'>): EpochSeconds {
  return Math.floor(time / 1000) + config.retention;
}
