import { reportFormat } from './format.js';
import type { ReportFormat } from './format.js';
import type { ReportLang } from './labels.js';
import { PLENARY_ID } from '../../../shared/session/types.js';
import type { Report, ReportRecommendation } from './types.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

function table(headers: string[], rows: string[][], numericFrom = 1): string {
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${e(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function recommendations(f: ReportFormat, items: ReportRecommendation[], withGroup: boolean): string {
  const li = items.map(
    (r) =>
      `<li><strong>${e(r.title)}</strong>${withGroup ? ` <span class="origin">— ${e(r.groupName)}</span>` : ''}` +
      (r.body.trim() ? `<p class="body">${e(r.body)}</p>` : '') +
      `<p class="meta">${e(f.t.authors(r.authors.join(', ') || '—', r.versionId))}</p></li>`,
  );
  return `<ol class="recommendations">${li.join('\n')}</ol>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: .3rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #333; }
h3 { margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.meta, .origin, .muted { color: #555; font-size: .9em; } .body { white-space: pre-wrap; margin: .2rem 0; }
code { font-size: .85em; word-break: break-all; } .warn { color: #a00; font-weight: bold; }
ol.recommendations li { margin-bottom: .6rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: auto; break-after: avoid; } h3 { break-after: avoid; }
  table, li { break-inside: avoid; } a { color: inherit; text-decoration: none; }
  @page { margin: 15mm; }
}`;

/**
 * The report as one self-contained, printable HTML page (no scripts, no external resources), in the session's
 * language unless `lang` says otherwise. Label text is trusted (no markup); everything else is escaped, and
 * phrases are escaped whole, except where they wrap an already escaped `<code>` part.
 */
export function renderHtml(report: Report, lang?: ReportLang): string {
  const { session } = report;
  const f = reportFormat(session.locale, lang, session.timeZone);
  const { t } = f;
  const c = t.column;
  const code = (text: string) => `<code>${e(text)}</code>`;
  const header = [
    t.session(session.id, t.sessionStatus[session.status]),
    t.startedEnded(f.time(session.startedAt), f.time(session.endedAt)),
    t.generated(f.time(session.generatedAt)),
    ...(report.pseudonymised ? [t.namesPseudonymised] : []),
    t.timesIn(f.timeZone),
  ];
  const parts: string[] = [
    `<h1>${e(session.title)}</h1>`,
    `<p class="muted">${header.map(e).join(' · ')}</p>`,
    `<p>${t.log(report.log.events, code(report.log.headHash))} ` +
      (report.log.verified ? `(${e(t.chainVerified)})` : `<span class="warn">(${e(t.chainBroken)})</span>`) +
      '</p>',
  ];
  // What the elected officials came for first: the recommendations brought back and how they were voted;
  // the timings and the rest follow.
  if (report.harvested.length) {
    parts.push(`<h2>${e(t.heading.harvested)}</h2>`, recommendations(f, report.harvested, true));
  }
  parts.push(`<h2>${e(t.heading.votes)}</h2>`);
  if (report.votes.length === 0) parts.push(`<p class="muted">${e(t.noVote)}</p>`);
  for (const v of report.votes) {
    parts.push(`<h3>${e(v.title)} (${e(v.groupName)})</h3>`, `<p class="meta">${e(f.voteStatus(v))}</p>`);
    if (v.results.length === 0) parts.push(`<p class="muted">${e(t.resultsAtClose)}</p>`);
    else
      parts.push(
        table(
          [c.rank, c.item, c.from, ...f.resultColumns(v)],
          v.results.map((r) => [String(r.rank), r.title, r.groupName ?? '—', ...f.resultCells(r)]),
          3,
        ),
      );
  }
  parts.push(
    `<h2>${e(t.heading.agendaPlanned)}</h2>`,
    table(
      [c.number, c.phase, c.kind, c.planned],
      report.agenda.planned.map((p, i) => [
        String(i + 1),
        p.title,
        t.phaseKind[p.kind],
        f.duration(p.durationSec),
      ]),
      3,
    ),
    `<h2>${e(t.heading.agendaRan)}</h2>`,
    ...report.agenda.interruptions.map(
      (i) => `<p class="warn">${e(t.interruption(f.time(i.from), f.time(i.to), f.duration(i.sec)))}</p>`,
    ),
  );
  for (const g of report.agenda.groups) {
    if (g.runs.length === 0) continue;
    parts.push(
      `<h3>${e(g.name)}</h3>`,
      table(
        [c.phase, c.started, c.ended, c.planned, c.actual, c.overrun],
        g.runs.map((r) => [
          r.title,
          f.time(r.startedAt),
          r.endedAt === null ? t.running : f.time(r.endedAt),
          f.duration(r.plannedSec),
          f.duration(r.actualSec),
          r.overrunSec > 0 ? f.duration(r.overrunSec) : '—',
        ]),
        3,
      ),
      `<p>${e(t.totalOverrun(f.duration(g.totalOverrunSec)))}</p>`,
    );
  }
  if (report.draws.length) {
    parts.push(`<h2>${e(t.heading.draws)}</h2><ul>`);
    for (const d of report.draws) {
      const strata = d.stratifyBy.length ? t.stratifiedOn(d.stratifyBy.join(', ')) : t.plainDraw;
      const groups = d.groups.map((g) => `${g.name} (${g.size})`).join(', ');
      const line = [
        e(t.drawn(f.time(d.at), d.people, d.groupCount)),
        e(strata),
        t.seed(code(d.seed)),
        e(groups),
      ];
      parts.push(`<li>${line.join(e(t.sep))}</li>`);
    }
    parts.push('</ul>');
  }
  parts.push(`<h2>${e(t.heading.groupRecommendations)}</h2>`);
  for (const g of report.groups) {
    // The plenary is everyone: listed only when it has its own recorded document.
    const empty = !g.draft?.recommendations.length;
    if ((g.groupId === PLENARY_ID && empty) || (!g.draft && g.members.length === 0)) continue;
    parts.push(`<h3>${e(g.name)}</h3>`);
    if (g.members.length) parts.push(`<p class="meta">${e(t.members(g.members.join(', ')))}</p>`);
    if (!g.draft) parts.push(`<p class="muted">${e(t.noVersion)}</p>`);
    else {
      parts.push(
        `<p class="meta">${e(t.version(g.draft.versionId, f.time(g.draft.recordedAt)))}</p>`,
        recommendations(f, g.draft.recommendations, false),
      );
    }
  }
  parts.push(`<h2>${e(t.heading.speaking)}</h2>`);
  if (!report.speaking.available) parts.push(`<p class="muted">${e(t.noSpeaking)}</p>`);
  for (const g of report.speaking.groups) {
    parts.push(
      `<h3>${e(g.name)}</h3>`,
      `<p>${e(t.speakingTotal(f.duration(g.totalSec), f.decimal(g.gini, 3)))}</p>`,
      table(
        [c.member, c.time, c.share],
        g.members.map((m) => [m.name, f.duration(m.seconds), f.percent(m.share)]),
      ),
    );
    if (g.silent.length) parts.push(`<p>${e(t.didNotSpeak(g.silent.join(', ')))}</p>`);
  }
  parts.push(`<h2>${e(t.heading.attendance)}</h2>`);
  if (report.attendance.length === 0) parts.push(`<p class="muted">${e(t.noAttendance)}</p>`);
  else {
    parts.push(
      table(
        [c.member, c.role, c.joined, c.left, c.present, c.arrivals],
        report.attendance.map((a) => [
          a.name,
          t.role[a.role],
          f.time(a.joinedAt),
          a.leftAt === null ? t.stillHere : f.time(a.leftAt),
          f.duration(a.presentSec),
          String(a.arrivals),
        ]),
        4,
      ),
    );
  }
  parts.push(`<h2>${e(t.heading.announcements)}</h2>`);
  if (report.announcements.length === 0) parts.push(`<p class="muted">${e(t.noAnnouncement)}</p>`);
  else {
    const items = report.announcements.map(
      (a) => `<li>${e(t.announcement(f.time(a.at), a.by, a.text))}</li>`,
    );
    parts.push(`<ul>${items.join('\n')}</ul>`);
  }
  parts.push(`<h2>${e(t.heading.chat)}</h2>`);
  if (report.chat.length === 0) parts.push(`<p class="muted">${e(t.noChat)}</p>`);
  else {
    const items = report.chat.map((m) => {
      const where =
        m.to !== null ? t.chatAnswerTo(m.to) : m.channel === 'facilitators' ? t.chatToFacilitators : m.group;
      const text = m.hiddenBy === null ? m.text : t.chatHidden(m.hiddenBy);
      return `<li>${e(t.chatLine(f.time(m.at), where, m.by, text))}</li>`;
    });
    parts.push(`<ul class="chat">${items.join('\n')}</ul>`);
  }
  parts.push(
    `<p class="muted">${t.verify(e(`/api/sessions/${session.id}/log`), code(`npm run verify-log -- <${t.fileArg}> --head ${report.log.headHash}`))}</p>`,
  );
  return [
    '<!doctype html>',
    `<html lang="${f.lang}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(t.reportTitle(session.title))}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body>\n${parts.join('\n')}\n</body></html>`,
    '',
  ].join('\n');
}
