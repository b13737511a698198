import { DEFAULT_TIME_ZONE } from '../../../shared/session/members/types.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { HarvestedItem, Vote } from '../../../shared/session/outcomes/types.js';
import { ranking } from '../../../shared/session/outcomes/tally.js';
import type { PhaseRun, SessionState } from '../../../shared/session/types.js';
import { PLENARY_ID } from '../../../shared/session/types.js';
import { verifyChain } from '../hashChain.js';
import { REPORT_LABELS } from './labels.js';
import type { ReportLang } from './labels.js';
import { gini, shares } from './speaking.js';
import type {
  GroupTimeline,
  PhaseTiming,
  Report,
  ReportAttendance,
  ReportChatMessage,
  ReportDraw,
  ReportGroup,
  ReportRecommendation,
  ReportSpeaking,
  ReportVote,
  SpeakingTimes,
} from './types.js';

export interface ReportOptions {
  /** Server time when the report is made; running phases are timed up to it. */
  now: number;
  /** Replace names with stable pseudonyms ("Participant 3"), numbered by order of arrival per role. */
  pseudonymise?: boolean;
  /** Speaking time held per group and member (ms), from the speaking-turns feature; absent: not reported. */
  speaking?: SpeakingTimes | undefined;
  /**
   * Language of the pseudonyms and of the names of non-members ("Participant·e 3", "système") for the Markdown
   * and HTML renderings. Default English, which the JSON report always uses: it is data, not prose.
   */
  lang?: ReportLang;
}

/** Names as the report shows them: real names, or pseudonyms stable for the whole report. */
export function namer(state: SessionState, pseudonymise: boolean, lang: ReportLang): (id: string) => string {
  const { pseudonym, actor, erasedMember } = REPORT_LABELS[lang];
  const names = new Map<string, string>();
  const counters = { participant: 0, facilitator: 0, observer: 0 };
  const members = Object.values(state.members).sort(
    (a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1),
  );
  for (const m of members) {
    const shown = m.erased ? erasedMember : m.name;
    names.set(m.id, pseudonymise ? `${pseudonym[m.role]} ${++counters[m.role]}` : shown);
  }
  return (id) => names.get(id) ?? (id === 'admin' || id === 'system' ? actor[id] : actor.unknown);
}

/** Everyone (participants) who was ever in each group, in order of arrival, read from the log. */
function rosters(state: SessionState, events: readonly SessionEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (groupId: string, memberId: string) => {
    if (state.members[memberId]?.role !== 'participant') return;
    const list = out.get(groupId) ?? [];
    if (!list.includes(memberId)) list.push(memberId);
    out.set(groupId, list);
  };
  for (const e of events) {
    if (e.type === 'member.joined' || e.type === 'member.moved') add(e.data.groupId, e.data.memberId);
  }
  return out;
}

/**
 * Attendance from the log: each member's arrivals (`member.connected`) and departures
 * (`member.disconnected`, or their removal), summed up to the session's end, or up to `now` for those still
 * connected to a session not ended. Members in joining order.
 */
export function attendance(
  state: SessionState,
  events: readonly SessionEvent[],
  now: number,
): (Omit<ReportAttendance, 'name'> & { memberId: string })[] {
  const rows = new Map<string, Omit<ReportAttendance, 'name'> & { memberId: string; since: number | null }>();
  const depart = (row: { presentSec: number; since: number | null; leftAt: number | null }, at: number) => {
    if (row.since === null) return;
    row.presentSec += (at - row.since) / 1000;
    row.since = null;
    row.leftAt = at;
  };
  for (const e of events) {
    // The session's end closes every presence: what comes after (readers of an ended session) is not
    // attendance, and the report stays the same whenever it is read.
    if (e.type === 'session.ended') {
      for (const row of rows.values()) depart(row, e.at);
      break;
    }
    if (e.type === 'member.joined') {
      rows.set(e.data.memberId, {
        memberId: e.data.memberId,
        role: e.data.role,
        joinedAt: e.at,
        leftAt: null,
        presentSec: 0,
        arrivals: 0,
        since: null,
      });
      continue;
    }
    const memberId =
      e.type === 'member.connected' || e.type === 'member.disconnected' || e.type === 'member.removed'
        ? e.data.memberId
        : undefined;
    const row = memberId === undefined ? undefined : rows.get(memberId);
    if (!row) continue;
    if (e.type === 'member.connected' && row.since === null) {
      row.since = e.at;
      row.arrivals++;
      row.leftAt = null;
    } else if (e.type !== 'member.connected') {
      depart(row, e.at);
    }
  }
  return [...rows.values()]
    .filter((r) => state.members[r.memberId])
    .map(({ since, ...r }) => ({
      ...r,
      presentSec: Math.round(r.presentSec + (since === null ? 0 : (now - since) / 1000)),
    }));
}

