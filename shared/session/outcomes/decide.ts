import { accept, refuse, FACILITATION } from '../decision.js';
import type { CommandSpecs, Decision } from '../decision.js';
import { drawGroups } from './draw.js';
import { joinRunningPhase } from '../phases/decide.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { CommandOf } from '../commands.js';
import { LIMITS } from '../schemas.js';
import { PLENARY_ID } from '../types.js';
import type { Member, SessionState } from '../types.js';
import { documentOf, editingOpen } from '../documents/access.js';
import type { HarvestedItem } from './types.js';
import { voteCommands } from './votes.js';

/** Ids compared by code unit, never by locale, so a draw re-run anywhere reads people in the same order. */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Who a draw splits: the members named, or every participant not removed. "Present" is approximated by
 * membership (the log knows no connections); facilitators who want only the people in the room name them.
 */
function population(state: SessionState, memberIds: string[] | undefined): Member[] | Decision {
  if (!memberIds) {
    return Object.values(state.members)
      .filter((m) => m.role === 'participant' && !m.removed)
      .sort(byId);
  }
  const people = new Map<string, Member>();
  for (const id of memberIds) {
    const member = state.members[id];
    if (!member || member.removed) return refuse('not_found', `no member ${id}`);
    if (member.role !== 'participant') return refuse('invalid_state', `${member.name} is not a participant`);
    people.set(id, member);
  }
  return [...people.values()].sort(byId);
}

/** The group most of these members are in now (ties: the earliest created), the plenary if none. */
function mostCommonGroup(state: SessionState, memberIds: string[]): string {
  const counts = new Map<string, number>();
  for (const id of memberIds) {
    const groupId = state.members[id]?.groupId;
    if (groupId) counts.set(groupId, (counts.get(groupId) ?? 0) + 1);
  }
  let best = PLENARY_ID;
  let most = 0;
  for (const groupId of state.groupOrder) {
    const count = counts.get(groupId) ?? 0;
    if (count > most) [best, most] = [groupId, count];
  }
  return best;
}

function targetGroups(state: SessionState, cmd: CommandOf<'draw.make'>): string[] | Decision {
  if (!cmd.groupIds) {
    return state.groupOrder.filter((id) => id !== PLENARY_ID && state.groups[id]?.status === 'open');
  }
  for (const id of cmd.groupIds) {
    const group = state.groups[id];
    if (!group) return refuse('not_found', `no group ${id}`);
    if (id === PLENARY_ID) return refuse('invalid_state', 'a draw fills breakout groups, not the plenary');
    if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
  }
  return [...new Set(cmd.groupIds)];
}

export const drawCommands: CommandSpecs<'attributes.set' | 'draw.make'> = {
  'attributes.set': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const events: NewEvent[] = [];
      for (const [memberId, given] of Object.entries(cmd.members)) {
        const member = state.members[memberId];
        if (!member || member.removed) return refuse('not_found', `no member ${memberId}`);
        // Merging: an empty value removes that attribute.
        const merged: Record<string, string> = cmd.replace ? {} : { ...member.attributes };
        for (const [key, value] of Object.entries(given)) {
          if (value === '') delete merged[key];
          else merged[key] = value;
        }
        if (Object.keys(merged).length > LIMITS.attributesMax) {
          return refuse('limit_exceeded', `at most ${LIMITS.attributesMax} attributes per member`);
        }
        events.push(newEvent('attributes.changed', { memberId, attributes: merged }));
      }
      return accept(...events);
    },
  },

  'draw.make': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const people = population(state, cmd.memberIds);
      if (!Array.isArray(people)) return people;
      if (people.length === 0) return refuse('invalid_state', 'there is nobody to draw');
      const groupCount =
        'count' in cmd.groups ? cmd.groups.count : Math.ceil(people.length / cmd.groups.size);
      if (groupCount > people.length) {
        return refuse('invalid_state', `${people.length} people cannot fill ${groupCount} groups`);
      }
      const existing = targetGroups(state, cmd);
      if (!Array.isArray(existing)) return existing;
      const targets = existing.slice(0, groupCount);
      const events: NewEvent[] = [];
      const open = state.groupOrder.filter((id) => state.groups[id]?.status === 'open').length;
      if (open + groupCount - targets.length > LIMITS.groupsMax) {
        return refuse('limit_exceeded', `at most ${LIMITS.groupsMax} open groups`);
      }
      const prefix = cmd.namePrefix ?? (state.locale.startsWith('fr') ? 'Groupe' : 'Group');
      while (targets.length < groupCount) {
        const groupId = ctx.newId('g');
        targets.push(groupId);
        events.push(newEvent('group.created', { groupId, name: `${prefix} ${targets.length}` }));
      }

      const stratifyBy = [...new Set(cmd.stratifyBy ?? [])];
      const seed = cmd.seed ?? ctx.newId('seed');
      const drawn = people.map((m) => ({
        id: m.id,
        attributes: Object.fromEntries(
          stratifyBy.filter((a) => m.attributes[a] !== undefined).map((a) => [a, m.attributes[a]!]),
        ),
      }));
      const split = drawGroups({ seed, population: drawn, groupCount, stratifyBy });
      const assignment = split.map((memberIds, i) => ({ groupId: targets[i]!, memberIds }));
      events.push(
        newEvent('draw.made', {
          drawId: ctx.newId('d'),
          seed,
          groupCount,
          stratifyBy,
          population: people.map((m) => m.id),
          profiles: stratifyBy.length ? Object.fromEntries(drawn.map((p) => [p.id, p.attributes])) : {},
          assignment,
        }),
      );
      // While the session runs, a group with no phase yet joins the phase most of its people come from.
      for (const { groupId, memberIds } of assignment) {
        const group = state.groups[groupId] ?? { id: groupId, phase: null, phaseRuns: [] };
        const phase = joinRunningPhase(state, group, ctx.now, mostCommonGroup(state, memberIds));
        if (phase) events.push(phase);
      }
      for (const { groupId, memberIds } of assignment) {
        for (const memberId of memberIds) {
          if (state.members[memberId]?.groupId !== groupId) {
            events.push(newEvent('member.moved', { memberId, groupId }));
          }
        }
      }
      return accept(...events);
    },
  },
};

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

export const harvestCommands: CommandSpecs<'harvest.collect'> = {
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

/** Commands of the outcomes: draws, drafts and harvest, votes (votes.ts). */
export const outcomeCommands = { ...drawCommands, ...harvestCommands, ...voteCommands };
