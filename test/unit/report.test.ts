import { describe, expect, it } from 'vitest';
import { buildReport } from '../../server/core/report/buildReport.js';
import { escapeHtml, renderHtml } from '../../server/core/report/html.js';
import { escapeMarkdown, renderMarkdown } from '../../server/core/report/markdown.js';
import { REPORT_LABELS, reportLangOf } from '../../server/core/report/labels.js';
import type { ReportLabels } from '../../server/core/report/labels.js';
import { gini, shares } from '../../server/core/report/speaking.js';
import { commandSchema } from '../../shared/session/commands.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness, versionRecord } from '../helpers/domain.js';

const MIN = 60_000;

/** A short forum: one group drafts two recommendations, the plenary votes on them by dots. */
function forum(locale = 'en') {
  const h = new DomainHarness(
    [
      { id: 'deb', kind: 'debate', durationSec: 20 * 60 },
      { id: 'draft', kind: 'drafting', durationSec: 30 * 60 },
      { id: 'vote', kind: 'vote', durationSec: 10 * 60 },
    ],
    locale,
  );
  const fac = h.join('Fatou', 'facilitator');
  const ana = h.join('Ana', 'participant', undefined, { age: '18-25' });
  const ben = h.join('Ben', 'participant');
  const cem = h.join('Cem', 'participant');
  h.ok({ type: 'group.create', name: 'Vélo', groupId: 'ga' }, fac);
  for (const p of [ana, ben, cem]) h.ok({ type: 'member.move', memberId: p.memberId, groupId: 'ga' }, fac);
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  h.advance(25 * MIN);
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac);
  h.advance(28 * MIN);
  h.ok({ type: 'phase.goto', groupId: 'ga', to: 'finish' }, fac);
  h.ok(
    versionRecord('ga', 'v-ga-3', [
      { id: 'r1', title: 'Garages à vélos', body: 'Près des gares', authors: [ana.memberId, ben.memberId] },
      { id: 'r2', title: 'Ateliers <réparation>', body: '', authors: [cem.memberId] },
    ]),
    { kind: 'system' },
  );
  h.ok({ type: 'harvest.collect' }, fac);
  h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: 'vote' } }, fac);
  h.ok({ type: 'vote.open', method: { kind: 'dots', points: 3 }, secret: false, title: 'Priorités' }, fac);
  const vote = h.state.votes[0]!;
  const [r1, r2] = vote.items.map((i) => i.id) as [string, string];
  h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [r1]: 1, [r2]: 2 } }, ana);
  h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [r2]: 3 } }, ben);
  h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [r1]: 3 } }, cem);
  h.advance(4 * MIN);
  h.ok({ type: 'vote.close', voteId: vote.id }, fac);
  h.ok({ type: 'announcement.make', text: 'Pause | café' }, fac);
  return { h, fac, ana, ben, cem };
}

/** The forum, then a consent vote on the same items (means 1.5 and 2), and speaking times. */
function forumWithConsent(locale: string) {
  const f = forum(locale);
  const { h, fac, ana, ben } = f;
  h.ok({ type: 'vote.open', method: { kind: 'consent' }, secret: false, title: 'Consentement' }, fac);
  const vote = h.state.votes[1]!;
  const [r1, r2] = vote.items.map((i) => i.id) as [string, string];
  h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [r1]: 1, [r2]: 2 } }, ana);
  h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [r1]: 2 } }, ben);
  h.ok({ type: 'vote.close', voteId: vote.id }, fac);
  const report = buildReport(h.state, h.log, {
    now: h.now,
    pseudonymise: true,
    lang: reportLangOf(locale),
    speaking: { ga: { [ana.memberId]: 90_000, [ben.memberId]: 30_000 } },
  });
  return { ...f, report };
}

