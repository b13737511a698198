import * as decoding from 'lib0/decoding';
import { MalformedFrame } from './messages.js';

/**
 * A strict reader of Yjs v1 updates that interprets nothing: it walks the encoding (struct blocks, then
 * the delete set) exactly as `Y.applyUpdate` would read it, checks every field, and returns the update's
 * shape — which ids it creates, which ids it refers to, which ranges it deletes — so that the server can
 * decide, before anything touches the shared document, whether the update decodes whole, whether it can
 * integrate now, and what a refusal keeps of it.
 *
 * Format: yjs `src/utils/encoding.js` (`writeClientsStructs`, `writeDeleteSet`) and `src/structs/Item.js`
 * (`Item.write`, `readItemContent`), yjs 13.6. Only the v1 encoding is read: it is what y-protocols' sync
 * messages carry.
 */

/** An id in a Yjs document: the creating client and its clock. */
export interface StructId {
  client: number;
  clock: number;
}

/** Yjs content kinds (`info & 0b11111` of an item); 0 is a GC struct and 10 a Skip. */
export const ContentRef = {
  Deleted: 1,
  JSON: 2,
  Binary: 3,
  String: 4,
  Embed: 5,
  Format: 6,
  Type: 7,
  Any: 8,
  Doc: 9,
} as const;

export interface ScannedItem {
  kind: 'item';
  clock: number;
  length: number;
  origin: StructId | null;
  rightOrigin: StructId | null;
  /** Written only when the item has no origin: a root type's name, or the id of the parent type's item. */
  parent: string | StructId | null;
  /** Map key, written only when the item has no origin (otherwise it is the key of its neighbours). */
  parentSub: string | null;
  /** The writer flagged the item as a map entry (yjs sets this bit whenever the item has a key). */
  mapEntry: boolean;
  content: number;
}

export interface ScannedRange {
  kind: 'gc' | 'skip';
  clock: number;
  length: number;
}

export type ScannedStruct = ScannedItem | ScannedRange;

/** The structs of one client, consecutive from `clock`. */
export interface ScannedBlock {
  client: number;
  clock: number;
  structs: ScannedStruct[];
  /** Clock just past the last struct. */
  end: number;
}

export interface DeleteRange {
  client: number;
  clock: number;
  length: number;
}

export interface UpdateShape {
  blocks: ScannedBlock[];
  deletes: DeleteRange[];
  /** No struct and no deletion: the update changes nothing (e.g. `[0, 0]`). */
  empty: boolean;
}

/** Yjs type refs (`typeRefs` in yjs `src/structs/ContentType.js`): YArray … YXmlText. */
const TYPE_REFS = 7;
const TYPE_REF_XML_ELEMENT = 3;
const TYPE_REF_XML_HOOK = 5;

class Malformed extends MalformedFrame {}

function check(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new Malformed(`malformed update (${reason})`);
}

function readCount(decoder: decoding.Decoder, what: string): number {
  const n = decoding.readVarUint(decoder);
  // Every counted element takes at least one byte: a larger count cannot be honest.
  check(n <= decoder.arr.length - decoder.pos, `${what} count beyond the update's size`);
  return n;
}

function readClock(decoder: decoding.Decoder): number {
  const n = decoding.readVarUint(decoder);
  check(Number.isSafeInteger(n), 'clock out of range');
  return n;
}

function readId(decoder: decoding.Decoder): StructId {
  const client = readClock(decoder);
  const clock = readClock(decoder);
  return { client, clock };
}

function readJson(decoder: decoding.Decoder): void {
  const text = decoding.readVarString(decoder);
  try {
    JSON.parse(text);
  } catch {
    check(false, 'content is not JSON');
  }
}

/** Reads one item's content as yjs would and returns its length (what the item adds to its clock). */
function readContent(decoder: decoding.Decoder, ref: number): number {
  switch (ref) {
    case ContentRef.Deleted:
      return decoding.readVarUint(decoder);
    case ContentRef.JSON: {
      const n = readCount(decoder, 'JSON');
      for (let i = 0; i < n; i++) {
        const text = decoding.readVarString(decoder);
        if (text === 'undefined') continue; // yjs writes undefined this way
        try {
          JSON.parse(text);
        } catch {
          check(false, 'content is not JSON');
        }
      }
      return n;
    }
    case ContentRef.Binary:
      decoding.readVarUint8Array(decoder);
      return 1;
    case ContentRef.String:
      return decoding.readVarString(decoder).length;
    case ContentRef.Embed:
      readJson(decoder);
      return 1;
    case ContentRef.Format:
      decoding.readVarString(decoder);
      readJson(decoder);
      return 1;
    case ContentRef.Type: {
      const type = decoding.readVarUint(decoder);
      check(type < TYPE_REFS, `unknown type ${type}`);
      if (type === TYPE_REF_XML_ELEMENT || type === TYPE_REF_XML_HOOK) decoding.readVarString(decoder);
      return 1;
    }
    case ContentRef.Any: {
      const n = readCount(decoder, 'value');
      for (let i = 0; i < n; i++) decoding.readAny(decoder);
      return n;
    }
    case ContentRef.Doc:
      // Sub-documents: a guid and options. Palabre's documents have none; see `refuseContent`.
      decoding.readVarString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      return check(false, `unknown content ${ref}`) as never;
  }
}

