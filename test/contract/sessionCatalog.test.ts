import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { FileSessionCatalog } from '../../server/adapters/file/fileSessionCatalog.js';
import { MemorySessionCatalog } from '../../server/adapters/memory/memorySessionCatalog.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisSessionCatalog } from '../../server/adapters/redis/redisSessionCatalog.js';
import { createLogger } from '../../server/log.js';
import { newestFirst, pageOf } from '../../server/ports/sessionCatalog.js';
import type { SessionCatalog, SessionSummary } from '../../server/ports/sessionCatalog.js';
import { SESSION_STATUSES } from '../../shared/session/types.js';
import type { SessionStatus } from '../../shared/session/types.js';
import { uniquePrefix } from '../helpers/redis.js';

const summary = (id: string, createdAt: number, status: SessionStatus = 'scheduled'): SessionSummary => ({
  id,
  title: `Atelier ${id}`,
  status,
  createdAt,
  startedAt: status === 'scheduled' ? null : createdAt + 10,
  endedAt: status === 'ended' ? createdAt + 20 : null,
});

/** Every page of `catalog`, following `next` until the end. */
async function allPages(catalog: SessionCatalog, limit: number, status?: SessionStatus) {
  const seen: SessionSummary[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await catalog.page({ limit, status, cursor });
    expect(page.sessions.length).toBeLessThanOrEqual(limit);
    seen.push(...page.sessions);
    if (!page.next) return seen;
    cursor = page.next;
  }
  throw new Error('pages never end');
}

/**
 * The contract every catalog keeps: summaries read back after a reopen, the last put of a session wins, the
 * active set is exactly the sessions not ended, pages cover every session once, newest first.
 */
function sessionCatalogContract(
  name: string,
  open: () => Promise<{ catalog: SessionCatalog; reopen(): Promise<SessionCatalog> }>,
) {
  describe(`session catalog: ${name}`, () => {
    it('keeps the last summary of each session across a reopen, and knows which are not ended', async () => {
      const { catalog, reopen } = await open();
      await catalog.put(summary('s1', 1000));
      await catalog.put(summary('s2', 2000));
      await catalog.put(summary('s3', 3000));
      await catalog.put(summary('s1', 1000, 'live'));
      await catalog.put(summary('s2', 2000, 'live'));
      await catalog.put(summary('s2', 2000, 'ended'));
      await catalog.remove('s3');
      const again = await reopen();
      expect(await again.get('s1')).toEqual(summary('s1', 1000, 'live'));
      expect(await again.get('s2')).toEqual(summary('s2', 2000, 'ended'));
      expect(await again.get('s3')).toBeUndefined();
      expect(await again.active()).toEqual(['s1']);
      expect(await again.size()).toBe(2);
      expect((await again.page({ limit: 10, status: 'ended' })).sessions.map((s) => s.id)).toEqual(['s2']);
      expect((await again.page({ limit: 10, status: 'live' })).sessions.map((s) => s.id)).toEqual(['s1']);
      expect((await again.page({ limit: 10, status: 'scheduled' })).sessions).toEqual([]);
    });

    it('pages every session exactly once, newest first, ties on the creation time included', async () => {
      const { catalog } = await open();
      const all: SessionSummary[] = [];
      // 23 sessions over 7 distinct creation times: pages end in the middle of a tie.
      for (let i = 0; i < 23; i++) {
        const s = summary(`s${String(i).padStart(2, '0')}`, 1000 + (i % 7), SESSION_STATUSES[i % 3]);
        all.push(s);
        await catalog.put(s);
      }
      const expected = [...all].sort(newestFirst);
      for (const limit of [1, 2, 5, 23, 100]) {
        expect(await allPages(catalog, limit)).toEqual(expected);
        for (const status of SESSION_STATUSES) {
          expect(await allPages(catalog, limit, status)).toEqual(expected.filter((s) => s.status === status));
        }
      }
    });
  });
}

sessionCatalogContract('memory', async () => {
  const catalog = new MemorySessionCatalog();
  return { catalog, reopen: async () => catalog };
});

sessionCatalogContract('file (embedded default)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-catalog-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const open = async () => {
    const catalog = new FileSessionCatalog(dir);
    await catalog.init();
    return catalog;
  };
  return { catalog: await open(), reopen: open };
});

sessionCatalogContract('redis', async () => {
  const keys = redisKeys(uniquePrefix('catalog'));
  const open = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    onTestFinished(() => redis.close());
    return new RedisSessionCatalog(redis.command, keys);
  };
  return { catalog: await open(), reopen: open };
});

describe('file session catalog', () => {
  it('skips a torn last line and rewrites the file once stale lines pile up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palabre-catalog-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const catalog = new FileSessionCatalog(dir);
    await catalog.init();
    await catalog.put(summary('s1', 1000));
    await appendFile(join(dir, 'catalog.jsonl'), '{"id":"s2","tit');
    const reopened = new FileSessionCatalog(dir);
    await reopened.init();
    expect(await reopened.active()).toEqual(['s1']);
    // The next append starts on a line of its own, not glued to the torn one.
    await reopened.put(summary('s3', 3000));
    const third = new FileSessionCatalog(dir);
    await third.init();
    expect((await third.active()).sort()).toEqual(['s1', 's3']);
    // 1,100 changes of one session: the file is compacted instead of growing by a line each time.
    for (let i = 0; i < 1100; i++) await reopened.put({ ...summary('s1', 1000), title: `t${i}` });
    const lines = (await readFile(join(dir, 'catalog.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThan(200);
    const last = new FileSessionCatalog(dir);
    await last.init();
    expect((await last.get('s1'))?.title).toBe('t1099');
  });
});

describe('pageOf', () => {
  it('walks any set of summaries in newest-first order without loss or repeat', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ id: fc.stringMatching(/^[a-z0-9]{1,4}$/), createdAt: fc.integer({ min: 0, max: 5 }) }),
          { selector: (s) => s.id, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 7 }),
        (entries, limit) => {
          const all = entries.map((e) => summary(e.id, e.createdAt));
          const seen: string[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = pageOf(all, { limit, cursor });
            seen.push(...page.sessions.map((s) => s.id));
            if (!page.next) break;
            cursor = page.next;
          }
          expect(seen).toEqual([...all].sort(newestFirst).map((s) => s.id));
        },
      ),
    );
  });
});
