import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import { FakeClock } from '../helpers/fakeClock.js';
import type { Report } from '../../server/core/report/types.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import {
  addRecommendation,
  readRecommendations,
  withdrawRecommendation,
} from '../../client/sdk/recommendations.js';
import { openDocument, synced } from '../helpers/documents.js';
import { connectClient, startServer } from '../helpers/server.js';
import { verifyLog } from '../helpers/verifyLog.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';

const MIN = 60_000;

/** Collects every event a client receives, to scan what each audience saw. */
function recordEvents(client: PalabreClient): SessionEvent[] {
  const seen: SessionEvent[] = [];
  client.on('state', (_state, events) => seen.push(...events));
  return seen;
}

async function ok(client: PalabreClient, command: Parameters<PalabreClient['command']>[0]) {
  const ack = await client.command(command);
  if (!ack.ok) throw new Error(`${command.type} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.version;
}

describe('outcomes: from information to presentation', () => {
  it('draws two groups, harvests their recommendations, votes in plenary and reports it all', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 21, 18, 0, 0));
    const server = await startServer({ overrides: { clock } });
    const { session, invites } = await server.createSession({
      title: 'Atelier <Mobilités> & co',
      locale: 'fr',
      agenda: [
        { id: 'info', kind: 'information', durationSec: 10 * 60 },
        { id: 'draft', kind: 'drafting', durationSec: 30 * 60 },
        { id: 'vote', kind: 'vote', durationSec: 10 * 60 },
        { id: 'pres', kind: 'presentation', durationSec: 15 * 60 },
      ],
    });
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    const people: PalabreClient[] = [];
    for (const [name, quartier] of [
      ['Ana', 'Nord'],
      ['Ben', 'Nord'],
      ['Chloé', 'Sud'],
      ['Driss', 'Sud'],
    ] as const) {
      people.push(
        await connectClient(server.url, { token: invites.participant.token, name, attributes: { quartier } }),
      );
    }
    const [ana, ben, chloe, driss] = people as [PalabreClient, PalabreClient, PalabreClient, PalabreClient];
    const observer = await connectClient(server.url, { token: invites.observer.token, name: 'Presse' });
    const nameOf = (c: PalabreClient) => fac.state!.members[c.memberId!]!.name;
    const publicEvents = [...people.map(recordEvents), recordEvents(observer)];

    // Information in plenary, then a stratified draw into two groups.
    await ok(fac, { type: 'phase.goto', groupId: 'all', to: 'first' });
    // Questions in plenary: Ana speaks 90 s, Ben 30 s (both within the default turn).
    for (const [who, seconds] of [
      [ana, 90],
      [ben, 30],
    ] as const) {
      await ok(who, { type: 'hand.raise' });
      await ok(fac, { type: 'floor.give', groupId: PLENARY_ID, turnId: null });
      clock.advance(seconds * 1000);
      await ok(fac, { type: 'turn.end', groupId: PLENARY_ID, turnId: seenTurnId(fac.state!, PLENARY_ID)! });
    }
    clock.advance(10 * MIN);
    const drawn = await ok(fac, {
      type: 'draw.make',
      groups: { count: 2 },
      seed: 'forum-2026',
      stratifyBy: ['quartier'],
    });
    const afterDraw = await fac.waitFor((s) => s.version >= drawn);
    const groupIds = afterDraw.groupOrder.filter((id) => id !== PLENARY_ID);
    expect(groupIds).toHaveLength(2);
    for (const groupId of groupIds) {
      const members = Object.values(afterDraw.members).filter((m) => m.groupId === groupId);
      expect(members.map((m) => m.attributes.quartier).sort()).toEqual(['Nord', 'Sud']);
    }
    const [ga, gb] = groupIds as [string, string];

    // Drafting in every group, in the groups' Yjs documents (stock y-websocket client).
    await ok(fac, { type: 'phase.goto', groupId: 'all', to: { phaseId: 'draft' } });
    const inGroup = (g: string) => people.filter((p) => afterDraw.members[p.memberId!]!.groupId === g);
    const [a1, a2] = inGroup(ga) as [PalabreClient, PalabreClient];
    const [b1] = inGroup(gb) as [PalabreClient];
    const docA = openDocument(server.url, session.id, ga, a1.welcome!.resumeToken);
    const docA2 = openDocument(server.url, session.id, ga, a2.welcome!.resumeToken);
    const docB = openDocument(server.url, session.id, gb, b1.welcome!.resumeToken);
    await Promise.all([synced(docA), synced(docA2), synced(docB)]);
    addRecommendation(docA.doc, {
      title: 'Pistes cyclables sécurisées',
      body: 'Rue <b>Haute</b> & rue Basse',
      createdBy: a1.memberId!,
    });
    await expect.poll(() => readRecommendations(docA2.doc).length).toBe(1);
    addRecommendation(docA2.doc, { title: 'Zone 30 devant les écoles', createdBy: a2.memberId! });
    const dropped = addRecommendation(docA2.doc, { title: 'Idée abandonnée', createdBy: a2.memberId! });
    withdrawRecommendation(docA2.doc, dropped);
    addRecommendation(docB.doc, {
      title: 'Navette le dimanche',
      body: 'Toutes les heures',
      createdBy: b1.memberId!,
    });
    // Both writers of group A see each other's work: the server holds it.
    await expect.poll(() => readRecommendations(docA.doc).length).toBe(3);
    await expect.poll(() => readRecommendations(docA2.doc).length).toBe(3);
    const docB2 = openDocument(server.url, session.id, gb, fac.welcome!.resumeToken);
    await expect.poll(() => readRecommendations(docB2.doc).length).toBe(1);
    clock.advance(35 * MIN);

    // Drafting ends: each group's version is recorded, and read as its draft.
    expect(await fac.command({ type: 'harvest.collect' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    for (const g of [ga, gb]) await ok(fac, { type: 'phase.goto', groupId: g, to: 'finish' });
    await fac.waitFor((s) => s.drafts[ga] !== undefined && s.drafts[gb] !== undefined);

    // Bring everyone back: groups closed, recommendations gathered with their group of origin.
    const harvested = await ok(fac, { type: 'harvest.collect' });
    const plenary = await fac.waitFor((s) => s.version >= harvested);
    const versionA = plenary.documents![ga]!.versions.at(-1)!.versionId;
    const versionB = plenary.documents![gb]!.versions.at(-1)!.versionId;
    expect(plenary.harvested.map((h) => [h.title, h.groupId, h.versionId])).toEqual([
      ['Pistes cyclables sécurisées', ga, versionA],
      ['Zone 30 devant les écoles', ga, versionA],
      ['Navette le dimanche', gb, versionB],
    ]);
    expect(plenary.harvested[0]!.authors).toEqual([a1.memberId]);
    for (const p of people) expect(plenary.members[p.memberId!]!.groupId).toBe(PLENARY_ID);
    expect(plenary.groups[ga]!.status).toBe('closed');

    // A secret approval vote in plenary; one participant changes their mind.
    await ok(fac, { type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: 'vote' } });
    const opened = await ok(fac, { type: 'vote.open', method: { kind: 'approval' }, title: 'Priorités' });
    const vote = (await ana.waitFor((s) => s.version >= opened)).votes[0]!;
    const [bike, zone, shuttle] = vote.items.map((i) => i.id) as [string, string, string];
    await ok(ana, { type: 'ballot.cast', voteId: vote.id, ballot: { [bike]: true, [zone]: false } });
    await ok(ben, { type: 'ballot.cast', voteId: vote.id, ballot: { [bike]: true, [shuttle]: true } });
    await ok(chloe, { type: 'ballot.cast', voteId: vote.id, ballot: { [bike]: false, [zone]: true } });
    await ok(driss, { type: 'ballot.cast', voteId: vote.id, ballot: { [zone]: false } });
    await ok(driss, { type: 'ballot.cast', voteId: vote.id, ballot: { [zone]: true, [shuttle]: true } });
    expect(await observer.command({ type: 'ballot.cast', voteId: vote.id, ballot: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await fac.command({ type: 'ballot.cast', voteId: vote.id, ballot: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    clock.advance(8 * MIN);
    const closed = await ok(fac, { type: 'vote.close', voteId: vote.id });
    const final = await observer.waitFor((s) => s.version >= closed);
    expect(final.votes[0]!.voters).toHaveLength(4);
    expect(final.votes[0]!.tally).toEqual({
      method: 'approval',
      ballots: 4,
      items: [
        { itemId: bike, yes: 2, no: 1, abstain: 1 },
        { itemId: zone, yes: 2, no: 1, abstain: 1 },
        { itemId: shuttle, yes: 2, no: 0, abstain: 2 },
      ],
    });
    expect(await server.palabre.ballotBox.list(session.id, vote.id)).toEqual([]);

    await ok(fac, { type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: 'pres' } });
    await ok(fac, { type: 'announcement.make', text: 'Merci à toutes et tous !' });
    clock.advance(5 * MIN);

    // The report, in JSON…
    const json = await server.api('GET', `/api/sessions/${session.id}/report`);
    expect(json.status).toBe(200);
    const report = json.body.report as Report;
    expect(report.harvested.map((r) => [r.title, r.groupName, r.versionId])).toEqual([
      ['Pistes cyclables sécurisées', 'Groupe 1', versionA],
      ['Zone 30 devant les écoles', 'Groupe 1', versionA],
      ['Navette le dimanche', 'Groupe 2', versionB],
    ]);
    const groupA = report.groups.find((g) => g.groupId === ga)!;
    expect(groupA.draft!.recommendations.map((r) => [r.title, r.authors])).toEqual([
      ['Pistes cyclables sécurisées', [nameOf(a1)]],
      ['Zone 30 devant les écoles', [nameOf(a2)]],
    ]);
    expect(report.votes[0]!.results.map((r) => [r.title, r.rank])).toEqual([
      ['Navette le dimanche', 1],
      ['Pistes cyclables sécurisées', 2],
      ['Zone 30 devant les écoles', 3],
    ]);
    const plenaryRuns = report.agenda.groups.find((g) => g.groupId === PLENARY_ID)!.runs;
    expect(plenaryRuns.map((r) => [r.phaseId, r.plannedSec, r.actualSec, r.overrunSec])).toEqual([
      ['info', 600, 720, 120],
      ['draft', 1800, 2100, 300],
      ['vote', 600, 480, 0],
      ['pres', 900, 300, 0],
    ]);
    const groupRuns = report.agenda.groups.find((g) => g.groupId === ga)!.runs;
    // Drawn during the information phase, the groups joined it (for no time: drafting started at once).
    expect(groupRuns.map((r) => [r.phaseId, r.actualSec, r.overrunSec])).toEqual([
      ['info', 0, 0],
      ['draft', 2100, 300],
    ]);
    expect(report.draws[0]).toMatchObject({ seed: 'forum-2026', groupCount: 2, stratifyBy: ['quartier'] });
    expect(report.announcements.map((a) => [a.by, a.text])).toEqual([['Fatou', 'Merci à toutes et tous !']]);
    expect(report.log.verified).toBe(true);
    const speaking = report.speaking.groups.find((g) => g.groupId === PLENARY_ID)!;
    expect(speaking.members.slice(0, 2)).toEqual([
      { name: 'Ana', seconds: 90, share: 0.75 },
      { name: 'Ben', seconds: 30, share: 0.25 },
    ]);
    expect(speaking.silent).toEqual(['Chloé', 'Driss']);
    expect(speaking.gini).toBe(0.625);
    expect(report.speaking.groups.find((g) => g.groupId === ga)!.silent).toHaveLength(2);
    expect(report.log.headHash).toBe((await server.palabre.sessions.get(session.id))!.headHash);

    // …in Markdown, in the session's language (French)…
    const md = await server.api('GET', `/api/sessions/${session.id}/report?format=md`);
    expect(md.status).toBe(200);
    for (const text of [
      'Pistes cyclables sécurisées',
      'Navette le dimanche',
      report.log.headHash,
      '5 min 00 s',
    ]) {
      expect(md.body).toContain(text);
    }
    expect(md.body).toContain('Atelier \\<Mobilités\\> & co');
    expect(md.body).toMatch(/\| 1 \| Navette le dimanche \| Groupe 2 \| 2 \| 0 \| 2 \|/);
    expect(md.body).toContain('## Temps de parole');
    expect(md.body).toContain('| Rang | Proposition | Groupe d’origine | Oui | Non | Abstention |');
    expect(md.body).toContain('indice de Gini\u00a0: 0,625');

    // …and as a printable HTML page, escaped, for a facilitator's token too.
    const htmlRes = await fetch(`${server.url}/api/sessions/${session.id}/report`, {
      headers: { accept: 'text/html', authorization: `Bearer ${fac.welcome!.resumeToken}` },
    });
    expect(htmlRes.headers.get('content-type')).toMatch(/text\/html/);
    expect(htmlRes.headers.get('content-language')).toBe('fr');
    const html = await htmlRes.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<title>Atelier &lt;Mobilités&gt; &amp; co — rapport</title>');
    expect(html).toContain('Rue &lt;b&gt;Haute&lt;/b&gt; &amp; rue Basse');
    expect(html).not.toContain('<b>Haute</b>');
    expect(html).toContain('@media print');
    expect(html).toContain(report.log.headHash);
    expect(html).toMatch(/<td>Pistes cyclables sécurisées<\/td><td>Groupe 1<\/td>/);

    // Pseudonymised on request; never for participants or observers.
    const pseudo = await server.api('GET', `/api/sessions/${session.id}/report?format=md&pseudonymise=1`);
    expect(pseudo.body).not.toContain('Fatou');
    expect(pseudo.body).toContain('Animateur·rice 1');

    // ?lang=en renders the French session in English; JSON is data and speaks no language.
    const english = await server.api(
      'GET',
      `/api/sessions/${session.id}/report?format=md&lang=en&pseudonymise=1`,
    );
    expect(english.status).toBe(200);
    for (const text of ['## Agenda as planned', '## Speaking time', 'Gini 0.625', 'Facilitator 1']) {
      expect(english.body).toContain(text);
    }
    expect(english.body).not.toContain('Temps de parole');
    const englishHtml = await server.api('GET', `/api/sessions/${session.id}/report?format=html&lang=en`);
    expect(englishHtml.body).toContain('<html lang="en">');
    const frenchJson = await server.api(
      'GET',
      `/api/sessions/${session.id}/report?format=json&lang=fr&pseudonymise=1`,
    );
    expect((frenchJson.body.report as Report).announcements[0]!.by).toBe('Facilitator 1');
    for (const bad of ['de', 'FR', 'fr&lang=en']) {
      const refused = await server.api('GET', `/api/sessions/${session.id}/report?format=md&lang=${bad}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        ok: false,
        error: { code: 'bad_request', message: expect.any(String) },
      });
    }
    const denied = await server.api(
      'GET',
      `/api/sessions/${session.id}/report`,
      undefined,
      ana.welcome!.resumeToken,
    );
    expect(denied.status).toBe(403);
    expect((await server.api('GET', `/api/sessions/${session.id}/log`, undefined, '')).status).toBe(401);

    // The secret ballots are nowhere: not in the log, not in what anyone received.
    const exported = await server.api('GET', `/api/sessions/${session.id}/log`);
    expect(exported.status).toBe(200);
    const [header, ...lines] = (exported.body as string).trim().split('\n');
    // The export opens with what it holds, so a copy cut in transit is caught.
    expect(JSON.parse(header!)).toEqual({
      palabreLog: { sessionId: session.id, events: lines.length, headHash: report.log.headHash },
    });
    const log = lines.map((l) => JSON.parse(l) as SessionEvent);
    for (const e of log.filter((x) => x.type === 'ballot.recorded')) {
      expect(Object.keys(e.data).sort()).toEqual(['ballotId', 'memberId', 'voteId']);
    }
    for (const text of [exported.body as string, JSON.stringify(publicEvents), JSON.stringify(final)]) {
      expect(text).not.toContain(`"${zone}":false`);
      expect(text).not.toContain(`"${bike}":true`);
    }
    expect(JSON.stringify(publicEvents)).not.toContain('Nord');

    // Anyone can verify the exported log, and one altered event breaks it.
    const dir = await mkdtemp(join(tmpdir(), 'palabre-log-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'session.log.jsonl');
    await writeFile(file, exported.body as string);
    const good = await verifyLog(file, '--head', report.log.headHash);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`head ${report.log.headHash}: complete`);
    const target = log.findIndex((e) => e.type === 'harvest.collected');
    const tampered = structuredClone(log);
    const item = (tampered[target]!.data as { items: { title: string }[] }).items[2]!;
    item.title = 'Navette tous les jours';
    await writeFile(file, tampered.map((e) => JSON.stringify(e)).join('\n'));
    const bad = await verifyLog(file, '--head', report.log.headHash);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`BROKEN at event ${log[target]!.v}`);
  });
});
