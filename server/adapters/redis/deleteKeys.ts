import type { Cluster, Redis } from 'ioredis';

/** A glob pattern matching `literal` exactly, then `suffix` (Redis MATCH syntax). */
export function literalPattern(literal: string, suffix = ''): string {
  return `${literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}${suffix}`;
}

/**
 * Deletes every key matching `pattern` (SCAN, then DEL in batches: never KEYS, which blocks Redis). In a
 * Cluster every master is scanned; a session's keys share a hash tag, so they all sit on one of them.
 */
export async function deleteMatching(redis: Redis, pattern: string): Promise<number> {
  const cluster = redis as unknown as Partial<Cluster>;
  const nodes: Redis[] = typeof cluster.nodes === 'function' ? cluster.nodes('master') : [redis];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      // One DEL per key: in a Cluster, the client routes each to its slot.
      if (keys.length > 0)
        deleted += (await Promise.all(keys.map((k) => redis.del(k)))).reduce((a, b) => a + b, 0);
    } while (cursor !== '0');
  }
  return deleted;
}
