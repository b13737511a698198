import { accept, refuse, FACILITATION } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { documentOf, editingMode } from './access.js';
import { newEvent } from '../events.js';

/** The documents family: opening/locking editing, and recording versions of a group's document. */
export const documentCommands: CommandSpecs<'editing.set' | 'document.record'> = {
  'editing.set': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
      if (editingMode(state, cmd.groupId) === cmd.mode) return accept();
      return accept(newEvent('editing.changed', { groupId: cmd.groupId, mode: cmd.mode }));
    },
  },
  'document.record': {
    // Only the server records versions: it holds the document and knows when a stretch closed.
    issuers: ['system'],
    afterEnd: true,
    decide(state, cmd, ctx) {
      if (!state.groups[cmd.groupId]) return refuse('not_found', `no group ${cmd.groupId}`);
      // Several processes may notice the same closing: the first record wins, the others are refused (and
      // drop the bytes they stored).
      const versions = documentOf(state, cmd.groupId).versions;
      if (versions.some((v) => v.trigger === cmd.trigger)) {
        return refuse('conflict', 'this closing was already recorded');
      }
      if (versions.some((v) => v.versionId === cmd.versionId)) return refuse('conflict', 'version id in use');
      const ids = new Set(cmd.recommendations.map((r) => r.id));
      if (ids.size !== cmd.recommendations.length) return refuse('bad_request', 'recommendation ids repeat');
      return accept(
        newEvent('document.versioned', {
          groupId: cmd.groupId,
          versionId: cmd.versionId,
          phaseId: cmd.phaseId,
          at: ctx.now,
          bytes: cmd.bytes,
          hash: cmd.hash,
          recommendations: cmd.recommendations.length,
          trigger: cmd.trigger,
        }),
        // The version's text, for the harvest and the report: in the same decision, so one closing is one
        // append whichever process records it.
        newEvent('draft.recorded', {
          groupId: cmd.groupId,
          versionId: cmd.versionId,
          recommendations: cmd.recommendations,
        }),
      );
    },
  },
};
