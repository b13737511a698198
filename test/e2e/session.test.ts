import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../helpers/server.js';
import { join, launchBrowser, newPerson, screenshot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const serve = (env: Record<string, string> = {}) => startServer({ env: { SERVE_CLIENT: 'true', ...env } });

async function phaseName(page: Page): Promise<string> {
  return (await page.getByTestId('phase-name').first().textContent()) ?? '';
}

describe('the web page in a real browser', () => {
  it('runs a session: facilitator, two participants and an observer, each in their own browser', async () => {
    const server = await serve();
    const { invites } = await server.createSession({ title: 'Atelier du quartier Nord' });
    const fac = await newPerson(browser);
    const alice = await newPerson(browser);
    const bob = await newPerson(browser, { locale: 'en-GB' });
    const obs = await newPerson(browser, { width: 1600, height: 1000 });

    await join(fac.page, invites.facilitator.url, 'Camille');
    await join(alice.page, invites.participant.url, 'Alice');
    await join(bob.page, invites.participant.url, 'Bob');
    await join(obs.page, invites.observer.url, 'Projecteur');
    expect(await fac.page.getAttribute('[data-role]', 'data-role')).toBe('facilitator');
    expect(await obs.page.getAttribute('[data-role]', 'data-role')).toBe('observer');
    // Language from the browser: Bob's is English, the others French.
    expect(await bob.page.getAttribute('html', 'lang')).toBe('en');
    expect(await alice.page.getAttribute('html', 'lang')).toBe('fr');
    await alice.page.getByText('Aucune étape en cours.').waitFor();

    // The facilitator starts the debate for all groups.
    await fac.page.getByTestId('phase-goto').selectOption({ label: 'Débat' });
    await fac.page.getByTestId('phase-goto-submit').click();
    for (const { page } of [alice, bob, obs]) {
      await page.getByTestId('phase-name').waitFor();
      expect(await phaseName(page)).toBe('Débat');
    }
    // Remaining time is drawn from plannedEndAt and the server clock: 30 min phase.
    await expect
      .poll(() => alice.page.getByTestId('phase-time').textContent())
      .toMatch(/encore (29|30):\d\d/);
    await expect.poll(() => bob.page.getByTestId('phase-time').textContent()).toMatch(/(29|30):\d\d left/);
    // The phase change was announced to screen readers.
    await expect.poll(() => alice.page.getByTestId('live-polite').textContent()).toContain('Débat');

    // An announcement reaches everyone, read out at once.
    await fac.page.getByTestId('announcement-text').fill('Pause café à 20 h');
    await fac.page.getByRole('button', { name: 'Annoncer' }).click();
    await expect.poll(() => bob.page.getByTestId('live-urgent').textContent()).toContain('Pause café');
    await obs.page.getByTestId('announcements').getByText('Pause café à 20 h').waitFor();

    // The observer has no controls and cannot type anywhere.
    expect(await obs.page.locator('main button, main input, main textarea, main select').count()).toBe(0);

    // Bob switches to French with the language switch.
    await bob.page.getByRole('button', { name: 'FR' }).click();
    expect(await bob.page.getAttribute('html', 'lang')).toBe('fr');
    await bob.page.getByText(/encore \d+:\d\d/).waitFor();

    await screenshot(fac.page, 'facilitator-console');
    await screenshot(alice.page, 'participant');
    await screenshot(obs.page, 'observer');

    // A new group; Alice moves there; she sees it and the console counts her there.
    await fac.page.getByTestId('group-create-name').fill('Mobilités');
    await fac.page.getByRole('button', { name: 'Créer le groupe' }).click();
    await fac.page.locator('[data-group] th', { hasText: 'Mobilités' }).waitFor();
    const aliceRow = fac.page.locator('tr[data-member]', { hasText: 'Alice' });
    await aliceRow.getByRole('combobox').selectOption({ label: 'Mobilités' });
    await aliceRow.getByRole('button', { name: 'Déplacer' }).click();
    await expect.poll(() => alice.page.getByTestId('group-name').textContent()).toBe('Mobilités');
    await expect.poll(() => alice.page.getByTestId('live-urgent').textContent()).toContain('Mobilités');

    // A reload mid-session comes back as the same member, in the same group, without asking the name again.
    const members = await fac.page.locator('tr[data-member]').count();
    await alice.page.reload();
    await alice.page.locator('[data-role="participant"]').waitFor();
    expect(await alice.page.getByTestId('group-name').textContent()).toBe('Mobilités');
    expect(await fac.page.locator('tr[data-member]').count()).toBe(members);
    await screenshot(alice.page, 'participant-after-reload');
  });

  it('shows "reconnecting" while the server is away and comes back by itself', async () => {
    const server = await serve();
    const { invites } = await server.createSession({ title: 'Assemblée citoyenne' });
    const fac = await newPerson(browser);
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
    const { page } = await newPerson(browser);
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