function readStruct(decoder: decoding.Decoder, clock: number): ScannedStruct {
  const info = decoding.readUint8(decoder);
  const ref = info & 0b11111;
  if (ref === 0 || ref === 10) {
    const length = decoding.readVarUint(decoder);
    check(length > 0, 'empty struct');
    return { kind: ref === 0 ? 'gc' : 'skip', clock, length };
  }
  const origin = (info & 0b10000000) !== 0 ? readId(decoder) : null;
  const rightOrigin = (info & 0b01000000) !== 0 ? readId(decoder) : null;
  const orphan = origin === null && rightOrigin === null;
  let parent: string | StructId | null = null;
  let parentSub: string | null = null;
  if (orphan) {
    const named = decoding.readVarUint(decoder);
    check(named <= 1, 'bad parent info');
    parent = named === 1 ? decoding.readVarString(decoder) : readId(decoder);
    if ((info & 0b00100000) !== 0) parentSub = decoding.readVarString(decoder);
  }
  const mapEntry = (info & 0b00100000) !== 0;
  const length = readContent(decoder, ref);
  check(length > 0, 'empty struct');
  return { kind: 'item', clock, length, origin, rightOrigin, parent, parentSub, mapEntry, content: ref };
}

/**
 * Reads a whole v1 update. Throws MalformedFrame if it does not decode, if anything follows it, or if it
 * holds what no Yjs client writes: empty structs, ids past 2^53, an item that refers to an id its own
 * client had not created yet (yjs would fail half-way through applying it).
 */
export function scanUpdate(update: Uint8Array): UpdateShape {
  const decoder = decoding.createDecoder(update);
  try {
    const blocks: ScannedBlock[] = [];
    const blockCount = readCount(decoder, 'client');
    const seen = new Set<number>();
    for (let b = 0; b < blockCount; b++) {
      const structCount = readCount(decoder, 'struct');
      const client = readClock(decoder);
      let clock = readClock(decoder);
      check(!seen.has(client), 'a client appears twice');
      seen.add(client);
      const block: ScannedBlock = { client, clock, structs: [], end: clock };
      for (let s = 0; s < structCount; s++) {
        const struct = readStruct(decoder, clock);
        if (struct.kind === 'item') {
          for (const id of [struct.origin, struct.rightOrigin, struct.parent]) {
            if (id === null || typeof id === 'string') continue;
            check(id.client !== client || id.clock < clock, 'an item refers to a later id of its own client');
          }
        }
        clock += struct.length;
        check(Number.isSafeInteger(clock), 'clock out of range');
        block.structs.push(struct);
      }
      block.end = clock;
      if (block.structs.length > 0) blocks.push(block);
    }
    const deletes: DeleteRange[] = [];
    const clientCount = readCount(decoder, 'deleted client');
    for (let c = 0; c < clientCount; c++) {
      const client = readClock(decoder);
      const count = readCount(decoder, 'deletion');
      for (let d = 0; d < count; d++) {
        const clock = readClock(decoder);
        const length = decoding.readVarUint(decoder);
        check(length > 0 && Number.isSafeInteger(clock + length), 'bad deletion');
        deletes.push({ client, clock, length });
      }
    }
    check(!decoding.hasContent(decoder), 'bytes after the update');
    return { blocks, deletes, empty: blocks.length === 0 && deletes.length === 0 };
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new Malformed(`malformed update (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Why Palabre refuses an update's content whatever the sender's rights, or null. */
export function refuseContent(shape: UpdateShape): string | null {
  for (const block of shape.blocks) {
    for (const struct of block.structs) {
      if (struct.kind === 'item' && struct.content === ContentRef.Doc)
        return 'sub-documents are not supported';
    }
  }
  return null;
}
