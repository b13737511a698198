import { AWARENESS_REMOVAL_MS } from '../../ports/presence.js';
import type { AwarenessRecord, LapsedProcess, MemberHold, PresenceStore } from '../../ports/presence.js';
type Stored = AwarenessRecord & { owner: string; removedAt?: number };

const key = (hold: MemberHold) => `${hold.sessionId}|${hold.memberId}`;

/**
 * Presence in memory: what one process serves (the embedded default), or several simulated processes in
 * tests sharing one instance. A restart forgets it all; the presence service then reconciles the log's
 * `connected` members with who actually comes back.
 */
export class MemoryPresenceStore implements PresenceStore {
  private readonly leases = new Map<string, number>();
  /** member key → owners holding it. */
  private readonly holds = new Map<string, Set<string>>();
  /** owner → member keys it holds. */
  private readonly byOwner = new Map<string, Map<string, MemberHold>>();
  /** docId → client → record with owner. */
  private readonly states = new Map<string, Map<number, Stored>>();

  async deleteSession(sessionId: string): Promise<void> {
    for (const docId of [...this.states.keys()])
      if (docId.startsWith(`${sessionId}/`)) this.states.delete(docId);
    for (const [k, owners] of [...this.holds]) {
      if (!k.startsWith(`${sessionId}|`)) continue;
      this.holds.delete(k);
      for (const owner of owners) this.byOwner.get(owner)?.delete(k);
    }
  }

  async register(owner: string, expiresAt: number): Promise<void> {
    this.leases.set(owner, expiresAt);
  }

  async renew(owner: string, expiresAt: number): Promise<boolean> {
    if (!this.leases.has(owner)) return false;
    this.leases.set(owner, expiresAt);
    return true;
  }

  async hold(owner: string, hold: MemberHold): Promise<void> {
    const k = key(hold);
    let owners = this.holds.get(k);
    if (!owners) this.holds.set(k, (owners = new Set()));
    owners.add(owner);
    let mine = this.byOwner.get(owner);
    if (!mine) this.byOwner.set(owner, (mine = new Map()));
    mine.set(k, { ...hold });
  }

  async release(owner: string, hold: MemberHold): Promise<number> {
    const k = key(hold);
    this.byOwner.get(owner)?.delete(k);
    const owners = this.holds.get(k);
    owners?.delete(owner);
    if (owners && owners.size === 0) this.holds.delete(k);
    return owners?.size ?? 0;
  }

  async holders(hold: MemberHold): Promise<number> {
    return this.holds.get(key(hold))?.size ?? 0;
  }

  async putAwareness(owner: string, docId: string, records: AwarenessRecord[], now: number): Promise<void> {
    let doc = this.states.get(docId);
    if (!doc) this.states.set(docId, (doc = new Map()));
    for (const r of records) {
      doc.set(r.client, r.state === 'null' ? { ...r, owner, removedAt: now } : { ...r, owner });
    }
  }

  async awareness(docId: string, now: number): Promise<(AwarenessRecord & { owner: string })[]> {
    const doc = this.states.get(docId);
    if (!doc) return [];
    for (const [client, r] of doc) {
      if (r.removedAt !== undefined && r.removedAt + AWARENESS_REMOVAL_MS < now) doc.delete(client);
    }
    return [...doc.values()].map(({ removedAt: _removedAt, ...r }) => r);
  }

  async claimLapsed(now: number): Promise<LapsedProcess[]> {
    const out: LapsedProcess[] = [];
    for (const [owner, expiresAt] of [...this.leases]) {
      if (expiresAt >= now) continue;
      out.push(await this.forget(owner, now));
    }
    return out;
  }

  async retire(owner: string, now: number): Promise<void> {
    await this.forget(owner, now);
  }

  private async forget(owner: string, now: number): Promise<LapsedProcess> {
    this.leases.delete(owner);
    const members: LapsedProcess['members'] = [];
    for (const hold of this.byOwner.get(owner)?.values() ?? []) {
      members.push({ ...hold, remaining: await this.release(owner, hold) });
    }
    this.byOwner.delete(owner);
    const awareness: LapsedProcess['awareness'] = [];
    for (const [docId, doc] of [...this.states]) {
      for (const [client, r] of [...doc]) {
        if (r.owner !== owner || r.removedAt !== undefined) continue;
        // Its removal is remembered like any other: the client may come back elsewhere.
        doc.set(client, { client, clock: r.clock + 1, state: 'null', owner, removedAt: now });
        awareness.push({ docId, client, clock: r.clock });
      }
    }
    return { owner, members, awareness };
  }

  async close(): Promise<void> {}
}