function timing(
  state: SessionState,
  run: PhaseRun | (Omit<PhaseRun, 'endedAt'> & { endedAt: null }),
  now: number,
) {
  const phase = state.agenda.find((p) => p.id === run.phaseId);
  const plannedSec = Math.round((run.plannedEndAt - run.startedAt) / 1000);
  const end = run.endedAt ?? now;
  // Time when no process was up is not phase time (nobody could deliberate in Palabre then).
  const downMs = (state.interruptions ?? []).reduce(
    (sum, i) =>
      sum + Math.max(0, Math.min(end, i.downSince + i.downMs) - Math.max(run.startedAt, i.downSince)),
    0,
  );
  const actualSec = Math.round((end - run.startedAt - downMs) / 1000);
  const t: PhaseTiming = {
    phaseId: run.phaseId,
    title: phase?.title ?? run.phaseId,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    plannedSec,
    actualSec,
    deltaSec: actualSec - plannedSec,
    overrunSec: Math.max(0, actualSec - plannedSec),
    interruptedSec: Math.round(downMs / 1000),
  };
  return t;
}

function timelines(state: SessionState, now: number): GroupTimeline[] {
  return state.groupOrder.flatMap((id) => {
    const group = state.groups[id];
    if (!group) return [];
    const runs = group.phaseRuns.map((r) => timing(state, r, now));
    if (group.phase) runs.push(timing(state, { ...group.phase, endedAt: null }, now));
    return [
      { groupId: id, name: group.name, runs, totalOverrunSec: runs.reduce((a, r) => a + r.overrunSec, 0) },
    ];
  });
}

function draws(state: SessionState, events: readonly SessionEvent[]): ReportDraw[] {
  return events.flatMap((e) =>
    e.type === 'draw.made'
      ? [
          {
            drawId: e.data.drawId,
            at: e.at,
            seed: e.data.seed,
            groupCount: e.data.groupCount,
            stratifyBy: e.data.stratifyBy,
            people: e.data.population.length,
            groups: e.data.assignment.map((a) => ({
              groupId: a.groupId,
              name: state.groups[a.groupId]?.name ?? a.groupId,
              size: a.memberIds.length,
            })),
          },
        ]
      : [],
  );
}

function votes(state: SessionState, groupName: (id: string) => string): ReportVote[] {
  return state.votes.map((vote: Vote) => {
    const order = vote.tally ? ranking(vote.tally) : [];
    const results = order.map((itemId, index) => {
      const item = vote.items.find((i) => i.id === itemId);
      return {
        itemId,
        title: item?.title ?? itemId,
        groupName: item?.origin ? groupName(item.origin.groupId) : null,
        rank: index + 1,
        figures: vote.tally!.items.find((r) => r.itemId === itemId)!,
      };
    });
    return {
      voteId: vote.id,
      title: vote.title,
      groupName: groupName(vote.groupId),
      method: vote.method,
      secret: vote.secret,
      status: vote.status,
      openedAt: vote.openedAt,
      closedAt: vote.closedAt,
      voters: vote.voters.length,
      results,
    };
  });
}

function speaking(
  times: SpeakingTimes | undefined,
  groupIds: string[],
  roster: Map<string, string[]>,
  groupName: (id: string) => string,
  name: (id: string) => string,
): ReportSpeaking {
  if (!times) return { available: false, groups: [] };
  const groups = groupIds
    .filter((id) => times[id] || roster.has(id))
    .map((groupId) => {
      const held: Record<string, number> = {};
      for (const id of roster.get(groupId) ?? []) held[id] = 0;
      for (const [id, ms] of Object.entries(times[groupId] ?? {})) held[id] = ms;
      const share = shares(held);
      const ids = Object.keys(held).sort((a, b) => held[b]! - held[a]!);
      return {
        groupId,
        name: groupName(groupId),
        totalSec: Math.round(Object.values(held).reduce((a, b) => a + b, 0) / 1000),
        gini: gini(Object.values(held)),
        members: ids.map((id) => ({
          name: name(id),
          seconds: Math.round(held[id]! / 1000),
          share: share[id]!,
        })),
        silent: ids.filter((id) => held[id] === 0).map(name),
      };
    });
  return { available: true, groups };
}

