import { hash64Hex } from '../hash64.ts';

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
  return `ua-${hash64Hex(key)}`;
}
