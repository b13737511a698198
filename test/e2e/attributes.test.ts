import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { join as joinPath } from 'node:path';
import { SCREENSHOTS, join, newPerson, screenshot, useBrowser } from './browser.js';

const browser = useBrowser();

const JOIN_ATTRIBUTES = [
  { key: 'age', label: 'Votre tranche d’âge', choices: ['18-29', '30-59', '60+'], required: true },
  { key: 'quartier', label: 'Votre quartier' },
];

describe('attributes asked at join, in real browsers', () => {
  it('participants answer at join, the facilitator sees and imports them, then draws stratified groups', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { invites } = await server.createSession({
      title: 'Forum du quartier Sud',
      settings: { joinAttributes: JOIN_ATTRIBUTES },
    });
    const fac = await newPerson(browser(), { height: 1000 });
    const alice = await newPerson(browser());
    const bob = await newPerson(browser(), { locale: 'en-GB' });
    fac.page.on('dialog', (dialog) => void dialog.accept());

    // Facilitators are not asked.
    await fac.page.goto(invites.facilitator.url);
    await fac.page.getByTestId('join-name').waitFor();
    expect(await fac.page.getByTestId('join-attributes').count()).toBe(0);
    await join(fac.page, invites.facilitator.url, 'Camille');

    // Alice: the questions with the privacy note; the required one blocks the form until answered.
    await alice.page.goto(invites.participant.url);
    const questions = alice.page.getByTestId('join-attributes');
    expect(await questions.textContent()).toContain('seuls les animateurs les voient');
    await alice.page.getByTestId('join-name').fill('Alice');
    await alice.page.getByTestId('join-submit').click();
    expect(await alice.page.locator('[data-role]').count()).toBe(0);
    await alice.page.getByLabel('Votre tranche d’âge').selectOption('18-29');
    await alice.page.getByLabel('Votre quartier').fill('Nord');
    await screenshot(alice.page, 'join-attributes');
    await alice.page.getByTestId('join-submit').click();
    await alice.page.locator('[data-role]').waitFor();

    // Bob, with the keyboard: Tab from the name to the select, arrows pick a choice, Tab on, Enter joins.
    await bob.page.goto(invites.participant.url);
    await bob.page.getByTestId('join-name').fill('Bob');
    await bob.page.keyboard.press('Tab');
    await bob.page.keyboard.press('ArrowDown');
    await bob.page.keyboard.press('ArrowDown');
    await bob.page.keyboard.press('ArrowDown');
    expect(await bob.page.getByTestId('join-attr-age').inputValue()).toBe('60+');
    await bob.page.keyboard.press('Tab');
    await bob.page.keyboard.press('Enter');
    await bob.page.locator('[data-role]').waitFor();

    // The facilitator sees both answers; a pasted table adds Bob's neighbourhood and names who was not found.
    const panel = fac.page.getByTestId('attributes-panel');
    await panel.locator('td[data-attribute="age"]', { hasText: '60+' }).waitFor();
    expect(await panel.locator('tr', { hasText: 'Alice' }).locator('td').allTextContents()).toEqual([
      '18-29',
      'Nord',
    ]);
    await fac.page.getByTestId('attributes-import').fill('name;quartier\nbob;Sud\nZoé;Est');
    await fac.page.getByTestId('attributes-import-submit').click();
    await expect
      .poll(() => fac.page.getByTestId('attributes-import-result').textContent())
      .toBe('Attributs enregistrés pour 1 participant·e. Aucun participant nommé : Zoé.');
    await panel
      .locator('tr', { hasText: 'Bob' })
      .locator('td[data-attribute="quartier"]', { hasText: 'Sud' })
      .waitFor();

    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'facilitator-attributes-panel.png') });

    // Participants never see anyone's answers.
    for (const page of [alice.page, bob.page]) {
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).not.toContain('60+');
      expect(body).not.toContain('Nord');
    }

    // A draw balanced on age, from the draw panel: the age bands land in different groups.
    const draw = fac.page.getByTestId('draw-panel');
    await fac.page.getByTestId('draw-count').fill('2');
    await fac.page.getByTestId('draw-seed').fill('forum-sud');
    await draw.getByLabel('Votre tranche d’âge').check();
    await fac.page.getByTestId('draw-submit').click();
    await expect
      .poll(() => fac.page.getByTestId('draw-result').textContent())
      .toContain('Votre tranche d’âge');
    const aliceGroup = alice.page.getByTestId('group-name');
    await expect.poll(() => aliceGroup.textContent()).not.toBe('Plénière');
    await expect.poll(() => bob.page.getByTestId('group-name').textContent()).not.toBe('Main room');
    expect(await bob.page.getByTestId('group-name').textContent()).not.toBe(await aliceGroup.textContent());
    await screenshot(fac.page, 'facilitator-attributes');
    // Pages closed before the server stops, so nothing is still being written when its directory goes.
    for (const p of [fac, alice, bob]) await p.context.close();
  });
});
