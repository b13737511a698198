import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startServer } from '../helpers/server.js';
import {
  accessibilityViolations,
  join,
  newPerson,
  overflowingCards,
  pageShot,
  text,
  useBrowser,
} from './browser.js';

const browser = useBrowser();

describe("the organiser's page in a real browser", () => {
  it('signs in with the admin token, creates a session from an edited template with groups and a question, copies and revokes its links, lists and revokes them again after a reload; a participant joins with one', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const org = await newPerson(browser(), { width: 1440, height: 900 });
    await org.page.goto(`${server.url}/admin`);
    await org.page.getByTestId('admin-token').waitFor();
    expect(await accessibilityViolations(org.page)).toEqual([]);

    // A wrong token is refused; the right one is kept in this tab's session storage only.
    await org.page.getByTestId('admin-token').fill('not-the-token');
    await org.page.getByTestId('admin-signin').click();
    await org.page.getByText('Ce jeton n’est pas accepté.').waitFor();
    await org.page.getByTestId('admin-token').fill(ADMIN_TOKEN);
    await org.page.getByTestId('admin-signin').click();
    await org.page.getByTestId('admin-create').waitFor();
    expect(await org.page.evaluate(() => sessionStorage.getItem('palabre:admin-token'))).toBe(ADMIN_TOKEN);
    expect(await org.page.evaluate(() => JSON.stringify(localStorage))).not.toContain(ADMIN_TOKEN);

    // A citizens' assembly, its first phase renamed, two groups and one question asked at join.
    await org.page.getByTestId('admin-title').fill('Assemblée citoyenne — Climat');
    await org.page.getByTestId('admin-template').selectOption('citizens-assembly');
    await org.page.getByLabel('Titre de l’étape 1 (vide : celui par défaut)').fill('Accueil et café');
    await org.page.getByTestId('admin-groups').fill('Mobilités\nLogement');
    await org.page.getByRole('button', { name: 'Ajouter une question' }).click();
    await org.page.getByLabel('Clé de la question 1').fill('age');
    await org.page.getByLabel('Question 1', { exact: true }).fill('Votre tranche d’âge');
    await org.page
      .getByLabel('Choix de la question 1 (séparés par des virgules ; vide : texte libre)')
      .fill('18-29, 30-59, 60+');
    // Every field of the form (agenda rows included) fits its column at 1440 px.
    expect(await overflowingCards(org.page)).toEqual([]);
    await org.page.getByTestId('admin-groups').scrollIntoViewIfNeeded();
    await pageShot(org.page, 'admin-agenda-fr-1440x900');
    await org.page.getByTestId('admin-create').click();
    const invites = org.page.getByTestId('admin-invites');
    await invites.waitFor();
    const created = (await server.palabre.sessions.page({ limit: 5 })).sessions;
    expect(created.map((s) => s.title)).toEqual(['Assemblée citoyenne — Climat']);
    const state = (await server.palabre.sessions.get(created[0]!.id))!;
    expect(state.agenda.map((p) => p.title)[0]).toBe('Accueil et café');
    expect(state.agenda).toHaveLength(7);
    expect(Object.values(state.groups).map((g) => g.name)).toEqual(['Plénière', 'Mobilités', 'Logement']);
    expect(state.settings.joinAttributes).toEqual([
      { key: 'age', label: 'Votre tranche d’âge', choices: ['18-29', '30-59', '60+'] },
    ]);
    expect(state.settings.timeZone).toBe('Europe/Paris');
    await org.page.getByTestId('admin-sessions').getByText('Assemblée citoyenne — Climat').waitFor();
    await org.page.evaluate(() => window.scrollTo(0, 0));
    await pageShot(org.page, 'admin-fr-1440x900');

    // A participant joins with the participant link, answering the question.
    const participantUrl = await invites.locator('[data-role-invite="participant"] input').inputValue();
    const ana = await newPerson(browser());
    await ana.page.goto(participantUrl);
    await ana.page.getByLabel('Votre tranche d’âge').selectOption('30-59');
    // The join page, like every page, has no accessibility violation.
    expect(await accessibilityViolations(ana.page)).toEqual([]);
    await pageShot(ana.page, 'join-fr-1280x860');
    await join(ana.page, participantUrl, 'Ana');
    expect(await ana.page.getAttribute('[data-role]', 'data-role')).toBe('participant');
    expect(await text(ana.page, 'group-name')).toBe('Plénière');

    // The observer link, revoked, lets nobody in any more.
    const observerUrl = await invites.locator('[data-role-invite="observer"] input').inputValue();
    org.page.once('dialog', (dialog) => void dialog.accept());
    await invites.getByRole('button', { name: 'Révoquer le lien observateur·rice' }).click();
    await invites.locator('[data-role-invite="observer"][data-revoked="true"]').waitFor();
    const press = await newPerson(browser());
    await press.page.goto(observerUrl);
    await press.page.locator('[data-testid="refused"][data-code="token_revoked"]').waitFor();
    expect(await press.page.getByRole('alert').textContent()).toContain('retirée par les organisateurs');
    expect(await accessibilityViolations(press.page)).toEqual([]);
    await press.page.goto(`${server.url}/`);
    await press.page.getByRole('heading', { name: 'Bienvenue sur Palabre' }).waitFor();
    expect(await accessibilityViolations(press.page)).toEqual([]);

    // After a reload (this tab's links are gone), the session's issued links are listed from the server,
    // the observer's as revoked; the participant's is revoked from there, and stays so after another reload.
    const sessionId = created[0]!.id;
    const issuedIds = (await server.palabre.sessions.get(sessionId))!.invites!.map((i) => [i.role, i.id]);
    const idOf = (role: string) => issuedIds.find(([r]) => r === role)![1]!;
    const showLinks = async () => {
      await org.page.reload();
      await org.page
        .getByRole('button', { name: 'Liens d’invitation de « Assemblée citoyenne — Climat »' })
        .click();
      const issued = org.page.getByTestId('admin-issued');
      await issued.locator('[data-issued-invite]').first().waitFor();
      return issued;
    };
    let issued = await showLinks();
    expect(await org.page.getByTestId('admin-invites').count()).toBe(0);
    expect(await issued.locator('[data-issued-invite]').count()).toBe(3);
    await issued.locator(`[data-issued-invite="${idOf('observer')}"][data-status="revoked"]`).waitFor();
    await issued.locator(`[data-issued-invite="${idOf('facilitator')}"][data-status="active"]`).waitFor();
    org.page.once('dialog', (dialog) => void dialog.accept());
    await issued
      .locator(`[data-issued-invite="${idOf('participant')}"]`)
      .getByRole('button', { name: /^Révoquer le lien participant/ })
      .click();
    await issued.locator(`[data-issued-invite="${idOf('participant')}"][data-status="revoked"]`).waitFor();
    expect(await accessibilityViolations(org.page)).toEqual([]);
    issued = await showLinks();
    await issued.locator(`[data-issued-invite="${idOf('participant')}"][data-status="revoked"]`).waitFor();
    expect(await issued.getByTestId('issued-revoke').count()).toBe(1);
    const late = await newPerson(browser());
    await late.page.goto(participantUrl);
    await late.page.locator('[data-testid="refused"][data-code="token_revoked"]').waitFor();
    await late.context.close();

    // The report opens in a new tab with the admin token sent as a header, not in the URL.
    const [report] = await Promise.all([
      org.context.waitForEvent('page'),
      org.page.getByRole('button', { name: 'Ouvrir le rapport de « Assemblée citoyenne — Climat »' }).click(),
    ]);
    await report.waitForURL(/^blob:/);
    expect(await report.content()).toContain('Assemblée citoyenne — Climat');

    expect(await accessibilityViolations(org.page)).toEqual([]);
    await org.page.getByRole('button', { name: 'EN', exact: true }).click();
    await org.page.getByRole('heading', { name: 'Organise forums' }).waitFor();
    expect(await accessibilityViolations(org.page)).toEqual([]);
    await org.page.evaluate(() => window.scrollTo(0, 0));
    await pageShot(org.page, 'admin-en-1440x900');
    for (const p of [org, ana, press]) await p.context.close();
  });
});
