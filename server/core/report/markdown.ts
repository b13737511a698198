import { duration, isoTime, percent, resultCells, resultColumns, voteStatus } from './format.js';
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

function recommendations(items: ReportRecommendation[], withGroup: boolean): string[] {
  const out: string[] = [];
  items.forEach((r, i) => {
    out.push(
      `${i + 1}. **${escapeMarkdown(r.title)}**${withGroup ? ` — ${escapeMarkdown(r.groupName)}` : ''}`,
    );
    if (r.body.trim()) out.push(`   ${escapeMarkdown(r.body).replace(/\n/g, '\n   ')}`);
    out.push(
      `   _Authors: ${escapeMarkdown(r.authors.join(', ') || '—')}; version ${escapeMarkdown(r.versionId)}_`,
    );
  });
  return [...out, ''];
}

/** The report as Markdown (CommonMark with GFM tables). */
export function renderMarkdown(report: Report): string {
  const { session } = report;
  const out: string[] = [
    `# ${escapeMarkdown(session.title)}`,
    '',
    `- Session: ${escapeMarkdown(session.id)} (${session.status})`,
    `- Started: ${isoTime(session.startedAt)}; ended: ${isoTime(session.endedAt)}`,
    `- Report generated: ${isoTime(session.generatedAt)}${report.pseudonymised ? ' (names pseudonymised)' : ''}`,
    `- Log: ${report.log.events} events, head hash \`${report.log.headHash}\`` +
      (report.log.verified ? ' (chain verified)' : ' (**chain does not verify**)'),
    '',
    '## Agenda as planned',
    '',
    ...table(
      ['#', 'Phase', 'Kind', 'Planned'],
      report.agenda.planned.map((p, i) => [String(i + 1), cell(p.title), p.kind, duration(p.durationSec)]),
    ),
    '## Agenda as it ran',
    '',
  ];
  for (const g of report.agenda.groups) {
    if (g.runs.length === 0) continue;
    out.push(`### ${escapeMarkdown(g.name)}`, '');
    out.push(
      ...table(
        ['Phase', 'Started', 'Ended', 'Planned', 'Actual', 'Overrun'],
        g.runs.map((r) => [
          cell(r.title),
          isoTime(r.startedAt),
          r.endedAt === null ? 'running' : isoTime(r.endedAt),
          duration(r.plannedSec),
          duration(r.actualSec),
          r.overrunSec > 0 ? duration(r.overrunSec) : '—',
        ]),
      ),
      `Total overrun: ${duration(g.totalOverrunSec)}`,
      '',
    );
  }
  if (report.draws.length) {
    out.push('## Groups drawn by lot', '');
    for (const d of report.draws) {
      const strata = d.stratifyBy.length
        ? `stratified on ${d.stratifyBy.map(escapeMarkdown).join(', ')}`
        : 'random';
      out.push(
        `- ${isoTime(d.at)}: ${d.people} people into ${d.groupCount} groups, ${strata}; seed \`${d.seed}\`; ` +
          d.groups.map((g) => `${escapeMarkdown(g.name)} (${g.size})`).join(', '),
      );
    }
    out.push('');
  }
  out.push('## Recommendations of each group', '');
  for (const g of report.groups) {
    // The plenary is everyone: listed only when it has its own recorded document.
    const empty = !g.draft?.recommendations.length;
    if ((g.groupId === PLENARY_ID && empty) || (!g.draft && g.members.length === 0)) continue;
    out.push(`### ${escapeMarkdown(g.name)}`, '');
    if (g.members.length) out.push(`Members: ${escapeMarkdown(g.members.join(', '))}`, '');
    if (!g.draft) out.push('_No recorded version._', '');
    else {
      out.push(`Version ${escapeMarkdown(g.draft.versionId)}, recorded ${isoTime(g.draft.recordedAt)}`, '');
      out.push(...recommendations(g.draft.recommendations, false));
    }
  }
  if (report.harvested.length) {
    out.push('## Brought to the plenary', '', ...recommendations(report.harvested, true));
  }
  out.push('## Votes', '');
  if (report.votes.length === 0) out.push('_No vote._', '');
  for (const v of report.votes) {
    out.push(`### ${escapeMarkdown(v.title)} (${escapeMarkdown(v.groupName)})`, '', voteStatus(v), '');
    if (v.results.length === 0) out.push('_Results are published when the vote closes._', '');
    else
      out.push(
        ...table(
          ['Rank', 'Item', 'From', ...resultColumns(v)],
          v.results.map((r) => [String(r.rank), cell(r.title), cell(r.groupName ?? '—'), ...resultCells(r)]),
        ),
      );
  }
  out.push('## Speaking time', '');
  if (!report.speaking.available) out.push('_No speaking-time figures for this session._', '');
  for (const g of report.speaking.groups) {
    out.push(`### ${escapeMarkdown(g.name)}`, '');
    out.push(`Total ${duration(g.totalSec)}; Gini ${g.gini.toFixed(3)}`, '');
    out.push(
      ...table(
        ['Member', 'Time', 'Share'],
        g.members.map((m) => [cell(m.name), duration(m.seconds), percent(m.share)]),
      ),
    );
    if (g.silent.length) out.push(`Did not speak: ${escapeMarkdown(g.silent.join(', '))}`, '');
  }
  out.push('## Announcements', '');
  if (report.announcements.length === 0) out.push('_None._', '');
  for (const a of report.announcements) {
    out.push(`- ${isoTime(a.at)} (${escapeMarkdown(a.by)}): ${escapeMarkdown(a.text)}`);
  }
  out.push(
    '',
    `Verify: export the log (GET /api/sessions/${session.id}/log) and run \`npm run verify-log -- <file>\`.`,
    '',
  );
  return out.join('\n');
}
