import { accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { documentOf, editingOpen } from '../documents.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { HarvestedItem } from '../outcomeTypes.js';
import { PLENARY_ID } from '../types.js';
import type { SessionState } from '../types.js';

/** Breakout groups worth bringing back: still open, or holding a draft not harvested yet. */
function defaultHarvest(state: SessionState): string[] {
  const harvested = new Set(state.harvested.map((h) => `${h.groupId}\u0000${h.sourceId}`));
  return state.groupOrder.filter((id) => {
    if (id === PLENARY_ID) return false;
    if (state.groups[id]?.status === 'open') return true;
    const draft = state.drafts[id];
    return draft?.recommendations.some((r) => !harvested.has(`${id}\u0000${r.id}`)) ?? false;
  });
}

export const harvestCommands: CommandSpecs<'draft.record' | 'harvest.collect'> = {
  'draft.record': {
    // The server records a document version as text (see server/core/drafts.ts); nobody else may.
    issuers: ['system'],
    // Ending the session records the last versions of groups still drafting; the report needs their text.
    afterEnd: true,
    decide(state, cmd) {
      if (!state.groups[cmd.groupId]) return refuse('not_found', `no group ${cmd.groupId}`);
      // Every process may record the same version; the first one wins, the others change nothing.
      if (state.drafts[cmd.groupId]?.versionId === cmd.versionId) return accept();
      const ids = new Set(cmd.recommendations.map((r) => r.id));
      if (ids.size !== cmd.recommendations.length) return refuse('bad_request', 'recommendation ids repeat');
      return accept(
        newEvent('draft.recorded', {
          groupId: cmd.groupId,
          versionId: cmd.versionId,
          recommendations: cmd.recommendations,
        }),
      );
    },
  },

  'harvest.collect': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const groupIds = cmd.groupIds ? [...new Set(cmd.groupIds)] : defaultHarvest(state);
      if (groupIds.length === 0) return refuse('invalid_state', 'there is no breakout group to bring back');
      for (const id of groupIds) {
        if (id === PLENARY_ID) return refuse('invalid_state', 'the plenary is where groups come back to');
        const group = state.groups[id];
        if (!group) return refuse('not_found', `no group ${id}`);
        // A group's recommendations are those of the version recorded when its drafting ended.
        if (editingOpen(state, id)) {
          return refuse('invalid_state', `"${group.name}" is still drafting: end its drafting phase first`);
        }
        const latest = documentOf(state, id).versions.at(-1);
        if (latest && state.drafts[id]?.versionId !== latest.versionId) {
          return refuse('unavailable', `the latest version of "${group.name}" is being recorded; try again`);
        }
      }
      const events: NewEvent[] = [];
      // Close the groups still open: everyone in them goes back to the plenary.
      for (const id of groupIds) {
        if (state.groups[id]?.status !== 'open') continue;
        for (const m of Object.values(state.members)) {
          if (m.groupId === id && !m.removed) {
            events.push(newEvent('member.moved', { memberId: m.id, groupId: PLENARY_ID }));
          }
        }
        events.push(newEvent('group.closed', { groupId: id }));
      }
      const seen = new Set(state.harvested.map((h) => `${h.groupId}\u0000${h.sourceId}`));
      const items: HarvestedItem[] = [];
      for (const id of groupIds) {
        const draft = state.drafts[id];
        if (!draft) continue;
        for (const r of draft.recommendations) {
          if (seen.has(`${id}\u0000${r.id}`)) continue;
          items.push({
            id: ctx.newId('h'),
            title: r.title,
            body: r.body,
            groupId: id,
            versionId: draft.versionId,
            sourceId: r.id,
            authors: r.authors,
          });
        }
      }
      events.push(newEvent('harvest.collected', { harvestId: ctx.newId('hv'), groupIds, items }));
      return accept(...events);
    },
  },
};
