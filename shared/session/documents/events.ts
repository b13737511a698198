import type { DocumentVersion, EditingMode } from './types.js';

/** Payloads of the documents events; merged into EventData (events.ts). */
export interface DocumentEventData {
  /** How editing is decided in a group changed (command `editing.set`; older logs say `editing.set`). */
  'editing.changed': { groupId: string; mode: EditingMode };
  /**
   * A version of a group's document was recorded; its bytes are in the version store. Logs written before
   * versions left the log carry the bytes as `update` (base64), stripped for the public audience.
   */
  'document.versioned': DocumentVersion & { groupId: string; update?: string };
}
