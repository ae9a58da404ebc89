import { toWellFormed } from './neutralise.ts';

/** SNS refuses subjects over 100 characters, with non-ASCII or control characters, or empty. */
export const MAX_SUBJECT_CHARS = 100;
const FALLBACK = 'upstream-triage alert';

/**
 * A subject SNS accepts whatever went in: accents folded to ASCII (`é` -> `e`), any other
 * character outside printable ASCII replaced by `?`, whitespace runs collapsed to one space,
 * at most 100 characters, never empty, starting with a letter, digit or punctuation.
 *
 * @example toSubject('PAGE: café\r\nBcc: x') // 'PAGE: cafe Bcc: x'
 */
export function toSubject(text: string): string {
  const ascii = toWellFormed(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\p{White_Space}+/gu, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  const subject = ascii === '' ? FALLBACK : ascii;
  return subject.length <= MAX_SUBJECT_CHARS
    ? subject
    : `${subject.slice(0, MAX_SUBJECT_CHARS - 3).trimEnd()}...`;
}

/** True when SNS would accept this subject (used by the property tests and the publisher). */
export function isValidSubject(subject: string): boolean {
  return (
    subject.length > 0 &&
    subject.length <= MAX_SUBJECT_CHARS &&
    /^[\x20-\x7e]+$/.test(subject) &&
    subject.trim() === subject
  );
}
