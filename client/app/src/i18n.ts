import { useEffect, useState } from 'preact/hooks';
import { en, fr } from './messages.js';
import type { MessageKey } from './messages.js';

/** A dictionary per language; no i18n library: the page has a few hundred strings at most. */
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
  for (const lang of navigator.languages ?? [navigator.language]) {
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
document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const listener of listeners) listener(lang);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[current][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
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
