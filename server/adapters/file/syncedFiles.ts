import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Appends `data` to the file at `path` (created, mode 0600, with its folder) and returns once it is on disk
 * (fdatasync). A crash mid-append may leave a torn last line or record: readers skip it.
 */
export async function appendSynced(path: string, data: Uint8Array | string): Promise<void> {
  await writeSynced(path, 'a', data);
}

/** Writes `data` to `path` opened with `flag` (`a`: at its end; `w`: in its place), folder made, then fdatasync. */
async function writeSynced(path: string, flag: 'a' | 'w', data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, flag, 0o600);
  try {
    await handle.writeFile(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces the file at `path` with `data`, whole or not at all: written aside (this process's temporary
 * file), fdatasync'ed, then renamed over it. The temporary file is removed when the rename fails.
 */
export async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeSynced(tmp, 'w', data);
  await rename(tmp, path).catch(async (error: unknown) => {
    await rm(tmp, { force: true });
    throw error;
  });
}
