import { Decoder, Encoder, PacketType, protocol } from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';
import { publicMember } from '../../../shared/session/members/project.js';
import { project } from '../../../shared/session/project.js';
import type { Audience } from '../../../shared/session/project.js';
import type { SessionState } from '../../../shared/session/types.js';

/**
 * A payload already encoded as JSON text: {@link palabreParser}'s encoder writes it as is. Anything else that
 * serialises it (another encoder, a log line) gets the value back through `toJSON`.
 */
export class PreEncodedJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

/**
 * socket.io's own encoder, except for event packets carrying a {@link PreEncodedJson}: those are written without
 * walking the payload for binary data and without encoding it again. The text is exactly what the default
 * encoder writes (`2[/nsp,][id][event,payload…]`), so every stock socket.io client reads it.
 */
class PalabreEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const data: unknown = packet.data;
    if (
      packet.type === PacketType.EVENT &&
      Array.isArray(data) &&
      data.some((d) => d instanceof PreEncodedJson)
    ) {
      let text = String(packet.type);
      if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
      if (packet.id != null) text += String(packet.id);
      const parts = data.map((d: unknown) => (d instanceof PreEncodedJson ? d.json : JSON.stringify(d)));
      return [`${text}[${parts.join(',')}]`];
    }
    return super.encode(packet);
  }
}

/** The socket.io parser of the server (`new Server({ parser })`): the stock one, with {@link PalabreEncoder}. */
export const palabreParser = { protocol, Encoder: PalabreEncoder, Decoder };

/** Each member record's (or public view's) JSON text, kept while the object lives (records are immutable). */
const memberJson = new WeakMap<object, string>();

/**
 * The `snapshot` a joining socket receives, `{ state }` as `audience` (and `viewerId`) may see it, encoded once
 * as JSON. Its members are the bulk of it in a large session (10,000 records): each record's text is kept, so
 * a join re-encodes only what changed since the last one instead of the whole roster (bench/RESULTS.md,
 * "Scale on one process": encoding the snapshot was 29 % of a join's CPU at 9,900 members).
 */
export function encodeSnapshot(state: SessionState, audience: Audience, viewerId: string): PreEncodedJson {
  // The roster is encoded below; the projection keeps only the viewer's record (what they read depends on it).
  const viewer = state.members[viewerId];
  const rest = JSON.stringify({
    ...project({ ...state, members: viewer ? { [viewerId]: viewer } : {} }, audience, viewerId),
    members: undefined,
  });
  const entries: string[] = [];
  for (const id in state.members) {
    const record = state.members[id]!;
    const member = audience === 'facilitators' ? record : publicMember(record);
    let text = memberJson.get(member);
    if (text === undefined) {
      text = JSON.stringify(member);
      memberJson.set(member, text);
    }
    entries.push(`${JSON.stringify(id)}:${text}`);
  }
  const members = `"members":{${entries.join(',')}}`;
  return new PreEncodedJson(`{"state":{${members}${rest.length > 2 ? `,${rest.slice(1)}` : '}'}}`);
}
