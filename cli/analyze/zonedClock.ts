import { checkTimeZone, zoneOffsetMs } from '#shared/report/index.ts';
import { UsageError } from '../io.ts';

/** `YYYY-MM-DDTHH:MM:SS(.fff)` without a zone. */
const LOCAL_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,3})\d*)?$/;

/**
 * Converts nginx's zone-less local times to epoch ms in an IANA zone, with Intl only. A time
 * skipped by a spring-forward maps an hour on; a repeated autumn hour takes its first occurrence.
 * The offset is cached per local hour: zones change offset on the hour (Lord Howe's half-hour
 * shift is the exception, off by 30 minutes for half an hour a year).
 *
 * @example createZonedClock('Europe/Paris')('2024-07-01T12:00:00') // Date.UTC(2024, 6, 1, 10)
 */
export function createZonedClock(timeZone: string): (local: string) => number | undefined {
  try {
    checkTimeZone(timeZone);
  } catch (error: unknown) {
    throw new UsageError(
      `--tz: unknown time zone '${timeZone}' (use an IANA name such as UTC or Europe/Paris)`,
      {
        cause: error,
      },
    );
  }
  const utc = timeZone.toUpperCase() === 'UTC' || timeZone === 'Etc/UTC';
  const offsetAt = (epoch: number): number => zoneOffsetMs(epoch, timeZone);
  const cache = new Map<number, number>();
  // Entries come in runs of the same second: the last answer is reused while the time repeats.
  let lastLocal: string | undefined;
  let lastEpoch: number | undefined;
  const convert = (local: string): number | undefined => {
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
      // The offsets a day before and after bracket any transition; keep the readings that agree
      // with their own offset, the earliest first; none agrees in a skipped hour.
      const before = offsetAt(naive - 86_400_000);
      const after = offsetAt(naive + 86_400_000);
      const valid = [before, after].map((o) => naive - o).filter((t) => offsetAt(t) === naive - t);
      const start = hour * 3_600_000;
      epoch = start - (valid.length > 0 ? naive - Math.min(...valid) : before);
      cache.set(hour, epoch);
    }
    return naive - hour * 3_600_000 + epoch;
  };
  return (local) => {
    if (local !== lastLocal) {
      lastEpoch = convert(local);
      lastLocal = local;
    }
    return lastEpoch;
  };
}
