import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedFrame } from './messages.js';

/** Awareness clients one connection may announce (a tab has one; a few leave room for tools). */
export const MAX_AWARENESS_CLIENTS = 8;

/** Owner of the states announced through other processes. */
const REMOTE = Object.freeze({ remote: true });

interface Entry {
  clock: number;
  state: string;
  owner: object;
}

/**
 * Awareness (who is here, cursors) of one document: relayed as received, never persisted. It keeps the
 * latest state of each client so newcomers get them, and knows which connection announced which client,
 * so a closing connection's clients are removed for everyone.
 */
export class AwarenessRelay {
  private readonly entries = new Map<number, Entry>();

  /** Validates an awareness update from `owner` (strictly, JSON states included) and records it. */
  receive(update: Uint8Array, owner: object): void {
    let parsed: AwarenessEntry[];
    try {
      parsed = decode(update, MAX_AWARENESS_CLIENTS);
      for (const { state } of parsed) JSON.parse(state);
    } catch (error) {
      if (error instanceof MalformedFrame) throw error;
      throw new MalformedFrame('malformed awareness update');
    }
    this.record(parsed, owner);
    let owned = 0;
    for (const entry of this.entries.values()) if (entry.owner === owner) owned++;
    if (owned > MAX_AWARENESS_CLIENTS) throw new MalformedFrame('too many awareness clients');
  }

  /**
   * Records states relayed by another process (validated there). They belong to no local connection:
   * their owner process announces when they leave, and stock clients drop states that stop being renewed.
   */
  receiveRemote(update: Uint8Array): void {
    this.record(decode(update, Infinity), REMOTE);
  }

  private record(parsed: AwarenessEntry[], owner: object): void {
    for (const { client, clock, state } of parsed) {
      // Stock clients re-send the states they hear from others: the first connection to announce a client
      // owns it (and takes it along when it closes).
      const known = this.entries.get(client);
      if (known && clock < known.clock) continue;
      if (state === 'null') this.entries.delete(client);
      else this.entries.set(client, { clock, state, owner: known?.owner ?? owner });
    }
  }

  /** Every known state, as one awareness update (for a newcomer), or null if nobody announced anything. */
  encodeAll(): Uint8Array | null {
    if (this.entries.size === 0) return null;
    return encode([...this.entries].map(([client, e]) => ({ client, clock: e.clock, state: e.state })));
  }

  /** Forgets `owner`'s clients; returns the update that tells the others they left (or null). */
  removeOwner(owner: object): Uint8Array | null {
    const gone: AwarenessEntry[] = [];
    for (const [client, entry] of this.entries) {
      if (entry.owner !== owner) continue;
      this.entries.delete(client);
      gone.push({ client, clock: entry.clock + 1, state: 'null' });
    }
    return gone.length > 0 ? encode(gone) : null;
  }

  get size(): number {
    return this.entries.size;
  }
}

interface AwarenessEntry {
  client: number;
  clock: number;
  state: string;
}

/** Reads a whole awareness update (at most `max` clients, no trailing bytes); throws on anything else. */
function decode(update: Uint8Array, max: number): AwarenessEntry[] {
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

function encode(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