describe('speaking figures', () => {
  it('computes shares and the Gini coefficient on known inputs', () => {
    expect(gini([10, 10, 10, 10])).toBe(0);
    expect(gini([0, 0, 0, 40])).toBe(0.75);
    expect(gini([1, 2, 3, 4])).toBe(0.25);
    expect(gini([])).toBe(0);
    expect(shares({ a: 30, b: 10 })).toEqual({ a: 0.75, b: 0.25 });
    expect(shares({ a: 0 })).toEqual({ a: 0 });
  });
});

describe('the session report', () => {
  it('holds the agenda as it ran, recommendations with authors and versions, results and the head hash', () => {
    const { h, ana, cem } = forum();
    const report = buildReport(h.state, h.log, { now: h.now });
    const plenary = report.agenda.groups.find((g) => g.groupId === PLENARY_ID)!;
    expect(plenary.runs.map((r) => [r.phaseId, r.actualSec, r.deltaSec, r.overrunSec, r.endedAt])).toEqual([
      ['deb', 1500, 300, 300, h.now - 32 * MIN],
      ['draft', 1680, -120, 0, h.now - 4 * MIN],
      ['vote', 240, -360, 0, null],
    ]);
    const group = report.groups.find((g) => g.groupId === 'ga')!;
    expect(group.members).toEqual(['Ana', 'Ben', 'Cem']);
    expect(group.draft!.recommendations.map((r) => [r.title, r.authors, r.versionId])).toEqual([
      ['Garages à vélos', ['Ana', 'Ben'], 'v-ga-3'],
      ['Ateliers <réparation>', ['Cem'], 'v-ga-3'],
    ]);
    expect(report.harvested.map((r) => r.groupName)).toEqual(['Vélo', 'Vélo']);
    expect(report.votes[0]!.results.map((r) => [r.rank, r.title, r.figures])).toEqual([
      [1, 'Ateliers <réparation>', { itemId: expect.any(String), points: 5, supporters: 2 }],
      [2, 'Garages à vélos', { itemId: expect.any(String), points: 4, supporters: 2 }],
    ]);
    expect(report.log).toEqual({ events: h.log.length, headHash: h.state.headHash, verified: true });
    expect(report.speaking).toEqual({ available: false, groups: [] });
    void ana;
    void cem;
  });

  it('leaves the time when no process was up out of the phases, and says when it was', () => {
    const h = new DomainHarness([
      { id: 'deb', kind: 'debate', durationSec: 20 * 60 },
      { id: 'vote', kind: 'vote', durationSec: 10 * 60 },
    ]);
    const fac = h.join('Fatou', 'facilitator');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    // Down from minute 5 to minute 15 of the debate, recorded when the service came back.
    h.advance(15 * MIN);
    h.ok({ type: 'outage.recover', downSince: h.now - 10 * MIN }, { kind: 'system' });
    h.advance(10 * MIN);
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac);
    const report = buildReport(h.state, h.log, { now: h.now });
    const [debate] = report.agenda.groups.find((g) => g.groupId === PLENARY_ID)!.runs;
    expect(debate).toMatchObject({
      phaseId: 'deb',
      actualSec: 15 * 60,
      interruptedSec: 10 * 60,
      overrunSec: 0,
    });
    expect(report.agenda.interruptions).toEqual([
      { from: h.now - 20 * MIN, to: h.now - 10 * MIN, sec: 10 * 60 },
    ]);
    expect(renderMarkdown(report)).toContain('Service interrupted from');
    expect(renderHtml(report)).toContain('Service interrupted from');
  });

  it('takes speaking times as input and pseudonymises every name', () => {
    const { h, ana, ben } = forum();
    const report = buildReport(h.state, h.log, {
      now: h.now,
      pseudonymise: true,
      speaking: { ga: { [ana.memberId]: 90_000, [ben.memberId]: 30_000 } },
    });
    const ga = report.speaking.groups.find((g) => g.groupId === 'ga')!;
    expect(ga).toMatchObject({ totalSec: 120, silent: ['Participant 3'] });
    expect(ga.members).toEqual([
      { name: 'Participant 1', seconds: 90, share: 0.75 },
      { name: 'Participant 2', seconds: 30, share: 0.25 },
      { name: 'Participant 3', seconds: 0, share: 0 },
    ]);
    expect(ga.gini).toBeCloseTo(gini([90_000, 30_000, 0]), 3);
    const text = JSON.stringify(report) + renderMarkdown(report) + renderHtml(report);
    for (const name of ['Ana', 'Ben', 'Cem', 'Fatou']) expect(text).not.toContain(name);
    expect(report.announcements[0]!.by).toBe('Facilitator 1');
  });

  it('renders Markdown and HTML with user text escaped', () => {
    const { h } = forum();
    const report = buildReport(h.state, h.log, { now: h.now });
    const md = renderMarkdown(report);
    expect(md).toContain('Ateliers \\<réparation\\>');
    expect(md).toContain('Pause \\| café');
    expect(md).toContain(`head hash \`${h.state.headHash}\``);
    const html = renderHtml(report);
    expect(html).toContain('Ateliers &lt;réparation&gt;');
    expect(html).not.toContain('<réparation>');
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(escapeHtml(`"'<&>`)).toBe('&quot;&#39;&lt;&amp;&gt;');
    expect(escapeMarkdown('*[x](javascript:1)*')).toBe('\\*\\[x\\](javascript:1)\\*');
  });

  it('says when the chain does not verify', () => {
    const { h } = forum();
    const log = structuredClone(h.log);
    (log[3]!.data as { name: string }).name = 'Mallory';
    expect(buildReport(h.state, log, { now: h.now }).log.verified).toBe(false);
  });
});

