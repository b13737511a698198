import type { Redis } from 'ioredis';
import { AWARENESS_REMOVAL_MS } from '../../ports/presence.js';
import type { AwarenessRecord, LapsedProcess, MemberHold, PresenceStore } from '../../ports/presence.js';
import { deleteMatching, literalPattern } from './deleteKeys.js';
import type { RedisKeys } from './keys.js';

const memberField = (hold: MemberHold) => `${hold.sessionId}|${hold.memberId}`;

interface StoredRecord {
  clock: number;
  state: string;
  owner: string;
  /** Set on removals: when they were recorded (ms). */
  removedAt?: number;
}

function docParts(docId: string): { sessionId: string; groupId: string } {
  const [sessionId = '', groupId = ''] = docId.split('/');
  return { sessionId, groupId };
}

/** Extends a lease only if it is still there (a claimed lease is not brought back): 1 if extended, else 0. */
const RENEW = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  return 1
end
return 0
`;

/** Removes a lease only if it still ends before now (not renewed since it was listed): 1 if removed. */
const CLAIM = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) < tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`;

type WithLeases = Redis & {
  palabrePresenceRenew(key: string, owner: string, expiresAt: string): Promise<number>;
  palabrePresenceClaim(key: string, owner: string, now: string): Promise<number>;
};

