import { UsageError } from '../io.ts';

/** `YYYY-MM-DDTHH:MM:SS(.fff)` without a zone. */
const LOCAL_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,3})\d*)?$/;

/**
 * Converts nginx's zone-less local times to epoch ms in an IANA zone, with Intl only. The offset
 * is looked up at the naive UTC reading, then again at the corrected instant, which settles DST
 * changes (a time skipped by a spring-forward maps an hour on; a repeated autumn hour takes its
 * first occurrence). Offsets are cached per local hour.
 *
 * @example createZonedClock('Europe/Paris')('2024-07-01T12:00:00') // Date.UTC(2024, 6, 1, 10)
 */
export function createZonedClock(timeZone: string): (local: string) => number | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch (error: unknown) {
    throw new UsageError(
      `--tz: unknown time zone '${timeZone}' (use an IANA name such as UTC or Europe/Paris)`,
      { cause: error },
    );
  }
  const utc = format.resolvedOptions().timeZone === 'UTC';
  const offsetAt = (epoch: number): number => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(epoch)))
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(
      parts.year!,
      parts.month! - 1,
      parts.day!,
      parts.hour!,
      parts.minute!,
      parts.second!,
    );
    return asUtc - Math.floor(epoch / 1000) * 1000;
  };
  const cache = new Map<number, number>();
  return (local) => {
    const m = LOCAL_TIME.exec(local);
    if (!m) return undefined;
    const naive = Date.UTC(
      +m[1]!,
      +m[2]! - 1,
      +m[3]!,
      +m[4]!,
      +m[5]!,
      +m[6]!,
      m[7] ? +m[7].padEnd(3, '0') : 0,
    );
    if (!Number.isFinite(naive)) return undefined;
    if (utc) return naive;
    const hour = Math.floor(naive / 3_600_000);
    let epoch = cache.get(hour);
    if (epoch === undefined) {
      const first = offsetAt(naive);
      const second = offsetAt(naive - first);
      epoch = hour * 3_600_000 - (second === first ? first : second);
      cache.set(hour, epoch);
    }
    return naive - hour * 3_600_000 + epoch;
  };
}
