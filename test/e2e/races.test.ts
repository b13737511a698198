import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectClient, startServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { queueOrder } from '../../shared/session/floor/order.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { join, newPerson, text, useBrowser } from './browser.js';

const browser = useBrowser();

/**
 * Holds back the session events the server pushes to a page (socket.io EVENT frames, `42…`), while letting
 * acknowledgements and pings through: the page keeps showing what it showed, exactly as the screen of a
 * facilitator who clicks at the same instant as another one. `release` delivers what was held, in order.
 */
async function staleScreen(page: Page): Promise<{ hold(): void; release(): void }> {
  let holding = false;
  let held: (string | Buffer)[] = [];
  let deliver: (message: string | Buffer) => void = () => undefined;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    deliver = (message) => ws.send(message);
    server.onMessage((message) => {
      if (holding && typeof message === 'string' && message.startsWith('42')) held.push(message);
      else ws.send(message);
    });
  });
  return {
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const message of held) deliver(message);
      held = [];
    },
  };
}

/** The plenary's phase.started events in the log, in order (one per step it took). */
async function plenarySteps(server: TestServer, sessionId: string): Promise<string[]> {
  const events: SessionEvent[] = await server.palabre.sessions.eventsAfter(sessionId, 0);
  return events.flatMap((e) =>
    e.type === 'phase.started' && e.data.groupId === PLENARY_ID ? [e.data.phaseId] : [],
  );
}

describe('clicks that mean what the clicker saw, in real browsers', () => {
  it('two facilitators click "next phase" at once, a double click, and moves back that ask first', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { session, invites } = await server.createSession({
      title: 'Atelier à deux animatrices',
      groups: [{ name: 'Mobilités' }],
    });
    const camille = await newPerson(browser());
    const dana = await newPerson(browser());
    const danaScreen = await staleScreen(dana.page);
    await join(camille.page, invites.facilitator.url, 'Camille');
    await join(dana.page, invites.facilitator.url, 'Dana');
    const current = (page: Page) => text(page, 'phase-current');

    // Camille starts the agenda; both consoles show it.
    await camille.page.getByTestId('phase-first').click();
    for (const { page } of [camille, dana])
      await expect.poll(() => current(page)).toBe('En ce moment : Accueil');

    // Both click "next" on the same screen: Camille's lands first, Dana's came too late and says so.
    danaScreen.hold();
    await camille.page.getByTestId('phase-next').click();
    await expect.poll(() => current(camille.page)).toBe('En ce moment : Information');
    expect(await current(dana.page)).toBe('En ce moment : Accueil');
    await dana.page.getByTestId('phase-next').click();
    const alert = dana.page.locator('#phase-controls-heading ~ p[role="alert"]');
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^Trop tard : les groupes avaient déjà changé d’étape/);
    danaScreen.release();
    await expect.poll(() => current(dana.page)).toBe('En ce moment : Information');
    expect(await plenarySteps(server, session.id)).toEqual(['p1', 'p2']);

    // A double click moves one step. The announcement sent after it lands after anything the double click sent.
    await camille.page.getByTestId('phase-next').dblclick();
    await expect.poll(() => current(camille.page)).toBe('En ce moment : Débat');
    await camille.page.getByTestId('announcement-text').fill('Fin du double clic');
    await camille.page.getByRole('button', { name: 'Annoncer' }).click();
    await camille.page.getByTestId('announcements').getByText('Fin du double clic').waitFor();
    expect(await plenarySteps(server, session.id)).toEqual(['p1', 'p2', 'p3']);

    // Once every group runs, "Lancer le déroulé" no longer restarts everything in one click.
    expect(await camille.page.getByTestId('phase-first').isDisabled()).toBe(true);
    // "Aller à l'étape" starts from the current phase, not the first one.
    expect(await camille.page.getByTestId('phase-goto').inputValue()).toBe('p3');

    // Going back asks first, naming each group and where it goes; declining sends nothing.
    const asked: string[] = [];
    camille.page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await camille.page.getByTestId('phase-goto').selectOption({ label: 'Accueil' });
    await camille.page.getByTestId('phase-goto-submit').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('Ramener 2 groupes en arrière ?');
    expect(asked[0]).toContain('Plénière : Débat → Accueil');
    expect(asked[0]).toContain('Mobilités : Débat → Accueil');
    camille.page.once('dialog', (dialog) => void dialog.accept());
    await camille.page.getByTestId('phase-goto-submit').click();
    await expect.poll(() => current(camille.page)).toBe('En ce moment : Accueil');
    expect(await plenarySteps(server, session.id)).toEqual(['p1', 'p2', 'p3', 'p1']);
  });

  it('two facilitators skip the same person at once: passed over once, the second is told it came too late', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { invites } = await server.createSession({
      title: 'File à deux animatrices',
      agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
    });
    const camille = await newPerson(browser());
    const dana = await newPerson(browser());
    const danaScreen = await staleScreen(dana.page);
    await join(camille.page, invites.facilitator.url, 'Camille');
    await join(dana.page, invites.facilitator.url, 'Dana');
    await camille.page.getByTestId('phase-first').click();
    // Three hands up, in this order; auto-advance is off so that nobody gets the floor on their own.
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Régie' });
    expect((await fac.command({ type: 'queue.settings', groupId: PLENARY_ID, autoAdvance: false })).ok).toBe(
      true,
    );
    for (const name of ['Ana', 'Ben', 'Cléo']) {
      const p = await connectClient(server.url, { token: invites.participant.token, name });
      expect((await p.command({ type: 'hand.raise' })).ok).toBe(true);
    }
    const queue = (page: Page) => page.getByTestId('queue-list').locator('.member-name').allTextContents();
    for (const { page } of [camille, dana])
      await expect.poll(() => queue(page)).toEqual(['Ana', 'Ben', 'Cléo']);

    // Both skip Ana on the same screen: Camille's lands, Dana's is refused and says why.
    danaScreen.hold();
    await camille.page.getByRole('button', { name: 'Passer Ana' }).click();
    await expect.poll(() => queue(camille.page)).toEqual(['Ben', 'Ana', 'Cléo']);
    await dana.page.getByRole('button', { name: 'Passer Ana' }).click();
    await expect
      .poll(() => dana.page.locator('section.controls p[role="alert"]').textContent())
      .toBe('Trop tard : la file d’attente avait déjà changé avant votre clic. Rien n’a été fait.');
    danaScreen.release();
    await expect.poll(() => queue(dana.page)).toEqual(['Ben', 'Ana', 'Cléo']);
    const state = (await server.palabre.sessions.get(fac.welcome!.sessionId))!;
    expect(queueOrder(state, PLENARY_ID).map((e) => state.members[e.memberId]!.name)).toEqual([
      'Ben',
      'Ana',
      'Cléo',
    ]);
  });
});
