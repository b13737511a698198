import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { gotoPhase, join, newPerson, screenshot, text, useBrowser } from './browser.js';

const browser = useBrowser();

describe('outcomes in real browsers', () => {
  it('draw, drafting, harvest, a secret approval vote, results everywhere, the report', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { invites } = await server.createSession({ title: 'Forum du quartier Sud' });
    const fac = await newPerson(browser(), { height: 1000 });
    const alice = await newPerson(browser());
    const bob = await newPerson(browser(), { locale: 'en-GB' });
    const obs = await newPerson(browser(), { width: 1600, height: 1000 });
    // The console confirms draws, the harvest and closing a vote.
    fac.page.on('dialog', (dialog) => void dialog.accept());

    await join(fac.page, invites.facilitator.url, 'Camille');
    await join(alice.page, invites.participant.url, 'Alice');
    await join(bob.page, invites.participant.url, 'Bob');
    await join(obs.page, invites.observer.url, 'Projecteur');
    await fac.page.getByRole('button', { name: 'Ouvrir la séance' }).click();

    // A draw by lot into one group, with a seed: the seed and the group are shown; participants move there.
    await fac.page.getByTestId('draw-count').fill('1');
    await fac.page.getByTestId('draw-seed').fill('forum-sud');
    await fac.page.getByTestId('draw-submit').click();
    expect(await fac.page.getByTestId('draw-seed-used').textContent()).toBe('forum-sud');
    await expect.poll(() => text(fac.page, 'draw-result')).toMatch(/Alice.*Bob|Bob.*Alice/);
    const drawn = (await text(alice.page, 'group-name')).trim();
    await expect.poll(() => text(bob.page, 'group-name')).toBe(drawn);
    expect(drawn).not.toBe('Plénière');

    // Drafting: Alice writes a recommendation in the group's document.
    await gotoPhase(fac.page, 'Rédaction des préconisations');
    await alice.page.locator('[data-testid="doc-mode"][data-readonly="false"]').waitFor();
    // The new recommendation starts empty (its fields show placeholders) and its title takes the focus:
    // typing goes straight into it, a space included (it once pressed "Add" again).
    await alice.page.getByTestId('rec-add').click();
    await alice.page.getByTestId('rec-title').locator('.cm-placeholder').waitFor();
    await alice.page.getByTestId('rec-title').locator('.cm-content:focus').waitFor();
    await alice.page.keyboard.type('Nouvelle préconisation : pistes cyclables');
    await bob.page.getByTestId('rec-title').getByText('pistes cyclables').waitFor();

    // The vote phase ends the drafting (its version is recorded); the groups come back with it.
    await gotoPhase(fac.page, 'Vote');
    const harvest = fac.page.getByTestId('harvest-panel');
    await harvest.locator('tr[data-ready="true"]', { hasText: '1 enregistrée' }).waitFor();

    // The facilitator reads the recorded version in a dialog (Escape closes it, the focus comes back).
    await fac.page.getByTestId('focus-group').selectOption({ label: drawn });
    const read = fac.page.getByTestId('doc-version-read').first();
    const [request] = await Promise.all([fac.page.waitForRequest(/\/versions\//), read.click()]);
    expect(request.headers().authorization).toMatch(/^Bearer ./);
    expect(request.url()).not.toContain('token');
    const reader = fac.page.getByRole('dialog', { name: /^Version de/ });
    await reader.getByTestId('version-recs').getByText('pistes cyclables').waitFor();
    expect(await reader.getByTestId('version-recs').textContent()).toContain('Par Alice');
    expect(await fac.page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await screenshot(fac.page, 'facilitator-version');
    await fac.page.keyboard.press('Escape');
    await reader.waitFor({ state: 'detached' });
    expect(await read.evaluate((el) => el === document.activeElement)).toBe(true);
    // A failure says so; the keyboard closes the dialog with its button.
    await fac.page.route('**/versions/*', (route) =>
      route.fulfill({
        status: 404,
        json: { ok: false, error: { code: 'not_found', message: 'no such version' } },
      }),
    );
    await read.press('Enter');
    expect(await reader.getByRole('alert').textContent()).toContain('Impossible d’ouvrir cette version');
    await fac.page.keyboard.press('Tab');
    await fac.page.keyboard.press('Enter');
    await reader.waitFor({ state: 'detached' });
    await fac.page.unroute('**/versions/*');
    await fac.page.getByTestId('harvest-submit').click();
    await harvest.getByTestId('harvested').getByText(`du ${drawn}`).waitFor();
    await expect.poll(() => text(alice.page, 'group-name')).toBe('Plénière');
    await expect.poll(() => text(bob.page, 'live-polite')).toContain('brought back to the plenary');

    // A secret approval vote on the harvested recommendation and a free item, results at close.
    await fac.page.getByTestId('vote-free-items').fill('Garder le marché le dimanche');
    await fac.page.getByTestId('vote-open').click();
    await expect.poll(() => text(bob.page, 'live-urgent')).toContain('Cast your ballot');
    await expect.poll(() => text(obs.page, 'vote-progress')).toContain('0 participant·e sur 2 a voté');
    expect(await text(obs.page, 'results-pending')).toContain('à la clôture');

    // Alice votes with the mouse: yes, yes. (Her ballot loads with the first vote: `all()` would not wait for it.)
    const aliceItems = alice.page.getByTestId('ballot').locator('li[data-item]');
    await expect.poll(() => aliceItems.count()).toBe(2);
    for (const item of await aliceItems.all()) {
      await item.getByText('Oui', { exact: true }).click();
      await expect.poll(() => item.getByRole('radio', { name: 'Oui' }).isChecked()).toBe(true);
    }
    await alice.page.getByTestId('ballot-submit').click();
    await expect.poll(() => text(alice.page, 'ballot-state')).toContain('Votre bulletin est enregistré');

    // Bob votes with the keyboard only: Space on a radio, Tab to the next item, an arrow, Enter on the button.
    const bobItems = bob.page.getByTestId('ballot').locator('li[data-item]');
    await bobItems.nth(0).getByRole('radio', { name: 'Yes' }).focus();
    await bob.page.keyboard.press('Space');
    await bob.page.keyboard.press('Tab');
    // Tab lands on the item's checked answer, "Abstain" (the last); the arrow moves to "No" and chooses it.
    await bob.page.keyboard.press('ArrowLeft');
    expect(await bobItems.nth(1).getByRole('radio', { name: 'No' }).isChecked()).toBe(true);
    await bob.page.getByTestId('ballot-submit').focus();
    await bob.page.keyboard.press('Enter');
    await expect.poll(() => text(bob.page, 'ballot-state')).toContain('Your ballot is recorded');
    await expect.poll(() => text(fac.page, 'vote-progress')).toContain('2 participant·es sur 2 ont voté');
    await expect.poll(() => text(obs.page, 'vote-progress')).toContain('2 participant·es sur 2 ont voté');

    // Alice changes her mind on the free item: her ballot is replaced, still one voter.
    await aliceItems.nth(1).getByText('Abstention', { exact: true }).click();
    await expect.poll(() => text(alice.page, 'ballot-state')).toContain('pas encore envoyées');
    await alice.page.getByTestId('ballot-submit').click();
    await expect.poll(() => text(alice.page, 'ballot-state')).toContain('Votre bulletin est enregistré');
    await screenshot(alice.page, 'participant-ballot');
    await screenshot(obs.page, 'observer-vote-progress');

    // The facilitator closes the vote: everyone sees the results, announced at once.
    await fac.page.getByTestId('vote-close').click();
    await expect.poll(() => text(bob.page, 'live-urgent')).toContain('pistes cyclables');
    for (const { page } of [alice, bob, obs, fac]) {
      await page.locator('[data-testid="vote-results"][data-status="closed"]').waitFor();
    }
    const first = obs.page.getByTestId('vote-results').locator('tbody tr').first();
    expect(await first.locator('th').textContent()).toContain('pistes cyclables');
    expect(await first.locator('td').allTextContents()).toEqual(['1', '2', '0', '0']);
    const second = obs.page.getByTestId('vote-results').locator('tbody tr').nth(1);
    expect(await second.locator('td').allTextContents()).toEqual(['2', '0', '1', '1']);
    // Observers never see a ballot, and have no control at all.
    expect(await obs.page.getByTestId('ballot').count()).toBe(0);
    expect(await obs.page.locator('main button, main input, main textarea, main select').count()).toBe(0);
    await screenshot(obs.page, 'observer-results');
    await screenshot(bob.page, 'participant-results');
    await screenshot(fac.page, 'facilitator-outcomes');

    // The report opens in a new tab, with the results.
    const [report] = await Promise.all([
      fac.context.waitForEvent('page'),
      fac.page.getByTestId('export-html').click(),
    ]);
    await report.waitForURL(/^blob:/);
    await report.getByText('Garder le marché le dimanche').first().waitFor();
    expect(await report.content()).toContain('pistes cyclables');
    await screenshot(report, 'report');
    await report.close();

    // A dot vote with live results: Alice spends her points with the keyboard, the projector follows live.
    await fac.page.getByTestId('vote-method-dots').check();
    await fac.page.getByTestId('vote-free-items').fill('Rénover l’école');
    await fac.page.getByTestId('vote-live').check();
    await fac.page.getByTestId('vote-open').click();
    const dots = alice.page.getByTestId('ballot');
    await dots.getByTestId('dots-left').waitFor();
    const add = (item: string) => dots.getByRole('button', { name: `Ajouter un point à « ${item} »` });
    await add('Rénover l’école').focus();
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.press('Enter');
    // At most 2 on one item: the button turns off.
    await expect.poll(() => add('Rénover l’école').isDisabled()).toBe(true);
    await add('Nouvelle préconisation : pistes cyclables').click();
    await expect.poll(() => text(alice.page, 'dots-left')).toBe('Points restants : 2 sur 5');
    await dots.getByTestId('ballot-submit').click();
    await expect.poll(() => text(alice.page, 'ballot-state')).toContain('Votre bulletin est enregistré');
    const live = obs.page.locator('[data-testid="vote-results"][data-status="open"]');
    await live.locator('tbody tr').first().getByText('Rénover l’école').waitFor();
    expect(await live.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['1', '2', '1']);
    await screenshot(alice.page, 'participant-dots');
    await screenshot(obs.page, 'observer-live-results');
  });
});
