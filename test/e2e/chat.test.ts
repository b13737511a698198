import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { accessibilityViolations, join, newPerson, pageShot, useBrowser } from './browser.js';

const browser = useBrowser();

describe('chat in real browsers', () => {
  it('posts in the group, asks the facilitators privately and gets a private answer, and a facilitator hides a message, for each role', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { invites } = await server.createSession({ title: 'Atelier de quartier — Place du marché' });
    const fac = await newPerson(browser(), { width: 1440, height: 900 });
    const alice = await newPerson(browser());
    const bob = await newPerson(browser(), { locale: 'en-GB' });
    const obs = await newPerson(browser(), { width: 1920, height: 1080 });
    await join(fac.page, invites.facilitator.url, 'Camille');
    await join(alice.page, invites.participant.url, 'Alice');
    await join(bob.page, invites.participant.url, 'Bob');
    await join(obs.page, invites.observer.url, 'Projecteur');
    const chat = (page: typeof fac.page) => page.getByTestId('chat');

    // Alice writes to her group (the plenary): everyone reads it, the projector too.
    await chat(alice.page).getByTestId('chat-text').fill('Bonjour à toutes et à tous');
    await chat(alice.page).getByTestId('chat-text').press('Enter');
    for (const { page } of [fac, alice, bob, obs]) {
      await chat(page).getByTestId('chat-message').getByText('Bonjour à toutes et à tous').waitFor();
    }
    expect(await chat(alice.page).getByTestId('chat-text').inputValue()).toBe('');

    // Bob asks the facilitators privately.
    await chat(bob.page).getByLabel('the facilitators only (private)').check();
    await chat(bob.page).getByTestId('chat-text').fill('Can I leave at nine?');
    await chat(bob.page).getByTestId('chat-send').click();
    await bob.page.getByTestId('chat-questions').getByText('Can I leave at nine?').waitFor();
    await fac.page.getByTestId('chat-questions').getByText('Can I leave at nine?').waitFor();
    // The others never receive it.
    expect(await alice.page.getByText('Can I leave at nine?').count()).toBe(0);
    expect(await obs.page.getByText('Can I leave at nine?').count()).toBe(0);
    expect(await alice.page.getByTestId('chat-questions').count()).toBe(0);

    // The facilitator answers Bob privately, from his question: Bob reads it, Alice and the projector never do.
    await fac.page
      .getByTestId('chat-questions')
      .getByRole('button', { name: 'Répondre en privé à Bob' })
      .click();
    expect(await chat(fac.page).getByTestId('chat-answering').textContent()).toContain(
      'Réponse privée à Bob',
    );
    await expect
      .poll(() => fac.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('chat-text');
    await fac.page.keyboard.type('Yes, the bus leaves at 9:10.');
    await fac.page.keyboard.press('Enter');
    await bob.page.getByTestId('chat-questions').getByText('Yes, the bus leaves at 9:10.').waitFor();
    expect(await bob.page.getByTestId('chat-questions').textContent()).toContain('→ Bob (private)');
    await fac.page.getByTestId('chat-questions').getByText('Yes, the bus leaves at 9:10.').waitFor();
    expect(await chat(fac.page).getByTestId('chat-answering').count()).toBe(0);
    expect(await alice.page.getByText('the bus leaves').count()).toBe(0);
    expect(await obs.page.getByText('the bus leaves').count()).toBe(0);

    // The facilitator hides Alice's message: it says who hid it, the text is gone from every page.
    await chat(fac.page).getByRole('button', { name: 'Masquer le message de Alice' }).click();
    await expect
      .poll(() => chat(obs.page).locator('[data-hidden="true"]').textContent())
      .toContain('message masqué par Camille');
    await expect
      .poll(() => chat(bob.page).locator('[data-hidden="true"]').textContent())
      .toContain('message hidden by Camille');
    for (const { page } of [fac, alice, bob, obs]) {
      await expect.poll(() => page.getByText('Bonjour à toutes et à tous').count()).toBe(0);
    }
    // Observers read, never write.
    expect(await chat(obs.page).getByTestId('chat-text').count()).toBe(0);

    for (const { page } of [fac, alice, bob, obs]) expect(await accessibilityViolations(page)).toEqual([]);
    await pageShot(alice.page, 'participant-fr-1280x860');
    await pageShot(bob.page, 'participant-en-1280x860');
    for (const p of [fac, alice, bob, obs]) await p.context.close();
  });
});
