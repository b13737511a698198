import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedFrame } from './messages.js';

/** Awareness clients one connection may announce (a tab has one; a few leave room for tools). */
export const MAX_AWARENESS_CLIENTS = 8;
/** Yjs client ids are random 32-bit unsigned integers (`random.uint32()` in yjs `Doc`). */
export const MAX_AWARENESS_CLIENT_ID = 0xffff_ffff;
/**
 * Largest awareness clock accepted. y-protocols adds one per change and one per 15 s renewal: a cursor
 * moving 20 times a second for a year stays below 2^30. A larger clock is not honest, and would let its
 * sender outrank every later state of that client.
 */
export const MAX_AWARENESS_CLOCK = 2 ** 31 - 1;

/** Limits on each awareness state (a JSON object describing one client: name, colour, cursor…). */
export interface AwarenessLimits {
  /** Largest state, in bytes of its JSON text (default 8 KiB: a name, a colour and two cursors take ~300). */
  maxStateBytes: number;
  /** Deepest nesting of objects and arrays (default 16; y-codemirror's cursor state is 4 deep). */
  maxDepth: number;
}

export const DEFAULT_AWARENESS_LIMITS: AwarenessLimits = { maxStateBytes: 8192, maxDepth: 16 };

/** Owner of the states announced through other processes. */
const REMOTE = Object.freeze({ remote: true });

interface Entry {
  clock: number;
  state: string;
  owner: object;
}

export interface AwarenessEntry {
  client: number;
  clock: number;
  /** The state's JSON text; `null` (the text) when the client left. */
  state: string;
}

/** What became of an awareness update from a connection. */
export interface AwarenessOutcome {
  /** The accepted states, to relay to the others (re-encoded), or null if none changed anything. */
  relay: Uint8Array | null;
  /** The accepted entries themselves (what the shared presence store records), in order. */
  accepted: AwarenessEntry[];
  /** Why some states were refused (not relayed, not kept), or null. */
  refused: string | null;
  /**
   * What to answer the sender alone, or null: the removal of its own client that it missed (it was
   * disconnected when the others were told it left). y-protocols then raises its clock above that removal
   * and announces itself again, so a client that comes back is visible at once.
   */
  reply: Uint8Array | null;
}

/** Removals remembered (client → clock of the removal), so a client that comes back can outrank its own. */
const MAX_TOMBSTONES = 10_000;

/**
 * Awareness (who is here, cursors) of one document: relayed, never persisted. It keeps the latest state
 * of each client so newcomers get them, and knows which connection announced which client, so a closing
 * connection's clients are removed for everyone.
 *
 * A connection may announce its own clients only: the first connection to announce a client owns it. Stock
 * y-websocket clients echo every state they hear; those echoes (states owned by another connection or
 * process) are dropped, not relayed again — except a connection's own client (the first one it announces),
 * which it takes over: a client that reconnects here after its process died, or before the old connection
 * was noticed closing, is its own owner again. Removals are remembered for a while: a client that comes back
 * with a clock its removal outranks is told of that removal, so it announces itself again above it. Every state must be a JSON object (or null when leaving) within
 * the size and depth limits, with a 32-bit client id and a sane clock: anything else is refused and never
 * reaches anyone, so one bad state cannot break the others' editors.
 */
export class AwarenessRelay {
  private readonly entries = new Map<number, Entry>();
  private readonly tombstones = new Map<number, number>();
  /** The first client each owner announced: its own (a stock provider announces itself first). */
  private readonly ownClient = new WeakMap<object, number>();

  constructor(private readonly limits: AwarenessLimits = DEFAULT_AWARENESS_LIMITS) {}

  /**
   * Validates an awareness update from `owner` and records what it may announce. Throws MalformedFrame
   * when the update does not decode or a state is not JSON (the connection is closed); refuses (without
   * throwing) states that decode but break a rule.
   */
  receive(update: Uint8Array, owner: object): AwarenessOutcome {
    let parsed: AwarenessEntry[];
    try {
      parsed = decode(update, MAX_AWARENESS_CLIENTS);
    } catch (error) {
      if (error instanceof MalformedFrame) throw error;
      throw new MalformedFrame('malformed awareness update');
    }
    const accepted: AwarenessEntry[] = [];
    const reply: AwarenessEntry[] = [];
    let refused: string | null = null;
    for (const entry of parsed) {
      const problem = this.check(entry);
      if (problem) {
        refused ??= problem;
        continue;
      }
      if (!this.ownClient.has(owner)) this.ownClient.set(owner, entry.client);
      const own = this.ownClient.get(owner) === entry.client;
      const known = this.entries.get(entry.client);
      if (known && known.owner !== owner && !own) continue; // an echo, or someone else's client
      if (known && entry.clock < known.clock) continue;
      if (!known) {
        if (entry.state === 'null') continue;
        const removed = this.tombstones.get(entry.client);
        if (removed !== undefined && entry.clock <= removed) {
          // Back after a removal it did not see: everyone else ignores this clock. Tell it.
          if (own) reply.push({ client: entry.client, clock: removed, state: 'null' });
          continue;
        }
        let owned = 0;
        for (const e of this.entries.values()) if (e.owner === owner) owned++;
        if (owned >= MAX_AWARENESS_CLIENTS) {
          refused ??= `at most ${MAX_AWARENESS_CLIENTS} awareness clients per connection`;
          continue;
        }
      }
      this.put(entry, owner);
      accepted.push(entry);
    }
    return {
      relay: accepted.length > 0 ? encodeAwarenessEntries(accepted) : null,
      accepted,
      refused,
      reply: reply.length > 0 ? encodeAwarenessEntries(reply) : null,
    };
  }

