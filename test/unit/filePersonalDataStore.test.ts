import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilePersonalDataStore } from '../../server/adapters/file/filePersonalDataStore.js';

const record = (name: string) => ({ salt: `salt-${name}`, values: { name, attributes: {} } });

let dir = '';
const path = () => join(dir, 'personal', 's1.json');
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'palabre-personal-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FilePersonalDataStore', () => {
  it('writes only the records of a put: a join costs the same in a session of 1 or 500 members', async () => {
    const store = new FilePersonalDataStore(dir);
    const sizes: number[] = [];
    for (let i = 0; i < 500; i++) {
      await store.put('s1', `p${String(i).padStart(3, '0')}`, { [`m${1000 + i}`]: record(`M${1000 + i}`) });
      sizes.push((await readFile(path())).length);
    }
    // Every put adds the same number of bytes (ids and names of one length): nothing already there is written again.
    const growth = sizes.slice(1).map((size, i) => size - sizes[i]!);
    expect(new Set(growth)).toEqual(new Set([sizes[0]]));
    const reopened = new FilePersonalDataStore(dir);
    expect((await reopened.get('s1', ['p000', 'p499'])).get('p499')).toEqual({ m1499: record('M1499') });
  });

  it('reads a file written whole before the appends, and appends after it without joining its line', async () => {
    await mkdir(join(dir, 'personal'));
    await writeFile(path(), JSON.stringify({ 'p1/ana': record('Ana') }));
    const store = new FilePersonalDataStore(dir);
    await store.put('s1', 'p2', { ben: record('Ben') });
    const found = await new FilePersonalDataStore(dir).get('s1', ['p1', 'p2']);
    expect(found.get('p1')).toEqual({ ana: record('Ana') });
    expect(found.get('p2')).toEqual({ ben: record('Ben') });
  });

  it('ignores a torn last line left by a crash, and writes cleanly after it', async () => {
    const store = new FilePersonalDataStore(dir);
    await store.put('s1', 'p1', { ana: record('Ana') });
    await appendFile(path(), '{"p2/ben":{"salt":"sa');
    const reopened = new FilePersonalDataStore(dir);
    expect((await reopened.get('s1', ['p1', 'p2'])).has('p2')).toBe(false);
    await reopened.put('s1', 'p3', { cem: record('Cem') });
    const found = await new FilePersonalDataStore(dir).get('s1', ['p1', 'p2', 'p3']);
    expect([...found.keys()].sort()).toEqual(['p1', 'p3']);
  });

  it('erasing a member takes their values off the disk, not only out of reads', async () => {
    const store = new FilePersonalDataStore(dir);
    await store.put('s1', 'p1', { ana: record('Ana'), ben: record('Ben') });
    await store.put('s1', 'p2', { ana: record('Ana Renamed') });
    await store.eraseMember('s1', 'ana');
    const text = await readFile(path(), 'utf8');
    expect(text).not.toContain('Ana');
    expect(text).toContain('Ben');
    const found = await new FilePersonalDataStore(dir).get('s1', ['p1', 'p2']);
    expect(found.get('p1')).toEqual({ ben: record('Ben') });
    expect(found.has('p2')).toBe(false);
  });
});
