import { reportFormat } from './format.js';
import type { ReportFormat } from './format.js';
import type { ReportLang } from './labels.js';
import { PLENARY_ID } from '../../../shared/session/types.js';
import type { Report, ReportRecommendation } from './types.js';

/** Escapes text typed by people so Markdown shows it as written (no links, emphasis or HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1').replace(/\r?\n/g, '  \n');
}

/** Inside a table cell: escaped, on one line. */
const cell = (text: string) => escapeMarkdown(text).replace(/ {2}\n/g, '<br>');

function table(headers: string[], rows: string[][]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

function recommendations(f: ReportFormat, items: ReportRecommendation[], withGroup: boolean): string[] {
  const out: string[] = [];
  items.forEach((r, i) => {
    out.push(
      `${i + 1}. **${escapeMarkdown(r.title)}**${withGroup ? ` — ${escapeMarkdown(r.groupName)}` : ''}`,
    );
    if (r.body.trim()) out.push(`   ${escapeMarkdown(r.body).replace(/\n/g, '\n   ')}`);
    out.push(`   _${f.t.authors(escapeMarkdown(r.authors.join(', ') || '—'), escapeMarkdown(r.versionId))}_`);
  });
  return [...out, ''];
}

/**
 * The report as Markdown (CommonMark with GFM tables), in the session's language unless `lang` says
 * otherwise. Names (pseudonyms included) come as the report holds them.
 */
export function renderMarkdown(report: Report, lang?: ReportLang): string {
  const { session } = report;
  const f = reportFormat(session.locale, lang, session.timeZone);
  const { t } = f;
  const code = (text: string) => `\`${text}\``;
  const out: string[] = [
    `# ${escapeMarkdown(session.title)}`,
    '',
    `- ${t.session(escapeMarkdown(session.id), t.sessionStatus[session.status])}`,
    `- ${t.startedEnded(f.time(session.startedAt), f.time(session.endedAt))}`,
    `- ${t.generated(f.time(session.generatedAt))}${report.pseudonymised ? ` (${t.namesPseudonymised})` : ''}`,
    `- ${t.timesIn(f.timeZone)}`,
    `- ${t.log(report.log.events, code(report.log.headHash))}` +
      (report.log.verified ? ` (${t.chainVerified})` : ` (**${t.chainBroken}**)`),
    '',
  ];
  const c = t.column;
  // What the elected officials came for first: the recommendations brought back and how they were voted;
  // the timings and the rest follow.
  if (report.harvested.length) {
    out.push(`## ${t.heading.harvested}`, '', ...recommendations(f, report.harvested, true));
  }
  out.push(`## ${t.heading.votes}`, '');
  if (report.votes.length === 0) out.push(`_${t.noVote}_`, '');
  for (const v of report.votes) {
    out.push(`### ${escapeMarkdown(v.title)} (${escapeMarkdown(v.groupName)})`, '', f.voteStatus(v), '');
    if (v.results.length === 0) out.push(`_${t.resultsAtClose}_`, '');
    else
      out.push(
        ...table(
          [c.rank, c.item, c.from, ...f.resultColumns(v)],
          v.results.map((r) => [
            String(r.rank),
            cell(r.title),
            cell(r.groupName ?? '—'),
            ...f.resultCells(r),
          ]),
        ),
      );
  }
  out.push(
    `## ${t.heading.agendaPlanned}`,
    '',
    ...table(
      [t.column.number, t.column.phase, t.column.kind, t.column.planned],
      report.agenda.planned.map((p, i) => [
        String(i + 1),
        cell(p.title),
        t.phaseKind[p.kind],
        f.duration(p.durationSec),
      ]),
    ),
    `## ${t.heading.agendaRan}`,
    '',
    ...report.agenda.interruptions.map(
      (i) => `> ${t.interruption(f.time(i.from), f.time(i.to), f.duration(i.sec))}\n`,
    ),
  );
  for (const g of report.agenda.groups) {
    if (g.runs.length === 0) continue;
    out.push(`### ${escapeMarkdown(g.name)}`, '');
    out.push(
      ...table(
        [c.phase, c.started, c.ended, c.planned, c.actual, c.overrun],
        g.runs.map((r) => [
          cell(r.title),
          f.time(r.startedAt),
          r.endedAt === null ? t.running : f.time(r.endedAt),
          f.duration(r.plannedSec),
          f.duration(r.actualSec),
          r.overrunSec > 0 ? f.duration(r.overrunSec) : '—',
        ]),
      ),
      t.totalOverrun(f.duration(g.totalOverrunSec)),
      '',
    );
  }
  if (report.draws.length) {
    out.push(`## ${t.heading.draws}`, '');
    for (const d of report.draws) {
      const strata = d.stratifyBy.length
        ? t.stratifiedOn(d.stratifyBy.map(escapeMarkdown).join(', '))
        : t.plainDraw;
      const groups = d.groups.map((g) => `${escapeMarkdown(g.name)} (${g.size})`).join(', ');
      out.push(
        `- ${[t.drawn(f.time(d.at), d.people, d.groupCount), strata, t.seed(code(d.seed)), groups].join(t.sep)}`,
      );
    }
    out.push('');
  }
  out.push(`## ${t.heading.groupRecommendations}`, '');
  for (const g of report.groups) {
    // The plenary is everyone: listed only when it has its own recorded document.
    const empty = !g.draft?.recommendations.length;
    if ((g.groupId === PLENARY_ID && empty) || (!g.draft && g.members.length === 0)) continue;
    out.push(`### ${escapeMarkdown(g.name)}`, '');
    if (g.members.length) out.push(t.members(escapeMarkdown(g.members.join(', '))), '');
    if (!g.draft) out.push(`_${t.noVersion}_`, '');
    else {
      out.push(t.version(escapeMarkdown(g.draft.versionId), f.time(g.draft.recordedAt)), '');
      out.push(...recommendations(f, g.draft.recommendations, false));
    }
  }
  out.push(`## ${t.heading.speaking}`, '');
  if (!report.speaking.available) out.push(`_${t.noSpeaking}_`, '');
  for (const g of report.speaking.groups) {
    out.push(`### ${escapeMarkdown(g.name)}`, '');
    out.push(t.speakingTotal(f.duration(g.totalSec), f.decimal(g.gini, 3)), '');
    out.push(
      ...table(
        [c.member, c.time, c.share],
        g.members.map((m) => [cell(m.name), f.duration(m.seconds), f.percent(m.share)]),
      ),
    );
    if (g.silent.length) out.push(t.didNotSpeak(escapeMarkdown(g.silent.join(', '))), '');
  }
  out.push(`## ${t.heading.attendance}`, '');
  if (report.attendance.length === 0) out.push(`_${t.noAttendance}_`, '');
  else {
    out.push(
      ...table(
        [c.member, c.role, c.joined, c.left, c.present, c.arrivals],
        report.attendance.map((a) => [
          cell(a.name),
          t.role[a.role],
          f.time(a.joinedAt),
          a.leftAt === null ? t.stillHere : f.time(a.leftAt),
          f.duration(a.presentSec),
          String(a.arrivals),
        ]),
      ),
    );
  }
  out.push(`## ${t.heading.announcements}`, '');
  if (report.announcements.length === 0) out.push(`_${t.noAnnouncement}_`, '');
  for (const a of report.announcements) {
    out.push(`- ${t.announcement(f.time(a.at), escapeMarkdown(a.by), escapeMarkdown(a.text))}`);
  }
  out.push('', `## ${t.heading.chat}`, '');
  if (report.chat.length === 0) out.push(`_${t.noChat}_`);
  for (const m of report.chat) {
    const where =
      m.to !== null ? t.chatAnswerTo(m.to) : m.channel === 'facilitators' ? t.chatToFacilitators : m.group;
    const text =
      m.hiddenBy === null ? escapeMarkdown(m.text) : `_${t.chatHidden(escapeMarkdown(m.hiddenBy))}_`;
    out.push(`- ${t.chatLine(f.time(m.at), escapeMarkdown(where), escapeMarkdown(m.by), text)}`);
  }
  out.push(
    '',
    t.verify(
      `/api/sessions/${session.id}/log`,
      code(`npm run verify-log -- <${t.fileArg}> --head ${report.log.headHash}`),
    ),
    '',
  );
  return out.join('\n');
}
