import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../shared/session/commands.js';
import { evolve } from '../../shared/session/evolve.js';
import { chatReaderOf } from '../../shared/session/chat/project.js';
import { AUDIENCES, project, projectEvent } from '../../shared/session/project.js';
import { CHAT_LIMITS, PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

/** A plenary with a facilitator, two participants and an observer; Ana in group A. */
function room() {
  const h = new DomainHarness();
  const fac = h.join('Fatou', 'facilitator');
  const ana = h.join('Ana', 'participant');
  const ben = h.join('Ben', 'participant');
  const obs = h.join('Olga', 'observer');
  h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
  h.ok({ type: 'member.move', memberId: ana.memberId, groupId: 'ga' }, fac);
  return { h, fac, ana, ben, obs };
}

describe('chat', () => {
  it('posts in the poster’s group, to the facilitators privately; observers read, never post', () => {
    const { h, fac, ana, ben, obs } = room();
    h.ok({ type: 'chat.post', channel: 'group', text: 'Bonjour le groupe A' }, ana);
    h.ok({ type: 'chat.post', channel: 'facilitators', text: 'Puis-je partir plus tôt ?' }, ben);
    h.ok({ type: 'chat.post', channel: 'group', text: 'Bienvenue', groupId: 'ga' }, fac);
    expect(h.state.chat?.map((m) => [m.groupId, m.channel, m.text])).toEqual([
      ['ga', 'group', 'Bonjour le groupe A'],
      [PLENARY_ID, 'facilitators', 'Puis-je partir plus tôt ?'],
      ['ga', 'group', 'Bienvenue'],
    ]);
    expect(h.run({ type: 'chat.post', channel: 'group', text: 'x' }, obs)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(h.run({ type: 'chat.post', channel: 'group', text: 'x', groupId: PLENARY_ID }, ana)).toMatchObject(
      { ok: false, error: { code: 'forbidden' } },
    );
    // Length is checked on the way in.
    const long = 'a'.repeat(CHAT_LIMITS.textMax + 1);
    expect(commandSchema.safeParse({ type: 'chat.post', text: long }).success).toBe(false);
    expect(commandSchema.safeParse({ type: 'chat.post', text: '   ' }).success).toBe(false);
    expect(commandSchema.parse({ type: 'chat.post', text: ' ok ' })).toEqual({
      type: 'chat.post',
      channel: 'group',
      text: 'ok',
    });
  });

  it('a facilitator answers one participant privately; nobody else may, and only to a participant', () => {
    const { h, fac, ana, ben, obs } = room();
    h.ok({ type: 'chat.post', channel: 'facilitators', text: 'Puis-je partir plus tôt ?' }, ana);
    h.ok({ type: 'chat.post', channel: 'facilitators', to: ana.memberId, text: 'Oui, à 18 h.' }, fac);
    expect(h.state.chat!.at(-1)).toMatchObject({
      channel: 'facilitators',
      groupId: 'ga',
      authorId: fac.memberId,
      to: ana.memberId,
      text: 'Oui, à 18 h.',
    });
    const refused = (command: Parameters<typeof h.run>[0], actor: typeof fac, code: string) =>
      expect(h.run(command, actor)).toMatchObject({ ok: false, error: { code } });
    // A facilitator's post in the private channel must name whom it answers.
    refused({ type: 'chat.post', channel: 'facilitators', text: 'À qui ?' }, fac, 'bad_request');
    // Only facilitators answer privately, and only in that channel.
    refused(
      { type: 'chat.post', channel: 'facilitators', to: ben.memberId, text: 'Psst' },
      ana,
      'bad_request',
    );
    refused({ type: 'chat.post', channel: 'group', to: ana.memberId, text: 'x' }, fac, 'bad_request');
    // To a participant of the session only.
    refused({ type: 'chat.post', channel: 'facilitators', to: obs.memberId, text: 'x' }, fac, 'not_found');
    refused({ type: 'chat.post', channel: 'facilitators', to: 'm-nobody', text: 'x' }, fac, 'not_found');
  });

  it('limits the pace from the log: a burst, then wait', () => {
    const { h, ben } = room();
    for (let i = 0; i < CHAT_LIMITS.burst; i++)
      h.ok({ type: 'chat.post', channel: 'group', text: `m${i}` }, ben);
    expect(h.run({ type: 'chat.post', channel: 'group', text: 'encore' }, ben)).toMatchObject({
      ok: false,
      error: { code: 'limit_exceeded' },
    });
    h.advance(CHAT_LIMITS.windowMs);
    h.ok({ type: 'chat.post', channel: 'group', text: 'encore' }, ben);
  });

  it('hides a message: gone from every live view, kept in the log with who hid it', () => {
    const { h, fac, ana, ben } = room();
    h.ok({ type: 'chat.post', channel: 'group', text: 'Propos injurieux' }, ana);
    const id = h.state.chat![0]!.id;
    expect(h.run({ type: 'chat.hide', messageId: id }, ben)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const [hidden] = h.ok({ type: 'chat.hide', messageId: id }, fac);
    expect(hidden).toMatchObject({ type: 'chat.hidden', data: { messageId: id, by: fac.memberId } });
    expect(h.state.chat![0]).toMatchObject({ text: '', hidden: { by: fac.memberId } });
    for (const audience of AUDIENCES) {
      expect(JSON.stringify(project(h.state, audience, ben.memberId))).not.toContain('injurieux');
    }
    expect(h.log.find((e) => e.type === 'chat.posted')).toMatchObject({ data: { text: 'Propos injurieux' } });
    expect(h.run({ type: 'chat.hide', messageId: id }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });
});

describe('chat in the projection, per audience and per reader', () => {
  function scripted() {
    const r = room();
    const { h, fac, ana, ben } = r;
    h.ok({ type: 'chat.post', channel: 'group', text: 'Public A' }, ana);
    h.ok({ type: 'chat.post', channel: 'facilitators', text: 'Secret de Ben' }, ben);
    h.ok({ type: 'chat.post', channel: 'facilitators', text: 'Secret d’Ana' }, ana);
    h.ok({ type: 'chat.hide', messageId: h.state.chat![2]!.id }, fac);
    h.ok({ type: 'chat.post', channel: 'group', text: 'Public plénière' }, ben);
    h.ok({ type: 'chat.post', channel: 'facilitators', to: ben.memberId, text: 'Réponse à Ben' }, fac);
    return r;
  }

  it('facilitators read every message; a participant reads their own group’s messages and only their own private ones; an observer the plenary’s', () => {
    const { h, ana, ben, obs } = scripted();
    const texts = (audience: 'facilitators' | 'public', viewer?: string) =>
      project(h.state, audience, viewer).chat!.map((m) => m.text);
    expect(texts('facilitators')).toEqual([
      'Public A',
      'Secret de Ben',
      '',
      'Public plénière',
      'Réponse à Ben',
    ]);
    // Ben reads his question and the facilitators' private answer to him; nobody else reads either.
    expect(texts('public', ben.memberId)).toEqual(['Secret de Ben', 'Public plénière', 'Réponse à Ben']);
    // Ana's own private message was hidden: she keeps it, without its text; the plenary's is not hers.
    expect(texts('public', ana.memberId)).toEqual(['Public A', '']);
    expect(texts('public', obs.memberId)).toEqual(['Public plénière']);
    expect(texts('public')).toEqual(['Public plénière']);
    // The events others receive of a private message say nothing of it.
    const benSecret = h.log.find(
      (e) => e.type === 'chat.posted' && JSON.stringify(e).includes('Secret de Ben'),
    )!;
    const reader = (id: string) => chatReaderOf(h.state, id);
    const forObserver = JSON.stringify(projectEvent(benSecret, 'public', reader(obs.memberId)));
    expect(forObserver).not.toContain('Secret');
    expect(forObserver).not.toContain(ben.memberId);
    expect(JSON.stringify(projectEvent(benSecret, 'public', reader(ben.memberId)))).toContain(
      'Secret de Ben',
    );
    // Nor do those of another group's message, to a participant or an observer.
    const groupA = h.log.find((e) => e.type === 'chat.posted' && JSON.stringify(e).includes('Public A'))!;
    for (const other of [ben, obs]) {
      const read = JSON.stringify(projectEvent(groupA, 'public', reader(other.memberId)));
      expect(read).not.toContain('Public A');
      expect(read).not.toContain(ana.memberId);
    }
  });

  it('commutes with evolve for every reader: replaying the events one receives gives the state one is shown', () => {
    const { h, fac, ana, ben, obs } = scripted();
    const readers = [
      ['facilitators', fac.memberId],
      ['public', ana.memberId],
      ['public', ben.memberId],
      ['public', obs.memberId],
      ['public', undefined],
    ] as const;
    for (const [audience, viewer] of readers) {
      let client = project(evolve(undefined, h.log[0]!), audience, viewer);
      const reader = chatReaderOf(h.state, viewer);
      for (const event of h.log.slice(1)) client = evolve(client, projectEvent(event, audience, reader));
      expect(client).toEqual(project(h.state, audience, viewer));
    }
  });
});
