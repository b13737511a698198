import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The bearer token of a request: `Authorization: Bearer …`, or `?token=` for links opened in a browser. */
export function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match) return match[1];
  const query = req.query.token;
  return typeof query === 'string' ? query : undefined;
}

/** Constant-time comparison of the admin token (hashing first makes the lengths equal). */
export function isAdminToken(given: string | undefined, adminToken: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(adminToken).digest();
  return timingSafeEqual(a, b);
}
