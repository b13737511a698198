import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { ContentRef } from './updateScan.js';
import type { ScannedItem, ScannedStruct, StructId, UpdateShape } from './updateScan.js';

/**
 * What of an update can integrate into a document now. Yjs applies what it can and keeps the rest
 * "pending" inside the document until the missing structs arrive — possibly never. The shared document
 * must never hold such leftovers, so the server asks this first and applies only updates that integrate
 * whole (`complete`); the others wait, bounded in time, outside the document.
 */
export interface Integrability {
  /** Every struct and every deletion can be applied now: yjs would keep nothing pending. */
  complete: boolean;
  /** Per block of the shape (same order): how many of its structs can integrate now. */
  prefix: number[];
}

/**
 * Mirrors yjs' `integrateStructs` / `Item.getMissing` (yjs 13.6 `src/utils/encoding.js`,
 * `src/structs/Item.js`): a client's structs integrate in clock order from the document's state for that
 * client; an item also needs the items it refers to (origin, right origin, parent) from other clients,
 * known to the document or integrable from the same update; a deletion needs the items it deletes.
 * `stateOf(client)` is the document's next clock for that client (`Y.getState`).
 */
export function integrability(shape: UpdateShape, stateOf: (client: number) => number): Integrability {
  const reach = new Map<number, number>();
  const reachOf = (client: number) => reach.get(client) ?? stateOf(client);
  const known = (id: StructId) => id.clock < reachOf(id.client);
  const prefix = shape.blocks.map(() => 0);
  for (let changed = true; changed;) {
    changed = false;
    shape.blocks.forEach((block, i) => {
      const structs = block.structs;
      if (block.clock > stateOf(block.client)) return; // a gap before the first struct
      while (prefix[i]! < structs.length) {
        const struct = structs[prefix[i]!]!;
        if (struct.kind === 'skip' && struct.clock + struct.length > reachOf(block.client)) return;
        if (struct.kind === 'item' && !refsKnown(struct, block.client, known)) return;
        prefix[i]!++;
        reach.set(block.client, Math.max(reachOf(block.client), struct.clock + struct.length));
        changed = true;
      }
    });
  }
  const complete =
    shape.blocks.every((block, i) => prefix[i] === block.structs.length) &&
    shape.deletes.every((d) => d.clock + d.length <= reachOf(d.client));
  return { complete, prefix };
}

function refsKnown(item: ScannedItem, client: number, known: (id: StructId) => boolean): boolean {
  for (const ref of [item.origin, item.rightOrigin, item.parent]) {
    if (ref === null || typeof ref === 'string' || ref.client === client) continue;
    if (!known(ref)) return false;
  }
  return true;
}

/** Where an item sits: its parent type (by identity) and map key, or "gc" when yjs collects it. */
type Placement = { parent: string; key: string | null } | 'gc';

/**
 * Resolves where the items of an update would sit in a document, the way yjs' `Item.getMissing` does: an
 * item with an origin takes the origin's parent and key (else its right origin's); an item without takes
 * the parent and key it names. Ids are looked up in the update first, then in the document.
 */
class Placements {
  private readonly inUpdate = new Map<number, ScannedStruct[]>();
  private readonly memo = new Map<ScannedItem, Placement | undefined>();

  constructor(
    shape: UpdateShape,
    analysis: Integrability,
    private readonly doc: Y.Doc,
  ) {
    shape.blocks.forEach((block, i) =>
      this.inUpdate.set(block.client, block.structs.slice(0, analysis.prefix[i])),
    );
  }

  /** Placement of the struct holding `id`, or undefined when neither the update nor the document has it. */
  ofId(id: StructId, depth = 0): Placement | undefined {
    const local = findStruct(this.inUpdate.get(id.client), id.clock);
    if (local) return local.kind === 'item' ? this.of(local, depth + 1) : 'gc';
    if (id.clock >= Y.getState(this.doc.store, id.client)) return undefined;
    const struct = Y.getItem(this.doc.store, Y.createID(id.client, id.clock));
    if (!(struct instanceof Y.Item) || !struct.parent) return 'gc';
    return { parent: typeKey(struct.parent as Y.AbstractType<unknown>), key: struct.parentSub };
  }

  of(item: ScannedItem, depth = 0): Placement | undefined {
    if (this.memo.has(item)) return this.memo.get(item);
    let placement: Placement | undefined;
    if (depth > 500) placement = 'gc';
    else if (item.origin || item.rightOrigin) {
      const left = item.origin ? this.ofId(item.origin, depth) : undefined;
      placement = left ?? (item.rightOrigin ? this.ofId(item.rightOrigin, depth) : undefined);
    } else if (typeof item.parent === 'string')
      placement = { parent: `root:${item.parent}`, key: item.parentSub };
    else if (item.parent) {
      placement = this.parentItemIsType(item.parent, depth)
        ? { parent: `item:${item.parent.client}:${item.parent.clock}`, key: item.parentSub }
        : 'gc';
    }
    this.memo.set(item, placement);
    return placement;
  }

  /** Whether the item `id` holds a type (yjs turns children of anything else into garbage). */
  parentItemIsType(id: StructId, depth: number): boolean {
    const local = findStruct(this.inUpdate.get(id.client), id.clock);
    if (local)
      return local.kind === 'item' && local.content === ContentRef.Type && this.of(local, depth + 1) !== 'gc';
    if (id.clock >= Y.getState(this.doc.store, id.client)) return false;
    const struct = Y.getItem(this.doc.store, Y.createID(id.client, id.clock));
    return struct instanceof Y.Item && struct.content instanceof Y.ContentType;
  }
}