describe("the report in the session's language", () => {
  it('speaks French for a French session: headings, labels, pseudonyms, dates, decimal comma, lang="fr"', () => {
    const { report } = forumWithConsent('fr-FR');
    expect(reportLangOf(report.session.locale)).toBe('fr');
    const md = renderMarkdown(report);
    for (const text of [
      '## Déroulé prévu',
      '## Déroulé effectif',
      '## Préconisations de chaque groupe',
      '## Préconisations rapportées en plénière',
      '## Temps de parole',
      '| Étape | Début | Fin | Prévu | Réel | Dépassement |',
      '| Rang | Proposition | Groupe d’origine | Points | Soutiens |',
      '| Rang | Proposition | Groupe d’origine | 1 | 2 | 3 | 4 | 5 (blocage) | Moyenne |',
      'Dépassement total\u00a0: 5 min 00 s',
      'N’ont pas pris la parole\u00a0: Participant·e 3',
      'indice de Gini\u00a0: 0,5',
      '(chaîne vérifiée)',
      'vote par gommettes (3 points, au plus 3 par proposition)\u00a0; scrutin public\u00a0; 3 votant·es\u00a0; clos le ',
      'échelle de consentement (1 soutien total … 5 blocage)',
      '(Animateur·rice 1)\u00a0: Pause \\| café',
      '| débat |',
      '| en cours |',
      'Heures locales (Europe/Paris).',
      '| 1,50 |',
      '| 2,00 |',
    ]) {
      expect(md).toContain(text);
    }
    // Day before month, 24-hour clock, in the session's time zone (Europe/Paris by default): 1 000 000 ms
    // after the epoch is 01/01/1970 00:16 UTC, 01:16 in Paris.
    expect(md).toContain('Début\u00a0: 01/01/1970 01:16');
    expect(md).toMatch(/\| Participant·e 1 \| 1 min 30 s \| 75\s%/u);
    for (const english of ['Agenda', 'Total overrun', 'Did not speak', 'chain verified', 'running', 'Mean']) {
      expect(md).not.toContain(english);
    }
    const html = renderHtml(report);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<title>Test — rapport</title>');
    expect(html).toContain('<h2>Temps de parole</h2>');
    expect(html).toContain('<th>Dépassement</th>');
    expect(html).toContain('<td class="num">1,50</td>');
    expect(html).toContain('Journal\u00a0: ');
    expect(html).not.toMatch(/Speaking time|Total overrun|Did not speak/);
  });

  it("speaks English otherwise, and ?lang overrides the session's language", () => {
    const { report } = forumWithConsent('en');
    const md = renderMarkdown(report);
    for (const text of [
      '## Agenda as planned',
      '## Speaking time',
      'Total overrun: 5 min 00 s',
      'Did not speak: Participant 3',
      'Gini 0.5',
      '(chain verified)',
      'dot voting (3 points, at most 3 per item); open ballot; 3 voters; closed ',
      '| 1.50 |',
      '| running |',
      'Times are local times (Europe/Paris).',
      '(Facilitator 1): Pause',
    ]) {
      expect(md).toContain(text);
    }
    expect(md).toMatch(/\| Participant 1 \| 1 min 30 s \| 75% \|/);
    const html = renderHtml(report);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Test — report</title>');
    expect(html).toContain('<td class="num">1.50</td>');
    // A French session rendered in English, and the other way round.
    const french = forumWithConsent('fr').report;
    expect(renderMarkdown(french, 'en')).toContain('## Agenda as planned');
    expect(renderHtml(french, 'en')).toContain('<html lang="en">');
    expect(renderHtml(report, 'fr')).toContain('<html lang="fr">');
    expect(reportLangOf('fr-CA')).toBe('fr');
    expect(reportLangOf('de')).toBe('en');
  });

  it("writes times in the session's time zone, a setting checked on the way in", () => {
    const { h, fac } = forum('fr');
    h.ok({ type: 'settings.update', timeZone: 'America/Montreal' }, fac);
    expect(commandSchema.safeParse({ type: 'settings.update', timeZone: 'Mars/Olympus' }).success).toBe(
      false,
    );
    expect(commandSchema.safeParse({ type: 'settings.update', timeZone: 'Europe/Paris' }).success).toBe(true);
    const report = buildReport(h.state, h.log, { now: h.now, pseudonymise: false, lang: 'fr' });
    expect(report.session.timeZone).toBe('America/Montreal');
    const md = renderMarkdown(report);
    expect(md).toContain('Heures locales (America/Montreal).');
    // 1 000 000 ms after the epoch: 00:16 UTC, 19:16 the day before in Montreal (UTC−5 in winter).
    expect(md).toContain('Début\u00a0: 31/12/1969 19:16');
    expect(renderHtml(report, 'en')).toContain('Times are local times (America/Montreal).');
  });

  it('has the chat as an annex, pseudonymised, hidden messages without their text', () => {
    const { h, fac, ana, ben } = forum('fr');
    h.ok({ type: 'chat.post', channel: 'group', text: 'Merci pour la carte' }, ana);
    h.ok({ type: 'chat.post', channel: 'facilitators', text: 'Je dois partir à 21 h' }, ben);
    h.ok({ type: 'chat.post', channel: 'group', text: 'Propos déplacé' }, ben);
    h.ok({ type: 'chat.hide', messageId: h.state.chat![2]!.id }, fac);
    const report = buildReport(h.state, h.log, { now: h.now, pseudonymise: true, lang: 'fr' });
    expect(report.chat.map((m) => [m.channel, m.text, m.hiddenBy])).toEqual([
      ['group', 'Merci pour la carte', null],
      ['facilitators', 'Je dois partir à 21 h', null],
      ['group', '', 'Animateur·rice 1'],
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain('## Annexe : messages');
    expect(md).toContain('Plénière · Participant·e 1\u00a0: Merci pour la carte');
    expect(md).toContain('aux animateur·rices · Participant·e 2\u00a0: Je dois partir à 21 h');
    expect(md).toContain('_(masqué par Animateur·rice 1)_');
    for (const rendered of [md, renderHtml(report), JSON.stringify(report)]) {
      expect(rendered).not.toContain('Propos déplacé');
      expect(rendered).not.toMatch(/Ana|Ben|Fatou/);
    }
  });

  it('leads with the recommendations brought back and the votes, before the timings', () => {
    const { report } = forumWithConsent('en');
    for (const rendered of [renderMarkdown(report), renderHtml(report)]) {
      const at = (heading: string) => rendered.search(new RegExp(`(## |<h2>)${heading}`));
      expect(at('Brought to the plenary')).toBeGreaterThan(0);
      expect(at('Brought to the plenary')).toBeLessThan(at('Votes'));
      expect(at('Votes')).toBeLessThan(at('Agenda as planned'));
      expect(at('Agenda as planned')).toBeLessThan(at('Speaking time'));
    }
  });

  it('has every label in both languages, free of markup', () => {
    const { totalOverrun: _left, ...incomplete } = REPORT_LABELS.fr;
    // @ts-expect-error a dictionary missing one key is not a ReportLabels: the typecheck fails
    const missing: ReportLabels = incomplete;
    void missing;
    /** Every leaf, functions called with neutral arguments, keyed by path. */
    const leaves = (labels: object, path = ''): [string, string][] =>
      Object.entries(labels).flatMap(([key, value]: [string, unknown]) => {
        const at = `${path}${key}`;
        if (typeof value === 'function') return [[at, String(value('x', 2, 'y'))]];
        if (typeof value === 'string') return [[at, value]];
        return leaves(value as object, `${at}.`);
      });
    const en = leaves(REPORT_LABELS.en);
    const fr = leaves(REPORT_LABELS.fr);
    expect(fr.map(([k]) => k)).toEqual(en.map(([k]) => k));
    for (const [key, text] of [...en, ...fr]) {
      expect(text, key).not.toMatch(/[<>&"`*_[\]|~\\]/);
    }
  });
});

describe('attendance in the report', () => {
  it('sums each member’s time present from the log, counts returns, and keeps pseudonyms', () => {
    const h = new DomainHarness();
    const fac = h.join('Fatou', 'facilitator');
    const ana = h.join('Ana', 'participant');
    const obs = h.join('Presse', 'observer');
    const system = { kind: 'system' } as const;
    const enter = (m: { memberId: string }) => h.ok({ type: 'presence.enter', memberId: m.memberId }, system);
    const leave = (m: { memberId: string }) =>
      h.ok({ type: 'presence.leave', memberId: m.memberId, reason: 'left' }, system);
    enter(fac);
    enter(ana);
    h.advance(10 * MIN);
    leave(ana); // a blackout of five minutes
    h.advance(5 * MIN);
    enter(ana);
    enter(obs);
    h.advance(20 * MIN);
    leave(obs);
    h.ok({ type: 'member.remove', memberId: ana.memberId }, fac);
    h.advance(MIN);
    const report = buildReport(h.state, h.log, { now: h.now, pseudonymise: true });
    expect(report.attendance.map((a) => [a.role, a.presentSec, a.arrivals, a.leftAt])).toEqual([
      ['facilitator', 36 * 60, 1, null],
      ['participant', 30 * 60, 2, h.now - MIN],
      ['observer', 20 * 60, 1, h.now - MIN],
    ]);
    expect(report.attendance.map((a) => a.name).join()).not.toMatch(/Ana|Fatou|Presse/);
    const md = renderMarkdown(report, 'fr');
    expect(md).toContain('## Présences');
    expect(md).toContain('encore là');
    expect(renderHtml(report, 'en')).toContain('<h2>Attendance</h2>');
  });

  it('ends everyone’s presence with the session: the report of an ended session does not change later', () => {
    const h = new DomainHarness();
    const fac = h.join('Fatou', 'facilitator');
    const system = { kind: 'system' } as const;
    h.ok({ type: 'presence.enter', memberId: fac.memberId }, system);
    h.advance(10 * MIN);
    h.ok({ type: 'session.end' }, fac);
    const endedAt = h.now;
    h.advance(30 * MIN);
    const first = buildReport(h.state, h.log, { now: h.now }).attendance;
    h.advance(60 * MIN);
    const later = buildReport(h.state, h.log, { now: h.now }).attendance;
    expect(first.map((a) => [a.presentSec, a.leftAt])).toEqual([[10 * 60, endedAt]]);
    expect(later).toEqual(first);
  });
});
