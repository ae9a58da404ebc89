import type { ErrnoName } from '../model/index.ts';

/**
 * The errno nginx writes as `(number: text)` named by its text, because the number depends on the
 * platform: ECONNREFUSED is 111 on Linux, 61 on FreeBSD and macOS, 10061 (WSAECONNREFUSED) on
 * Windows. Texts are those of glibc, musl (Alpine images), the BSDs and macOS, and Windows.
 */
const BY_TEXT: Readonly<Record<string, ErrnoName>> = {
  'No such file or directory': 'ENOENT',
  'The system cannot find the file specified': 'ENOENT',
  'Not a directory': 'ENOTDIR',
  'Permission denied': 'EACCES',
  'Access is denied': 'EACCES',
  'Resource temporarily unavailable': 'EAGAIN',
  'A non-blocking socket operation could not be completed immediately': 'EAGAIN',
  'Too many open files': 'EMFILE',
  'No file descriptors available': 'EMFILE',
  'Too many open sockets': 'EMFILE',
  'Too many open files in system': 'ENFILE',
  'Broken pipe': 'EPIPE',
  'Invalid argument': 'EINVAL',
  'Address already in use': 'EADDRINUSE',
  'Address in use': 'EADDRINUSE',
  'Only one usage of each socket address (protocol/network address/port) is normally permitted': 'EADDRINUSE',
  'Cannot assign requested address': 'EADDRNOTAVAIL',
  "Can't assign requested address": 'EADDRNOTAVAIL',
  'Address not available': 'EADDRNOTAVAIL',
  'The requested address is not valid in its context': 'EADDRNOTAVAIL',
  'Network is down': 'ENETDOWN',
  'Network is unreachable': 'ENETUNREACH',
  'Network unreachable': 'ENETUNREACH',
  'A socket operation was attempted to an unreachable network': 'ENETUNREACH',
  'Software caused connection abort': 'ECONNABORTED',
  'Connection aborted': 'ECONNABORTED',
  'An established connection was aborted by the software in your host machine': 'ECONNABORTED',
  'Connection reset by peer': 'ECONNRESET',
  'An existing connection was forcibly closed by the remote host': 'ECONNRESET',
  'Connection timed out': 'ETIMEDOUT',
  'Operation timed out': 'ETIMEDOUT',
  'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond':
    'ETIMEDOUT',
  'Connection refused': 'ECONNREFUSED',
  'No connection could be made because the target machine actively refused it': 'ECONNREFUSED',
  'Host is down': 'EHOSTDOWN',
  'No route to host': 'EHOSTUNREACH',
  'Host is unreachable': 'EHOSTUNREACH',
  'A socket operation was attempted to an unreachable host': 'EHOSTUNREACH',
  'Address family not supported by protocol': 'EAFNOSUPPORT',
  'Address family not supported by protocol family': 'EAFNOSUPPORT',
  'An address incompatible with the requested protocol was used': 'EAFNOSUPPORT',
};

/** Windows Sockets codes (10000 and up exist on Windows only), for texts not listed above. */
const WINDOWS: Readonly<Record<number, ErrnoName>> = {
  10013: 'EACCES',
  10022: 'EINVAL',
  10024: 'EMFILE',
  10035: 'EAGAIN',
  10047: 'EAFNOSUPPORT',
  10048: 'EADDRINUSE',
  10049: 'EADDRNOTAVAIL',
  10050: 'ENETDOWN',
  10051: 'ENETUNREACH',
  10053: 'ECONNABORTED',
  10054: 'ECONNRESET',
  10060: 'ETIMEDOUT',
  10061: 'ECONNREFUSED',
  10064: 'EHOSTDOWN',
  10065: 'EHOSTUNREACH',
};

/** Linux numbers, the last resort for a text not listed (a libc with other wording). */
const LINUX: Readonly<Record<number, ErrnoName>> = {
  2: 'ENOENT',
  11: 'EAGAIN',
  13: 'EACCES',
  20: 'ENOTDIR',
  22: 'EINVAL',
  23: 'ENFILE',
  24: 'EMFILE',
  32: 'EPIPE',
  97: 'EAFNOSUPPORT',
  98: 'EADDRINUSE',
  99: 'EADDRNOTAVAIL',
  100: 'ENETDOWN',
  101: 'ENETUNREACH',
  103: 'ECONNABORTED',
  104: 'ECONNRESET',
  110: 'ETIMEDOUT',
  111: 'ECONNREFUSED',
  112: 'EHOSTDOWN',
  113: 'EHOSTUNREACH',
};

/**
 * The symbolic errno of `(number: text)`: by its text when known, else by a Windows Sockets number,
 * else by the Linux number. Undefined when none applies.
 *
 * @example errnoName(61, 'Connection refused') // 'ECONNREFUSED' (FreeBSD, macOS)
 * @example errnoName(10061, 'No connection could be made because the target machine actively refused it.') // 'ECONNREFUSED'
 */
export function errnoName(errno: number, text: string): ErrnoName | undefined {
  const trimmed = text.endsWith('.') ? text.slice(0, -1).trimEnd() : text.trimEnd();
  return BY_TEXT[trimmed] ?? (errno >= 10000 ? WINDOWS[errno] : LINUX[errno]);
}