/**
 * Builds the report from the state and the log it came from. Pure: no clock, no I/O; the same inputs give
 * the same report, so a report can be rebuilt from an exported log.
 */
export function buildReport(
  state: SessionState,
  events: readonly SessionEvent[],
  options: ReportOptions,
): Report {
  const pseudonymise = options.pseudonymise ?? false;
  const name = namer(state, pseudonymise, options.lang ?? 'en');
  const groupName = (id: string) => state.groups[id]?.name ?? id;
  const roster = rosters(state, events);
  const names = (ids: string[]) => ids.map(name);
  const recommendation = (h: HarvestedItem): ReportRecommendation => ({
    id: h.id,
    title: h.title,
    body: h.body,
    authors: names(h.authors),
    groupId: h.groupId,
    groupName: groupName(h.groupId),
    versionId: h.versionId,
  });

  const groups: ReportGroup[] = state.groupOrder.flatMap((id) => {
    const group = state.groups[id];
    if (!group) return [];
    const draft = state.drafts[id];
    return [
      {
        groupId: id,
        name: group.name,
        status: group.status,
        members: names(roster.get(id) ?? []),
        draft: draft
          ? {
              versionId: draft.versionId,
              recordedAt: draft.recordedAt,
              recommendations: draft.recommendations.map((r) =>
                recommendation({ ...r, sourceId: r.id, groupId: id, versionId: draft.versionId }),
              ),
            }
          : null,
      },
    ];
  });

  const verified = verifyChain(events);
  return {
    session: {
      id: state.id,
      title: state.title,
      locale: state.locale,
      status: state.status,
      createdAt: state.createdAt,
      startedAt: state.startedAt,
      endedAt: state.endedAt,
      generatedAt: options.now,
      timeZone: state.settings.timeZone ?? DEFAULT_TIME_ZONE,
    },
    pseudonymised: pseudonymise,
    agenda: {
      planned: state.agenda.map((p) => ({
        phaseId: p.id,
        title: p.title,
        kind: p.kind,
        durationSec: p.durationSec,
      })),
      groups: timelines(state, options.now),
      interruptions: (state.interruptions ?? []).map((i) => ({
        from: i.downSince,
        to: i.downSince + i.downMs,
        sec: Math.round(i.downMs / 1000),
      })),
    },
    draws: draws(state, events),
    groups,
    harvested: state.harvested.map(recommendation),
    votes: votes(state, groupName),
    speaking: speaking(
      options.speaking,
      state.groupOrder.filter((id) => id !== PLENARY_ID || options.speaking?.[id]),
      roster,
      groupName,
      name,
    ),
    attendance: attendance(state, events, options.now).map((a) => ({ ...a, name: name(a.memberId) })),
    announcements: state.announcements.map((a) => ({ at: a.at, by: name(a.by), text: a.text })),
    chat: chatAnnex(events, name, groupName),
    log: {
      events: events.length,
      headHash: state.headHash,
      verified: verified.ok && verified.head === state.headHash,
    },
  };
}

/** Every chat message of the log (not only those the live state keeps), hidden ones without their text. */
function chatAnnex(
  events: readonly SessionEvent[],
  name: (id: string) => string,
  groupName: (id: string) => string,
): ReportChatMessage[] {
  const hiddenBy = new Map<string, string>();
  for (const e of events) if (e.type === 'chat.hidden') hiddenBy.set(e.data.messageId, e.data.by);
  const out: ReportChatMessage[] = [];
  for (const e of events) {
    if (e.type !== 'chat.posted' || 'redacted' in e.data) continue;
    const hider = hiddenBy.get(e.data.messageId);
    out.push({
      at: e.at,
      group: groupName(e.data.groupId),
      channel: e.data.channel,
      by: name(e.data.authorId),
      to: e.data.to === undefined ? null : name(e.data.to),
      text: hider === undefined ? e.data.text : '',
      hiddenBy: hider === undefined ? null : name(hider),
    });
  }
  return out;
}
