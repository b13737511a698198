import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Identifies the shape of SessionState for snapshots: a hash of the domain code (shared/session) that
 * builds it. Any change to that code invalidates older snapshots, so a snapshot is never read by code
 * that would build the state differently — no hand-maintained version number to forget.
 */
export function stateFormat(dir = fileURLToPath(new URL('../../shared/session/', import.meta.url))): string {
  const hash = createHash('sha256');
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
        hash.update(name).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}
