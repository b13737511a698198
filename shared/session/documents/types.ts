/** Editing modes and recorded versions of the groups' recommendations documents. */

/** `phase`: the group's phase decides (capability `editing`); `open`/`locked`: a facilitator decided. */
export const EDITING_MODES = ['phase', 'open', 'locked'] as const;
export type EditingMode = (typeof EDITING_MODES)[number];

/** Metadata of a recorded version of a group's document; the update itself stays in the log. */
export interface DocumentVersion {
  versionId: string;
  /** The phase the group was leaving (null if it left an editing stretch opened outside a phase). */
  phaseId: string | null;
  at: number;
  /** Size of the recorded Yjs update. */
  bytes: number;
  /** Number of recommendations that are not withdrawn. */
  recommendations: number;
  /** Version of the session event that closed the editing stretch (one version per closing). */
  trigger: number;
}

export interface GroupDocument {
  editing: EditingMode;
  versions: DocumentVersion[];
}
