import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import { startServer } from '../helpers/server.js';

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([]))),
  );
  return [...entries.map((e) => join(dir, e.name)), ...nested.flat()];
}

describe('security headers and data at rest', () => {
  it('sends a Content-Security-Policy that forbids framing by default, and FRAME_ANCESTORS opens it to listed sites', async () => {
    const closed = await startServer();
    const res = await fetch(`${closed.url}/api/templates`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');

    const embeddable = await startServer({
      env: { FRAME_ANCESTORS: 'https://www.ville.fr https://participation.ville.fr' },
    });
    const framed = await fetch(`${embeddable.url}/healthz`);
    expect(framed.headers.get('content-security-policy')).toContain(
      'frame-ancestors https://www.ville.fr https://participation.ville.fr',
    );
    expect(framed.headers.get('x-frame-options')).toBeNull();
  });

  it('creates its data folders and files readable by their owner only', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'palabre-perm-'));
    onTestFinished(() => rm(parent, { recursive: true, force: true }));
    const dataDir = join(parent, 'data');
    const server = await startServer({ dataDir });
    const forum = await forumWithGroup({ server });
    await forum.goto(DRAFTING);
    const doc = openDocument(server.url, forum.session.id, forum.ga, forum.tokenOf(forum.ana));
    await synced(doc);
    doc.text.insert(0, 'Pistes cyclables');
    await doc.roundTrip();

    const paths = [dataDir, ...(await walk(dataDir))];
    expect(paths.some((p) => p.includes(forum.session.id))).toBe(true);
    for (const path of paths) {
      const mode = (await stat(path)).mode & 0o777;
      expect({ path, mode: mode.toString(8) }).toEqual({ path, mode: (mode & 0o700).toString(8) });
    }
  });
});