/**
 * Presence shared by every process through Redis: a sorted set of process leases, per process the set of
 * members and awareness states it holds, per member the set of processes holding it, per document a hash of
 * awareness states. A lapsed process is claimed by one process (a script removes its lease only if it
 * still ends before now, and succeeds once), which then forgets what it held; renewal is a script too, which
 * extends a lease only if it is still there, so a process that was claimed while alive learns it. Keys of one session share its hash tag; the process sets live in their own slots (no script
 * spans slots, so Redis Cluster works).
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly redis: WithLeases;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('palabrePresenceRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('palabrePresenceClaim', { numberOfKeys: 1, lua: CLAIM });
    this.redis = redis as WithLeases;
  }

  async register(owner: string, expiresAt: number): Promise<void> {
    await this.redis.zadd(this.keys.presenceProcesses, expiresAt, owner);
  }

  async renew(owner: string, expiresAt: number): Promise<boolean> {
    return (
      (await this.redis.palabrePresenceRenew(this.keys.presenceProcesses, owner, String(expiresAt))) === 1
    );
  }

  async hold(owner: string, hold: MemberHold): Promise<void> {
    // Separate commands, not a pipeline: the two keys live in different slots of a Redis Cluster.
    await Promise.all([
      this.redis.sadd(this.keys.presenceOwnerMembers(owner), memberField(hold)),
      this.redis.sadd(this.keys.presenceMember(hold.sessionId, hold.memberId), owner),
    ]);
  }

  async release(owner: string, hold: MemberHold): Promise<number> {
    await this.redis.srem(this.keys.presenceOwnerMembers(owner), memberField(hold));
    const members = this.keys.presenceMember(hold.sessionId, hold.memberId);
    const [, remaining] = (await this.redis.multi().srem(members, owner).scard(members).exec()) ?? [];
    return Number(remaining?.[1] ?? 0);
  }

  async holders(hold: MemberHold): Promise<number> {
    return this.redis.scard(this.keys.presenceMember(hold.sessionId, hold.memberId));
  }

  async putAwareness(owner: string, docId: string, records: AwarenessRecord[], now: number): Promise<void> {
    if (records.length === 0) return;
    const { sessionId, groupId } = docParts(docId);
    const hash = this.keys.presenceAwareness(sessionId, groupId);
    const mine = this.keys.presenceOwnerAwareness(owner);
    // Commands sent together but not as one pipeline: the document's hash and the owner's set may live in
    // different slots of a Redis Cluster.
    await Promise.all(
      records.flatMap((r) => {
        const field = String(r.client);
        return r.state === 'null'
          ? [
              // The removal is kept (with its time) for a process that loads the document later.
              this.redis.hset(
                hash,
                field,
                JSON.stringify({ clock: r.clock, state: 'null', owner, removedAt: now }),
              ),
              this.redis.srem(mine, `${docId}|${r.client}`),
            ]
          : [
              this.redis.hset(hash, field, JSON.stringify({ clock: r.clock, state: r.state, owner })),
              this.redis.sadd(mine, `${docId}|${r.client}`),
            ];
      }),
    );
  }

  async awareness(docId: string, now: number): Promise<(AwarenessRecord & { owner: string })[]> {
    const { sessionId, groupId } = docParts(docId);
    const hash = this.keys.presenceAwareness(sessionId, groupId);
    const all = await this.redis.hgetall(hash);
    const out: (AwarenessRecord & { owner: string })[] = [];
    const expired: string[] = [];
    for (const [field, raw] of Object.entries(all)) {
      try {
        const { clock, state, owner, removedAt } = JSON.parse(raw) as StoredRecord;
        if (removedAt !== undefined && removedAt + AWARENESS_REMOVAL_MS < now) expired.push(field);
        else out.push({ client: Number(field), clock, state, owner });
      } catch {
        // A record that does not parse was not written by Palabre: ignored.
      }
    }
    if (expired.length > 0) await this.redis.hdel(hash, ...expired);
    return out;
  }

  async claimLapsed(now: number): Promise<LapsedProcess[]> {
    const lapsed = await this.redis.zrangebyscore(this.keys.presenceProcesses, '-inf', `(${now}`);
    const out: LapsedProcess[] = [];
    for (const owner of lapsed) {
      // Only one process removes the lease: it alone announces what the lapsed process held.
      if ((await this.redis.palabrePresenceClaim(this.keys.presenceProcesses, owner, String(now))) === 1)
        out.push(await this.forget(owner, now));
    }
    return out;
  }

  /** The session's holds and awareness hashes (its keys share the session's hash tag). */
  async deleteSession(sessionId: string): Promise<void> {
    const tagged = this.keys.presenceAwareness(sessionId, '').slice(0, -':awareness:'.length);
    await deleteMatching(this.redis, literalPattern(tagged, ':awareness:*'));
    await deleteMatching(this.redis, literalPattern(tagged, ':presence:*'));
  }

  async retire(owner: string, now: number): Promise<void> {
    await this.redis.zrem(this.keys.presenceProcesses, owner);
    await this.forget(owner, now);
  }

  private async forget(owner: string, now: number): Promise<LapsedProcess> {
    const membersKey = this.keys.presenceOwnerMembers(owner);
    const members: LapsedProcess['members'] = [];
    for (const field of await this.redis.smembers(membersKey)) {
      const [sessionId = '', memberId = ''] = field.split('|');
      members.push({ sessionId, memberId, remaining: await this.release(owner, { sessionId, memberId }) });
    }
    await this.redis.del(membersKey);
    const awarenessKey = this.keys.presenceOwnerAwareness(owner);
    const awareness: LapsedProcess['awareness'] = [];
    for (const field of await this.redis.smembers(awarenessKey)) {
      const bar = field.lastIndexOf('|');
      const docId = field.slice(0, bar);
      const client = Number(field.slice(bar + 1));
      const { sessionId, groupId } = docParts(docId);
      const hash = this.keys.presenceAwareness(sessionId, groupId);
      const raw = await this.redis.hget(hash, String(client));
      if (!raw) continue;
      const record = JSON.parse(raw) as StoredRecord;
      // Another process may have taken the client over (it reconnected there): not ours to remove.
      if (record.owner !== owner || record.removedAt !== undefined) continue;
      const removal: StoredRecord = { clock: record.clock + 1, state: 'null', owner, removedAt: now };
      await this.redis.hset(hash, String(client), JSON.stringify(removal));
      awareness.push({ docId, client, clock: record.clock });
    }
    await this.redis.del(awarenessKey);
    return { owner, members, awareness };
  }

  /** The connection belongs to the backend, which closes it. */
  async close(): Promise<void> {}
}
