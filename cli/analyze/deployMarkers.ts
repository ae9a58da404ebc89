import { readFile } from 'node:fs/promises';
import type { DeployWindow } from '#shared/model/index.ts';
import { InputError, UsageError } from '../io.ts';

/** A full date and time, with an optional zone, or epoch seconds / milliseconds. */
const TIME = String.raw`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?|\d{10}|\d{13}`;
const DEPLOY = new RegExp(String.raw`^([^:]+):(${TIME})\.\.(${TIME})(?::(.+))?$`);
const MAX_MARKERS = 10_000;

/** Reads a time: epoch seconds or ms (number or digits), ISO with a zone, or zone-less (read in `--tz` by `local`). */
export function parseTime(
  text: string | number,
  local: (t: string) => number | undefined,
): number | undefined {
  if (typeof text === 'number')
    return Number.isFinite(text) && text > 0 ? (text > 1e11 ? text : text * 1000) : undefined;
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{13}$/.test(text)) return Number(text);
  if (/(?:Z|[+-]\d\d:?\d\d)$/.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    return Number.isFinite(ms) ? ms : undefined;
  }
  return local(text.replace(' ', 'T'));
}

/**
 * `--deploy ID:START..END[:i-1,i-2]`, e.g. `d-42:2024-05-01T10:00:00Z..2024-05-01T10:06:00Z:i-0a,i-0b`.
 * Times without a zone are read in `--tz`.
 */
export function parseDeployOption(
  value: string,
  local: (t: string) => number | undefined,
  logGroup: string,
): DeployWindow {
  const m = DEPLOY.exec(value);
  if (!m) {
    throw new UsageError(
      `--deploy '${value}': expected ID:START..END[:INSTANCE,...] with START and END as YYYY-MM-DDTHH:MM:SS[Z] or epoch seconds`,
    );
  }
  const instances = m[4]
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return toWindow(
    m[1]!,
    m[2]!,
    m[3]!,
    instances,
    local,
    [logGroup],
    (msg) => new UsageError(`--deploy '${value}': ${msg}`),
  );
}

/**
 * `--markers FILE`: `{ "deployments": [{ "id", "start", "end", "instances"?, "logGroup"?, "logGroups"? }] }`.
 * A marker that names log groups applies only to them (`--log-group` names the one analysed); one
 * that names instances, only to those instances.
 */
export async function readMarkersFile(
  path: string,
  local: (t: string) => number | undefined,
  logGroup: string,
): Promise<DeployWindow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new InputError(
      `cannot read markers file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error: unknown) {
    throw new InputError(`markers file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const list = (data as { deployments?: unknown } | null)?.deployments;
  if (!Array.isArray(list)) throw new InputError(`markers file ${path}: expected { "deployments": [ ... ] }`);
  if (list.length > MAX_MARKERS)
    throw new InputError(`markers file ${path}: more than ${MAX_MARKERS} deployments`);
  return list.map((item: unknown, i) => {
    const fail = (msg: string) => new InputError(`markers file ${path}, deployments[${i}]: ${msg}`);
    if (typeof item !== 'object' || item === null) throw fail('expected an object');
    const { id, start, end, instances, logGroup: oneGroup, logGroups } = item as Record<string, unknown>;
    if (typeof id !== 'string' || id === '' || id.length > 256) throw fail('"id" must be a non-empty string');
    const asTime = (v: unknown, name: string) => {
      if (typeof v === 'number' || typeof v === 'string') return v;
      throw fail(`"${name}" must be an ISO 8601 string or an epoch number`);
    };
    if (
      instances !== undefined &&
      (!Array.isArray(instances) || !instances.every((s) => typeof s === 'string'))
    ) {
      throw fail('"instances" must be an array of strings');
    }
    if (oneGroup !== undefined && (typeof oneGroup !== 'string' || oneGroup === ''))
      throw fail('"logGroup" must be a non-empty string');
    if (
      logGroups !== undefined &&
      (!Array.isArray(logGroups) || !logGroups.every((s) => typeof s === 'string' && s !== ''))
    )
      throw fail('"logGroups" must be an array of non-empty strings');
    const scope = [...(typeof oneGroup === 'string' ? [oneGroup] : []), ...((logGroups as string[]) ?? [])];
    return toWindow(
      id,
      asTime(start, 'start'),
      asTime(end, 'end'),
      instances as string[] | undefined,
      local,
      scope.length > 0 ? scope : [logGroup],
      fail,
    );
  });
}

function toWindow(
  id: string,
  startText: string | number,
  endText: string | number,
  instances: string[] | undefined,
  local: (t: string) => number | undefined,
  logGroups: string[] | undefined,
  fail: (msg: string) => Error,
): DeployWindow {
  const start = parseTime(startText, local);
  const end = parseTime(endText, local);
  if (start === undefined) throw fail(`bad start time '${startText}'`);
  if (end === undefined) throw fail(`bad end time '${endText}'`);
  if (end < start) throw fail('end is before start');
  const window: DeployWindow = { id, source: 'marker', start, end, expiresAt: 0 };
  if (logGroups) window.logGroups = [...new Set(logGroups)].sort();
  if (instances && instances.length > 0) window.instances = instances;
  return window;
}
