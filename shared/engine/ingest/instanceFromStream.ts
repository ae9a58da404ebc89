/** An EC2 instance id anywhere in a stream name (the CloudWatch agent's default stream name is the id). */
const EC2_INSTANCE_ID = /\bi-[0-9a-f]{8,17}\b/;

/**
 * The instance a log stream belongs to: the first capture group of `pattern` (or its whole match
 * when it has no group), else an EC2 instance id found in the name, else the whole stream name.
 *
 * @example instanceFromStream('web/i-0123456789abcdef0/nginx') // 'i-0123456789abcdef0'
 * @example instanceFromStream('ip-10-0-1-5', /^ip-([\d-]+)$/) // '10-0-1-5'
 */
export function instanceFromStream(stream: string, pattern?: RegExp): string {
  if (pattern) {
    const match = pattern.exec(stream);
    if (match) {
      const picked = match[1] ?? match[0];
      if (picked !== '') return picked;
    }
  }
  return EC2_INSTANCE_ID.exec(stream)?.[0] ?? stream;
}
