import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer } from '../helpers/server.js';
import { gotoPhase, join, newPerson, screenshot, text, useBrowser } from './browser.js';

const browser = useBrowser();

/** The text of a co-edited field, without the others' cursor labels drawn inside it. */
const docText = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .first()
    .locator('.cm-content')
    .evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.cm-ySelectionCaret, .cm-placeholder').forEach((n) => n.remove());
      return Array.from(copy.querySelectorAll('.cm-line'))
        .map((line) => line.textContent)
        .join('\n');
    });
const remainingMs = async (page: Page) =>
  Number(await page.getByTestId('countdown').getAttribute('data-remaining-ms'));

describe('a deliberation in real browsers', () => {
  it('facilitator, two participants and an observer: debate, floor, drafting together, reload', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { invites } = await server.createSession({ title: 'Atelier du quartier Nord' });
    const fac = await newPerson(browser(), { height: 1000 });
    const alice = await newPerson(browser());
    const bob = await newPerson(browser(), { locale: 'en-GB' });
    const obs = await newPerson(browser(), { width: 1600, height: 1000 });

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
    await alice.page.getByText('La prise de parole est fermée pendant cette étape.').waitFor();

    // The facilitator starts the debate in every group.
    await gotoPhase(fac.page, 'Débat');
    for (const { page } of [alice, obs]) {
      await expect.poll(() => text(page, 'phase-name')).toBe('Débat');
    }
    // The built-in phase is named in each reader's language.
    await expect.poll(() => text(bob.page, 'phase-name')).toBe('Debate');
    // Remaining time comes from plannedEndAt and the server clock: a 30-minute phase.
    await expect.poll(() => text(alice.page, 'phase-time')).toMatch(/encore (29|30):\d\d/);
    await expect.poll(() => text(bob.page, 'phase-time')).toMatch(/(29|30):\d\d left/);
    await expect.poll(() => text(alice.page, 'live-polite')).toContain('Débat');

    // Alice raises her hand; she sees her place; the facilitator gives her the floor.
    await alice.page.getByRole('button', { name: 'Lever la main' }).click();
    await expect.poll(() => text(alice.page, 'your-place')).toBe('Votre place : 1 sur 1');
    await fac.page.getByTestId('queue-list').getByText('Alice').waitFor();
    await fac.page.getByTestId('floor-next').click();
    await expect.poll(() => text(alice.page, 'speaker-name')).toBe('Vous avez la parole');
    await expect.poll(() => text(alice.page, 'live-urgent')).toContain('Vous avez la parole.');
    await expect.poll(() => text(bob.page, 'speaker-name')).toBe('Alice');
    await expect.poll(() => text(bob.page, 'live-urgent')).toContain('Alice has the floor.');
    await expect.poll(() => text(obs.page, 'speaker-name')).toBe('Alice');
    // The countdown runs (a 2-minute turn), drawn locally from endsAt and the clock offset.
    await expect.poll(() => text(bob.page, 'countdown')).toMatch(/^(1:[0-5]\d|2:00) left$/);
    const first = await remainingMs(obs.page);
    expect(first).toBeGreaterThan(100_000);
    await expect.poll(() => remainingMs(obs.page), { timeout: 5000 }).toBeLessThan(first - 1000);

    // Bob asks for a direct reply: it is queued and counted in the console.
    await bob.page.getByRole('button', { name: 'Direct reply' }).click();
    await expect.poll(() => text(bob.page, 'your-place')).toBe('Your place: 1 of 1');
    await fac.page.locator('tr[data-group="plenary"]').getByText('Alice ·').waitFor();
    await screenshot(fac.page, 'facilitator-debate');
    await screenshot(bob.page, 'participant-debate');
    await screenshot(obs.page, 'observer-debate');

    // An announcement reaches everyone, read out at once.
    await fac.page.getByTestId('announcement-text').fill('Pause café à 20 h');
    await fac.page.getByRole('button', { name: 'Annoncer' }).click();
    await expect.poll(() => text(bob.page, 'live-urgent')).toContain('Pause café');
    await obs.page.getByTestId('announcements').getByText('Pause café à 20 h').waitFor();

    // Drafting: the document opens for participants, never for the observer.
    await gotoPhase(fac.page, 'Rédaction des préconisations');
    for (const { page } of [alice, bob]) {
      await page.locator('[data-testid="doc-mode"][data-readonly="false"]').waitFor();
    }
    expect(await obs.page.getByTestId('doc-mode').getAttribute('data-readonly')).toBe('true');
    expect(await text(obs.page, 'doc-mode')).toContain('Lecture seule');

    await alice.page.getByTestId('rec-add').click();
    await bob.page.getByTestId('rec-body').waitFor();
    await alice.page.getByTestId('rec-body').locator('.cm-content').click();
    await alice.page.keyboard.type('Plus de pistes cyclables.');
    await expect.poll(() => docText(bob.page, 'rec-body')).toContain('Plus de pistes cyclables.');
    await bob.page.getByTestId('rec-body').locator('.cm-content').click();
    await bob.page.keyboard.press('End');
    await bob.page.keyboard.type(' And benches.');
    await expect.poll(() => docText(alice.page, 'rec-body')).toBe('Plus de pistes cyclables. And benches.');
    // The others' cursors carry their names.
    await alice.page.locator('[data-testid="rec-body"] .cm-ySelectionInfo', { hasText: 'Bob' }).waitFor();
    await expect.poll(() => text(alice.page, 'doc-peers')).toContain('Bob');

    // The observer sees it all and cannot type.
    await expect.poll(() => docText(obs.page, 'rec-body')).toBe('Plus de pistes cyclables. And benches.');
    await obs.page.getByTestId('rec-body').locator('.cm-content').click();
    await obs.page.keyboard.type('graffiti');
    expect(await docText(obs.page, 'rec-body')).toBe('Plus de pistes cyclables. And benches.');
    expect(await obs.page.locator('main button, main input, main textarea, main select').count()).toBe(0);
    await alice.page.getByTestId('rec-title').locator('.cm-content').click();
    await screenshot(alice.page, 'participant-drafting');
    await screenshot(obs.page, 'observer-drafting');
    await screenshot(fac.page, 'facilitator-drafting');
    expect(await docText(alice.page, 'rec-body')).toBe('Plus de pistes cyclables. And benches.');

    // The facilitator locks the document: the participants' editors turn read-only at once, and say why.
    await fac.page.getByTestId('editing-mode').selectOption({ label: 'Verrouillée' });
    await alice.page.locator('[data-testid="doc-mode"][data-readonly="true"]').waitFor();
    expect(await text(alice.page, 'doc-mode')).toContain('verrouillé');
    await fac.page.getByTestId('editing-mode').selectOption({ label: 'Suit l’étape' });
    await alice.page.locator('[data-testid="doc-mode"][data-readonly="false"]').waitFor();

    // The observer clicked in the text, but publishes no cursor: only Bob's shows in Alice's editor.
    expect(await alice.page.locator('.cm-ySelectionInfo', { hasText: 'Projecteur' }).count()).toBe(0);

    // Bob switches to French.
    await bob.page.getByRole('button', { name: 'FR' }).click();
    expect(await bob.page.getAttribute('html', 'lang')).toBe('fr');
    await bob.page.getByText('Rédaction ouverte : vos modifications sont partagées en direct.').waitFor();

    // A reload mid-session comes back as the same member with the same text, without asking the name again.
    const members = await fac.page.locator('tr[data-member]').count();
    await alice.page.reload();
    await alice.page.locator('[data-role="participant"]').waitFor();
    await expect.poll(() => docText(alice.page, 'rec-body')).toBe('Plus de pistes cyclables. And benches.');
    expect(await fac.page.locator('tr[data-member]').count()).toBe(members);

    // A new group; Alice moves there, and sees its (empty) document.
    await fac.page.getByTestId('group-create-name').fill('Mobilités');
    await fac.page.getByRole('button', { name: 'Créer le groupe' }).click();
    await fac.page.locator('[data-group] th', { hasText: 'Mobilités' }).waitFor();
    const aliceRow = fac.page.locator('tr[data-member]', { hasText: 'Alice' });
    await aliceRow.getByRole('combobox').selectOption({ label: 'Mobilités' });
    await aliceRow.getByRole('button', { name: 'Déplacer' }).click();
    await expect.poll(() => text(alice.page, 'group-name')).toBe('Mobilités');
    await expect.poll(() => text(alice.page, 'live-urgent')).toContain('Mobilités');
    await alice.page.getByText('Aucune préconisation pour l’instant.').waitFor();
  });
});
