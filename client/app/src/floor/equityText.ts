import { formatDecimal } from '../i18n.js';

/** The Gini coefficient in the page's language, or "—" while nobody has spoken (it does not exist yet). */
export function giniText(figures: { gini: number; totalMs: number }): string {
  return formatDecimal(figures.totalMs > 0 ? figures.gini : null, 2);
}
