import * as Y from 'yjs';

const REFUSED = Symbol('refused update');

/**
 * What brings a client back to the server's document after the server refused `update` from it: the
 * inverse of `update` on top of the server's state. Insertions are deleted (the client holds those items
 * and drops them); deleted content is re-inserted as new items, since a Yjs deletion is final. Returns
 * null when `update` would change nothing (e.g. a sync step 2 with only known content).
 *
 * Works on a scratch copy: the served document never sees the refused update.
 */
export function revertUpdate(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = Y.snapshot(scratch);
    const undo = new Y.UndoManager(scratch, { trackedOrigins: new Set([REFUSED]), captureTimeout: 0 });
    Y.applyUpdate(scratch, update, REFUSED);
    if (Y.equalSnapshots(before, Y.snapshot(scratch))) {
      undo.destroy();
      return null;
    }
    const applied = Y.encodeStateVector(scratch);
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(scratch, applied);
  } finally {
    scratch.destroy();
  }
}