  /** Why a state is refused, or null. Throws MalformedFrame if it is not JSON at all. */
  private check(entry: AwarenessEntry): string | null {
    if (entry.client > MAX_AWARENESS_CLIENT_ID) return 'awareness client ids are 32-bit';
    if (entry.clock > MAX_AWARENESS_CLOCK) return 'awareness clock out of range';
    if (entry.state.length > this.limits.maxStateBytes) {
      return `an awareness state may hold at most ${this.limits.maxStateBytes} bytes`;
    }
    let value: unknown;
    try {
      value = JSON.parse(entry.state);
    } catch {
      throw new MalformedFrame('an awareness state is not JSON');
    }
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      return 'an awareness state is a JSON object or null';
    }
    if (depthOf(value, this.limits.maxDepth) > this.limits.maxDepth) {
      return `an awareness state may nest at most ${this.limits.maxDepth} levels`;
    }
    return null;
  }

  /**
   * Records states relayed by another process (validated there). They belong to no local connection:
   * their owner process announces when they leave. Returns the entries that changed something, encoded,
   * or null.
   */
  receiveRemote(update: Uint8Array): Uint8Array | null {
    const changed: AwarenessEntry[] = [];
    for (const entry of decode(update, Infinity)) {
      const known = this.entries.get(entry.client);
      if (known && entry.clock < known.clock) continue;
      if (!known) {
        const removed = this.tombstones.get(entry.client);
        if (entry.state === 'null') {
          // Remembered even if unknown here: the client may come back to this process.
          if (removed === undefined || removed < entry.clock) this.remember(entry.client, entry.clock);
          continue;
        }
        if (removed !== undefined && entry.clock <= removed) continue;
      }
      this.put(entry, known?.owner ?? REMOTE);
      changed.push(entry);
    }
    return changed.length > 0 ? encodeAwarenessEntries(changed) : null;
  }

  private put(entry: AwarenessEntry, owner: object): void {
    if (entry.state === 'null') {
      this.entries.delete(entry.client);
      this.remember(entry.client, entry.clock);
    } else {
      this.entries.set(entry.client, { clock: entry.clock, state: entry.state, owner });
      this.tombstones.delete(entry.client);
    }
  }

  /** Remembers a removal (bounded: the oldest are forgotten first). */
  private remember(client: number, clock: number): void {
    this.tombstones.delete(client);
    this.tombstones.set(client, clock);
    if (this.tombstones.size > MAX_TOMBSTONES) {
      const [oldest] = this.tombstones.keys();
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
  }

  /** Every known state, as one awareness update (for a newcomer), or null if nobody announced anything. */
  encodeAll(): Uint8Array | null {
    if (this.entries.size === 0) return null;
    return encodeAwarenessEntries(
      [...this.entries].map(([client, e]) => ({ client, clock: e.clock, state: e.state })),
    );
  }

  /**
   * Another process announced the states of this process's connections gone (it claimed this process's
   * presence lease while the process was stalled or cut off from the store), though the connections are
   * still open. Forgets each such state here as removed at its clock + 1 and returns, per owning connection,
   * those removals: sent to that connection's client alone, they make y-protocols announce the state again
   * at clock + 2, above the removal every other process and client saw, so all of them accept it again.
   */
  reclaimLocal(): Map<object, AwarenessEntry[]> {
    const out = new Map<object, AwarenessEntry[]>();
    for (const [client, entry] of [...this.entries]) {
      if (entry.owner === REMOTE) continue;
      const removal = { client, clock: entry.clock + 1, state: 'null' };
      this.put(removal, entry.owner);
      out.set(entry.owner, [...(out.get(entry.owner) ?? []), removal]);
    }
    return out;
  }

  /** Forgets `owner`'s clients; returns the update that tells the others they left (or null). */
  removeOwner(owner: object): AwarenessEntry[] {
    const gone: AwarenessEntry[] = [];
    for (const [client, entry] of [...this.entries]) {
      if (entry.owner !== owner) continue;
      const removal = { client, clock: entry.clock + 1, state: 'null' };
      this.put(removal, owner);
      gone.push(removal);
    }
    return gone;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Nesting depth of a JSON value (a scalar is 0, `{}` is 1), counted up to `limit + 1`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

/** Reads a whole awareness update (at most `max` clients, no trailing bytes); throws on anything else. */
export function decode(update: Uint8Array, max: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > max) throw new MalformedFrame('too many awareness clients');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ client, clock, state: decoding.readVarString(decoder) });
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after awareness update');
  return entries;
}

/** Encodes awareness entries in y-protocols' format (`encodeAwarenessUpdate`). */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
