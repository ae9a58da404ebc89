import { CAUSE_IDS, type CauseId, type ClassifiedLine, LEVELS } from '#shared/model/index.ts';
import { parseDuration } from '#shared/query/index.ts';
import { parseTime } from '../analyze/deployMarkers.ts';
import type { OptionSpecs } from '../args.ts';
import { UsageError } from '../io.ts';
import { terminalSafe } from '../render/style.ts';

/** What `--since/--until/--cause/--instance/--level` keep; a field left out keeps everything. */
export interface EntryFilter {
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  causes?: ReadonlySet<CauseId>;
  instances?: ReadonlySet<string>;
  /** Index in `LEVELS`: this level and more severe. */
  minLevel?: number;
}

/** The filter options of `classify` and `analyze`, the input stage of both. */
export const FILTER_OPTIONS = {
  since: {
    type: 'string',
    value: 'TIME',
    help: 'only entries at or after TIME: ISO 8601 (zone-less in --tz) or a duration back from now (30m, 2h, 7d)',
  },
  until: { type: 'string', value: 'TIME', help: 'only entries before TIME (same forms as --since)' },
  cause: {
    type: 'string',
    value: 'ID[,ID]',
    multiple: true,
    help: 'only these causes, e.g. upstream_refused,upstream_timeout',
  },
  instance: {
    type: 'string',
    value: 'NAME[,NAME]',
    multiple: true,
    help: 'only these instances (NAME= or the file name without .log, .N, .gz)',
  },
  level: {
    type: 'string',
    value: 'LEVEL',
    help: `only entries of this nginx level or more severe (${LEVELS.join(', ')})`,
  },
} as const satisfies OptionSpecs;

/**
 * Reads the filter options. Durations count back from `now` (the wall clock, read by the CLI shell
 * only); zone-less times are read by `local` (nginx's zone, `--tz`).
 */
export function readFilter(
  values: { since?: string; until?: string; cause?: string[]; instance?: string[]; level?: string },
  now: number,
  local: (t: string) => number | undefined,
): EntryFilter | undefined {
  const filter: EntryFilter = {};
  const time = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (/^\d{1,6}[smhdw]$/.test(text.trim())) return now - parseDuration(text) * 1000;
    const ms = parseTime(text.trim(), local);
    if (ms === undefined) {
      throw new UsageError(
        `--${flag} '${terminalSafe(text, 40)}': expected an ISO time (2026-11-03T14:00:00[Z]) or a duration such as 2h`,
      );
    }
    return ms;
  };
  const since = time('since', values.since);
  const until = time('until', values.until);
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  if (since !== undefined && until !== undefined && until <= since)
    throw new UsageError('--until must be later than --since');
  const causes = list(values.cause);
  if (causes) {
    const unknown = causes.filter((c) => !(CAUSE_IDS as readonly string[]).includes(c));
    if (unknown.length > 0) {
      throw new UsageError(
        `unknown cause ${unknown.map((c) => `'${terminalSafe(c, 60)}'`).join(', ')}; causes are: ${CAUSE_IDS.join(', ')}`,
      );
    }
    filter.causes = new Set(causes as CauseId[]);
  }
  const instances = list(values.instance);
  if (instances) filter.instances = new Set(instances);
  if (values.level !== undefined) {
    const index = (LEVELS as readonly string[]).indexOf(values.level);
    if (index === -1)
      throw new UsageError(
        `--level must be one of ${LEVELS.join(', ')}, not '${terminalSafe(values.level, 40)}'`,
      );
    filter.minLevel = index;
  }
  return Object.keys(filter).length === 0 ? undefined : filter;
}

/**
 * Whether an entry passes. `time` is its epoch ms (an unparsed line takes the time of the entry
 * before it); `undefined` when unknown, which only a time filter turns away.
 */
export function keeps(
  filter: EntryFilter,
  line: ClassifiedLine,
  time: number | undefined,
  instance: string,
): boolean {
  if (filter.causes && !filter.causes.has(line.cause)) return false;
  if (filter.instances && !filter.instances.has(instance)) return false;
  if (filter.minLevel !== undefined) {
    if (line.entry.kind !== 'entry' || LEVELS.indexOf(line.entry.level) < filter.minLevel) return false;
  }
  if (filter.since !== undefined && (time === undefined || time < filter.since)) return false;
  if (filter.until !== undefined && (time === undefined || time >= filter.until)) return false;
  return true;
}

/** Repeated and comma-separated values, trimmed, empty ones dropped. */
function list(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const items = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}
