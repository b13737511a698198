import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import {
  accessibilityViolations,
  gotoPhase,
  join,
  newPerson,
  outsideViewport,
  overflowingCards,
  pageShot,
  scrollsVertically,
  text,
  useBrowser,
} from './browser.js';

const browser = useBrowser();

/** What must stay on screen at 1440×900 whatever the phase: the live work of the cockpit. */
const LIVE_CONTROLS = [
  'alerts',
  'phase-current',
  'phase-next',
  'phase-goto',
  'focus-group',
  'phase-clock',
  'floor-next',
  'queue-pause',
  'queue-policy',
];

const PHASES_FR = [
  'Accueil',
  'Information',
  'Débat',
  'Rédaction des préconisations',
  'Vote',
  'Présentation aux élus',
];

describe("the facilitator's cockpit in a real browser", () => {
  it('keeps the live controls on screen in every phase, alerts on hands and points of order, shows presence and removes a member', async () => {
    // A closed page counts as gone at once (no grace for a reload).
    const server = await startServer({ env: { SERVE_CLIENT: 'true', PRESENCE_GRACE_MS: '0' } });
    const { invites } = await server.createSession({
      title: 'Atelier de quartier — Place du marché',
      groups: [{ name: 'Mobilités' }, { name: 'Logement' }],
    });
    const fac = await newPerson(browser(), { width: 1440, height: 900 });
    const alice = await newPerson(browser());
    const bob = await newPerson(browser());
    await join(fac.page, invites.facilitator.url, 'Camille');
    await join(alice.page, invites.participant.url, 'Alice');
    await join(bob.page, invites.participant.url, 'Bob');
    expect(await accessibilityViolations(fac.page)).toEqual([]);

    for (const phase of PHASES_FR) {
      await gotoPhase(fac.page, phase);
      await expect.poll(() => text(fac.page, 'phase-current')).toContain(phase);
      expect(await scrollsVertically(fac.page), phase).toBe(false);
      expect(await outsideViewport(fac.page, LIVE_CONTROLS), phase).toEqual([]);
      if (phase === 'Débat') {
        // Give the queue something to show: the live column must still hold with people waiting.
        await alice.page.getByRole('button', { name: 'Lever la main' }).click();
        await bob.page.getByRole('button', { name: 'Motion d’ordre' }).click();
        await fac.page.getByTestId('queue-list').getByText('Bob').waitFor();
        expect(await outsideViewport(fac.page, LIVE_CONTROLS), phase).toEqual([]);
        // With someone speaking, the turn's controls and countdown too.
        await fac.page.getByTestId('floor-next').click();
        await fac.page.getByTestId('turn-end').waitFor();
        expect(await outsideViewport(fac.page, [...LIVE_CONTROLS, 'turn-end', 'countdown']), phase).toEqual(
          [],
        );
        expect(await scrollsVertically(fac.page), phase).toBe(false);
        expect(await overflowingCards(fac.page), phase).toEqual([]);
        // Two alerts, the point of order standing out, counted in the tab's title.
        await expect.poll(() => fac.page.getByTestId('alerts').getAttribute('data-count')).toBe('2');
        await fac.page.locator('[data-testid="alerts"] [data-kind="order"]', { hasText: 'Bob' }).waitFor();
        expect(await fac.page.title()).toMatch(/^\(2\) Atelier de quartier/);
        expect(await fac.page.locator('[data-testid="alerts"] [role="alert"]').textContent()).toContain(
          'Alice lève la main',
        );
        await pageShot(fac.page, 'facilitator-cockpit-fr-1440x900');
        // Dismissing them clears the badge.
        await fac.page.getByRole('button', { name: 'Tout effacer' }).click();
        await expect.poll(() => fac.page.title()).toMatch(/^Atelier de quartier/);
        // A console opened while hands are up shows them: after a reload, Alice's hand, still waiting (Bob's
        // point of order went first and he has the floor).
        await fac.page.reload();
        const waiting = fac.page.locator('[data-testid="alerts"] [data-kind="hand"]', { hasText: 'Alice' });
        await waiting.waitFor();
        await expect.poll(() => fac.page.getByTestId('alerts').getAttribute('data-count')).toBe('1');
        await waiting.getByRole('button').click();
        await expect.poll(() => fac.page.getByTestId('alerts').getAttribute('data-count')).toBe('0');
      }
    }

    // Presence per group and per member; the member list says who is connected.
    const plenaryRow = fac.page.locator('[data-testid="groups-table"] tr[data-group="plenary"]');
    expect(await plenaryRow.getByTestId('group-connected').textContent()).toBe('3 sur 3');
    await bob.context.close();
    await expect.poll(() => plenaryRow.getByTestId('group-connected').textContent()).toBe('2 sur 3');
    const members = fac.page.getByTestId('region-members');
    await members.locator('tr[data-connected="false"]', { hasText: 'Bob' }).waitFor();

    // Removing Alice from the page (after a confirmation): her page says so.
    fac.page.once('dialog', (dialog) => void dialog.accept());
    await members.getByRole('button', { name: 'Retirer Alice de la séance' }).click();
    await expect
      .poll(() => alice.page.locator('.banner.warning[role="status"]').textContent())
      .toContain('retiré');
    await members.locator('tr', { hasText: 'Alice' }).waitFor({ state: 'detached' });

    // The section links move the focus to a region, from the keyboard.
    await fac.page.getByRole('link', { name: 'Groupes et membres' }).focus();
    await fac.page.keyboard.press('Enter');
    await expect.poll(() => fac.page.evaluate(() => document.activeElement?.id)).toBe('region-members');

    expect(await accessibilityViolations(fac.page)).toEqual([]);
    await fac.page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => text(fac.page, 'phase-current')).toContain('Presentation to elected officials');
    expect(await scrollsVertically(fac.page)).toBe(false);
    await pageShot(fac.page, 'facilitator-cockpit-en-1440x900');
    expect(await accessibilityViolations(fac.page)).toEqual([]);
    await fac.context.close();
    await alice.context.close();
  });

  it('raises a visible alert and a badge in the tab title when a phase runs past its time box', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    // A two-second debate: it runs over almost at once.
    const { invites } = await server.createSession({
      title: 'Atelier minuté',
      agenda: [
        { id: 'debate', kind: 'debate', durationSec: 2 },
        { id: 'vote', kind: 'vote', durationSec: 600 },
      ],
    });
    const fac = await newPerson(browser(), { width: 1440, height: 900 });
    await join(fac.page, invites.facilitator.url, 'Camille');
    expect(await fac.page.title()).toMatch(/^Atelier minuté/);
    await fac.page.getByTestId('phase-first').click();
    await expect.poll(() => text(fac.page, 'phase-current')).toContain('Débat');

    const overrun = fac.page.locator('[data-testid="alerts"] [data-kind="overrun"]');
    await overrun.waitFor({ timeout: 10_000 });
    expect(await overrun.textContent()).toContain('Plénière : « Débat » dépasse son temps.');
    expect(await fac.page.getByTestId('alerts').getAttribute('data-count')).toBe('1');
    expect(await fac.page.title()).toMatch(/^\(1\) Atelier minuté/);
    expect(await outsideViewport(fac.page, ['alerts'])).toEqual([]);

    // Dismissed, it stays dismissed while the phase goes on running over.
    await overrun.getByRole('button').click();
    await expect.poll(() => fac.page.title()).toMatch(/^Atelier minuté/);
    // The clock counts the overrun; a tick later, no alert is back for the same run.
    expect(await fac.page.getByTestId('phase-time').first().getAttribute('class')).toContain('overrun');
    const shown = await text(fac.page, 'phase-time');
    await expect.poll(() => text(fac.page, 'phase-time')).not.toBe(shown);
    expect(await overrun.count()).toBe(0);
    await fac.context.close();
  });

  it('plays the optional alert sound on one AudioContext, started by the click on the sound checkbox', async () => {
    const server = await startServer({ env: { SERVE_CLIENT: 'true' } });
    const { invites } = await server.createSession({
      title: 'Atelier sonore',
      agenda: [
        { id: 'debate', kind: 'debate', durationSec: 2 },
        { id: 'information', kind: 'information', durationSec: 2 },
        { id: 'drafting', kind: 'drafting', durationSec: 2 },
        { id: 'vote', kind: 'vote', durationSec: 600 },
      ],
    });
    const fac = await newPerson(browser(), { width: 1440, height: 900 });
    // Counts the page's audio contexts and, for each tone of a chime, the state of its context then; keeps the
    // last context made, for the test to suspend it as a browser may.
    await fac.page.addInitScript(() => {
      const log = { contexts: 0, tones: [] as string[] };
      const page = window as unknown as { audioLog: typeof log; lastAudioContext: AudioContext };
      page.audioLog = log;
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        constructor(options?: AudioContextOptions) {
          super(options);
          log.contexts++;
          page.lastAudioContext = this;
        }
        override createOscillator(): OscillatorNode {
          log.tones.push(this.state);
          return super.createOscillator();
        }
      };
    });
    const audioLog = () =>
      fac.page.evaluate(
        () => (window as unknown as { audioLog: { contexts: number; tones: string[] } }).audioLog,
      );
    const overrun = fac.page.locator('[data-testid="alerts"] [data-kind="overrun"]');
    await join(fac.page, invites.facilitator.url, 'Camille');

    // The click on the checkbox makes the one context, running (the browser's autoplay rules allow it then).
    await fac.page.getByTestId('alerts-sound').check();
    await expect.poll(audioLog).toEqual({ contexts: 1, tones: [] });
    await fac.page.getByTestId('phase-first').click();
    await overrun.waitFor({ timeout: 10_000 });
    await expect.poll(audioLog).toEqual({ contexts: 1, tones: ['running', 'running'] });
    // The next overrun chimes on the same context, woken first when the browser suspended it.
    await fac.page.evaluate(() =>
      (window as unknown as { lastAudioContext: AudioContext }).lastAudioContext.suspend(),
    );
    await overrun.getByRole('button').click();
    await fac.page.getByTestId('phase-next').click();
    await overrun.filter({ hasText: 'Information' }).waitFor({ timeout: 10_000 });
    await expect.poll(audioLog).toEqual({ contexts: 1, tones: ['running', 'running', 'running', 'running'] });

    // Reloaded, the choice is remembered but no sound can start before a gesture: the alert comes silent, the
    // first click in the page starts the audio, and the next overrun chimes.
    await fac.page.reload();
    await overrun.filter({ hasText: 'Information' }).waitFor({ timeout: 10_000 });
    expect(await fac.page.getByTestId('alerts-sound').isChecked()).toBe(true);
    expect(await audioLog()).toEqual({ contexts: 0, tones: [] });
    await fac.page.getByRole('heading', { name: /Alertes/ }).click();
    await expect.poll(audioLog).toEqual({ contexts: 1, tones: [] });
    await fac.page.getByTestId('phase-next').click();
    await overrun.filter({ hasText: 'Rédaction' }).waitFor({ timeout: 10_000 });
    await expect.poll(audioLog).toEqual({ contexts: 1, tones: ['running', 'running'] });
    await fac.context.close();
  });
});
