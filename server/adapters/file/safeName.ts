import { join } from 'node:path';

const SAFE = /^[A-Za-z0-9_-]+$/;

/**
 * The path of `<dir>/<id><extension>`, refusing ids that could escape `dir` (a session id comes from a URL
 * or a token): the file adapters name every file after ids this way.
 */
export function fileFor(dir: string, id: string, extension: string, kind = 'session'): string {
  if (!SAFE.test(id)) throw new Error(`invalid ${kind} id ${id}`);
  return join(dir, `${id}${extension}`);
}

/** Whether `id` can name a file or folder (letters, digits, `-`, `_`). */
export const isSafeId = (id: string): boolean => SAFE.test(id);
