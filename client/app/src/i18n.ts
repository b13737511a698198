import { IntlMessageFormat } from 'intl-messageformat';
import { useEffect, useState } from 'preact/hooks';
import { en, fr } from './messages.js';
import type { MessageKey } from './messages.js';

/**
 * A dictionary per language. Strings are ICU messages, formatted by FormatJS' `intl-messageformat` (plurals
 * with `{count, plural, one {…} other {…}}` follow each language's rules: French says « 0 groupe », English
 * "0 groups"); a simple `{name}` is replaced as is.
 */
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
const tables: Record<Lang, Partial<Record<MessageKey, string>>> = { en: { ...en }, fr: { ...fr } };

/** Adds the strings of a chunk loaded later (both languages, same keys: the caller's types check it). */
export function addMessages(byLang: Record<Lang, Partial<Record<MessageKey, string>>>): void {
  for (const lang of LANGS) Object.assign(tables[lang], byLang[lang]);
}
const STORAGE_KEY = 'palabre:lang';

function initialLang(): Lang {
  const saved = safeGet(STORAGE_KEY);
  if (saved === 'fr' || saved === 'en') return saved;
  // No navigator outside a browser (unit tests run this module in Node).
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const lang of languages) {
    const short = lang.slice(0, 2).toLowerCase();
    if (short === 'fr' || short === 'en') return short;
  }
  // The forums Palabre serves are largely French-speaking.
  return 'fr';
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();
if (typeof document !== 'undefined') document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const listener of listeners) listener(lang);
}

const compiled: Record<Lang, Map<string, IntlMessageFormat | null>> = { en: new Map(), fr: new Map() };

function formatterOf(lang: Lang, template: string): IntlMessageFormat | null {
  const cache = compiled[lang];
  let formatter = cache.get(template);
  if (formatter === undefined) {
    try {
      formatter = new IntlMessageFormat(template, lang);
    } catch {
      // Not a valid ICU message (a bug in a dictionary): shown with simple replacements rather than lost.
      formatter = null;
    }
    cache.set(template, formatter);
  }
  return formatter;
}

/**
 * The message `key` in the page's language, with `params` put in (ICU message format: `{name}`, plurals,
 * selects). A missing parameter shows as `{name}` instead of throwing; an unknown key shows the key.
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[current][key] ?? key;
  const formatter = formatterOf(current, template);
  if (formatter) {
    try {
      return String(formatter.format(params));
    } catch {
      // a parameter is missing: fall through to the plain replacement, which leaves it visible
    }
  }
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/**
 * A decimal number as the page's language writes it: `formatDecimal(0.79, 2)` is "0.79" in English and
 * "0,79" in French. `null` (a figure that does not exist yet, e.g. a Gini coefficient with nobody having
 * spoken) is "—".
 */
export function formatDecimal(value: number | null, digits: number): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(current, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A time of day (ms since epoch) as hours and minutes in the page's language and the browser's time zone. */
export function formatClockTime(at: number): string {
  return new Intl.DateTimeFormat(current, { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A share 0..1 as a percentage in the page's language: 0.42 → "42 %" in French, "42%" in English. */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(current, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [lang, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    return () => void listeners.delete(setState);
  }, []);
  return lang;
}
