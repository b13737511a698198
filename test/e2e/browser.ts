import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join as joinPath } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

/** Debian's chromium, headless; nothing is downloaded and nothing phones home. `args`: more flags. */
export async function launchBrowser(args: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
}

/**
 * Flags for voice tests: a fake microphone (a beep) granted without asking, audio that plays without a
 * click, and WebRTC candidates on loopback with their real addresses (no mDNS names), which the server's
 * ICE_CANDIDATES=loopback makes the only ones used: test media never leaves the machine.
 */
export const VOICE_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** A separate browser profile (own storage), as a different person on a different computer. */
export async function newPerson(
  browser: Browser,
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'fr-FR',
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: joinPath(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens an invite link and joins with a display name; resolves once the session view is shown. */
export async function join(page: Page, inviteUrl: string, name: string): Promise<void> {
  await page.goto(inviteUrl);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.locator('[data-role]').waitFor();
}

/** One browser for the whole test file: launched before its tests, closed after them. Call at the top level. */
export function useBrowser(args: string[] = []): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(args);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet');
    return browser;
  };
}

/** The text of the first element with this test id ('' when it has none). */
export const text = async (page: Page, testId: string): Promise<string> =>
  (await page.getByTestId(testId).first().textContent()) ?? '';

/** In the facilitator console: moves the session to another phase, chosen by its label. */
export async function gotoPhase(page: Page, phase: string): Promise<void> {
  await page.getByTestId('phase-goto').selectOption({ label: phase });
  await page.getByTestId('phase-goto-submit').click();
}

/** Where the browser tests save the pictures of each page, per language and size (not committed). */
export const RESULTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;

/** The viewport as the person sees it (no full-page stitching), saved as `test-results/screenshots/<name>.png`. */
export async function pageShot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: joinPath(RESULTS, `${name}.png`) });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.1 A and AA rules, and best practices) on the page as it is now; returns one line per
 * violation ("rule: help (selectors)"), empty when there is none.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a
  // script tag would be refused by it, rightly).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return (result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
  });
  return violations;
}

/** Whether the document scrolls vertically at the current viewport (more than one pixel of overflow). */
export async function scrollsVertically(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
}

/** Whether every element of these test ids lies fully inside the viewport (bounding boxes). */
export async function outsideViewport(page: Page, testIds: string[]): Promise<string[]> {
  const size = page.viewportSize();
  if (!size) throw new Error('no viewport');
  const outside: string[] = [];
  for (const id of testIds) {
    const box = await page.getByTestId(id).first().boundingBox();
    if (!box || box.x < 0 || box.y < 0 || box.x + box.width > size.width || box.y + box.height > size.height)
      outside.push(`${id} ${JSON.stringify(box)}`);
  }
  return outside;
}

/**
 * The elements this locator matches that are not fully on screen: partly outside the viewport, or cut off by
 * an ancestor that clips its content (a column scrolling inside itself hides what is below its bottom edge
 * even inside the viewport). One description per element (its text's start and its box), empty when all are
 * shown. Does not wait: wait for the elements first.
 */
export async function notFullyShown(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) => {
    const out: string[] = [];
    for (const el of elements) {
      const box = el.getBoundingClientRect();
      const frames: { name: string; top: number; left: number; bottom: number; right: number }[] = [
        { name: 'viewport', top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth },
      ];
      for (let up = el.parentElement; up; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const r = up.getBoundingClientRect();
        frames.push({ name: `${up.tagName.toLowerCase()}.${up.className}`, ...r.toJSON() });
      }
      const cut = frames.filter(
        (f) =>
          box.top < f.top - 1 ||
          box.left < f.left - 1 ||
          box.bottom > f.bottom + 1 ||
          box.right > f.right + 1,
      );
      if (box.width === 0 || box.height === 0 || cut.length > 0) {
        const what = (el.textContent ?? '').trim().slice(0, 30);
        const where = `${Math.round(box.top)}–${Math.round(box.bottom)}`;
        out.push(`"${what}" at y ${where}, cut by ${cut.map((f) => f.name).join(', ') || 'its size'}`);
      }
    }
    return out;
  });
}

/**
 * Elements that stick out of the card (`.card`) holding them on the right, by more than one pixel: a form too
 * wide for its column. Returns a description of each (tag, class, how far it sticks out, in px).
 */
export async function overflowingCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const card of Array.from(document.querySelectorAll('.card'))) {
      const edge = card.getBoundingClientRect().right;
      for (const el of Array.from(card.querySelectorAll('*'))) {
        const { right, width } = el.getBoundingClientRect();
        if (width > 0 && right > edge + 1) {
          out.push(
            `${el.tagName.toLowerCase()}.${el.className} sticks out by ${Math.round(right - edge)} px`,
          );
        }
      }
    }
    return out;
  });
}
