import * as Y from 'yjs';

const REFUSED = Symbol('refused update');

/**
 * What the server does with an update it refuses: it keeps the refused items only as deleted items, and
 * re-creates whatever the update deleted (a Yjs deletion is final, so deleted content comes back as new
 * items). Returns that outcome as one update, relative to the served document, or null when the refused
 * update would change nothing (e.g. a sync step 2 with only known content).
 *
 * Why not simply drop it: the client keeps the refused items as tombstones and its later edits may refer to
 * them; a server without them would hold those edits as pending forever. Applying the outcome everywhere
 * (the refused client included) brings every copy, the refused one too, to the same visible text. With
 * garbage collection the refused content itself is not kept, only its ids.
 */
export function refusalOutcome(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  const served = Y.encodeStateAsUpdate(doc);
  const servedVector = Y.encodeStateVector(doc);
  const scratch = new Y.Doc({ gc: false });
  let inverse: Uint8Array;
  try {
    Y.applyUpdate(scratch, served);
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
    inverse = Y.encodeStateAsUpdate(scratch, applied);
  } finally {
    scratch.destroy();
  }
  // Apply both in one transaction on a collecting copy, so the refused content is garbage-collected.
  const outcome = new Y.Doc();
  try {
    Y.applyUpdate(outcome, served);
    Y.transact(outcome, () => {
      Y.applyUpdate(outcome, update);
      Y.applyUpdate(outcome, inverse);
    });
    return Y.encodeStateAsUpdate(outcome, servedVector);
  } finally {
    outcome.destroy();
  }
}
