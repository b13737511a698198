import { describe, expect, it } from 'vitest';
import { connectClient, startServer } from '../helpers/server.js';
import { join, newPerson, screenshot, useBrowser } from './browser.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';

const browser = useBrowser();

const serve = (env: Record<string, string> = {}) => startServer({ env: { SERVE_CLIENT: 'true', ...env } });

describe('the web page in a real browser', () => {
  it('shows "reconnecting" while the server is away and comes back by itself', async () => {
    const server = await serve();
    const { invites } = await server.createSession({ title: 'Assemblée citoyenne' });
    const fac = await newPerson(browser());
    await join(fac.page, invites.facilitator.url, 'Camille');
    const port = new URL(server.url).port;
    await server.stop();
    await fac.page.locator('[data-status="reconnecting"]').waitFor();
    await fac.page.getByText('Connexion perdue, reconnexion…').first().waitFor();
    await screenshot(fac.page, 'reconnecting');
    await startServer({ dataDir: server.dataDir, env: { SERVE_CLIENT: 'true', PORT: port } });
    await fac.page.locator('[data-status="connected"]').waitFor({ timeout: 15_000 });
    expect(await fac.page.getByTestId('session-status').getAttribute('data-status')).toBe('scheduled');
  });

  it('explains expired and forged invites plainly', async () => {
    const server = await serve();
    const { session, invites } = await server.createSession();
    const expired = await server.api('POST', `/api/sessions/${session.id}/invites`, {
      role: 'participant',
      ttlHours: 1e-7,
    });
    const { page } = await newPerson(browser());
    await page.goto(expired.body.invite.url);
    await page.locator('[data-testid="refused"][data-code="token_expired"]').waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('Cette invitation a expiré');
    await screenshot(page, 'invite-expired');

    const [body] = invites.participant.token.split('.');
    await page.goto(`${server.url}/join#${body}.forgedsignature`);
    await page.locator('[data-testid="refused"][data-code="unauthenticated"]').waitFor();
    await page.goto(`${server.url}/join#not-a-token`);
    await page.locator('[data-testid="refused"][data-code="unauthenticated"]').waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('n’est pas valide');
    await screenshot(page, 'invite-forged');
  });
});

describe('keyboard only', () => {
  it('joins, raises a hand and gives the floor back without a mouse, with a visible focus', async () => {
    const server = await serve();
    const { session, invites } = await server.createSession({ title: 'Clavier seulement' });
    const facilitator = await connectClient(server.url, {
      token: invites.facilitator.token,
      name: 'Camille',
    });
    const debate = session.agenda.find((p: { kind: string }) => p.kind === 'debate')!;
    const { page } = await newPerson(browser());
    await page.goto(invites.participant.url);
    // The name field has the focus on arrival; Enter submits.
    await page.getByTestId('join-name').waitFor();
    await page.keyboard.type('Nour');
    await page.keyboard.press('Enter');
    await page.locator('[data-role="participant"]').waitFor();
    expect(
      await facilitator.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: debate.id } }),
    ).toMatchObject({
      ok: true,
    });
    await page.getByRole('button', { name: 'Lever la main' }).waitFor();

    const focusOn = async (label: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
        if (focused === label) return;
      }
      throw new Error(`Tab never reached "${label}"`);
    };
    await focusOn('Lever la main');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('your-place').textContent()).toBe('Votre place : 1 sur 1');
    await screenshot(page, 'participant-keyboard');
    const nour = Object.values(facilitator.state!.members).find((m) => m.name === 'Nour')!;
    await facilitator.command({
      type: 'floor.give',
      groupId: 'plenary',
      memberId: nour.id,
      turnId: seenTurnId(facilitator.state!, 'plenary'),
    });
    await focusOn('Rendre la parole');
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.getByTestId('live-polite').textContent())
      .toContain('Fin de l’intervention de Nour');
  });
});
