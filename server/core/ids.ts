import { randomBytes } from 'node:crypto';

/** Short random ids: 72 bits, URL-safe. `prefix` tells what an id names when it shows up in logs. */
export function randomId(prefix = ''): string {
  return `${prefix}${randomBytes(9).toString('base64url')}`;
}
