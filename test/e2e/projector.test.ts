import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/session/commands.js';
import type { Actor, SessionState } from '../../shared/session/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { versionRecord } from '../helpers/domain.js';
import { startServer } from '../helpers/server.js';
import {
  accessibilityViolations,
  join,
  newPerson,
  notFullyShown,
  pageShot,
  scrollsVertically,
  text,
  useBrowser,
} from './browser.js';

const browser = useBrowser();

describe('the projector in a real browser', () => {
  it('follows the group a facilitator puts on screen, then shows the harvest with the vote and its blocking objections, at 1920×1080 without scrolling', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { session, invites } = await server.createSession({
      title: 'Forum citoyen — Mobilités',
      groups: [{ name: 'Mobilités' }],
    });
    const sessions = server.palabre.sessions;
    const admin: Actor = { kind: 'admin' };
    const run = async (command: Command, actor: Actor = admin) => {
      const result = await sessions.execute(session.id, command, actor);
      if (!result.ok) throw new Error(`${command.type}: ${result.error.message}`);
      return result;
    };
    const state = async (): Promise<SessionState> => (await sessions.get(session.id))!;
    const groupId = session.groupOrder.find((id) => id !== PLENARY_ID)!;
    const phase = (kind: string) => session.agenda.find((p) => p.kind === kind)!.id;

    const fac = await newPerson(browser(), { width: 1440, height: 900 });
    const screen = await newPerson(browser(), { width: 1920, height: 1080 });
    await join(fac.page, invites.facilitator.url, 'Camille');
    await join(screen.page, invites.observer.url, 'Écran de la salle');
    expect(await text(screen.page, 'group-name')).toBe('Plénière');

    // Two participants, joined as the server does for an invite.
    const joinAs = async (name: string) => {
      await run({ type: 'member.join', name, role: 'participant' }, { kind: 'system' });
      const member = Object.values((await state()).members).find((m) => m.name === name)!;
      return { kind: 'member', memberId: member.id } as const;
    };
    const ana = await joinAs('Ana');
    const ben = await joinAs('Ben');
    await run({ type: 'member.move', memberId: ana.memberId, groupId });
    await run({ type: 'member.move', memberId: ben.memberId, groupId });

    // The facilitator puts the breakout group on screen: the projector follows it, nobody is moved.
    await fac.page.getByTestId('focus-group').selectOption({ label: 'Mobilités' });
    await fac.page.getByTestId('projector-follow').click();
    await expect.poll(() => text(screen.page, 'group-name')).toBe('Mobilités');
    expect(await text(fac.page, 'projector-following')).toContain('Mobilités');
    const log = await sessions.eventsAfter(session.id, 0);
    const followed = log.filter((e) => e.type === 'projector.followed');
    expect(followed.map((e) => e.data)).toEqual([{ groupId }]);
    expect((await state()).members[followed[0]!.actor]?.name).toBe('Camille');
    expect((await state()).members[ana.memberId]?.groupId).toBe(groupId);
    // Who is connected, per group, as on the facilitator's console: Ana's arrival shows at once (Ben is not).
    const anaGroup = screen.page.locator(`[data-testid="groups-table"] tr[data-group="${groupId}"]`);
    await run({ type: 'presence.enter', memberId: ana.memberId }, { kind: 'system' });
    await expect.poll(() => anaGroup.getByTestId('group-connected').textContent()).toBe('1 sur 2');

    // The group debates, Ana speaking and Ben waiting: the clock, the speaker and the queue are on screen.
    await run({ type: 'phase.goto', groupId, to: { phaseId: phase('debate') } });
    await run({ type: 'hand.raise' }, ana);
    await run({ type: 'hand.raise' }, ben);
    await run({ type: 'floor.give', groupId, turnId: null });
    await expect.poll(() => text(screen.page, 'speaker-name')).toContain('Ana');
    await screen.page.getByTestId('queue-list').getByText('Ben').waitFor();
    for (const id of ['phase-clock', 'speaker', 'queue-list']) {
      expect(await notFullyShown(screen.page.getByTestId(id)), id).toEqual([]);
    }
    expect(await scrollsVertically(screen.page)).toBe(false);
    await pageShot(screen.page, 'projector-debate-fr-1920x1080');

    // The group's eight drafts come back to the plenary (the group closes: the projector is back on the
    // plenary), the plenary votes by consent, one blocking objection on the second item, then the presentation.
    const titles = [
      'Une piste cyclable rue Haute',
      'Fermer le centre aux voitures',
      'Des bus toutes les dix minutes aux heures de pointe, de la gare à l’hôpital',
      'Un parking vélo sécurisé à chaque école',
      'La gratuité des transports pour les moins de 18 ans',
      'Des trottoirs élargis et sans obstacle autour du marché',
      'Une navette électrique le dimanche vers les villages',
      'Une consultation annuelle des habitants sur le plan de circulation',
    ];
    await run(
      versionRecord(
        groupId,
        'v1',
        titles.map((title, i) => ({ id: `r${i + 1}`, title, body: '', authors: [ana.memberId] })),
      ),
      { kind: 'system' },
    );
    await run({ type: 'harvest.collect' });
    await expect.poll(() => text(screen.page, 'group-name')).toBe('Plénière');
    await run({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: phase('vote') } });
    await run({ type: 'vote.open', method: { kind: 'consent' }, secret: false, title: 'Consentement' });
    const vote = (await state()).votes[0]!;
    // The first item 1 and 2 (mean 1.5), the second 5 (a block) and 2, the others 2 and 3.
    const ballot = (first: number, second: number) =>
      Object.fromEntries(
        vote.items.map((item, i) => [item.id, i === 0 ? first : i === 1 ? second : first + 1]),
      );
    await run({ type: 'ballot.cast', voteId: vote.id, ballot: ballot(1, 5) }, ana);
    await run({ type: 'ballot.cast', voteId: vote.id, ballot: ballot(2, 2) }, ben);
    await run({ type: 'vote.close', voteId: vote.id });
    await run({
      type: 'phase.goto',
      groupId: PLENARY_ID,
      to: { phaseId: phase('presentation') },
      back: true,
    });

    const board = screen.page.getByTestId('harvest-board');
    await board.waitFor();
    const rows = board.getByTestId('harvest-row');
    await expect.poll(() => rows.count()).toBe(8);
    const cars = rows.filter({ hasText: 'Fermer le centre aux voitures' });
    expect(await rows.nth(0).textContent()).toContain('Une piste cyclable rue Haute');
    expect(await rows.nth(0).getByTestId('harvest-figures').textContent()).toBe(
      'moyenne 1,5 (1 = soutien total) · 2 réponses',
    );
    expect(await rows.nth(0).getByTestId('harvest-blocks').count()).toBe(0);
    expect(await cars.getByTestId('harvest-blocks').textContent()).toBe('1 objection bloquante');
    await pageShot(screen.page, 'projector-presentation-fr-1920x1080');
    // The whole board on the room's screen: every row and the large clock, none cut off by a column's edge.
    expect(await notFullyShown(rows)).toEqual([]);
    expect(await notFullyShown(screen.page.getByTestId('phase-clock'))).toEqual([]);
    expect(await scrollsVertically(screen.page)).toBe(false);
    expect(await screen.page.locator('main button, main input, main textarea, main select').count()).toBe(0);
    expect(await accessibilityViolations(screen.page)).toEqual([]);

    await screen.page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => cars.getByTestId('harvest-blocks').textContent()).toBe('1 blocking objection');
    expect(await notFullyShown(rows)).toEqual([]);
    expect(await scrollsVertically(screen.page)).toBe(false);
    expect(await accessibilityViolations(screen.page)).toEqual([]);
    await pageShot(screen.page, 'projector-presentation-en-1920x1080');
    await fac.context.close();
    await screen.context.close();
  });
});
