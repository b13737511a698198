import { describe, expect, it } from 'vitest';
import { DEBATE, DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import { freePort } from '../helpers/redis.js';
import { startServer } from '../helpers/server.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus' text format (0.0.4), strictly: every line is a comment, blank, or `name{labels} value`. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/i;
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = sample.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(url: string, token = METRICS_TOKEN) {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const samples = parsePrometheus(await res.text());
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  /** The sum of the matching samples (0 when none: a labelled counter has no sample before its first count). */
  const read = (name: string, labels: Record<string, string> = {}) =>
    matching(name, labels).reduce((sum, s) => sum + s.value, 0);
  /** Whether the series is exposed at all (a gauge or histogram missing is a bug, not a zero). */
  read.has = (name: string) => matching(name, {}).length > 0;
  return read;
}

describe('/metrics', () => {
  it('parses as Prometheus text and its counters move with a scripted session', async () => {
    const server = await startServer({ env: { METRICS_TOKEN } });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const before = await scrape(server.url);
    expect(before('palabre_commands_total')).toBe(0);
    expect(before.has('palabre_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(before('palabre_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(before.has('palabre_timer_lateness_seconds_count')).toBe(true);
    expect(before('palabre_process_resident_memory_bytes')).toBeGreaterThan(0);

    const forum = await forumWithGroup({ server });
    const { ana, observer, tokenOf } = forum;
    await forum.goto(DEBATE);
    expect(await ana.command({ type: 'announcement.make', text: 'non' })).toMatchObject({ ok: false });
    expect(await observer.command({ type: 'hand.raise' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const doc = openDocument(server.url, forum.session.id, forum.ga, tokenOf(ana));
    await synced(doc);
    doc.text.insert(0, 'hors phase ');
    await doc.roundTrip();
    expect(doc.denied.length).toBeGreaterThan(0);
    await forum.goto(DRAFTING);
    doc.text.insert(0, 'Pistes cyclables');
    await doc.roundTrip();

    const after = await scrape(server.url);
    // forumWithGroup moved four members; then two phase changes.
    expect(after('palabre_commands_total', { type: 'member.move', outcome: 'ok' })).toBe(4);
    expect(after('palabre_commands_total', { type: 'phase.goto', outcome: 'ok' })).toBe(2);
    expect(after('palabre_commands_total', { type: 'hand.raise', outcome: 'forbidden' })).toBe(1);
    expect(after('palabre_refusals_total', { edge: 'command', code: 'forbidden' })).toBe(2);
    expect(after('palabre_refusals_total', { edge: 'document', code: 'wrong_phase' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(after('palabre_document_frames_total', { direction: 'in' })).toBeGreaterThan(0);
    expect(after('palabre_document_bytes_total', { direction: 'out' })).toBeGreaterThan(0);
    expect(after('palabre_sockets')).toBe(5);
    expect(after('palabre_document_connections')).toBe(1);
    expect(after('palabre_sessions_live')).toBe(1);
    expect(after('palabre_groups_live')).toBe(3);
    expect(
      after('palabre_store_seconds_count', { store: 'embedded:events', op: 'append', outcome: 'ok' }),
    ).toBe(
      // + 5 joins, their 5 arrivals (member.connected, from presence), the session's creation and its three
      // invites (each recorded as invite.issued)
      after('palabre_commands_total', { outcome: 'ok' }) + 5 + 5 + 1 + 3,
    );
    expect(
      after('palabre_store_seconds_count', { store: 'embedded:documents', op: 'append' }),
    ).toBeGreaterThan(0);
    // A one-second turn that runs out: its expiry is a timer, and how late it fired is observed.
    const expiries = after('palabre_timer_lateness_seconds_count');
    const { facilitator } = forum;
    expect(
      await facilitator.command({
        type: 'phase.goto',
        groupId: forum.ga,
        to: { phaseId: DEBATE },
        back: true,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await facilitator.command({ type: 'queue.settings', groupId: forum.ga, turnSec: 1 }),
    ).toMatchObject({ ok: true });
    expect(await ana.command({ type: 'hand.raise' })).toMatchObject({ ok: true });
    expect(await facilitator.command({ type: 'floor.give', groupId: forum.ga, turnId: null })).toMatchObject({
      ok: true,
    });
    await facilitator.waitFor((state) => state.groups[forum.ga]!.queue.spokenMs[ana.memberId!] !== undefined);
    const expired = await scrape(server.url);
    expect(expired('palabre_timer_lateness_seconds_count')).toBeGreaterThan(expiries);
    expect(expired('palabre_timer_lateness_seconds_bucket', { le: '+Inf' })).toBe(
      expired('palabre_timer_lateness_seconds_count'),
    );
  });

  it('METRICS_PORT serves /metrics alone on a second port; production keeps it off the public one', async () => {
    const port = await freePort();
    const server = await startServer({ env: { METRICS_PORT: String(port), NODE_ENV: 'production' } });
    // A plain 404 on the public port, never the web page (which a scraper would read as a broken target).
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const read = await scrape(`http://127.0.0.1:${port}`, '');
    expect(read('palabre_sockets')).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/api/sessions`)).status).toBe(404);
  });

  it('counts nothing where /metrics is served nowhere (production without METRICS_TOKEN or METRICS_PORT)', async () => {
    const server = await startServer({ env: { NODE_ENV: 'production' } });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    // No registry: prom-client is not even loaded, stores and timers are not wrapped.
    expect(server.palabre.metrics.registry).toBeUndefined();
    const { invites } = await server.createSession({});
    expect(invites.participant.token).toBeTruthy();
  });
});
