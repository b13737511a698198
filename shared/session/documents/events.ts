import type { DocumentVersion, EditingMode } from './types.js';

/** Payloads of the documents events; merged into EventData (events.ts). */
export interface DocumentEventData {
  /** How editing is decided in a group changed (command `editing.set`; older logs say `editing.set`). */
  'editing.changed': { groupId: string; mode: EditingMode };
  /** A snapshot of a group's document; `update` (base64 Yjs update) is stripped for the public audience. */
  'document.versioned': DocumentVersion & { groupId: string; update?: string };
}
