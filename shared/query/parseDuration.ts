import { DurationError } from './QueryError.ts';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;
const DURATION = /^(\d{1,6})([smhdw])$/;

/**
 * Reads a duration such as `90s`, `15m`, `1h`, `7d`, `2w` into seconds.
 *
 * @throws DurationError when the text is not `<positive whole number><s|m|h|d|w>`.
 * @example parseDuration('1h') // 3600
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) throw new DurationError(`'${text}' is not a duration such as 30m, 1h, 7d`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds === 0) throw new DurationError(`'${text}' is zero; give a positive duration`);
  return seconds;
}
