/** Editing modes and recorded versions of the groups' recommendations documents. */

/** `phase`: the group's phase decides (capability `editing`); `open`/`locked`: a facilitator decided. */
export const EDITING_MODES = ['phase', 'open', 'locked'] as const;
export type EditingMode = (typeof EDITING_MODES)[number];

/**
 * Metadata of a recorded version of a group's document. Its bytes are in the version store, under its id;
 * its text is the group's draft (`draft.recorded`, same decision).
 */
export interface DocumentVersion {
  versionId: string;
  /** The phase the group was leaving (null if it left an editing stretch opened outside a phase). */
  phaseId: string | null;
  at: number;
  /** Size of the recorded Yjs update, bytes. */
  bytes: number;
  /** sha256 of the recorded Yjs update, hex (absent in logs written before versions left the log). */
  hash?: string | undefined;
  /** Number of recommendations that are not withdrawn. */
  recommendations: number;
  /** Version of the session event that closed the editing stretch (one version per closing). */
  trigger: number;
}

export interface GroupDocument {
  editing: EditingMode;
  versions: DocumentVersion[];
}
