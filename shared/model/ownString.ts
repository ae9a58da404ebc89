/**
 * A copy of `text` that keeps no other string alive, for values that go into long-lived state
 * (incident hosts, upstreams, samples).
 *
 * Why: V8 represents a substring of 13 characters or more as a view into its parent string. A host
 * name sliced out of a log line sliced out of a read chunk keeps the whole chunk in memory
 * for as long as an incident holds the host: analyze's memory grew with its input that way. Prefixing
 * a character and slicing it off again makes V8 flatten the pair into a new string of the value's
 * own length first, so only that copy stays referenced. Short strings are copied by V8 anyway.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