/** A stable name for a type: its root name, or the id of the item that holds it. */
function typeKey(type: Y.AbstractType<unknown>): string {
  const item = type._item;
  return item ? `item:${item.id.client}:${item.id.clock}` : `root:${Y.findRootTypeKey(type)}`;
}

/**
 * Why an update that integrates would put the document in a state yjs does not expect, or null. Yjs
 * writers never produce these, and yjs would apply them differently on different copies (so newcomers
 * and old clients would read different texts): an item whose two origins sit in different places, a map
 * entry with a right origin, a child of something that is not a type.
 */
export function structureProblem(shape: UpdateShape, doc: Y.Doc, analysis: Integrability): string | null {
  const places = new Placements(shape, analysis, doc);
  for (const [i, block] of shape.blocks.entries()) {
    for (const struct of block.structs.slice(0, analysis.prefix[i])) {
      if (struct.kind !== 'item') continue;
      const left = struct.origin ? places.ofId(struct.origin) : null;
      const right = struct.rightOrigin ? places.ofId(struct.rightOrigin) : null;
      if (left === 'gc' || right === 'gc') continue;
      if (left && right && (left.parent !== right.parent || left.key !== right.key)) {
        return 'an item between two places';
      }
      const own = places.of(struct);
      if (own === undefined || own === 'gc') continue;
      if (own.key !== null && struct.rightOrigin) return 'a map entry with a right origin';
      if (struct.mapEntry !== (own.key !== null) && (struct.origin || struct.rightOrigin)) {
        return 'an item flagged as what it is not';
      }
    }
  }
  return null;
}

/**
 * What the shared document keeps of a refused update: nothing visible, ever. Its new items that sit in
 * sequences (text, arrays) are kept as items deleted at birth — content dropped, ids kept — so that the
 * same writer's later edits, which may refer to them, still integrate once it may write; new map entries
 * and anything else become garbage-collected ranges (a map entry, even deleted at birth, would replace
 * the key's current value). The refused update's own deletions are dropped. Applying the result changes
 * no visible content anywhere; on the refused client it deletes the refused insertions.
 *
 * Only structs that integrate now are kept (see `integrability`); returns null when nothing is left.
 */
export function tombstoneUpdate(shape: UpdateShape, doc: Y.Doc, analysis: Integrability): Uint8Array | null {
  const places = new Placements(shape, analysis, doc);
  const inSequence = (struct: ScannedStruct): struct is ScannedItem => {
    if (struct.kind !== 'item' || struct.mapEntry) return false;
    const placement = places.of(struct);
    return placement !== undefined && placement !== 'gc' && placement.key === null;
  };
  const blocks: { client: number; structs: ScannedStruct[] }[] = [];
  const deletes = new Map<number, [number, number][]>();
  shape.blocks.forEach((block, i) => {
    const state = Y.getState(doc.store, block.client);
    const fresh = block.structs
      .slice(0, analysis.prefix[i])
      .filter((s) => s.kind !== 'skip' && s.clock + s.length > state);
    if (fresh.length === 0) return;
    blocks.push({ client: block.client, structs: fresh });
    for (const struct of fresh) {
      if (!inSequence(struct)) continue;
      const from = Math.max(struct.clock, state);
      const ranges = deletes.get(block.client) ?? [];
      ranges.push([from, struct.clock + struct.length - from]);
      deletes.set(block.client, ranges);
    }
  });
  if (blocks.length === 0) return null;

  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, blocks.length);
  for (const { client, structs } of blocks) {
    encoding.writeVarUint(encoder, structs.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, structs[0]!.clock);
    for (const struct of structs) {
      if (inSequence(struct)) writeTombstone(encoder, struct);
      else {
        encoding.writeUint8(encoder, 0); // GC
        encoding.writeVarUint(encoder, struct.length);
      }
    }
  }
  encoding.writeVarUint(encoder, deletes.size);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** The item with its place (origins or parent) and its content replaced by deleted content of its length. */
function writeTombstone(encoder: encoding.Encoder, item: ScannedItem): void {
  const info = ContentRef.Deleted | (item.origin ? 0b10000000 : 0) | (item.rightOrigin ? 0b01000000 : 0);
  encoding.writeUint8(encoder, info);
  if (item.origin) writeId(encoder, item.origin);
  if (item.rightOrigin) writeId(encoder, item.rightOrigin);
  if (!item.origin && !item.rightOrigin) {
    if (typeof item.parent === 'string') {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, item.parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      writeId(encoder, item.parent!);
    }
  }
  encoding.writeVarUint(encoder, item.length);
}

function writeId(encoder: encoding.Encoder, id: StructId): void {
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, id.clock);
}

/** The struct of `structs` (consecutive, by clock) that holds `clock`, if any. */
function findStruct(structs: ScannedStruct[] | undefined, clock: number): ScannedStruct | undefined {
  if (!structs) return undefined;
  let lo = 0;
  let hi = structs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = structs[mid]!;
    if (clock < s.clock) hi = mid - 1;
    else if (clock >= s.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}
