import { duration, isoTime, percent, resultCells, resultColumns, voteStatus } from './format.js';
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

function recommendations(items: ReportRecommendation[], withGroup: boolean): string {
  const li = items.map(
    (r) =>
      `<li><strong>${e(r.title)}</strong>${withGroup ? ` <span class="origin">— ${e(r.groupName)}</span>` : ''}` +
      (r.body.trim() ? `<p class="body">${e(r.body)}</p>` : '') +
      `<p class="meta">Authors: ${e(r.authors.join(', ') || '—')} · version ${e(r.versionId)}</p></li>`,
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

/** The report as one self-contained, printable HTML page (no scripts, no external resources). */
export function renderHtml(report: Report): string {
  const { session } = report;
  const parts: string[] = [
    `<h1>${e(session.title)}</h1>`,
    `<p class="muted">Session ${e(session.id)} (${e(session.status)}) · started ${isoTime(session.startedAt)} · ` +
      `ended ${isoTime(session.endedAt)} · report generated ${isoTime(session.generatedAt)}` +
      `${report.pseudonymised ? ' · names pseudonymised' : ''}</p>`,
    `<p>Log: ${report.log.events} events, head hash <code>${e(report.log.headHash)}</code> ` +
      (report.log.verified ? '(chain verified)' : '<span class="warn">(chain does not verify)</span>') +
      '</p>',
    '<h2>Agenda as planned</h2>',
    table(
      ['#', 'Phase', 'Kind', 'Planned'],
      report.agenda.planned.map((p, i) => [String(i + 1), p.title, p.kind, duration(p.durationSec)]),
      3,
    ),
    '<h2>Agenda as it ran</h2>',
  ];
  for (const g of report.agenda.groups) {
    if (g.runs.length === 0) continue;
    parts.push(
      `<h3>${e(g.name)}</h3>`,
      table(
        ['Phase', 'Started', 'Ended', 'Planned', 'Actual', 'Overrun'],
        g.runs.map((r) => [
          r.title,
          isoTime(r.startedAt),
          r.endedAt === null ? 'running' : isoTime(r.endedAt),
          duration(r.plannedSec),
          duration(r.actualSec),
          r.overrunSec > 0 ? duration(r.overrunSec) : '—',
        ]),
        3,
      ),
      `<p>Total overrun: ${duration(g.totalOverrunSec)}</p>`,
    );
  }
  if (report.draws.length) {
    parts.push('<h2>Groups drawn by lot</h2><ul>');
    for (const d of report.draws) {
      const strata = d.stratifyBy.length ? `stratified on ${d.stratifyBy.join(', ')}` : 'random';
      const groups = d.groups.map((g) => `${g.name} (${g.size})`).join(', ');
      parts.push(
        `<li>${isoTime(d.at)}: ${d.people} people into ${d.groupCount} groups, ${e(strata)}; ` +
          `seed <code>${e(d.seed)}</code>; ${e(groups)}</li>`,
      );
    }
    parts.push('</ul>');
  }
  parts.push('<h2>Recommendations of each group</h2>');
  for (const g of report.groups) {
    // The plenary is everyone: listed only when it has its own recorded document.
    const empty = !g.draft?.recommendations.length;
    if ((g.groupId === PLENARY_ID && empty) || (!g.draft && g.members.length === 0)) continue;
    parts.push(`<h3>${e(g.name)}</h3>`);
    if (g.members.length) parts.push(`<p class="meta">Members: ${e(g.members.join(', '))}</p>`);
    if (!g.draft) parts.push('<p class="muted">No recorded version.</p>');
    else {
      parts.push(
        `<p class="meta">Version ${e(g.draft.versionId)}, recorded ${isoTime(g.draft.recordedAt)}</p>`,
        recommendations(g.draft.recommendations, false),
      );
    }
  }
  if (report.harvested.length) {
    parts.push('<h2>Brought to the plenary</h2>', recommendations(report.harvested, true));
  }
  parts.push('<h2>Votes</h2>');
  if (report.votes.length === 0) parts.push('<p class="muted">No vote.</p>');
  for (const v of report.votes) {
    parts.push(`<h3>${e(v.title)} (${e(v.groupName)})</h3>`, `<p class="meta">${e(voteStatus(v))}</p>`);
    if (v.results.length === 0)
      parts.push('<p class="muted">Results are published when the vote closes.</p>');
    else
      parts.push(
        table(
          ['Rank', 'Item', 'From', ...resultColumns(v)],
          v.results.map((r) => [String(r.rank), r.title, r.groupName ?? '—', ...resultCells(r)]),
          3,
        ),
      );
  }
  parts.push('<h2>Speaking time</h2>');
  if (!report.speaking.available)
    parts.push('<p class="muted">No speaking-time figures for this session.</p>');
  for (const g of report.speaking.groups) {
    parts.push(
      `<h3>${e(g.name)}</h3>`,
      `<p>Total ${duration(g.totalSec)}; Gini ${g.gini.toFixed(3)}</p>`,
      table(
        ['Member', 'Time', 'Share'],
        g.members.map((m) => [m.name, duration(m.seconds), percent(m.share)]),
      ),
    );
    if (g.silent.length) parts.push(`<p>Did not speak: ${e(g.silent.join(', '))}</p>`);
  }
  parts.push('<h2>Announcements</h2>');
  if (report.announcements.length === 0) parts.push('<p class="muted">None.</p>');
  else {
    const items = report.announcements.map((a) => `<li>${isoTime(a.at)} (${e(a.by)}): ${e(a.text)}</li>`);
    parts.push(`<ul>${items.join('\n')}</ul>`);
  }
  return [
    '<!doctype html>',
    `<html lang="${e(session.locale.slice(0, 2))}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(session.title)} — report</title>`,
    `<style>${STYLE}</style></head>`,
    `<body>\n${parts.join('\n')}\n</body></html>`,
    '',
  ].join('\n');
}
