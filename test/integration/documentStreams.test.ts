import { describe, expect, inject, it } from 'vitest';
import { forumWithGroup, openDocument, synced, DRAFTING } from '../helpers/documents.js';
import { startProcess } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { serverApi } from '../helpers/server.js';
import { startTcpProxy } from '../helpers/tcpProxy.js';

/** How many times a process read a whole document from Redis (its /metrics, store latency count). */
async function documentLoads(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const line = text
    .split('\n')
    .find((l) => l.startsWith('palabre_store_seconds_count{') && /documents",op="load",outcome="ok"/.test(l));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('documents across processes, read from the streams', () => {
  it('a reader on another process misses nothing while its Redis connections are cut, and reloads nothing', async () => {
    const redisUrl = inject('redisUrl');
    const prefix = uniquePrefix('streams');
    // B reaches Redis through a proxy the test can cut: every connection of B (commands, pub/sub, and the
    // stream reader) drops at once, and whatever is published meanwhile never reaches B.
    const proxy = await startTcpProxy([redisUrl.replace(/^redis/, 'http')]);
    const [a, b] = await Promise.all([
      startProcess({ REDIS_URL: redisUrl, REDIS_PREFIX: prefix }),
      startProcess({ REDIS_URL: proxy.url.replace(/^http/, 'redis'), REDIS_PREFIX: prefix }),
    ]);
    const f = await forumWithGroup({ server: { url: a.url, ...serverApi(a.url) } });
    await f.goto(DRAFTING);
    const writer = openDocument(a.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const reader = openDocument(b.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(writer), synced(reader)]);
    writer.text.insert(0, 'Avant. ');
    await expect.poll(() => reader.text.toString()).toBe('Avant. ');
    const loadsBefore = await documentLoads(b.url);
    expect(loadsBefore).toBeGreaterThanOrEqual(1);

    proxy.cut();
    const typed = ['Pendant ', 'la ', 'coupure, ', 'mot ', 'à ', 'mot.'];
    for (const word of typed) {
      writer.text.insert(writer.text.length, word);
      // Persisted on A (its answer to a sync comes after every accepted update is stored).
      await writer.roundTrip();
    }
    expect(reader.text.toString()).toBe('Avant. ');
    proxy.restore();

    // Nothing else is typed: B must find every update in the stream, where its reader stopped.
    const full = `Avant. ${typed.join('')}`;
    await expect.poll(() => reader.text.toString(), { timeout: 15_000 }).toBe(full);
    // ...by reading the stream on, not by loading the whole document again.
    expect(await documentLoads(b.url)).toBe(loadsBefore);
  });
});
