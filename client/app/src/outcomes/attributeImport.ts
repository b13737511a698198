import type { Member } from '../../../../shared/session/types.js';

/**
 * Attributes pasted by a facilitator, e.g. from a recruitment spreadsheet: a header row `name,age,quartier`
 * then one line per person. The separator is the header's first tab, else semicolon, else comma; cells may be
 * wrapped in double quotes (spreadsheets do it), but a value cannot contain the separator. The first column
 * is the display name (its header cell can say anything: name, nom…), matched against participants case- and accent-insensitively. An empty cell leaves that
 * attribute as it is.
 */
export interface ParsedTable {
  keys: string[];
  rows: { line: number; name: string; values: Record<string, string> }[];
  /** Lines that could not be read, with why (line numbers count from 1, header included). */
  problems: { line: number; reason: 'columns' | 'key' | 'long' | 'header' }[];
}

const KEY = /^[\p{L}\p{N}_-]+$/u;
const VALUE_MAX = 60;
const KEY_MAX = 60;

function separatorOf(header: string): string {
  if (header.includes('\t')) return '\t';
  if (header.includes(';')) return ';';
  return ',';
}

function cell(raw: string): string {
  const trimmed = raw.trim();
  const unquoted = /^".*"$/s.test(trimmed) ? trimmed.slice(1, -1).replace(/""/g, '"') : trimmed;
  return unquoted.trim();
}

export function parseAttributeTable(text: string): ParsedTable {
  const lines = text.split(/\r?\n/).map((l, i) => ({ line: i + 1, text: l }));
  const filled = lines.filter((l) => l.text.trim() !== '');
  const header = filled.shift();
  const result: ParsedTable = { keys: [], rows: [], problems: [] };
  if (!header) return result;
  const separator = separatorOf(header.text);
  const keys = header.text.split(separator).map(cell).slice(1);
  if (
    keys.length === 0 ||
    keys.some((k) => !KEY.test(k) || k.length > KEY_MAX) ||
    new Set(keys).size !== keys.length
  ) {
    result.problems.push({ line: header.line, reason: keys.length === 0 ? 'header' : 'key' });
    return result;
  }
  result.keys = keys;
  for (const { line, text: rowText } of filled) {
    const cells = rowText.split(separator).map(cell);
    const name = cells[0] ?? '';
    if (!name || cells.length > keys.length + 1) {
      result.problems.push({ line, reason: 'columns' });
      continue;
    }
    const values: Record<string, string> = {};
    keys.forEach((key, i) => {
      const value = cells[i + 1] ?? '';
      if (value !== '') values[key] = value;
    });
    if (Object.values(values).some((v) => v.length > VALUE_MAX)) {
      result.problems.push({ line, reason: 'long' });
      continue;
    }
    result.rows.push({ line, name, values });
  }
  return result;
}

/** Names compared without case, accents or repeated spaces. */
export function nameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface ImportPlan {
  /** The payload of `attributes.set`: member id → attributes to merge. */
  members: Record<string, Record<string, string>>;
  /** Names in the table that match no participant. */
  unmatched: string[];
  /** Names that match several participants (not imported: edit them one by one). */
  ambiguous: string[];
}

/** Matches the table's names to participants (not removed) by display name. */
export function planImport(table: ParsedTable, members: readonly Member[]): ImportPlan {
  const byName = new Map<string, Member[]>();
  for (const m of members) {
    if (m.removed || m.role !== 'participant') continue;
    const key = nameKey(m.name);
    byName.set(key, [...(byName.get(key) ?? []), m]);
  }
  const plan: ImportPlan = { members: {}, unmatched: [], ambiguous: [] };
  for (const row of table.rows) {
    const found = byName.get(nameKey(row.name)) ?? [];
    if (found.length === 0) plan.unmatched.push(row.name);
    else if (found.length > 1) plan.ambiguous.push(row.name);
    else if (Object.keys(row.values).length > 0) {
      const id = found[0]!.id;
      plan.members[id] = { ...plan.members[id], ...row.values };
    }
  }
  return plan;
}
