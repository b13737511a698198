/**
 * Copy-on-write within one batch of events. States are immutable, so each event copies the records it
 * touches; in a session with many groups, copying `groups` for each of hundreds of events in one batch
 * (e.g. 200 turns expiring at once) costs O(groups × events). Inside `inBatch`, a record copied once is
 * owned by the batch and later events of the same batch update it in place: nobody else can hold it yet,
 * since intermediate states of a batch are never published.
 */
let owned: WeakSet<object> | null = null;

export function inBatch<T>(fn: () => T): T {
  const outer = owned;
  owned = new WeakSet();
  try {
    return fn();
  } finally {
    owned = outer;
  }
}

/** A copy of `record` that the caller may write to: the batch's own copy if it has one, else a new one. */
export function writable<T extends object>(record: T): T {
  if (owned?.has(record)) return record;
  const copy = { ...record };
  owned?.add(copy);
  return copy;
}
